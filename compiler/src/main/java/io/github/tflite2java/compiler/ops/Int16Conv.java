package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_OPTION;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.TfliteVersion;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.quant.ActivationRange;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * The 16x8 kernels of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED: int16 activations (zero
 * point 0), int8 symmetric weights, int64 bias (or int32 where TFLite 2.9 takes it: CONV_2D's
 * reference kernel, FULLY_CONNECTED's ruy kernel), as TFLite 2.9 runs them with its reference
 * integer kernels ({@code reference_integer_ops::ConvPerChannel}, {@code
 * DepthwiseConvPerChannel} and {@code FullyConnected} on int16): a 64-bit accumulator, then
 * TFLite's 64-bit {@code MultiplyByQuantizedMultiplier}, which first rounds the multiplier to 16
 * bits ({@code (m + 2^15) >> 16}, 0x7FFF from 0x7FFF0000 up) and then shifts once by {@code 15 -
 * shift}, rounding halves toward +infinity. The three operator kernels check shapes ({@link
 * ConvShapes}), then call {@code prepare...} here when their input is int16 and emit the
 * resulting {@link Plan} here.
 */
final class Int16Conv {

  private Int16Conv() {}

  /** Which operator a plan is for. */
  enum Kind {
    CONV_2D("Conv2d"),
    DEPTHWISE_CONV_2D("DepthwiseConv2d"),
    FULLY_CONNECTED("FullyConnected");

    final String method;

    Kind(String method) {
      this.method = method;
    }
  }

  /** The window options of the convolutions (unused for FULLY_CONNECTED). */
  record Window(Padding padding, int strideH, int strideW, int dilationH, int dilationW) {}

  /**
   * One 16x8 layer: its tensors, window and geometry (convolutions), rows (FULLY_CONNECTED),
   * the int64 bias, the per-channel 16-bit multipliers and total right shifts of TFLite's
   * 64-bit {@code MultiplyByQuantizedMultiplier}, and the activation bounds.
   */
  public record Plan(Operator op, Kind kind, Tensor in, Tensor filter, Tensor out, Window window,
      ConvGeometry geo, Activation activation, long rows, long[] bias, int[] reducedMultipliers,
      int[] totalShifts, double[] realMultipliers, ActivationRange range,
      Requantization.Rounding gemmRounding) implements LayerPlan {
    public Plan {
      bias = bias.clone();
      reducedMultipliers = reducedMultipliers.clone();
      totalShifts = totalShifts.clone();
      realMultipliers = realMultipliers.clone();
    }

    @Override
    public long[] bias() {
      return bias.clone();
    }

    @Override
    public int[] reducedMultipliers() {
      return reducedMultipliers.clone();
    }

    @Override
    public int[] totalShifts() {
      return totalShifts.clone();
    }

    @Override
    public double[] realMultipliers() {
      return realMultipliers.clone();
    }

    /** Output channels (units for FULLY_CONNECTED). */
    int channels() {
      return bias.length;
    }

    long macs() {
      switch (kind) {
        case CONV_2D:
          return out.elementCount() * filter.dim(1) * filter.dim(2) * filter.dim(3);
        case DEPTHWISE_CONV_2D:
          return out.elementCount() * filter.dim(1) * filter.dim(2);
        default:
          return out.elementCount() * filter.dim(1);
      }
    }
  }

  /** TFLite's shift limit of the 64-bit MultiplyByQuantizedMultiplier ({@code shift < 8}). */
  static final int MAX_SHIFT = 7;

  /**
   * The 16-bit multiplier TFLite's 64-bit {@code MultiplyByQuantizedMultiplier} uses in place of
   * the 31-bit {@code multiplier}.
   */
  static int reducedMultiplier(int multiplier) {
    return multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
  }

  /** TFLite's 64-bit {@code MultiplyByQuantizedMultiplier} (for tests of the emitted formula). */
  static int multiplyByQuantizedMultiplier64(long x, int multiplier, int shift) {
    int totalShift = 15 - shift;
    return (int) ((x * reducedMultiplier(multiplier) + (1L << (totalShift - 1))) >> totalShift);
  }

  /** CONV_2D with an int16 input (after the arity and shape checks). */
  static Plan prepareConv(PrepareContext ctx, Operator op, Conv2d.Options o,
      ConvShapes.Conv shape) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!activations(g, p, op) || !OpChecks.fusedActivation(p, op, o.activation())
        || !int8Filter(g, p, op, shape.filter(), 0)) {
      return null;
    }
    Window w = new Window(o.padding(), o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
    // With an int32 bias TFLite 2.9 runs its optimized 16x8 CONV_2D (im2col and ruy): int32
    // accumulators and ruy's output stage; with an int64 bias or none, the reference kernel.
    boolean ruy = hasBias(op) && g.tensor(op.input(2)).type() == TensorType.INT32;
    return finish(ctx, op, Kind.CONV_2D, shape.in(), shape.filter(), shape.out(), w,
        shape.geo(), o.activation(), 0,
        perChannel(shape.in(), shape.filter(), shape.out(), shape.outC()),
        ruy ? Requantization.Rounding.SINGLE : null);
  }

  /** DEPTHWISE_CONV_2D with an int16 input (after the arity and shape checks). */
  static Plan prepareDepthwise(PrepareContext ctx, Operator op, DepthwiseConv2d.Options o,
      ConvShapes.Conv shape) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!activations(g, p, op) || !OpChecks.fusedActivation(p, op, o.activation())
        || !int8Filter(g, p, op, shape.filter(), 3)) {
      return null;
    }
    Window w = new Window(o.padding(), o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
    return finish(ctx, op, Kind.DEPTHWISE_CONV_2D, shape.in(), shape.filter(), shape.out(), w,
        shape.geo(), o.activation(), 0,
        perChannel(shape.in(), shape.filter(), shape.out(), shape.outC()), null);
  }

  /** FULLY_CONNECTED with an int16 input (after the arity and shape checks). */
  static Plan prepareFullyConnected(PrepareContext ctx, Operator op,
      FullyConnected.Options o, ConvShapes.Dense shape) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!activations(g, p, op) || !OpChecks.fusedActivation(p, op, o.activation())) {
      return null;
    }
    if (o.weightsFormat() != 0) {
      p.add(UNSUPPORTED_OPTION, op, "weights format " + o.weightsFormat()
          + " (shuffled) is not supported; supported: DEFAULT (0)");
      return null;
    }
    Tensor in = shape.in();
    Tensor filter = shape.filter();
    Tensor out = shape.out();
    if (!int8Filter(g, p, op, filter, 0)) {
      return null;
    }
    if (!filter.quant().isPerTensor()) {
      p.add(UNSUPPORTED_TYPE, op, "weights " + p.describe(filter.index())
          + " have per-channel scales; TFLite 2.6 and 2.9 run FULLY_CONNECTED with one weight"
          + " scale only (supported: per-tensor weights)");
      return null;
    }
    int units = shape.units();
    long rows = shape.rows();
    boolean v26 = ctx.options().tfliteVersion() == TfliteVersion.V2_6;
    if (v26 && (out.rank() != 2 || out.dim(0) != rows)) {
      p.add(UNSUPPORTED_TYPE, op, "output " + p.describe(out.index()) + " holds " + rows
          + " rows of " + units + " units as " + out.shapeString() + "; TFLite 2.6's 16x8"
          + " FULLY_CONNECTED takes output dimensions 0 and 1 as rows and units, computes only"
          + " those and leaves the rest unwritten, which tflite2java cannot reproduce (TFLite"
          + " 2.9 computes the whole output: compile for 2.9, or give the output shape [rows,"
          + " units], i.e. no keep_num_dims)");
      return null;
    }
    // TFLite's GetQuantizedConvolutionMultipler: a float32 product of the scales, then double.
    double[] real = new double[units];
    Arrays.fill(real, FullyConnected.multiplier(in, filter, out));
    // Without a bias or with an int32 one, TFLite 2.9 runs 16x8 FULLY_CONNECTED on ruy (its
    // optimized kernel): int32 accumulators and ruy's output stage; with an int64 bias, and in
    // TFLite 2.6, the reference kernel.
    boolean ruy = !v26 && (!hasBias(op) || g.tensor(op.input(2)).type() == TensorType.INT32);
    return finish(ctx, op, Kind.FULLY_CONNECTED, in, filter, out, null, null, o.activation(),
        rows, real, ruy ? Requantization.Rounding.SINGLE : null);
  }

  private static boolean hasBias(Operator op) {
    return op.inputCount() > 2 && op.input(2) >= 0;
  }

  /** Input 0 and output 0: int16, zero point 0, of one type. */
  private static boolean activations(ModelGraph g, ProblemCollector p, Operator op) {
    return OpChecks.activationOrInt16(g, p, op, op.input(0), "input", -1)
        && OpChecks.activationOrInt16(g, p, op, op.output(0), "output", -1)
        && OpChecks.sameType(g, p, op, op.input(0), op.output(0));
  }

  /**
   * Whether the bias of a 16x8 operator is a type TFLite takes and tflite2java reproduces
   * (measured against TFLite 2.9.0 and 2.6.2, see Int16LiveTest): INT64 always; INT32 on
   * CONV_2D and FULLY_CONNECTED for TFLite 2.9 only. Reports the problem otherwise.
   */
  private static boolean biasAccepted(PrepareContext ctx, Operator op, Kind kind, Tensor b) {
    ProblemCollector p = ctx.problems();
    String bias = "bias " + p.describe(b.index());
    if (!b.isConstant() || (b.type() != TensorType.INT64 && b.type() != TensorType.INT32)) {
      p.add(UNSUPPORTED_TYPE, op, bias + " is " + (b.isConstant() ? "" : "computed, ")
          + b.type() + "; with int16 activations tflite2java needs a constant INT64 bias (or"
          + " INT32 on CONV_2D and FULLY_CONNECTED for TFLite 2.9)");
      return false;
    }
    if (b.type() == TensorType.INT64) {
      return true;
    }
    if (kind == Kind.DEPTHWISE_CONV_2D) {
      p.add(UNSUPPORTED_TYPE, op, bias + " is INT32; TFLite 2.9.0 and 2.6.2 refuse an int32"
          + " bias on a 16x8 DEPTHWISE_CONV_2D too (their kernel requires INT64 with int16"
          + " activations): give it an INT64 bias");
      return false;
    }
    if (ctx.options().tfliteVersion() == TfliteVersion.V2_6) {
      p.add(UNSUPPORTED_TYPE, op, bias + " is INT32; " + (kind == Kind.CONV_2D
          ? "TFLite 2.6.2 refuses an int32 bias on a 16x8 CONV_2D too (its kernel requires"
              + " INT64 with int16 activations)"
          : "TFLite 2.6.2 accepts an int32 bias on a 16x8 FULLY_CONNECTED but its kernel reads"
              + " the bias as INT64, past the tensor's end (measured: outputs saturated at"
              + " -32768 and 32767), which tflite2java does not reproduce")
          + "; compile for tfliteVersion 2.9, or give it an INT64 bias");
      return false;
    }
    return true;
  }

  /** A constant int8 symmetric filter, per tensor or per slice of {@code channelDim}. */
  private static boolean int8Filter(ModelGraph g, ProblemCollector p, Operator op, Tensor f,
      int channelDim) {
    if (f.type() != TensorType.INT8) {
      p.add(UNSUPPORTED_TYPE, op, "filter " + p.describe(f.index()) + " is " + f.type()
          + " while the input is INT16; supported: int8 weights with int16 activations (16x8)");
      return false;
    }
    return Weights.filter(g, p, op, f, TensorType.INT8, channelDim);
  }

  /** {@code input scale * filter scale[c] / output scale} in double, as TFLite's int8 path. */
  private static double[] perChannel(Tensor in, Tensor filter, Tensor out, int channels) {
    double[] real = new double[channels];
    for (int c = 0; c < channels; c++) {
      float fs = filter.quant().isPerTensor() ? filter.quant().scale() : filter.quant().scale(c);
      real[c] = (double) in.quant().scale() * (double) fs / (double) out.quant().scale();
    }
    return real;
  }

  /**
   * Checks the bias and the multipliers; makes the plan. The bias: int64 (every build); int32
   * where TFLite 2.9.0 takes it (CONV_2D: its reference kernel; FULLY_CONNECTED: ruy), refused
   * where TFLite refuses it or computes garbage, naming that.
   */
  private static Plan finish(PrepareContext ctx, Operator op, Kind kind, Tensor in,
      Tensor filter, Tensor out, Window w, ConvGeometry geo, Activation activation, long rows,
      double[] real, Requantization.Rounding gemm) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    int channels = real.length;
    long[] bias = new long[channels];
    if (hasBias(op)) {
      Tensor b = g.tensor(op.input(2));
      if (!biasAccepted(ctx, op, kind, b)) {
        return null;
      }
      if (b.elementCount() != channels) {
        p.add(INVALID_MODEL, op, "bias " + p.describe(b.index()) + " has " + b.elementCount()
            + " elements; expected " + channels);
        return null;
      }
      ByteBuffer bb = ByteBuffer.wrap(b.data()).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < channels; i++) {
        bias[i] = b.type() == TensorType.INT32 ? bb.getInt(4 * i) : bb.getLong(8 * i);
      }
    }
    int[] reduced = new int[channels];
    int[] total = new int[channels];
    for (int c = 0; c < channels; c++) {
      if (!(real[c] < Math.scalb(1.0, MAX_SHIFT)) || Double.isNaN(real[c])) {
        p.add(INVALID_MODEL, op, "output multiplier " + real[c] + " (input scale x filter scale"
            + " / output scale)" + (channels > 1 ? " of channel " + c : "") + " is not below"
            + " 2^" + MAX_SHIFT + ", the largest TFLite's 16x8 kernels scale by");
        return null;
      }
      QuantizedMultiplier m = QuantizedMultiplier.of(real[c]);
      reduced[c] = reducedMultiplier(m.multiplier());
      total[c] = 15 - m.shift();
    }
    ActivationRange range = ActivationRange.of(activation, out.type(), out.quant().scale(),
        out.quant().zeroPoint());
    return new Plan(op, kind, in, filter, out, w, geo, activation, rows, bias, reduced, total,
        real, range, gemm);
  }

  // ---------------------------------------------------------------------------------------------

  /** The layer method of a 16x8 plan. */
  static MethodSpec emit(Plan l, EmitContext ctx) {
    String prefix = ctx.prefix(l.op());
    String constants = prefix.toUpperCase(Locale.ROOT);
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int[] filter = $N", ctx.centeredWeights(constants + "_FILTER",
        l.filter().data(), true, 0));
    if (l.gemmRounding() != null) {
      return l.kind() == Kind.CONV_2D ? ruyConv(l, ctx, prefix, body)
          : ruyFullyConnected(l, ctx, prefix, body);
    }
    boolean perChannel = declareScaling(l, ctx, constants, body);
    body.add("// Activation bounds (int16, zero point 0)\n");
    body.addStatement("final int outMin = $L, outMax = $L", l.range().min(), l.range().max());
    CodeBlock scaled = perChannel
        ? CodeBlock.of("(int) ((acc * reduced[c] + (1L << (totalShift[c] - 1)))"
            + " >> totalShift[c])")
        : CodeBlock.of("(int) ((acc * reduced + $LL) >> totalShift)",
            1L << (l.totalShifts()[0] - 1));
    switch (l.kind()) {
      case CONV_2D:
        conv(l, ctx, body, scaled);
        break;
      case DEPTHWISE_CONV_2D:
        depthwise(l, ctx, body, scaled);
        break;
      default:
        fullyConnected(l, ctx, body, scaled);
    }
    MethodSpec.Builder m = MethodSpec.methodBuilder(prefix + l.kind().method)
        .addModifiers(Modifier.PRIVATE);
    if (l.window() != null) {
      Window w = l.window();
      m.addJavadoc("Operator $L: $L $Lx$L stride $Lx$L dilation $Lx$L $L, $L, 16x8.\n",
          l.op().index(), l.kind(), l.filter().dim(1), l.filter().dim(2), w.strideH(),
          w.strideW(), w.dilationH(), w.dilationW(), w.padding(), l.activation());
    } else {
      m.addJavadoc("Operator $L: FULLY_CONNECTED $L units, $L, 16x8.\n", l.op().index(),
          l.channels(), l.activation());
    }
    return m.addJavadoc("$L\n", Layers.describe(l.in(), l.out()))
        .addJavadoc("Filter $L; int64 accumulators, TFLite's 64-bit"
            + " MultiplyByQuantizedMultiplier.\n", Layers.tensor(l.filter()))
        .addCode(body.build())
        .build();
  }

  /**
   * Declares {@code bias} (an int[] when every value fits, else {@code biasHigh}/{@code
   * biasLow} halves read as {@code biasOf(c)}) and the multipliers; returns whether they are
   * per channel.
   */
  private static boolean declareScaling(Plan l, EmitContext ctx, String constants,
      CodeBlock.Builder body) {
    long[] bias = l.bias();
    boolean fitsInt = true;
    for (long b : bias) {
      fitsInt &= b == (int) b;
    }
    if (fitsInt) {
      int[] ints = new int[bias.length];
      for (int i = 0; i < ints.length; i++) {
        ints[i] = (int) bias[i];
      }
      body.addStatement("final int[] bias = $N", ctx.intArray(constants + "_BIAS", ints));
    } else {
      int[] high = new int[bias.length];
      int[] low = new int[bias.length];
      for (int i = 0; i < bias.length; i++) {
        high[i] = (int) (bias[i] >> 32);
        low[i] = (int) bias[i];
      }
      body.add("// The int64 bias as its high and low 32 bits.\n");
      body.addStatement("final int[] biasHigh = $N, biasLow = $N",
          ctx.intArray(constants + "_BIAS_HIGH", high), ctx.intArray(constants + "_BIAS_LOW", low));
    }
    int[] reduced = l.reducedMultipliers();
    int[] total = l.totalShifts();
    boolean same = true;
    for (int c = 1; c < reduced.length; c++) {
      same &= reduced[c] == reduced[0] && total[c] == total[0];
    }
    if (same) {
      body.add("// Output multiplier $L: 16-bit multiplier $L, shift right by $L\n",
          String.format(Locale.ROOT, "%.9g", l.realMultipliers()[0]), reduced[0], total[0]);
      body.addStatement("final long reduced = $L", reduced[0]);
      body.addStatement("final int totalShift = $L", total[0]);
      return false;
    }
    body.add("// Per-channel 16-bit multipliers and right shifts (TFLite's 64-bit"
        + " MultiplyByQuantizedMultiplier).\n");
    body.addStatement("final int[] reduced = $N, totalShift = $N",
        ctx.intArray(constants + "_REDUCED_MULTIPLIERS", reduced),
        ctx.intArray(constants + "_TOTAL_SHIFTS", total));
    return true;
  }

  /** The bias of channel {@code c} as a long expression. */
  private static String biasOf(Plan l) {
    for (long b : l.bias()) {
      if (b != (int) b) {
        return "(((long) biasHigh[c]) << 32 | (biasLow[c] & 0xFFFFFFFFL))";
      }
    }
    return "bias[c]";
  }

  private static void finishChannel(Plan l, CodeBlock.Builder body, CodeBlock scaled,
      String target) {
    body.addStatement("acc += $L", biasOf(l));
    body.addStatement("final int v = $L", scaled);
    body.addStatement("t[$L] = Math.max(outMin, Math.min(outMax, v))", target);
  }

  private static void geometry(Plan l, CodeBlock.Builder body, int inC, int outC, int outOff) {
    Window w = l.window();
    ConvGeometry geo = l.geo();
    body.addStatement("final int inH = $L, inW = $L, inC = $L, outH = $L, outW = $L, outC = $L",
        l.in().dim(1), l.in().dim(2), inC, geo.outH(), geo.outW(), outC);
    body.addStatement("final int kH = $L, kW = $L, strideH = $L, strideW = $L",
        l.filter().dim(1), l.filter().dim(2), w.strideH(), w.strideW());
    body.addStatement("final int dilationH = $L, dilationW = $L, padTop = $L, padLeft = $L",
        w.dilationH(), w.dilationW(), geo.padTop(), geo.padLeft());
    body.addStatement("int out = $L", outOff);
  }

  private static void conv(Plan l, EmitContext ctx, CodeBlock.Builder body, CodeBlock scaled) {
    convLoops(l, ctx, body, "long acc = 0", () -> finishChannel(l, body, scaled, "out"));
  }

  /**
   * The convolution's loops: {@code start} declares the accumulator of one output; {@code
   * finish} writes {@code t[out]} from it.
   */
  private static void convLoops(Plan l, EmitContext ctx, CodeBlock.Builder body, String start,
      Runnable finish) {
    int inOff = ctx.arenaOffset(l.in().index());
    geometry(l, body, l.in().dim(3), l.channels(), ctx.arenaOffset(l.out().index()));
    body.beginControlFlow("for (int b = 0; b < $L; b++)", l.in().dim(0));
    body.beginControlFlow("for (int oy = 0; oy < outH; oy++)");
    body.beginControlFlow("for (int ox = 0; ox < outW; ox++)");
    body.beginControlFlow("for (int c = 0; c < outC; c++, out++)");
    body.addStatement(start);
    body.beginControlFlow("for (int ky = 0; ky < kH; ky++)");
    body.addStatement("final int iy = oy * strideH - padTop + ky * dilationH");
    body.beginControlFlow("if (iy < 0 || iy >= inH)");
    body.addStatement("continue");
    body.endControlFlow();
    body.beginControlFlow("for (int kx = 0; kx < kW; kx++)");
    body.addStatement("final int ix = ox * strideW - padLeft + kx * dilationW");
    body.beginControlFlow("if (ix < 0 || ix >= inW)");
    body.addStatement("continue");
    body.endControlFlow();
    body.addStatement("final int in = $L", Layers.plus(inOff, "((b * inH + iy) * inW + ix) * inC"));
    body.addStatement("final int w = ((c * kH + ky) * kW + kx) * inC");
    body.add("// |int16 x int8| < 2^22: each product fits an int.\n");
    body.beginControlFlow("for (int ic = 0; ic < inC; ic++)");
    body.addStatement("acc += t[in + ic] * filter[w + ic]");
    body.endControlFlow();
    body.endControlFlow();
    body.endControlFlow();
    finish.run();
    body.endControlFlow();
    body.endControlFlow();
    body.endControlFlow();
    body.endControlFlow();
  }

  private static void depthwise(Plan l, EmitContext ctx, CodeBlock.Builder body,
      CodeBlock scaled) {
    int inOff = ctx.arenaOffset(l.in().index());
    int inC = l.in().dim(3);
    geometry(l, body, inC, l.channels(), ctx.arenaOffset(l.out().index()));
    body.addStatement("final int multiplier = $L", l.channels() / inC);
    body.beginControlFlow("for (int b = 0; b < $L; b++)", l.in().dim(0));
    body.beginControlFlow("for (int oy = 0; oy < outH; oy++)");
    body.beginControlFlow("for (int ox = 0; ox < outW; ox++)");
    body.beginControlFlow("for (int c = 0; c < outC; c++, out++)");
    body.addStatement("final int ic = c / multiplier");
    body.addStatement("long acc = 0");
    body.beginControlFlow("for (int ky = 0; ky < kH; ky++)");
    body.addStatement("final int iy = oy * strideH - padTop + ky * dilationH");
    body.beginControlFlow("if (iy < 0 || iy >= inH)");
    body.addStatement("continue");
    body.endControlFlow();
    body.beginControlFlow("for (int kx = 0; kx < kW; kx++)");
    body.addStatement("final int ix = ox * strideW - padLeft + kx * dilationW");
    body.beginControlFlow("if (ix < 0 || ix >= inW)");
    body.addStatement("continue");
    body.endControlFlow();
    body.addStatement("acc += t[$L] * filter[(ky * kW + kx) * outC + c]",
        Layers.plus(inOff, "((b * inH + iy) * inW + ix) * inC + ic"));
    body.endControlFlow();
    body.endControlFlow();
    finishChannel(l, body, scaled, "out");
    body.endControlFlow();
    body.endControlFlow();
    body.endControlFlow();
    body.endControlFlow();
  }

  /**
   * TFLite 2.9's CONV_2D on int16 with an int32 bias (its optimized kernel: im2col and ruy):
   * int32 accumulators from the bias, then ruy's output stage with each channel's full 31-bit
   * multiplier.
   */
  private static MethodSpec ruyConv(Plan l, EmitContext ctx, String prefix,
      CodeBlock.Builder body) {
    String constants = prefix.toUpperCase(Locale.ROOT);
    String scale = ctx.helper(l.gemmRounding().helper);
    int channels = l.channels();
    long[] wide = l.bias();
    int[] bias = new int[channels];
    int[] multipliers = new int[channels];
    int[] shifts = new int[channels];
    double[] real = l.realMultipliers();
    for (int c = 0; c < channels; c++) {
      bias[c] = (int) wide[c];
      QuantizedMultiplier m = QuantizedMultiplier.of(real[c]);
      multipliers[c] = m.multiplier();
      shifts[c] = m.shift();
    }
    body.addStatement("final int[] bias = $N", ctx.intArray(constants + "_BIAS", bias));
    body.add("// Per-channel multipliers and shifts (ruy's output stage).\n");
    body.addStatement("final int[] multipliers = $N, shifts = $N",
        ctx.intArray(constants + "_MULTIPLIERS", multipliers),
        ctx.intArray(constants + "_SHIFTS", shifts));
    body.add("// Activation bounds (int16, zero point 0)\n");
    body.addStatement("final int outMin = $L, outMax = $L", l.range().min(), l.range().max());
    convLoops(l, ctx, body, "int acc = bias[c]", () -> body.addStatement(
        "t[out] = Math.max(outMin, Math.min(outMax, $N(acc, multipliers[c], shifts[c])))",
        scale));
    Window w = l.window();
    return MethodSpec.methodBuilder(prefix + l.kind().method)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: CONV_2D $Lx$L stride $Lx$L dilation $Lx$L $L, $L, 16x8 with an"
            + " int32 bias (TFLite 2.9's optimized kernel: int32 accumulators, ruy's output"
            + " stage).\n", l.op().index(), l.filter().dim(1), l.filter().dim(2), w.strideH(),
            w.strideW(), w.dilationH(), w.dilationW(), w.padding(), l.activation())
        .addJavadoc("$L\n", Layers.describe(l.in(), l.out()))
        .addJavadoc("Filter $L.\n", Layers.tensor(l.filter()))
        .addCode(body.build())
        .build();
  }

  /**
   * TFLite 2.9's FULLY_CONNECTED on int16 without a bias or with an int32 one: ruy's int32
   * accumulators (from the bias) and output stage with the full 31-bit multiplier.
   */
  private static MethodSpec ruyFullyConnected(Plan l, EmitContext ctx, String prefix,
      CodeBlock.Builder body) {
    QuantizedMultiplier m = QuantizedMultiplier.of(l.realMultipliers()[0]);
    String scale = ctx.helper(l.gemmRounding().helper);
    body.add(Requantization.declareMultiplier(l.realMultipliers()[0], m));
    body.add("// Activation bounds (int16, zero point 0)\n");
    body.addStatement("final int outMin = $L, outMax = $L", l.range().min(), l.range().max());
    body.addStatement("final int depth = $L, units = $L", l.filter().dim(1), l.channels());
    if (hasBias(l.op())) {
      long[] wide = l.bias();
      int[] ints = new int[wide.length];
      for (int c = 0; c < ints.length; c++) {
        ints[c] = (int) wide[c];
      }
      body.addStatement("final int[] bias = $N", ctx.intArray(
          prefix.toUpperCase(Locale.ROOT) + "_BIAS", ints));
    }
    body.addStatement("int out = $L", ctx.arenaOffset(l.out().index()));
    body.beginControlFlow("for (int r = 0; r < $L; r++)", l.rows());
    body.addStatement("final int in = $L", Layers.plus(ctx.arenaOffset(l.in().index()),
        "r * depth"));
    body.beginControlFlow("for (int c = 0, w = 0; c < units; c++, out++, w += depth)");
    if (hasBias(l.op())) {
      body.add("// int32 accumulator from the int32 bias, as ruy's (wraps where ruy's would).\n");
      body.addStatement("int acc = bias[c]");
    } else {
      body.add("// int32 accumulator, as ruy's (wraps where ruy's would).\n");
      body.addStatement("int acc = 0");
    }
    body.beginControlFlow("for (int d = 0; d < depth; d++)");
    body.addStatement("acc += t[in + d] * filter[w + d]");
    body.endControlFlow();
    body.addStatement("t[out] = Math.max(outMin, Math.min(outMax, $L(acc, multiplier, shift)))",
        scale);
    body.endControlFlow();
    body.endControlFlow();
    return MethodSpec.methodBuilder(prefix + l.kind().method)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: FULLY_CONNECTED $L units, $L, 16x8 $L (TFLite 2.9's"
            + " ruy kernel).\n", l.op().index(), l.channels(), l.activation(),
            hasBias(l.op()) ? "with an int32 bias" : "without bias")
        .addJavadoc("$L\n", Layers.describe(l.in(), l.out()))
        .addJavadoc("Weights $L.\n", Layers.tensor(l.filter()))
        .addCode(body.build())
        .build();
  }

  private static void fullyConnected(Plan l, EmitContext ctx, CodeBlock.Builder body,
      CodeBlock scaled) {
    int inOff = ctx.arenaOffset(l.in().index());
    int outOff = ctx.arenaOffset(l.out().index());
    body.addStatement("final int depth = $L, units = $L", l.filter().dim(1), l.channels());
    body.addStatement("int out = $L", outOff);
    body.beginControlFlow("for (int r = 0; r < $L; r++)", l.rows());
    body.addStatement("final int in = $L", Layers.plus(inOff, "r * depth"));
    body.beginControlFlow("for (int c = 0, w = 0; c < units; c++, out++, w += depth)");
    body.addStatement("long acc = 0");
    body.beginControlFlow("for (int d = 0; d < depth; d++)");
    body.addStatement("acc += t[in + d] * filter[w + d]");
    body.endControlFlow();
    finishChannel(l, body, scaled, "out");
    body.endControlFlow();
    body.endControlFlow();
  }
}

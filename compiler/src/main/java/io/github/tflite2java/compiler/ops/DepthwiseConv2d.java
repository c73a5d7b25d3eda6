package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;

import com.google.flatbuffers.FlatBufferBuilder;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflOptions;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * DEPTHWISE_CONV_2D on uint8 and int8: output channel {@code ic * depthMultiplier + m} sees
 * only input channel {@code ic}. The filter is {@code [1][kH][kW][outC]}, already the layout
 * the kernel reads.
 */
public final class DepthwiseConv2d
    extends OperatorKernel<DepthwiseConv2d.Options, LayerPlan> {

  /** DepthwiseConv2DOptions. */
  public record Options(Padding padding, int strideW, int strideH, int depthMultiplier,
      int dilationW, int dilationH, Activation activation) implements OperatorOptions {}

  /**
   * One DEPTHWISE_CONV_2D layer. Input rows are copied into one zero-padded buffer per column
   * phase (column mod stride), {@code phaseLength} values each with {@code left} padding pixels
   * in front, so that tap {@code kx} reads a whole output row at {@code tapOffsets[kx]}.
   */
  public record Plan(Operator op, Options o, Tensor in, Tensor filter, Tensor out,
      ConvGeometry geo, Requantization rq, int[] bias, int phaseLength, int left,
      int[] tapOffsets) implements LayerPlan {
    public Plan {
      bias = bias.clone();
      tapOffsets = tapOffsets.clone();
    }

    @Override
    public int[] bias() {
      return bias.clone();
    }

    @Override
    public int[] tapOffsets() {
      return tapOffsets.clone();
    }

    int kH() {
      return filter.dim(1);
    }

    int kW() {
      return filter.dim(2);
    }

    int outC() {
      return filter.dim(3);
    }

    /** Output channels per input channel. */
    int multiplier() {
      return outC() / in.dim(3);
    }
  }

  public DepthwiseConv2d() {
    super("DEPTHWISE_CONV_2D", BuiltinOperator.DEPTHWISE_CONV_2D, Options.class,
        ReportCategory.DEPTHWISE);
  }

  @Override
  public int optionsTable() {
    return TflOptions.DEPTHWISE_CONV_2D_OPTIONS;
  }

  @Override
  public Options decodeOptions(TflOperator raw, OptionEnums e) {
    TflOptions.DepthwiseConv2D o = raw.builtinOptions(new TflOptions.DepthwiseConv2D());
    return o == null ? null : new Options(e.padding(o.padding()), o.strideW(), o.strideH(),
        o.depthMultiplier(), o.dilationWFactor(), o.dilationHFactor(),
        e.activation(o.fusedActivationFunction()));
  }

  @Override
  public int encodeOptions(FlatBufferBuilder fbb, Options o) {
    fbb.startTable(7);
    fbb.addByte(0, OptionEnums.code(o.padding()), 0);
    fbb.addInt(1, o.strideW(), 0);
    fbb.addInt(2, o.strideH(), 0);
    fbb.addInt(3, o.depthMultiplier(), 0);
    fbb.addByte(4, (byte) o.activation().code(), 0);
    fbb.addInt(5, o.dilationW(), 1);
    fbb.addInt(6, o.dilationH(), 1);
    return fbb.endTable();
  }

  @Override
  public LayerPlan prepare(PrepareContext ctx, Operator op, Options o) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 2, 3, 1)) {
      return null;
    }
    ConvShapes.Conv shape = ConvShapes.depthwise(g, p, op, o);
    if (shape == null) {
      return null;
    }
    if (OpChecks.int16Input(g, op)) {
      return Int16Conv.prepareDepthwise(ctx, op, o, shape);
    }
    if (!OpChecks.activation(g, p, op, op.input(0), "input", -1)
        || !OpChecks.activation(g, p, op, op.output(0), "output", -1)
        || !OpChecks.sameType(g, p, op, op.input(0), op.output(0))
        || !OpChecks.fusedActivation(p, op, o.activation())) {
      return null;
    }
    Tensor in = shape.in();
    Tensor filter = shape.filter();
    Tensor out = shape.out();
    if (!Weights.filter(g, p, op, filter, in.type(), 3)) {
      return null;
    }
    int outC = shape.outC();
    if (!Weights.bias(g, p, op, op.input(2), outC)
        || !OpChecks.outputMultipliers(p, op, in, filter, out, outC)) {
      return null;
    }
    int inW = in.dim(2);
    int kW = filter.dim(2);
    ConvGeometry geo = shape.geo();

    int[] bias = Weights.biasValues(g, op.input(2), outC);
    long bound = Requantization.accumulatorBound(bias, filter.data(), outC,
        filter.type() == TensorType.INT8, filter.quant().zeroPoint(), in.type(),
        in.quant().zeroPoint());
    Requantization rq = Requantization.of(in, filter, out, outC, o.activation(),
        Requantization.Rounding.DOUBLE_AWAY_FROM_ZERO, bound);

    // Input rows are copied into one zero-padded buffer per column phase (column mod stride),
    // so that each tap reads a whole output row at a constant offset.
    int stride = o.strideW();
    int left = 0;
    int maxBase = Integer.MIN_VALUE;
    for (int kx = 0; kx < kW; kx++) {
      int off = kx * o.dilationW() - geo.padLeft();
      left = Math.max(left, -Math.floorDiv(off, stride));
      maxBase = Math.max(maxBase, Math.floorDiv(off, stride));
    }
    int phasePixels = left + Math.max((inW + stride - 1) / stride, geo.outW() + maxBase);
    int phaseLength = phasePixels * outC;
    int[] tapOffsets = new int[kW];
    for (int kx = 0; kx < kW; kx++) {
      int off = kx * o.dilationW() - geo.padLeft();
      tapOffsets[kx] = Math.floorMod(off, stride) * phaseLength
          + (Math.floorDiv(off, stride) + left) * outC;
    }
    return new Plan(op, o, in, filter, out, geo, rq, bias, phaseLength, left, tapOffsets);
  }

  @Override
  public long macs(LayerPlan any) {
    if (any instanceof Int16Conv.Plan p16) {
      return p16.macs();
    }
    Plan plan = (Plan) any;
    // Each output element sums kH * kW products.
    return plan.out().elementCount() * plan.kH() * plan.kW();
  }

  /** {@code offset + expr}, or {@code expr} alone for offset 0. */
  @Override
  public MethodSpec emit(LayerPlan any, EmitContext ctx) {
    if (any instanceof Int16Conv.Plan p16) {
      return Int16Conv.emit(p16, ctx);
    }
    Plan plan = (Plan) any;
    Options o = plan.o();
    Tensor in = plan.in();
    Tensor filter = plan.filter();
    Tensor out = plan.out();
    Requantization rq = plan.rq();
    ConvGeometry geo = plan.geo();
    int batches = in.dim(0);
    int inH = in.dim(1);
    int inW = in.dim(2);
    int inC = in.dim(3);
    int kH = plan.kH();
    int kW = plan.kW();
    int outC = plan.outC();
    int multiplier = plan.multiplier();
    int outW = geo.outW();
    int row = outW * outC;
    int stride = o.strideW();
    int phaseLength = plan.phaseLength();
    int[] tapOffsets = plan.tapOffsets();
    boolean batched = batches > 1;
    boolean contiguous = stride == 1 && multiplier == 1;
    String prefix = ctx.prefix(plan.op());
    String constants = prefix.toUpperCase(Locale.ROOT);

    // Bias repeated along the output row at class initialization; the weights kept as their
    // 8-bit bytes and widened, repeated along the output row, at each call into the shared
    // scratch: filter[tap][ox * outC + c] = w[tap][c] (one pass over kH * kW * outW * outC ints,
    // a 1 / outH of the layer's multiply-adds).
    RawWeights rawFilter = ctx.rawWeights(constants + "_FILTER", filter.data());
    String widen = ctx.helper(io.github.tflite2java.compiler.helpers.Helper.WIDEN_REPEATED_ROWS);
    String biasField = ctx.repeatedIntArray(constants + "_BIAS_ROW", plan.bias(), outW);
    // Per-channel tables (the vectorizable form) repeated along the row, like the bias.
    Requantization.Fields fields = rq.registerConstants(ctx, constants, outW);
    ctx.requireScratch("rowAcc", row);
    ctx.requireScratch("rowInput", stride * phaseLength);
    int inOff = ctx.arenaOffset(in.index());
    int outOff = ctx.arenaOffset(out.index());

    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int[] acc = rowAcc, input = rowInput");
    body.add("// Weight rows per tap (ky * kW + kx), repeated for every output column\n");
    body.add(ctx.widenedRows("filter", kH * kW, row, dst -> CodeBlock.builder()
        .addStatement("$N($N, /* offset= */ $L, $N, /* rows= */ $L, /* cols= */ $L,"
            + " /* times= */ $L, /* zeroPoint= */ $L, /* signed= */ $L)", widen,
            rawFilter.field(), rawFilter.offset(), dst, kH * kW, outC, outW,
            filter.quant().zeroPoint(), filter.type() == TensorType.INT8)
        .build()));
    body.addStatement("final int[] bias = $N", biasField);
    body.add(rq.declare(fields));
    if (rq.perTensor || rq.channelTables()) {
      // outW is read only by the per-channel requantization loop.
      body.addStatement("final int inH = $L, inW = $L, inC = $L, outH = $L, outC = $L",
          inH, inW, inC, geo.outH(), outC);
    } else {
      body.addStatement(
          "final int inH = $L, inW = $L, inC = $L, outH = $L, outW = $L, outC = $L",
          inH, inW, inC, geo.outH(), outW, outC);
    }
    body.addStatement("final int kH = $L, kW = $L, strideH = $L, dilationH = $L, padTop = $L",
        kH, kW, o.strideH(), o.dilationH(), geo.padTop());
    if (contiguous) {
      body.addStatement("final int row = $L, left = $L", row, plan.left());
    } else {
      body.addStatement("final int row = $L, phaseLength = $L, left = $L", row, phaseLength,
          plan.left());
    }
    body.add("// Columns outside the image stay zero (the input zero point).\n");
    body.addStatement("$T.fill(input, 0, $L, 0)", java.util.Arrays.class, stride * phaseLength);
    if (batched) {
      body.beginControlFlow("for (int b = 0; b < $L; b++)", batches);
    }
    body.beginControlFlow("for (int oy = from; oy < to; oy++)");
    body.addStatement("System.arraycopy(bias, 0, acc, 0, row)");
    body.beginControlFlow("for (int ky = 0; ky < kH; ky++)");
    body.addStatement("final int iy = oy * strideH - padTop + ky * dilationH");
    body.beginControlFlow("if (iy < 0 || iy >= inH)");
    body.addStatement("continue");
    body.endControlFlow();
    body.addStatement("final int src = $L",
        Layers.plus(inOff, (batched ? "(b * inH + iy)" : "iy") + " * inW * inC"));
    if (contiguous) {
      body.addStatement("System.arraycopy(t, src, input, left * outC, inW * inC)");
    } else {
      body.beginControlFlow("for (int ix = 0; ix < inW; ix++)");
      body.addStatement("final int dst = (ix % $L) * phaseLength + (ix / $L + left) * outC",
          stride, stride);
      if (multiplier == 1) {
        body.addStatement("System.arraycopy(t, src + ix * inC, input, dst, inC)");
      } else {
        body.beginControlFlow("for (int ic = 0; ic < inC; ic++)");
        body.addStatement("final int x = t[src + ix * inC + ic]");
        body.beginControlFlow("for (int m = 0; m < $L; m++)", multiplier);
        body.addStatement("input[dst + ic * $L + m] = x", multiplier);
        body.endControlFlow();
        body.endControlFlow();
      }
      body.endControlFlow();
    }
    // Taps of one kernel row, at most three per loop so that C2 still unrolls and vectorizes.
    for (int first = 0; first < kW; first += 3) {
      int last = Math.min(kW, first + 3);
      CodeBlock.Builder sum = CodeBlock.builder();
      for (int kx = first; kx < last; kx++) {
        body.addStatement("final int[] w$L = filter[$L]", kx,
            kx == 0 ? "ky * kW" : "ky * kW + " + kx);
        String input = tapOffsets[kx] == 0 ? "input[j]" : "input[j + " + tapOffsets[kx] + "]";
        sum.add(kx == first ? "$L * w$L[j]" : " + $L * w$L[j]", input, kx);
      }
      body.beginControlFlow("for (int j = 0; j < row; j++)");
      body.addStatement("acc[j] += $L", sum.build());
      body.endControlFlow();
    }
    body.endControlFlow();
    if (rq.perTensor || rq.channelTables()) {
      body.add(rq.requantizeInPlace(fields, "acc", "row"));
    } else {
      body.beginControlFlow("for (int ox = 0, j = 0; ox < outW; ox++)");
      body.beginControlFlow("for (int c = 0; c < outC; c++, j++)");
      body.addStatement("acc[j] = $L", rq.apply(fields, "acc[j]", "c"));
      body.endControlFlow();
      body.endControlFlow();
    }
    body.addStatement("System.arraycopy(acc, 0, t, $L, row)",
        Layers.plus(outOff, (batched ? "(b * outH + oy)" : "oy") + " * row"));
    body.endControlFlow();
    if (batched) {
      body.endControlFlow();
    }
    CodeBlock code = body.build();
    // kernels=vector: run the vector companion's kernel when the model class loaded it.
    String vector = VectorDepthwise.emit(plan, ctx);
    if (vector != null) {
      code = CodeBlock.builder().add(VectorSink.rangeCall(vector)).add(code).build();
    }

    return MethodSpec.methodBuilder(prefix + "DepthwiseConv2d")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: DEPTHWISE_CONV_2D $Lx$L stride $Lx$L dilation $Lx$L $L, "
                + "depth multiplier $L, $L.\n",
            plan.op().index(), kH, kW, o.strideH(), o.strideW(), o.dilationH(), o.dilationW(),
            o.padding(), multiplier, o.activation())
        .addJavadoc("$L\n", Layers.describe(in, out))
        .addJavadoc("Filter $L.\n", Layers.tensor(filter))
        .addParameter(int.class, "from")
        .addParameter(int.class, "to")
        .addCode(code)
        .build();
  }

  /** Split over output rows ([from, to) of each batch). */
  @Override
  public int splitExtent(LayerPlan any) {
    return any instanceof Plan plan ? plan.geo().outH() : 0;
  }
}

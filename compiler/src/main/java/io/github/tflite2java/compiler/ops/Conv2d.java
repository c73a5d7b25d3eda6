package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

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
 * CONV_2D on uint8 (per-tensor weights) and int8 (per-channel or per-tensor weights). Inputs
 * and weights are held relative to their zero points, so padding is plain zeros and no
 * zero-point cross terms remain at run time.
 */
public final class Conv2d extends OperatorKernel<Conv2d.Options, LayerPlan> {

  /** Conv2DOptions. */
  public record Options(Padding padding, int strideW, int strideH, int dilationW, int dilationH,
      Activation activation) implements OperatorOptions {}

  /**
   * One CONV_2D layer: its tensors, geometry, requantization, bias, the kernel chosen for it
   * and the filter in that kernel's layout ({@code [outC][kH * kW * inC]} for the output-row
   * kernel, {@code [kH * kW * inC][outC]} for the per-pixel one).
   */
  public record Plan(Operator op, Options o, Tensor in, Tensor filter, Tensor out,
      ConvGeometry geo, Requantization rq, int[] bias, boolean rowKernel, byte[] weights)
      implements LayerPlan {
    public Plan {
      bias = bias.clone();
      weights = weights.clone();
    }

    @Override
    public int[] bias() {
      return bias.clone();
    }

    @Override
    public byte[] weights() {
      return weights.clone();
    }

    int batches() {
      return in.dim(0);
    }

    int inH() {
      return in.dim(1);
    }

    int inW() {
      return in.dim(2);
    }

    int inC() {
      return in.dim(3);
    }

    int outC() {
      return filter.dim(0);
    }

    int kH() {
      return filter.dim(1);
    }

    int kW() {
      return filter.dim(2);
    }

    int taps() {
      return kH() * kW() * inC();
    }

    boolean signedWeights() {
      return filter.type() == TensorType.INT8;
    }
  }

  public Conv2d() {
    super("CONV_2D", BuiltinOperator.CONV_2D, Options.class, ReportCategory.CONVOLUTION);
  }

  @Override
  public int optionsTable() {
    return TflOptions.CONV_2D_OPTIONS;
  }

  @Override
  public Options decodeOptions(TflOperator raw, OptionEnums e) {
    TflOptions.Conv2D o = raw.builtinOptions(new TflOptions.Conv2D());
    return o == null ? null : new Options(e.padding(o.padding()), o.strideW(), o.strideH(),
        o.dilationWFactor(), o.dilationHFactor(), e.activation(o.fusedActivationFunction()));
  }

  @Override
  public int encodeOptions(FlatBufferBuilder fbb, Options o) {
    fbb.startTable(7);
    fbb.addByte(0, OptionEnums.code(o.padding()), 0);
    fbb.addInt(1, o.strideW(), 0);
    fbb.addInt(2, o.strideH(), 0);
    fbb.addByte(3, (byte) o.activation().code(), 0);
    fbb.addInt(4, o.dilationW(), 1);
    fbb.addInt(5, o.dilationH(), 1);
    return fbb.endTable();
  }

  @Override
  public LayerPlan prepare(PrepareContext ctx, Operator op, Options o) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 2, 3, 1)) {
      return null;
    }
    ConvShapes.Conv shape = ConvShapes.conv2d(g, p, op, o);
    if (shape == null) {
      return null;
    }
    if (OpChecks.int16Input(g, op)) {
      return Int16Conv.prepareConv(ctx, op, o, shape);
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
    if (!Weights.filter(g, p, op, filter, in.type(), 0)) {
      return null;
    }
    int outC = shape.outC();
    int kH = filter.dim(1);
    int kW = filter.dim(2);
    int inC = in.dim(3);
    if (!Weights.bias(g, p, op, op.input(2), outC)
        || !OpChecks.outputMultipliers(p, op, in, filter, out, outC)) {
      return null;
    }
    ConvGeometry geo = shape.geo();

    // TFLite's filter is [outC][kH][kW][inC]; the per-pixel kernel reads [kH][kW][inC][outC]
    // so that its innermost loop runs over output channels with unit stride.
    byte[] raw = filter.data();
    byte[] reordered = new byte[raw.length];
    for (int oc = 0; oc < outC; oc++) {
      for (int ky = 0; ky < kH; ky++) {
        for (int kx = 0; kx < kW; kx++) {
          for (int ic = 0; ic < inC; ic++) {
            reordered[((ky * kW + kx) * inC + ic) * outC + oc] =
                raw[((oc * kH + ky) * kW + kx) * inC + ic];
          }
        }
      }
    }
    int[] bias = Weights.biasValues(g, op.input(2), outC);
    long bound = Requantization.accumulatorBound(bias, reordered, outC,
        filter.type() == TensorType.INT8, filter.quant().zeroPoint(), in.type(),
        in.quant().zeroPoint());
    // CONV_2D runs on TFLite's GEMM back end, whose rounding depends on the TFLite build.
    Requantization rq = Requantization.of(in, filter, out, outC, o.activation(),
        Requantization.Rounding.forGemm(ctx.options().tfliteVersion(), in.type()), bound);
    boolean rowKernel = ctx.options().kernelTuning().useRowKernel(outC, geo.outW());
    // The output-row kernel reads TFLite's layout as it is: one row of taps per output channel.
    return new Plan(op, o, in, filter, out, geo, rq, bias, rowKernel,
        rowKernel ? raw : reordered);
  }

  @Override
  public long macs(LayerPlan any) {
    if (any instanceof Int16Conv.Plan p16) {
      return p16.macs();
    }
    Plan plan = (Plan) any;
    // Each output element sums kH * kW * inC products.
    return plan.out().elementCount() * plan.kH() * plan.kW() * plan.inC();
  }

  @Override
  public MethodSpec emit(LayerPlan any, EmitContext ctx) {
    if (any instanceof Int16Conv.Plan p16) {
      return Int16Conv.emit(p16, ctx);
    }
    Plan l = (Plan) any;
    String prefix = ctx.prefix(l.op());
    String constants = prefix.toUpperCase(Locale.ROOT);
    boolean fewPixels = FewPixelConv.applies(l);
    boolean paired = !fewPixels && pairedWeights(l);
    CodeBlock body = l.rowKernel()
        ? rowKernel(l, ctx, constants, widenedFilter(l, ctx, constants, l.outC(), l.taps()))
        : fewPixels
            ? FewPixelConv.emit(l, ctx, constants)
            : paired
            ? pairedKernel(l, ctx, constants, pairedFilter(l, ctx, constants))
            : pixelKernel(l, ctx, constants,
                widenedFilter(l, ctx, constants, l.taps(), l.outC()));
    // kernels=vector: run the vector companion's kernel when the model class loaded it.
    String vector = VectorConv.emit(l, ctx);
    if (vector == null) {
      vector = VectorWindowConv.emit(l, ctx);
    }
    if (vector != null) {
      body = CodeBlock.builder().add(VectorSink.rangeCall(vector)).add(body).build();
    }
    Options o = l.o();
    return MethodSpec.methodBuilder(prefix + "Conv2d")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: CONV_2D $Lx$L stride $Lx$L dilation $Lx$L $L, $L.\n",
            l.op().index(), l.kH(), l.kW(), o.strideH(), o.strideW(), o.dilationH(),
            o.dilationW(), o.padding(), o.activation())
        .addJavadoc("$L\n", Layers.describe(l.in(), l.out()))
        .addJavadoc("Filter $L, $L.\n", Layers.tensor(l.filter()),
            l.rowKernel() ? "output-row kernel"
                : fewPixels ? "few-pixel weight-stationary kernel, raw 8-bit weights"
                : paired ? (pointwise(l) ? "pointwise" : "per-pixel")
                    + " kernel, weights two rows per int" : "per-pixel kernel")
        .addParameter(int.class, "from")
        .addParameter(int.class, "to")
        .addCode(body)
        .build();
  }

  /**
   * Split over output rows ([from, to) of each batch), or over pixels for pointwise layers on
   * the per-pixel kernels, or over output channels on the few-pixel kernel ({@link
   * FewPixelConv}).
   */
  @Override
  public int splitExtent(LayerPlan any) {
    if (!(any instanceof Plan l)) {
      return 0;
    }
    if (FewPixelConv.applies(l)) {
      return l.outC();
    }
    return !l.rowKernel() && pointwise(l) ? l.batches() * l.inH() * l.inW() : l.geo().outH();
  }

  /** Parts of a few-pixel layer ({@link FewPixelConv}) are whole column blocks. */
  @Override
  public int splitGrain(LayerPlan any) {
    return any instanceof Plan l && FewPixelConv.applies(l) ? FewPixelConv.columns(l) : 1;
  }

  /**
   * Layers with at least this many output pixels keep their weights as raw bytes and widen them
   * at each call ({@link #widenedFilter}, {@link #pairedFilter}): one pass over the weights
   * against {@code pixels} passes of multiply-adds. Pointwise layers with fewer pixels
   * ({@link FewPixelConv#MIN_PIXELS} on) run the weight-stationary {@link FewPixelConv} on raw
   * bytes instead, and large 1-pixel pointwise layers the paired kernel on pairs decoded at class
   * initialization ({@link #pairedWeights}); other layers with fewer pixels decode {@code int}
   * rows at class initialization. (Widening the flagship's two 7x7 pointwise layers whole into
   * the shared scratch at each call, for the per-pixel kernel, made the whole inference 7-11%
   * slower: docs/compact-weights.md.)
   */
  static final int WIDEN_MIN_PIXELS = 64;

  /** Output pixels (all batches). */
  static long pixels(Plan l) {
    return (long) l.batches() * l.geo().outH() * l.geo().outW();
  }

  /** Declares the local {@code int[][] filter} of weight pairs ({@link #pairedKernel}). */
  private static CodeBlock pairedFilter(Plan l, EmitContext ctx, String constants) {
    int zeroPoint = l.filter().quant().zeroPoint();
    int rows = l.taps();
    int cols = l.outC();
    if (pixels(l) < WIDEN_MIN_PIXELS) {
      return CodeBlock.of("final int[][] filter = $N;\n", ctx.centeredWeightPairRows(
          constants + "_FILTER", l.weights(), l.signedWeights(), zeroPoint, rows, cols));
    }
    RawWeights raw = ctx.rawWeights(constants + "_FILTER", l.weights());
    String widen = ctx.helper(io.github.tflite2java.compiler.helpers.Helper.WIDEN_PAIR_ROWS);
    return ctx.widenedRows("filter", (rows + 1) / 2, cols, dst -> CodeBlock.builder()
        .addStatement("$N($N, /* offset= */ $L, $N, /* rows= */ $L, /* cols= */ $L,"
            + " /* zeroPoint= */ $L, /* signed= */ $L)", widen, raw.field(), raw.offset(), dst,
            rows, cols, zeroPoint, l.signedWeights())
        .build());
  }

  /**
   * Declares the local {@code int[][] filter}: {@code rows} rows of {@code cols} centered weights
   * (the plan's layout), widened at each call from the class's raw 8-bit weights into the shared
   * per-instance scratch. The class keeps one byte per weight and decodes nothing per weight at
   * initialization; widening costs one pass over the layer's weights per inference, small next
   * to its multiply-adds (the per-pixel kernel reads every weight once per output pixel).
   */
  private static CodeBlock widenedFilter(Plan l, EmitContext ctx, String constants, int rows,
      int cols) {
    if (pixels(l) < WIDEN_MIN_PIXELS) {
      return CodeBlock.of("final int[][] filter = $N;\n", ctx.centeredWeightRows(
          constants + "_FILTER", l.weights(), l.signedWeights(), l.filter().quant().zeroPoint(), rows, cols));
    }
    RawWeights raw = ctx.rawWeights(constants + "_FILTER", l.weights());
    String widen = ctx.helper(l.signedWeights()
        ? io.github.tflite2java.compiler.helpers.Helper.WIDEN_INT8_ROWS
        : io.github.tflite2java.compiler.helpers.Helper.WIDEN_UINT8_ROWS);
    return ctx.widenedRows("filter", rows, cols, dst -> CodeBlock.builder()
        .addStatement("$N($N, /* offset= */ $L, $N, /* rows= */ $L, /* cols= */ $L,"
            + " /* zeroPoint= */ $L)", widen, raw.field(), raw.offset(), dst, rows, cols,
            l.filter().quant().zeroPoint())
        .build());
  }

  /** Declares the bias and requantization constants and their locals (after the filter). */
  static Requantization.Fields declareConstants(Plan l, EmitContext ctx,
      String constants, CodeBlock.Builder body) {
    return declareConstants(l, l.rq(), ctx, constants, body);
  }

  /** As {@link #declareConstants(Plan, EmitContext, String, CodeBlock.Builder)}, with {@code rq}. */
  static Requantization.Fields declareConstants(Plan l, Requantization rq, EmitContext ctx,
      String constants, CodeBlock.Builder body) {
    String biasField = ctx.intArray(constants + "_BIAS", l.bias());
    Requantization.Fields fields = rq.registerConstants(ctx, constants);
    body.addStatement("final int[] bias = $N", biasField);
    body.add(rq.declare(fields));
    body.addStatement("final int inC = $L, outC = $L", l.inC(), l.outC());
    return fields;
  }

  /** The geometry locals of a layer that is not pointwise. */
  private static void declareGeometry(Plan l, CodeBlock.Builder body) {
    Options o = l.o();
    ConvGeometry geo = l.geo();
    body.addStatement("final int inH = $L, inW = $L, outH = $L, outW = $L",
        l.inH(), l.inW(), geo.outH(), geo.outW());
    body.addStatement("final int kH = $L, kW = $L, strideH = $L, strideW = $L",
        l.kH(), l.kW(), o.strideH(), o.strideW());
    body.addStatement("final int dilationH = $L, dilationW = $L, padTop = $L, padLeft = $L",
        o.dilationH(), o.dilationW(), geo.padTop(), geo.padLeft());
  }

  /**
   * Per-pixel layers with at least this many weights keep them two to an int ({@link
   * EmitContext#centeredWeightPairRows}). The per-pixel kernel streams the whole filter once per
   * pixel: from about 8 MB of int weights on, memory bandwidth bounds it and half the bytes win
   * (pointwise, 49 pixels, 2048 to 2048 channels: 0.84x the time on JDK 25, 0.26x on JDK 17,
   * {@code WeightLayoutBench conv}); below, the filter stays in cache and the int rows'
   * eight-row passes were 6-21% faster on JDK 25 (512 and 1024 channels), so the flagship keeps
   * them.
   */
  static final long PAIRED_WEIGHTS_MIN = 1L << 21;

  /**
   * As {@link #PAIRED_WEIGHTS_MIN}, for 1-pixel pointwise layers (the flagship's logits, 1 M
   * weights: 2 bytes per weight instead of 4 at run time, and no slower); smaller ones, like
   * MobileNet v1 0.25_128's logits (256 K), keep {@code int} rows as before.
   */
  static final long PAIRED_ONE_PIXEL_MIN = 1L << 19;

  /**
   * As {@link #PAIRED_WEIGHTS_MIN}, for layers that are not pointwise: two 3x3 layers on
   * 14x14x256 (590 K weights each) ran in 0.92x (JDK 17) and 0.86x (JDK 25) the time on paired
   * weights, on 28x28x128 (147 K) in 1.03x and 1.06x ({@code LargeModelBench conv}).
   */
  static final long PAIRED_WINDOW_WEIGHTS_MIN = 1L << 19;

  /**
   * Whether the layer runs the per-pixel kernel on weights two rows per int: one pixel,
   * pointwise and at least {@link #PAIRED_ONE_PIXEL_MIN} weights (MobileNet's logits), or large
   * enough, and pointwise or with an even input channel count (so that no pair of taps
   * straddles two window positions, one of which may lie in the padding).
   */
  static boolean pairedWeights(Plan l) {
    if (l.rowKernel()) {
      return false;
    }
    long weights = (long) l.taps() * l.outC();
    if (pointwise(l) && pixels(l) == 1 && weights >= PAIRED_ONE_PIXEL_MIN) {
      // One pixel (MobileNet's logits): the FULLY_CONNECTED layout, two bytes per weight
      // decoded at class initialization; widening per call would double the layer's passes.
      return true;
    }
    return pointwise(l) ? weights >= PAIRED_WEIGHTS_MIN
        : l.inC() % 2 == 0 && weights >= PAIRED_WINDOW_WEIGHTS_MIN;
  }

  /** 1x1, stride 1, no padding: every output pixel is its input pixel's channels times the filter. */
  static boolean pointwise(Plan l) {
    Options o = l.o();
    ConvGeometry geo = l.geo();
    return l.kH() == 1 && l.kW() == 1 && o.strideH() == 1 && o.strideW() == 1
        && geo.padTop() == 0 && geo.padLeft() == 0 && geo.outH() == l.inH()
        && geo.outW() == l.inW();
  }

  /**
   * The per-pixel kernel on paired weights ({@code filter[k]} holds taps {@code 2k} and {@code 2k
   * + 1}, taps numbered {@code (ky * kW + kx) * inC + ic}, in its low and high 16 bits): gather
   * the pairs of one output pixel's inputs that are not both zero (padding is zero), then
   * accumulate two pairs (four taps) per pass over the output channels; plain int shifts on int
   * arrays read at the loop index, which C2 vectorizes.
   */
  private static CodeBlock pairedKernel(Plan l, EmitContext ctx, String constants,
      CodeBlock filter) {
    int inOff = ctx.arenaOffset(l.in().index());
    int outOff = ctx.arenaOffset(l.out().index());
    int inC = l.inC();
    int pairs = (l.taps() + 1) / 2;
    boolean pointwise = pointwise(l);
    boolean batched = l.batches() > 1;
    ctx.requireScratch("acc", l.outC());
    ctx.requireScratch("gatheredValues", pairs);
    ctx.requireScratch("gatheredHighValues", pairs);
    ctx.requireScratch("gatheredRows", pairs);

    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int[] acc = this.acc");
    body.addStatement("final int[] xa = gatheredValues, xb = gatheredHighValues,"
        + " rows = gatheredRows");
    body.add("// Taps 2k (low 16 bits) and 2k + 1 (high 16 bits) per row, taps numbered"
        + " (ky * kW + kx) * inC + ic: [k][oc]\n");
    body.add(filter);
    Requantization rq = pixelRequantization(l);
    Requantization.Fields fields = declareConstants(l, rq, ctx, constants, body);
    if (pointwise) {
      body.add("// Pixels [from, to) of $L.\n", l.batches() * l.inH() * l.inW());
      body.beginControlFlow("for (int p = from; p < to; p++)");
      body.addStatement("final int in = $L", Layers.plus(inOff, "p * inC"));
      body.add("// Gather the pairs of inputs not both zero (the zero point), branch-free.\n");
      body.addStatement("int n = 0");
      gatherPairs(body, inC - inC % 2, CodeBlock.of("0"));
      if (inC % 2 == 1) {
        body.add("// The last input channel alone: its row holds plain ints (high half 0 or -1,"
            + " times 0).\n");
        body.addStatement("final int last = t[in + $L]", inC - 1);
        body.addStatement("xa[n] = last");
        body.addStatement("xb[n] = 0");
        body.addStatement("rows[n] = $L", pairs - 1);
        body.addStatement("n += (last | -last) >>> 31");
      }
      body.addStatement("final int out = $L", Layers.plus(outOff, "p * outC"));
    } else {
      // inC is even: each window position holds whole pairs.
      declareGeometry(l, body);
      if (batched) {
        body.beginControlFlow("for (int b = 0; b < $L; b++)", l.batches());
      }
      String outRow = batched ? "(b * outH + oy)" : "oy";
      String inRow = batched ? "(b * inH + iy)" : "iy";
      body.beginControlFlow("for (int oy = from; oy < to; oy++)");
      body.beginControlFlow("for (int ox = 0; ox < outW; ox++)");
      body.addStatement("final int out = $L",
          Layers.plus(outOff, "(" + outRow + " * outW + ox) * outC"));
      body.add("// Gather the pairs of inputs under the window not both zero, branch-free;"
          + " padding is zero and adds nothing.\n");
      body.addStatement("int n = 0");
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
      body.addStatement("final int in = $L",
          Layers.plus(inOff, "(" + inRow + " * inW + ix) * inC"));
      gatherPairs(body, inC, CodeBlock.of("(ky * kW + kx) * $L", inC / 2));
      body.endControlFlow();
      body.endControlFlow();
    }
    body.addStatement("System.arraycopy(bias, 0, acc, 0, outC)");
    body.addStatement("int j = 0");
    body.beginControlFlow("for (; j + 2 <= n; j += 2)");
    body.addStatement("final int a0 = xa[j], b0 = xb[j], a1 = xa[j + 1], b1 = xb[j + 1]");
    body.addStatement("final int[] r0 = filter[rows[j]], r1 = filter[rows[j + 1]]");
    body.beginControlFlow("for (int oc = 0; oc < outC; oc++)");
    body.addStatement("final int w = r0[oc], v = r1[oc]");
    body.addStatement("acc[oc] += a0 * (w << 16 >> 16) + b0 * (w >> 16) + a1 * (v << 16 >> 16)"
        + "\n    + b1 * (v >> 16)");
    body.endControlFlow();
    body.endControlFlow();
    body.beginControlFlow("if (j < n)");
    body.addStatement("final int a0 = xa[j], b0 = xb[j]");
    body.addStatement("final int[] r0 = filter[rows[j]]");
    body.beginControlFlow("for (int oc = 0; oc < outC; oc++)");
    body.addStatement("final int w = r0[oc]");
    body.addStatement("acc[oc] += a0 * (w << 16 >> 16) + b0 * (w >> 16)");
    body.endControlFlow();
    body.endControlFlow();
    body.add(rq.requantizeInPlace(fields, "acc", "outC"));
    body.addStatement("System.arraycopy(acc, 0, t, out, outC)");
    if (!pointwise) {
      body.endControlFlow();
      if (batched) {
        body.endControlFlow();
      }
    }
    body.endControlFlow();
    return body.build();
  }

  /**
   * Appends, for input channels {@code [0, channels)} from {@code t[in]} two at a time, the pairs
   * not both zero to {@code xa}, {@code xb} and their filter rows ({@code firstRow} on) to {@code
   * rows}, counting them in {@code n}.
   */
  private static void gatherPairs(CodeBlock.Builder body, int channels, CodeBlock firstRow) {
    body.beginControlFlow("for (int ic = 0, k = $L; ic < $L; ic += 2, k++)", firstRow, channels);
    body.addStatement("final int x0 = t[in + ic], x1 = t[in + ic + 1], either = x0 | x1");
    body.addStatement("xa[n] = x0");
    body.addStatement("xb[n] = x1");
    body.addStatement("rows[n] = k");
    body.addStatement("n += (either | -either) >>> 31");
    body.endControlFlow();
  }

  /**
   * Per-pixel layers with at least this many output channels, and at most {@link
   * #CHANNEL_TABLES_MAX_TAPS} taps, requantize per-channel multipliers in the vectorizable
   * table form ({@link ChannelRequantizer}); with fewer channels the loop over one pixel's
   * channels is too short for C2's vector loop and runs its scalar remainder, slower than the
   * 64-bit helper (32 channels: 1.18x the layer's time; expansions to 96-576 channels:
   * 0.65-0.83x; docs/int8-per-channel.md).
   */
  static final int CHANNEL_TABLES_MIN_CHANNELS = 64;

  /**
   * Layers with more taps per output keep the 64-bit helper: there requantization is a small
   * share of the layer, and MobileNet v2's projections (144-576 taps, 64-96 channels) ran
   * 1.03-1.13x slower with the table form (docs/int8-per-channel.md).
   */
  static final int CHANNEL_TABLES_MAX_TAPS = 128;

  /** The requantization a per-pixel kernel uses (see {@link #CHANNEL_TABLES_MIN_CHANNELS}). */
  static Requantization pixelRequantization(Plan l) {
    return l.outC() >= CHANNEL_TABLES_MIN_CHANNELS && l.taps() <= CHANNEL_TABLES_MAX_TAPS
        ? l.rq() : l.rq().helperForm();
  }

  /** The per-pixel kernel: gather one pixel's nonzero inputs, accumulate its channels. */
  private static CodeBlock pixelKernel(Plan l, EmitContext ctx, String constants,
      CodeBlock filter) {
    Options o = l.o();
    int inOff = ctx.arenaOffset(l.in().index());
    int outOff = ctx.arenaOffset(l.out().index());
    boolean batched = l.batches() > 1;
    ConvGeometry geo = l.geo();
    int taps = l.taps();
    ctx.requireScratch("acc", l.outC());
    ctx.requireScratch("gatheredValues", taps);
    ctx.requireScratch("gatheredRows", taps);
    boolean pointwise = l.kH() == 1 && l.kW() == 1 && o.strideH() == 1 && o.strideW() == 1
        && geo.padTop() == 0 && geo.padLeft() == 0 && geo.outH() == l.inH()
        && geo.outW() == l.inW();

    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int[] acc = this.acc");
    body.addStatement("final int[] xs = gatheredValues, rows = gatheredRows");
    body.add("// One row of output-channel weights per input tap: [(ky * kW + kx) * inC + ic]\n");
    body.add(filter);
    Requantization rq = pixelRequantization(l);
    Requantization.Fields fields = declareConstants(l, rq, ctx, constants, body);
    if (pointwise) {
      body.add("// Pixels [from, to) of $L.\n", l.batches() * l.inH() * l.inW());
      body.beginControlFlow("for (int p = from; p < to; p++)");
      body.addStatement("final int in = $L", Layers.plus(inOff, "p * inC"));
      body.add("// Gather the nonzero inputs (zero is the input zero point: it adds nothing),"
          + " branch-free:\n// whether an activation is zero is too irregular to predict.\n");
      body.addStatement("int n = 0");
      body.beginControlFlow("for (int ic = 0; ic < inC; ic++)");
      body.addStatement("final int x = t[in + ic]");
      body.addStatement("xs[n] = x");
      body.addStatement("rows[n] = ic");
      body.addStatement("n += (x | -x) >>> 31");
      body.endControlFlow();
      body.addStatement("final int out = $L", Layers.plus(outOff, "p * outC"));
      body.addStatement("System.arraycopy(bias, 0, acc, 0, outC)");
      body.add(accumulateRows());
    } else {
      declareGeometry(l, body);
      if (batched) {
        body.beginControlFlow("for (int b = 0; b < $L; b++)", l.batches());
      }
      String outRow = batched ? "(b * outH + oy)" : "oy";
      String inRow = batched ? "(b * inH + iy)" : "iy";
      body.beginControlFlow("for (int oy = from; oy < to; oy++)");
      body.beginControlFlow("for (int ox = 0; ox < outW; ox++)");
      body.addStatement("final int out = $L",
          Layers.plus(outOff, "(" + outRow + " * outW + ox) * outC"));
      body.addStatement("System.arraycopy(bias, 0, acc, 0, outC)");
      int rowTaps = l.kW() * l.inC();
      boolean windowRows = o.dilationW() == 1 && rowTaps <= MAX_WINDOW_ROW_TAPS;
      if (windowRows) {
        body.addStatement("final int ix0 = ox * strideW - padLeft");
        body.beginControlFlow("if (ix0 >= 0 && ix0 + kW <= inW)");
        body.add("// The window lies inside the image horizontally: each of its rows is $L"
            + " consecutive inputs.\n", rowTaps);
        body.beginControlFlow("for (int ky = 0; ky < kH; ky++)");
        body.addStatement("final int iy = oy * strideH - padTop + ky * dilationH");
        body.beginControlFlow("if (iy < 0 || iy >= inH)");
        body.addStatement("continue");
        body.endControlFlow();
        body.addStatement("final int in = $L",
            Layers.plus(inOff, "(" + inRow + " * inW + ix0) * inC"));
        body.addStatement("final int row = ky * $L", rowTaps);
        body.add(windowRowPass(rowTaps));
        body.endControlFlow();
        body.nextControlFlow("else");
      }
      body.add("// Gather the nonzero inputs under the window, branch-free; padding is zero and"
          + " adds nothing.\n");
      body.addStatement("int n = 0");
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
      body.addStatement("final int in = $L", Layers.plus(inOff, "(" + inRow + " * inW + ix) * inC"));
      body.addStatement("final int tap = (ky * kW + kx) * inC");
      body.beginControlFlow("for (int ic = 0; ic < inC; ic++)");
      body.addStatement("final int x = t[in + ic]");
      body.addStatement("xs[n] = x");
      body.addStatement("rows[n] = tap + ic");
      body.addStatement("n += (x | -x) >>> 31");
      body.endControlFlow();
      body.endControlFlow();
      body.endControlFlow();
      body.add(accumulateRows());
      if (windowRows) {
        body.endControlFlow();
      }
    }
    body.add(rq.requantizeInPlace(fields, "acc", "outC"));
    body.addStatement("System.arraycopy(acc, 0, t, out, outC)");
    if (!pointwise) {
      body.endControlFlow();
      if (batched) {
        body.endControlFlow();
      }
    }
    body.endControlFlow();
    return body.build();
  }

  /**
   * The output-row kernel: for each output row, the inputs under every tap are gathered into
   * one column of {@code outW} values; then each output channel's row of accumulators is the
   * weighted sum of those columns (eight per pass; the columns are separate arrays read at the
   * loop index, which C2 vectorizes), requantized and written to its channel of the row.
   */
  private static CodeBlock rowKernel(Plan l, EmitContext ctx, String constants,
      CodeBlock filter) {
    int outW = l.geo().outW();
    int inOff = ctx.arenaOffset(l.in().index());
    int outOff = ctx.arenaOffset(l.out().index());
    boolean batched = l.batches() > 1;
    ctx.requireScratch("acc", outW);
    ctx.requireScratchRows("columns", l.taps(), outW);
    ctx.requireScratch("gatheredRows", l.taps());

    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int[] acc = this.acc, taps = gatheredRows");
    body.addStatement("final int[][] columns = this.columns");
    body.add("// One row of input-tap weights per output channel: [oc][(ky * kW + kx) * inC + ic]\n");
    body.add(filter);
    Requantization.Fields fields = declareConstants(l, ctx, constants, body);
    declareGeometry(l, body);
    if (batched) {
      body.beginControlFlow("for (int b = 0; b < $L; b++)", l.batches());
    }
    body.beginControlFlow("for (int oy = from; oy < to; oy++)");
    body.add("// Gather one column of outW inputs per tap inside the image; padding is zero.\n");
    body.addStatement("int n = 0");
    body.beginControlFlow("for (int ky = 0; ky < kH; ky++)");
    body.addStatement("final int iy = oy * strideH - padTop + ky * dilationH");
    body.beginControlFlow("if (iy < 0 || iy >= inH)");
    body.addStatement("continue");
    body.endControlFlow();
    body.beginControlFlow("for (int kx = 0; kx < kW; kx++)");
    body.addStatement("final int offset = kx * dilationW - padLeft");
    body.add("// Output columns [lo, hi) read inside the image.\n");
    body.addStatement("int lo = 0");
    body.beginControlFlow("while (lo < outW && lo * strideW + offset < 0)");
    body.addStatement("lo++");
    body.endControlFlow();
    body.addStatement("int hi = outW");
    body.beginControlFlow("while (hi > lo && (hi - 1) * strideW + offset >= inW)");
    body.addStatement("hi--");
    body.endControlFlow();
    body.addStatement("final int rowStart = $L",
        Layers.plus(inOff, (batched ? "(b * inH + iy)" : "iy") + " * inW * inC"));
    body.beginControlFlow("for (int ic = 0; ic < inC; ic++, n++)");
    body.addStatement("final int[] column = columns[n]");
    body.addStatement("final int src = rowStart + offset * inC + ic");
    body.addStatement("$T.fill(column, 0, lo, 0)", java.util.Arrays.class);
    body.beginControlFlow("for (int ox = lo; ox < hi; ox++)");
    body.addStatement("column[ox] = t[src + ox * strideW * inC]");
    body.endControlFlow();
    body.addStatement("$T.fill(column, hi, outW, 0)", java.util.Arrays.class);
    body.addStatement("taps[n] = (ky * kW + kx) * inC + ic");
    body.endControlFlow();
    body.endControlFlow();
    body.endControlFlow();
    body.addStatement("final int out = $L",
        Layers.plus(outOff, (batched ? "(b * outH + oy)" : "oy") + " * outW * outC"));
    body.beginControlFlow("for (int oc = 0; oc < outC; oc++)");
    body.addStatement("final int[] w = filter[oc]");
    body.addStatement("$T.fill(acc, 0, outW, bias[oc])", java.util.Arrays.class);
    body.addStatement("int j = 0");
    body.beginControlFlow("for (; j + 8 <= n; j += 8)");
    body.addStatement("final int w0 = w[taps[j]], w1 = w[taps[j + 1]], w2 = w[taps[j + 2]]");
    body.addStatement("final int w3 = w[taps[j + 3]], w4 = w[taps[j + 4]], w5 = w[taps[j + 5]]");
    body.addStatement("final int w6 = w[taps[j + 6]], w7 = w[taps[j + 7]]");
    body.addStatement("final int[] c0 = columns[j], c1 = columns[j + 1], c2 = columns[j + 2]");
    body.addStatement("final int[] c3 = columns[j + 3], c4 = columns[j + 4], c5 = columns[j + 5]");
    body.addStatement("final int[] c6 = columns[j + 6], c7 = columns[j + 7]");
    body.beginControlFlow("for (int ox = 0; ox < outW; ox++)");
    body.addStatement("acc[ox] += w0 * c0[ox] + w1 * c1[ox] + w2 * c2[ox] + w3 * c3[ox]\n"
        + "    + w4 * c4[ox] + w5 * c5[ox] + w6 * c6[ox] + w7 * c7[ox]");
    body.endControlFlow();
    body.endControlFlow();
    body.beginControlFlow("for (; j < n; j++)");
    body.addStatement("final int w0 = w[taps[j]]");
    body.addStatement("final int[] c0 = columns[j]");
    body.beginControlFlow("for (int ox = 0; ox < outW; ox++)");
    body.addStatement("acc[ox] += w0 * c0[ox]");
    body.endControlFlow();
    body.endControlFlow();
    body.add(l.rq().requantizeRow(fields, "acc", "outW", "oc"));
    body.beginControlFlow("for (int ox = 0; ox < outW; ox++)");
    body.addStatement("t[out + ox * outC + oc] = acc[ox]");
    body.endControlFlow();
    body.endControlFlow();
    body.endControlFlow();
    if (batched) {
      body.endControlFlow();
    }

    return body.build();
  }

  /** Kernels whose rows hold at most this many inputs ({@code kW * inC}) read them directly. */
  static final int MAX_WINDOW_ROW_TAPS = 9;

  /**
   * acc[oc] += the {@code taps} consecutive inputs from {@code t[in]} times filter rows {@code
   * row, row + 1, ...}: one pass for a whole kernel row, no gathering.
   */
  private static CodeBlock windowRowPass(int taps) {
    CodeBlock.Builder b = CodeBlock.builder();
    StringBuilder xs = new StringBuilder("final int ");
    StringBuilder rs = new StringBuilder("final int[] ");
    StringBuilder sum = new StringBuilder("acc[oc] += ");
    for (int k = 0; k < taps; k++) {
      String sep = k == 0 ? "" : ", ";
      xs.append(sep).append("x").append(k).append(" = t[in").append(k == 0 ? "" : " + " + k)
          .append("]");
      rs.append(sep).append("r").append(k).append(" = filter[row").append(k == 0 ? "" : " + " + k)
          .append("]");
      sum.append(k == 0 ? "" : (k % 4 == 0 ? "\n    + " : " + ")).append("x").append(k)
          .append(" * r").append(k).append("[oc]");
    }
    b.addStatement(xs.toString());
    b.addStatement(rs.toString());
    b.beginControlFlow("for (int oc = 0; oc < outC; oc++)");
    b.addStatement(sum.toString());
    b.endControlFlow();
    return b.build();
  }

  /**
   * acc[oc] += x * filter[row][oc] over the gathered inputs, eight rows per pass, then at most
   * one pass each of four, two and one rows (the remainder in single-row passes cost the
   * flagship model about 15%, measured). Every array in the inner loop is read with the index
   * {@code oc} alone, and the trip count is a constant: that is the shape in which C2 vectorizes.
   */
  static CodeBlock accumulateRows() {
    return CodeBlock.builder()
        .addStatement("int j = 0")
        .beginControlFlow("for (; j + 8 <= n; j += 8)")
        .addStatement("final int x0 = xs[j], x1 = xs[j + 1], x2 = xs[j + 2], x3 = xs[j + 3]")
        .addStatement("final int x4 = xs[j + 4], x5 = xs[j + 5], x6 = xs[j + 6], x7 = xs[j + 7]")
        .addStatement("final int[] r0 = filter[rows[j]], r1 = filter[rows[j + 1]]")
        .addStatement("final int[] r2 = filter[rows[j + 2]], r3 = filter[rows[j + 3]]")
        .addStatement("final int[] r4 = filter[rows[j + 4]], r5 = filter[rows[j + 5]]")
        .addStatement("final int[] r6 = filter[rows[j + 6]], r7 = filter[rows[j + 7]]")
        .beginControlFlow("for (int oc = 0; oc < outC; oc++)")
        .addStatement("acc[oc] += x0 * r0[oc] + x1 * r1[oc] + x2 * r2[oc] + x3 * r3[oc]\n"
            + "    + x4 * r4[oc] + x5 * r5[oc] + x6 * r6[oc] + x7 * r7[oc]")
        .endControlFlow()
        .endControlFlow()
        .beginControlFlow("if (j + 4 <= n)")
        .addStatement("final int x0 = xs[j], x1 = xs[j + 1], x2 = xs[j + 2], x3 = xs[j + 3]")
        .addStatement("final int[] r0 = filter[rows[j]], r1 = filter[rows[j + 1]]")
        .addStatement("final int[] r2 = filter[rows[j + 2]], r3 = filter[rows[j + 3]]")
        .beginControlFlow("for (int oc = 0; oc < outC; oc++)")
        .addStatement("acc[oc] += x0 * r0[oc] + x1 * r1[oc] + x2 * r2[oc] + x3 * r3[oc]")
        .endControlFlow()
        .addStatement("j += 4")
        .endControlFlow()
        .beginControlFlow("if (j + 2 <= n)")
        .addStatement("final int x0 = xs[j], x1 = xs[j + 1]")
        .addStatement("final int[] r0 = filter[rows[j]], r1 = filter[rows[j + 1]]")
        .beginControlFlow("for (int oc = 0; oc < outC; oc++)")
        .addStatement("acc[oc] += x0 * r0[oc] + x1 * r1[oc]")
        .endControlFlow()
        .addStatement("j += 2")
        .endControlFlow()
        .beginControlFlow("if (j < n)")
        .addStatement("final int x0 = xs[j]")
        .addStatement("final int[] r0 = filter[rows[j]]")
        .beginControlFlow("for (int oc = 0; oc < outC; oc++)")
        .addStatement("acc[oc] += x0 * r0[oc]")
        .endControlFlow()
        .endControlFlow()
        .build();
  }
}

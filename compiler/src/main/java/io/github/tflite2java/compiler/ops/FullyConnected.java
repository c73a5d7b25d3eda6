package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_OPTION;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.google.flatbuffers.FlatBufferBuilder;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.quant.ActivationRange;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflOptions;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * FULLY_CONNECTED on uint8 and int8 with per-tensor weights: every row of the input (its last
 * dimension, {@code weights[1]} long) times the {@code [outputs, depth]} weight matrix, plus the
 * bias. The multiplier is TFLite's {@code GetQuantizedConvolutionMultipler}: the float32 product
 * of input and filter scales, over the output scale, for both types. It runs on TFLite's GEMM back
 * end, so its final rounding follows the target TFLite build, as CONV_2D's does.
 */
public final class FullyConnected
    extends OperatorKernel<FullyConnected.Options, LayerPlan> {

  /** FullyConnectedOptions. */
  public record Options(Activation activation, int weightsFormat, boolean keepNumDims)
      implements OperatorOptions {}

  /**
   * One FULLY_CONNECTED layer: {@code rows} input rows of {@code depth} values, the weights
   * transposed to {@code [depth][units]}, the bias, the multiplier and its rounding.
   */
  public record Plan(Operator op, Options o, Tensor in, Tensor filter, Tensor out, long rows,
      byte[] weights, int[] bias, QuantizedMultiplier multiplier,
      Requantization.Rounding rounding, ActivationRange range) implements LayerPlan {
    public Plan {
      weights = weights.clone();
      bias = bias.clone();
    }

    @Override
    public byte[] weights() {
      return weights.clone();
    }

    @Override
    public int[] bias() {
      return bias.clone();
    }

    int units() {
      return filter.dim(0);
    }

    int depth() {
      return filter.dim(1);
    }
  }

  public FullyConnected() {
    super("FULLY_CONNECTED", BuiltinOperator.FULLY_CONNECTED, Options.class,
        ReportCategory.FULLY_CONNECTED);
  }

  @Override
  public int optionsTable() {
    return TflOptions.FULLY_CONNECTED_OPTIONS;
  }

  @Override
  public Options decodeOptions(TflOperator raw, OptionEnums e) {
    TflOptions.FullyConnected o = raw.builtinOptions(new TflOptions.FullyConnected());
    return o == null ? absentOptions() : new Options(e.activation(o.fusedActivationFunction()),
        o.weightsFormat(), o.keepNumDims());
  }

  /** The schema's defaults. */
  @Override
  public Options absentOptions() {
    return new Options(Activation.NONE, 0, false);
  }

  @Override
  public int encodeOptions(FlatBufferBuilder fbb, Options o) {
    fbb.startTable(5);
    fbb.addByte(0, (byte) o.activation().code(), 0);
    fbb.addByte(1, (byte) o.weightsFormat(), 0);
    fbb.addBoolean(2, o.keepNumDims(), false);
    return fbb.endTable();
  }

  @Override
  public LayerPlan prepare(PrepareContext ctx, Operator op, Options o) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 2, 3, 1)) {
      return null;
    }
    ConvShapes.Dense shape = ConvShapes.fullyConnected(g, p, op);
    if (shape == null) {
      return null;
    }
    if (OpChecks.int16Input(g, op)) {
      return Int16Conv.prepareFullyConnected(ctx, op, o, shape);
    }
    if (!OpChecks.activation(g, p, op, op.input(0), "input", -1)
        || !OpChecks.activation(g, p, op, op.output(0), "output", -1)
        || !OpChecks.sameType(g, p, op, op.input(0), op.output(0))
        || !OpChecks.fusedActivation(p, op, o.activation())) {
      return null;
    }
    if (o.weightsFormat() != 0) {
      p.add(UNSUPPORTED_OPTION, op, "weights format " + o.weightsFormat()
          + " (shuffled) is not supported; supported: DEFAULT (0)");
      return null;
    }
    Tensor in = shape.in();
    Tensor filter = shape.filter();
    if (!Weights.filter(g, p, op, filter, in.type(), 0)) {
      return null;
    }
    if (!filter.quant().isPerTensor()) {
      p.add(UNSUPPORTED_TYPE, op, "weights " + p.describe(filter.index())
          + " have per-channel scales; TFLite 2.6 and 2.9 run FULLY_CONNECTED with one weight"
          + " scale only (supported: per-tensor weights)");
      return null;
    }
    int units = shape.units();
    int depth = shape.depth();
    if (!Weights.bias(g, p, op, op.input(2), units)) {
      return null;
    }
    Tensor out = shape.out();
    long rows = shape.rows();
    double real = multiplier(in, filter, out);
    if (!Double.isFinite(real)) {
      p.add(INVALID_MODEL, op, "output multiplier (input scale x weight scale / output scale)"
          + " is not a finite number");
      return null;
    }

    // TFLite's weights are [units][depth]; the kernel reads [depth][units] so that the inner
    // loop runs over units with unit stride.
    byte[] raw = filter.data();
    byte[] transposed = new byte[raw.length];
    for (int u = 0; u < units; u++) {
      for (int d = 0; d < depth; d++) {
        transposed[d * units + u] = raw[u * depth + d];
      }
    }
    ActivationRange range = ActivationRange.of(o.activation(), out.type(), out.quant().scale(),
        out.quant().zeroPoint());
    return new Plan(op, o, in, filter, out, rows, transposed,
        Weights.biasValues(g, op.input(2), units), QuantizedMultiplier.of(real),
        Requantization.Rounding.forGemm(ctx.options().tfliteVersion(), in.type()), range);
  }

  /** TFLite's {@code GetQuantizedConvolutionMultipler}: a float32 product, then double. */
  static double multiplier(Tensor in, Tensor filter, Tensor out) {
    float product = in.quant().scale() * filter.quant().scale();
    return (double) product / (double) out.quant().scale();
  }

  @Override
  public long macs(LayerPlan any) {
    if (any instanceof Int16Conv.Plan p16) {
      return p16.macs();
    }
    Plan plan = (Plan) any;
    return plan.out().elementCount() * plan.depth();
  }

  /** {@code offset + expr}, or {@code expr} alone for offset 0 ({@code offset} for no expr). */
  @Override
  public MethodSpec emit(LayerPlan any, EmitContext ctx) {
    if (any instanceof Int16Conv.Plan p16) {
      return Int16Conv.emit(p16, ctx);
    }
    Plan plan = (Plan) any;
    Tensor in = plan.in();
    Tensor filter = plan.filter();
    Tensor out = plan.out();
    int units = plan.units();
    int depth = plan.depth();
    long rows = plan.rows();
    boolean multiRow = rows > 1;
    String prefix = ctx.prefix(plan.op());
    String constants = prefix.toUpperCase(Locale.ROOT);
    QuantizedMultiplier m = plan.multiplier();

    // Two depth rows per int (16 bits each): half the bytes of one int per weight, and the
    // inner loop still reads int arrays at the loop index alone, which C2 vectorizes.
    String weightsField = ctx.centeredWeightPairRows(constants + "_WEIGHTS", plan.weights(),
        filter.type() == TensorType.INT8, filter.quant().zeroPoint(), depth, units);
    String biasField = ctx.intArray(constants + "_BIAS", plan.bias());
    ctx.requireAccumulators(units);
    String scale = ctx.helper(plan.rounding().helper);
    int quads = depth - depth % 4;

    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int[] acc = this.acc");
    body.add("// Weights [depth / 2][units]: depth rows 2k (low 16 bits) and 2k + 1 (high 16 bits).\n");
    body.addStatement("final int[][] weights = $N", weightsField);
    body.addStatement("final int[] bias = $N", biasField);
    body.add(Requantization.declareMultiplier(m.realValue(), m));
    body.add(Requantization.declareBounds(plan.range(), out.quant().zeroPoint()));
    body.addStatement("final int units = $L", units);
    if (multiRow) {
      body.beginControlFlow("for (int r = 0; r < $L; r++)", rows);
    }
    body.addStatement("System.arraycopy(bias, from, acc, from, to - from)");
    body.addStatement("final int in = $L",
        Layers.plus(ctx.arenaOffset(in.index()), multiRow ? "r * " + depth : null));
    if (quads > 0) {
      body.beginControlFlow("for (int d = 0, k = 0; d < $L; d += 4, k += 2)", quads);
      body.addStatement("final int x0 = t[in + d], x1 = t[in + d + 1], x2 = t[in + d + 2],"
          + " x3 = t[in + d + 3]");
      body.beginControlFlow("if ((x0 | x1 | x2 | x3) == 0)");
      body.addStatement("continue");
      body.endControlFlow();
      body.addStatement("final int[] p = weights[k], q = weights[k + 1]");
      body.beginControlFlow("for (int u = from; u < to; u++)");
      body.addStatement("final int w = p[u], v = q[u]");
      body.addStatement("acc[u] += x0 * (w << 16 >> 16) + x1 * (w >> 16) + x2 * (v << 16 >> 16)"
          + " + x3 * (v >> 16)");
      body.endControlFlow();
      body.endControlFlow();
    }
    if (depth % 4 >= 2) {
      body.beginControlFlow("");
      body.addStatement("final int x0 = t[in + $L], x1 = t[in + $L]", quads, quads + 1);
      body.addStatement("final int[] p = weights[$L]", quads / 2);
      body.beginControlFlow("for (int u = from; u < to; u++)");
      body.addStatement("final int w = p[u]");
      body.addStatement("acc[u] += x0 * (w << 16 >> 16) + x1 * (w >> 16)");
      body.endControlFlow();
      body.endControlFlow();
    }
    if (depth % 2 == 1) {
      body.add("// The last depth row alone, as plain ints.\n");
      body.beginControlFlow("");
      body.addStatement("final int x0 = t[in + $L]", depth - 1);
      body.addStatement("final int[] p = weights[$L]", (depth - 1) / 2);
      body.beginControlFlow("for (int u = from; u < to; u++)");
      body.addStatement("acc[u] += x0 * p[u]");
      body.endControlFlow();
      body.endControlFlow();
    }
    body.addStatement("final int out = $L",
        Layers.plus(ctx.arenaOffset(out.index()), multiRow ? "r * units" : null));
    body.beginControlFlow("for (int u = from; u < to; u++)");
    body.addStatement("t[out + u] = Math.max(outMin, Math.min(outMax, $L(acc[u], multiplier,"
        + " shift)))", scale);
    body.endControlFlow();
    if (multiRow) {
      body.endControlFlow();
    }
    // kernels=vector: run the vector companion's kernel when the model class loaded it.
    String vector = VectorFullyConnected.emit(plan, ctx);
    if (vector != null) {
      body = CodeBlock.builder().add(VectorSink.rangeCall(vector)).add(body.build());
    }

    return MethodSpec.methodBuilder(prefix + "FullyConnected")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: FULLY_CONNECTED $L units, $L.\n", plan.op().index(), units,
            plan.o().activation())
        .addJavadoc("$L\n", Layers.describe(in, out))
        .addJavadoc("Weights $L.\n", Layers.tensor(filter))
        .addJavadoc("Computes units [from, to) of every row.\n")
        .addParameter(int.class, "from")
        .addParameter(int.class, "to")
        .addCode(body.build())
        .build();
  }

  /** Split over output units (channels), in whole vectors of 16. */
  @Override
  public int splitExtent(LayerPlan any) {
    return any instanceof Plan plan ? plan.units() : 0;
  }

  @Override
  public int splitGrain(LayerPlan any) {
    return 16;
  }
}

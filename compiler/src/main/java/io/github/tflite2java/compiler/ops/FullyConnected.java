package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.validate.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.validate.ProblemCollector.UNSUPPORTED_OPTION;
import static io.github.tflite2java.compiler.validate.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.quant.ActivationRange;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import io.github.tflite2java.compiler.validate.ProblemCollector;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * FULLY_CONNECTED on uint8 and int8 with per-tensor weights: every row of the input (its last
 * dimension, {@code weights[1]} long) times the {@code [outputs, depth]} weight matrix, plus the
 * bias. The multiplier is TFLite's {@code GetQuantizedConvolutionMultipler}: the float32 product
 * of input and filter scales, over the output scale, for both types. It runs on TFLite's GEMM back
 * end, so its final rounding follows the target TFLite build, as CONV_2D's does.
 */
public final class FullyConnected implements OperatorLowering {

  @Override
  public String kind() {
    return "FULLY_CONNECTED";
  }

  @Override
  public void validate(ModelGraph g, Operator op, ProblemCollector p) {
    if (!OpChecks.arity(p, op, 2, 3, 1)) {
      return;
    }
    OperatorOptions.FullyConnected o = (OperatorOptions.FullyConnected) op.options();
    if (!OpChecks.activation(g, p, op, op.input(0), "input", -1)
        || !OpChecks.activation(g, p, op, op.output(0), "output", -1)
        || !OpChecks.sameType(g, p, op, op.input(0), op.output(0))
        || !OpChecks.fusedActivation(p, op, o.activation())) {
      return;
    }
    if (o.weightsFormat() != 0) {
      p.add(UNSUPPORTED_OPTION, op, "weights format " + o.weightsFormat()
          + " (shuffled) is not supported; supported: DEFAULT (0)");
      return;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor filter = g.tensor(op.input(1));
    if (!Weights.filter(g, p, op, filter, in.type(), 0)) {
      return;
    }
    if (filter.rank() != 2) {
      p.add(INVALID_MODEL, op, "weights " + p.describe(filter.index())
          + " must have rank 2 ([outputs, depth])");
      return;
    }
    if (!filter.quant().isPerTensor()) {
      p.add(UNSUPPORTED_TYPE, op, "weights " + p.describe(filter.index())
          + " have per-channel scales; TFLite 2.6 and 2.9 run FULLY_CONNECTED with one weight"
          + " scale only (supported: per-tensor weights)");
      return;
    }
    int units = filter.dim(0);
    int depth = filter.dim(1);
    if (in.elementCount() % depth != 0) {
      p.add(INVALID_MODEL, op, "input " + p.describe(in.index()) + " has " + in.elementCount()
          + " elements, not a multiple of the weights' depth " + depth);
      return;
    }
    if (!Weights.bias(g, p, op, op.input(2), units)) {
      return;
    }
    Tensor out = g.tensor(op.output(0));
    long rows = in.elementCount() / depth;
    if (out.elementCount() != rows * units || out.dim(out.rank() - 1) != units) {
      p.add(INVALID_MODEL, op, "output " + p.describe(out.index()) + " should hold " + rows
          + " rows of " + units + " units");
      return;
    }
    if (!Double.isFinite(multiplier(in, filter, out))) {
      p.add(INVALID_MODEL, op, "output multiplier (input scale x weight scale / output scale)"
          + " is not a finite number");
    }
  }

  /** TFLite's {@code GetQuantizedConvolutionMultipler}: a float32 product, then double. */
  static double multiplier(Tensor in, Tensor filter, Tensor out) {
    float product = in.quant().scale() * filter.quant().scale();
    return (double) product / (double) out.quant().scale();
  }

  @Override
  public MethodSpec emit(ModelGraph g, Operator op, LoweringContext ctx) {
    OperatorOptions.FullyConnected o = (OperatorOptions.FullyConnected) op.options();
    Tensor in = g.tensor(op.input(0));
    Tensor filter = g.tensor(op.input(1));
    Tensor out = g.tensor(op.output(0));
    int units = filter.dim(0);
    int depth = filter.dim(1);
    long rows = in.elementCount() / depth;
    String prefix = ctx.prefix(op).toUpperCase(Locale.ROOT);

    // TFLite's weights are [units][depth]; the kernel reads [depth][units] so that the inner
    // loop runs over units with unit stride.
    byte[] raw = filter.data();
    byte[] transposed = new byte[raw.length];
    for (int u = 0; u < units; u++) {
      for (int d = 0; d < depth; d++) {
        transposed[d * units + u] = raw[u * depth + d];
      }
    }
    String weightsField = ctx.centeredWeights(prefix + "_WEIGHTS", transposed,
        filter.type() == TensorType.INT8, filter.quant().zeroPoint());
    String biasField = ctx.intArray(prefix + "_BIAS", Weights.biasValues(g, op.input(2), units));
    QuantizedMultiplier m = QuantizedMultiplier.of(multiplier(in, filter, out));
    Requantization.Rounding rounding =
        Requantization.Rounding.forGemm(ctx.options().tfliteVersion(), in.type());
    int outZp = out.quant().zeroPoint();
    ActivationRange range =
        ActivationRange.of(o.activation(), out.type(), out.quant().scale(), outZp);
    ctx.requireAccumulators(units);

    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int[] acc = this.acc");
    body.addStatement("final int[] weights = $N", weightsField);
    body.addStatement("final int[] bias = $N", biasField);
    body.add(Requantization.declareMultiplier(m.realValue(), m));
    body.add(Requantization.declareBounds(range, outZp));
    body.addStatement("final int depth = $L, units = $L", depth, units);
    body.beginControlFlow("for (int r = 0; r < $L; r++)", rows);
    body.addStatement("System.arraycopy(bias, 0, acc, 0, units)");
    body.addStatement("final int in = $L + r * depth", ctx.arenaOffset(in.index()));
    body.beginControlFlow("for (int d = 0, w = 0; d < depth; d++, w += units)");
    body.addStatement("final int x = t[in + d]");
    body.beginControlFlow("if (x == 0)");
    body.addStatement("continue");
    body.endControlFlow();
    body.beginControlFlow("for (int u = 0; u < units; u++)");
    body.addStatement("acc[u] += x * weights[w + u]");
    body.endControlFlow();
    body.endControlFlow();
    body.addStatement("final int out = $L + r * units", ctx.arenaOffset(out.index()));
    body.beginControlFlow("for (int u = 0; u < units; u++)");
    body.addStatement("t[out + u] = Math.max(outMin, Math.min(outMax, $L(acc[u], multiplier,"
        + " shift)))", rounding.helper);
    body.endControlFlow();
    body.endControlFlow();

    return MethodSpec.methodBuilder(ctx.prefix(op) + "FullyConnected")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: FULLY_CONNECTED $L units, $L.\n", op.index(), units,
            o.activation())
        .addJavadoc("$L $L x weights $L -> $L $L.\n", in.type(), in.shapeString(),
            filter.shapeString(), out.type(), out.shapeString())
        .addCode(body.build())
        .build();
  }
}

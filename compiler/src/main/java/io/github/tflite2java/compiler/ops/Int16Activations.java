package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_OPTION;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.floatmath.GlibcExp;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.quant.ActivationRange;
import io.github.tflite2java.compiler.quant.FixedPoint;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import javax.lang.model.element.Modifier;

/**
 * The int16 kernels of RELU, RELU6 and SOFTMAX (int16 activations with zero point 0, as TFLite's
 * 16x8 quantization makes them). An int16 input takes 65536 values, too many for the 256-entry
 * tables of the 8-bit paths, so each element is computed:
 *
 * <ul>
 *   <li>RELU/RELU6: TFLite's {@code QuantizedReluX<int16_t>}: {@code
 *       MultiplyByQuantizedMultiplier(q, s_in / s_out)} (the float32 quotient), clamped to
 *       {@code [0, 32767]} or {@code [0, round(6 / s_out)]};
 *   <li>SOFTMAX: TFLite's {@code reference_ops::SoftmaxInt16}: {@code q - max} rescaled so
 *       that {@code [-65535, 0]} is {@code [-10, 0]}, {@code exp} by a 513-entry interpolated
 *       table, a Q16.15 sum, its reciprocal by a second table of {@code 1 / (1 + x)}, and the
 *       product rounded to Q0.15. The tables are TFLite's {@code gen_lut}, computed here with
 *       glibc's {@code exp} ({@link GlibcExp}).
 * </ul>
 */
final class Int16Activations {

  private Int16Activations() {}

  /** One int16 RELU or RELU6 layer. */
  public record ReluPlan(Operator op, Activation activation, Tensor in, Tensor out,
      QuantizedMultiplier multiplier, float realMultiplier, ActivationRange range)
      implements LayerPlan {}

  /** RELU/RELU6 with an int16 input (after the arity check). */
  static ReluPlan prepareRelu(PrepareContext ctx, Operator op, Activation activation) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.sameTypeActivationsOrInt16(g, p, op) || !LookupTables.sameShape(g, p, op)) {
      return null;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    float real = in.quant().scale() / out.quant().scale(); // float32, as TFLite divides
    if (!(real < OpChecks.MAX_OUTPUT_MULTIPLIER)) {
      p.add(INVALID_MODEL, op, "rescaling multiplier " + real + " (input scale / output scale)"
          + " is not below 2^30; the model's scales are likely corrupt");
      return null;
    }
    ActivationRange range = ActivationRange.of(activation, out.type(), out.quant().scale(), 0);
    return new ReluPlan(op, activation, in, out, QuantizedMultiplier.of(real), real, range);
  }

  static MethodSpec emitRelu(ReluPlan plan, EmitContext ctx) {
    Tensor in = plan.in();
    Tensor out = plan.out();
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.add("// Rescale by $L (float32 s_in / s_out), then clamp; zero points are 0.\n",
        plan.realMultiplier());
    body.addStatement("final int multiplier = $L, shift = $L", plan.multiplier().multiplier(),
        plan.multiplier().shift());
    body.addStatement("final int outMin = $L, outMax = $L", plan.range().min(),
        plan.range().max());
    body.addStatement("final int in = $L, out = $L", ctx.arenaOffset(in.index()),
        ctx.arenaOffset(out.index()));
    body.beginControlFlow("for (int i = 0; i < $L; i++)", in.elementCount());
    body.addStatement("final int v = $N(t[in + i], multiplier, shift)",
        ctx.helper(Helper.MULTIPLY_BY_QUANTIZED_MULTIPLIER));
    body.addStatement("t[out + i] = Math.max(outMin, Math.min(outMax, v))");
    body.endControlFlow();
    return MethodSpec.methodBuilder(ctx.prefix(plan.op())
            + (plan.activation() == Activation.RELU ? "Relu" : "Relu6"))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: $L on int16 (TFLite's QuantizedReluX<int16_t>).\n",
            plan.op().index(), plan.op().kind())
        .addJavadoc("$L\n", Layers.describe(in, out))
        .addJavadoc("Quantization $L -> $L.\n", in.quant(), out.quant())
        .addCode(body.build())
        .build();
  }

  // ---------------------------------------------------------------------------------------------

  /** TFLite's int16 lookup tables: 512 base values and one more for the last slope. */
  static final int LUT_SIZE = 513;

  /** The output scale TFLite's int16 SOFTMAX produces: Q0.15. */
  static final float SOFTMAX_OUTPUT_SCALE = 1f / 32768;

  /** The real value of one step of the rescaled difference: [-65535, 0] is [-10, 0]. */
  private static final double DIFF_STEP = 10.0 / 65535.0;

  /**
   * One int16 SOFTMAX layer.
   *
   * @param multiplier {@code inputScale * beta / (10 / 65535)} as TFLite quantizes it
   * @param expLut {@code gen_lut(exp, -10, 0)}
   * @param reciprocalLut {@code gen_lut(1 / (1 + x), 0, 1)}
   */
  public record SoftmaxPlan(Operator op, Tensor in, Tensor out, float beta, double realMultiplier,
      QuantizedMultiplier multiplier, int[] expLut, int[] reciprocalLut) implements LayerPlan {
    public SoftmaxPlan {
      expLut = expLut.clone();
      reciprocalLut = reciprocalLut.clone();
    }

    @Override
    public int[] expLut() {
      return expLut.clone();
    }

    @Override
    public int[] reciprocalLut() {
      return reciprocalLut.clone();
    }
  }

  /** SOFTMAX with an int16 input (after the arity check). */
  static SoftmaxPlan prepareSoftmax(PrepareContext ctx, Operator op, float beta) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.sameTypeActivationsOrInt16(g, p, op)) {
      return null;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    if (in.rank() < 1 || in.rank() > 4
        || !java.util.Arrays.equals(in.shape(), out.shape())) {
      p.add(INVALID_MODEL, op, "input " + p.describe(in.index()) + " and output "
          + p.describe(out.index()) + " must have the same shape, of rank 1 to 4 (TFLite's"
          + " int16 SOFTMAX takes ranks 1 to 4)");
      return null;
    }
    if (!(beta > 0) || Float.isInfinite(beta)) {
      p.add(UNSUPPORTED_OPTION, op, "beta " + beta + " is not supported; expected a positive"
          + " finite number");
      return null;
    }
    if (out.quant().scale() != SOFTMAX_OUTPUT_SCALE) {
      p.add(UNSUPPORTED_TYPE, op, "output " + p.describe(out.index()) + " has " + out.quant()
          + "; TFLite's int16 SOFTMAX writes Q0.15 values: expected scale 1/32768, zero point 0");
      return null;
    }
    // TFLite: input->params.scale * params->beta (float32) / (10.0 / 65535.0) (double).
    double real = (double) (in.quant().scale() * beta) / DIFF_STEP;
    QuantizedMultiplier m = QuantizedMultiplier.of(real);
    // The difference (at most 65535 in magnitude) is shifted left by the multiplier's exponent
    // in 32 bits first: beyond 2^15 it would overflow.
    if (m.shift() > 15) {
      p.add(UNSUPPORTED_TYPE, op, "input scale x beta " + in.quant().scale() * beta
          + " is too large for TFLite's int16 SOFTMAX (its rescaled differences overflow 32"
          + " bits); supported: input scale x beta below 5");
      return null;
    }
    return new SoftmaxPlan(op, in, out, beta, real, m, genLut(GlibcExp::exp, -10.0, 0.0),
        genLut(x -> 1.0 / (1.0 + x), 0.0, 1.0));
  }

  /**
   * TFLite's {@code gen_lut} on doubles for outputs in [-1, 1] as int16: 512 samples of {@code
   * f} on [min, max) scaled by 32768, each corrected by half the error of linear interpolation
   * at the midpoint of its step, and {@code f(max)}; all clamped to int16.
   */
  static int[] genLut(DoubleUnaryOperator f, double min, double max) {
    int[] table = new int[LUT_SIZE];
    double step = (max - min) / (LUT_SIZE - 1);
    double halfStep = step / 2.0;
    for (int i = 0; i < LUT_SIZE - 1; i++) {
      double sample = round(f.applyAsDouble(min + i * step) * 32768.0);
      double midpointInterp = round((f.applyAsDouble(min + (i + 1) * step) * 32768.0
          + round(f.applyAsDouble(min + i * step) * 32768.0)) / 2.0);
      double midpoint = round(f.applyAsDouble(min + i * step + halfStep) * 32768.0);
      double bias = round((midpointInterp - midpoint) / 2.0);
      table[i] = (int) Math.min(Math.max(sample - bias, -32768.0), 32767.0);
    }
    table[LUT_SIZE - 1] =
        (int) Math.min(Math.max(round(f.applyAsDouble(max) * 32768.0), -32768.0), 32767.0);
    return table;
  }

  private static double round(double d) {
    return FixedPoint.roundHalfAwayFromZero(d);
  }

  /** TFLite's {@code generic_int16_table_lookup}: interpolates between two table entries. */
  static int lookup(int value, int[] lut) {
    int index = 256 + (value >> 7);
    int offset = value & 0x7f;
    int base = lut[index];
    int slope = lut[index + 1] - lut[index];
    int delta = (slope * offset + 64) >> 7;
    return (short) (base + delta);
  }

  /** Statements setting int {@code target} to {@link #lookup} of int {@code value}. */
  private static CodeBlock lookupCode(String target, String value, String lut) {
    return CodeBlock.builder()
        .addStatement("final int $NIndex = 256 + ($N >> 7)", target, value)
        .addStatement("final int $N = (short) ($N[$NIndex] + ((($N[$NIndex + 1] - $N[$NIndex])"
            + " * ($N & 0x7f) + 64) >> 7))", target, lut, target, lut, target, lut, target,
            value)
        .build();
  }

  /** Statements setting {@code e} to the Q0.15 exp of input element {@code j}. */
  private static CodeBlock expCode(EmitContext ctx) {
    return CodeBlock.builder()
        .addStatement("final int scaled = $N(t[in + j] - max, multiplier, shift)",
            ctx.helper(Helper.MULTIPLY_BY_QUANTIZED_MULTIPLIER))
        .addStatement("final int sym = Math.max(-32768, Math.min(32767, scaled + 32767))")
        .add(lookupCode("e", "sym", "expLut"))
        .build();
  }

  static MethodSpec emitSoftmax(SoftmaxPlan plan, EmitContext ctx) {
    Operator op = plan.op();
    Tensor in = plan.in();
    Tensor out = plan.out();
    int depth = in.dim(in.rank() - 1);
    long rows = in.elementCount() / depth;
    String prefix = ctx.prefix(op).toUpperCase(Locale.ROOT);
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.add("// gen_lut(exp, -10, 0) and gen_lut(1 / (1 + x), 0, 1): Q0.15, interpolated\n");
    body.addStatement("final int[] expLut = $N, reciprocalLut = $N",
        ctx.intArray(prefix + "_EXP_LUT", plan.expLut()),
        ctx.intArray(prefix + "_RECIPROCAL_LUT", plan.reciprocalLut()));
    body.add("// q - max scaled by inputScale * beta / (10 / 65535) = $L\n",
        String.format(Locale.ROOT, "%.9g", plan.realMultiplier()));
    body.addStatement("final int multiplier = $L, shift = $L", plan.multiplier().multiplier(),
        plan.multiplier().shift());
    body.addStatement("final int depth = $L", depth);
    body.beginControlFlow("for (int r = 0; r < $L; r++)", rows);
    body.addStatement("final int in = $L, out = $L",
        Layers.plus(ctx.arenaOffset(in.index()), "r * depth"),
        Layers.plus(ctx.arenaOffset(out.index()), "r * depth"));
    body.addStatement("int max = -32768");
    body.beginControlFlow("for (int j = 0; j < depth; j++)");
    body.addStatement("max = Math.max(max, t[in + j])");
    body.endControlFlow();
    body.add("// The sum of the Q0.15 exps, Q16.15.\n");
    body.addStatement("int sum = 0");
    body.beginControlFlow("for (int j = 0; j < depth; j++)");
    body.add(expCode(ctx));
    body.addStatement("sum += e");
    body.endControlFlow();
    body.add("// 1 / sum: the sum normalized to [1, 2), recentred, through 1 / (1 + x).\n");
    body.addStatement("final int headroomPlusOne = Integer.numberOfLeadingZeros(sum)");
    body.addStatement("final int shiftedSum = (int) ((((long) sum << (headroomPlusOne - 1))"
        + " + (1 << 13)) >> 14)");
    body.addStatement("final int symSum = Math.max(-32768, Math.min(32767, shiftedSum - $L))",
        (1 << 15) + (1 << 16));
    body.add(lookupCode("reciprocal", "symSum", "reciprocalLut"));
    body.addStatement("final int rightShift = 31 - headroomPlusOne");
    body.addStatement("final long round = 1 << (rightShift - 1)");
    body.beginControlFlow("for (int j = 0; j < depth; j++)");
    body.add(expCode(ctx));
    body.addStatement("final int result = (int) (((long) e * reciprocal + round) >> rightShift)");
    body.addStatement("t[out + j] = Math.max(0, Math.min(32767, result))");
    body.endControlFlow();
    body.endControlFlow();
    return MethodSpec.methodBuilder(ctx.prefix(op) + "Softmax")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: SOFTMAX beta $L over the last dimension, int16 (TFLite's"
            + " SoftmaxInt16).\n", op.index(), plan.beta())
        .addJavadoc("$L\n", Layers.describe(in, out))
        .addCode(body.build())
        .build();
  }
}

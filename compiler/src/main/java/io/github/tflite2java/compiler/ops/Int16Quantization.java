package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * QUANTIZE from int16 and DEQUANTIZE of int16 (16x8 quantization), as TFLite 2.9 computes them:
 *
 * <ul>
 *   <li>QUANTIZE int16 to int8 or int16 ({@code quantize.cc}'s requantize case, the reference
 *       {@code Requantize}): {@code MultiplyByQuantizedMultiplier(q - zp_in)} by {@code s_in /
 *       s_out} (in double precision) plus the output zero point, clamped. TFLite takes no other
 *       int16 requantization (an 8-bit input cannot become int16).
 *   <li>DEQUANTIZE int16 to float32: {@code (float) ((double) scale * (q - zp))}.
 * </ul>
 *
 * <p>An int16 value takes 65536 values, so both are computed per element rather than looked up.
 * (float32 to int16 is {@link Quantize}'s float path with the int16 range.)
 */
final class Int16Quantization {
  private Int16Quantization() {}

  /** QUANTIZE int16 to int8/int16: the multiplier {@code s_in / s_out}. */
  record RequantizePlan(Operator op, Tensor in, Tensor out, double real, QuantizedMultiplier m)
      implements LayerPlan {}

  /** DEQUANTIZE int16 to float32. */
  record DequantizePlan(Operator op, Tensor in, Tensor out) implements LayerPlan {}

  /** Checks and plans a QUANTIZE whose input or output is int16 (input not float32). */
  static RequantizePlan prepareRequantize(PrepareContext ctx, Operator op) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    if (in.type() != TensorType.INT16) {
      p.add(UNSUPPORTED_TYPE, op, "QUANTIZE from " + in.type() + " " + p.describe(in.index())
          + " to int16: TFLite requantizes to int16 only from int16 (or quantizes float32)");
      return null;
    }
    if (out.type() != TensorType.INT8 && out.type() != TensorType.INT16) {
      p.add(UNSUPPORTED_TYPE, op, "QUANTIZE from int16 to " + out.type() + " "
          + p.describe(out.index()) + ": TFLite requantizes int16 to int8 or int16 only");
      return null;
    }
    if (!OpChecks.activationOrInt16(g, p, op, in.index(), "input", -1)
        || !OpChecks.activationOrInt16(g, p, op, out.index(), "output", -1)
        || !LookupTables.sameShape(g, p, op)) {
      return null;
    }
    double real = (double) in.quant().scale() / (double) out.quant().scale();
    return new RequantizePlan(op, in, out, real, QuantizedMultiplier.of(real));
  }

  /** Checks and plans a DEQUANTIZE of int16 to float32. */
  static DequantizePlan prepareDequantize(PrepareContext ctx, Operator op) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    if (!OpChecks.activationOrInt16(g, p, op, in.index(), "input", -1)) {
      return null;
    }
    if (out.type() != TensorType.FLOAT32) {
      p.add(UNSUPPORTED_TYPE, op, "output " + p.describe(out.index()) + " is " + out.type()
          + "; supported: float32");
      return null;
    }
    return LookupTables.sameShape(g, p, op) ? new DequantizePlan(op, in, out) : null;
  }

  static MethodSpec emitRequantize(RequantizePlan plan, EmitContext ctx) {
    Tensor in = plan.in();
    Tensor out = plan.out();
    int zpOut = out.quant().zeroPoint();
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] t = arena");
    b.addStatement("final int in = $L, out = $L", ctx.arenaOffset(in.index()),
        ctx.arenaOffset(out.index()));
    b.add(Requantization.declareMultiplier(plan.real(), plan.m()));
    b.add("// The output range minus its zero point $L.\n", zpOut);
    b.addStatement("final int outMin = $L, outMax = $L", out.type().qmin() - zpOut,
        out.type().qmax() - zpOut);
    b.beginControlFlow("for (int i = 0; i < $L; i++)", in.elementCount());
    b.addStatement("final int v = $L(t[in + i], multiplier, shift)",
        ctx.helper(Helper.MULTIPLY_BY_QUANTIZED_MULTIPLIER));
    b.addStatement("t[out + i] = Math.max(outMin, Math.min(outMax, v))");
    b.endControlFlow();
    return MethodSpec.methodBuilder(ctx.prefix(plan.op()) + "Quantize")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: QUANTIZE int16 -> $L, requantized by $L / $L.\n",
            plan.op().index(), out.type().name().toLowerCase(Locale.ROOT), in.quant().scale(),
            out.quant().scale())
        .addJavadoc("$L\n", Layers.describe(in, out))
        .addCode(b.build())
        .build();
  }

  static MethodSpec emitDequantize(DequantizePlan plan, EmitContext ctx) {
    Tensor in = plan.in();
    Tensor out = plan.out();
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] t = arena");
    b.addStatement("final int in = $L, out = $L", ctx.arenaOffset(in.index()),
        ctx.arenaOffset(out.index()));
    b.addStatement("final double scale = $Lf", Float.toString(in.quant().scale()));
    b.beginControlFlow("for (int i = 0; i < $L; i++)", in.elementCount());
    b.add("// The arena holds q - 0 (int16 zero point 0); the result as float bits.\n");
    b.addStatement("t[out + i] = Float.floatToRawIntBits((float) (scale * t[in + i]))");
    b.endControlFlow();
    return MethodSpec.methodBuilder(ctx.prefix(plan.op()) + "Dequantize")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: DEQUANTIZE int16 -> float32, $L * q.\n", plan.op().index(),
            in.quant().scale())
        .addJavadoc("$L\n", Layers.describe(in, out))
        .addCode(b.build())
        .build();
  }
}

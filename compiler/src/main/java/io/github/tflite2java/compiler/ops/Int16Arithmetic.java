package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ops.BinaryElementwise.Operand;
import io.github.tflite2java.compiler.ops.BinaryElementwise.Operands;
import io.github.tflite2java.compiler.quant.ActivationRange;
import io.github.tflite2java.compiler.quant.FixedPoint;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;

/**
 * ADD, SUB and MUL on int16 (16x8 quantization), as TFLite 2.9 computes them.
 *
 * <ul>
 *   <li>ADD and SUB, general scales ({@code add.cc}/{@code sub.cc} {@code general_scale_int16}):
 *       the 8-bit formula of {@link Add} with a left shift of 15 instead of 20: each centered
 *       input {@code (x << 15)} scaled by {@code s_i / (2 max(s1, s2))}, summed, scaled by
 *       {@code 2 max(s1, s2) / (2^15 s_out)}, each through {@code
 *       MultiplyByQuantizedMultiplierSmallerThanOneExp}; SUB negates the second multiplier.
 *   <li>ADD and SUB with {@code pot_scale_int16} set (the schema's default when the options table
 *       is present) and all three scales powers of two ({@code CheckedLog2}) with zero points 0:
 *       gemmlowp's int16 path, one input taken as it is, the other divided by {@code 2^shift}
 *       (halves away from zero), a saturating int16 sum or difference. TFLite requires one of
 *       the shifts to be 0 and both to be at most 0; its kernel does not broadcast. (On
 *       power-of-two scales the general formula is exact up to its one final rounding, so both
 *       paths give the same bytes; the path decides what TFLite refuses.)
 *   <li>MUL: {@code MultiplyByQuantizedMultiplier(x1 * x2)} by {@code s1 * s2 / s_out}, as on
 *       8-bit tensors (the product of two int16 values fits in 32 bits).
 * </ul>
 */
final class Int16Arithmetic {
  /** TFLite's left shift for 16-bit ADD/SUB with general scales. */
  static final int LEFT_SHIFT = 15;

  private Int16Arithmetic() {}

  enum Kind {
    ADD, SUB, MUL
  }

  /**
   * One int16 ADD/SUB/MUL layer. {@code pot}: the power-of-two ADD/SUB path ({@code shift1},
   * {@code shift2}: the inputs' right shifts, at most one non-zero); otherwise {@code m1},
   * {@code m2} are the input multipliers of ADD/SUB (null for MUL) and {@code out} the output
   * multiplier.
   */
  record Plan(Operator op, Kind kind, Activation activation, Operands operands, boolean pot,
      int shift1, int shift2, QuantizedMultiplier m1, QuantizedMultiplier m2,
      QuantizedMultiplier out, double realOutput, ActivationRange range)
      implements BinaryElementwise.BinaryPlan {}

  /** TFLite's {@code CheckedLog2}: the rounded log2 of {@code scale}, or null if not POT. */
  static Integer checkedLog2(float scale) {
    float log2 = (float) Math.log(scale) * (1.0f / (float) Math.log(2.0f));
    float rounded = FixedPoint.roundHalfAwayFromZero(log2);
    return Math.abs(log2 - rounded) < 1e-3f ? (int) rounded : null;
  }

  /** The plan, or null after reporting a problem. */
  static Plan prepare(PrepareContext ctx, Operator op, Kind kind, Activation act,
      boolean potScaleInt16, Tensor a, Tensor b, Tensor out, Broadcast bc) {
    ActivationRange range = ActivationRange.of(act, out.type(), out.quant().scale(),
        out.quant().zeroPoint());
    float s1 = a.quant().scale();
    float s2 = b.quant().scale();
    float so = out.quant().scale();
    if (kind == Kind.MUL) {
      double real = Mul.realMultiplier(s1, s2, so);
      Operands io = new Operands(BinaryElementwise.Input.of(a, x -> x),
          BinaryElementwise.Input.of(b, x -> x), out, bc);
      return new Plan(op, kind, act, io, false, 0, 0, null, null, QuantizedMultiplier.of(real),
          real, range);
    }
    Integer l1 = checkedLog2(s1);
    Integer l2 = checkedLog2(s2);
    Integer lo = checkedLog2(so);
    boolean pot = potScaleInt16 && l1 != null && l2 != null && lo != null
        && a.quant().zeroPoint() == 0 && b.quant().zeroPoint() == 0
        && out.quant().zeroPoint() == 0;
    if (pot) {
      int shift1 = l1 - lo;
      int shift2 = l2 - lo;
      if (!(shift1 == 0 || shift2 == 0) || shift1 > 0 || shift2 > 0) {
        ctx.problems().add(UNSUPPORTED_TYPE, op, "int16 " + kind + " with power-of-two scales"
            + " (pot_scale_int16): input scales 2^" + l1 + " and 2^" + l2 + " against output"
            + " scale 2^" + lo + "; TFLite requires one input scale equal to the output scale"
            + " and the other at most it");
        return null;
      }
      if (shift1 < -15 || shift2 < -15) {
        ctx.problems().add(UNSUPPORTED_TYPE, op, "int16 " + kind + " with power-of-two scales"
            + " shifts an input right by more than 15 bits; tflite2java supports at most 15");
        return null;
      }
      if (!bc.isElementwise()) {
        ctx.problems().add(UNSUPPORTED_TYPE, op, "int16 " + kind + " with power-of-two scales"
            + " (pot_scale_int16) and broadcasting: TFLite's power-of-two int16 kernel does"
            + " not broadcast (TFLite aborts on it; set pot_scale_int16 false, or give both"
            + " inputs the output's shape)");
        return null;
      }
      Operands io = new Operands(BinaryElementwise.Input.of(a, x -> x),
          BinaryElementwise.Input.of(b, x -> x), out, bc);
      return new Plan(op, kind, act, io, true, shift1, shift2, null, null, null, 0, range);
    }
    Add.Multipliers m = multipliers(s1, s2, so);
    if (!m.valid()) {
      ctx.problems().add(UNSUPPORTED_TYPE, op, "output scale " + so + " is too small for the"
          + " input scales (output multiplier " + m.realOutput() + " must be below 1, as"
          + " TFLite requires)");
      return null;
    }
    QuantizedMultiplier m1 = m.input1();
    QuantizedMultiplier m2 = kind == Kind.SUB
        ? new QuantizedMultiplier(-m.input2().multiplier(), m.input2().shift()) : m.input2();
    Operands io = new Operands(BinaryElementwise.Input.of(a, x -> scaled(x, m1)),
        BinaryElementwise.Input.of(b, x -> scaled(x, m2)), out, bc);
    return new Plan(op, kind, act, io, false, 0, 0, m1, m2, m.output(), m.realOutput(), range);
  }

  /** {@code add.cc}'s multipliers with the 16-bit left shift. */
  private static Add.Multipliers multipliers(float s1, float s2, float sOut) {
    double twiceMax = 2 * Math.max(s1, s2);
    double real1 = s1 / twiceMax;
    double real2 = s2 / twiceMax;
    double realOut = twiceMax / (double) ((1 << LEFT_SHIFT) * sOut); // float product
    return new Add.Multipliers(QuantizedMultiplier.of(real1), QuantizedMultiplier.of(real2),
        QuantizedMultiplier.of(realOut), realOut);
  }

  /** {@code (x << 15)} scaled by an input multiplier, for a centered input value. */
  static int scaled(int centered, QuantizedMultiplier m) {
    return FixedPoint.multiplyByQuantizedMultiplierSmallerThanOneExp(
        centered * (1 << LEFT_SHIFT), m.multiplier(), m.shift());
  }

  static CodeBlock declare(Plan plan) {
    CodeBlock.Builder b = CodeBlock.builder();
    if (plan.kind() == Kind.MUL) {
      b.add(Requantization.declareMultiplier(plan.realOutput(), plan.out()));
    } else if (plan.pot()) {
      b.add("// int16 $L, power-of-two scales: input $L divided by 2^$L\n", plan.kind(),
          plan.shift1() == 0 ? 2 : 1, -Math.min(plan.shift1(), plan.shift2()));
    } else {
      b.add("// int16 $L: (x << $L) scaled by $L * 2^($L - 31) and $L * 2^($L - 31)\n",
          plan.kind(), LEFT_SHIFT, plan.m1().multiplier(), plan.m1().shift(),
          plan.m2().multiplier(), plan.m2().shift());
      b.addStatement("final int m1 = $L, s1 = $L, m2 = $L, s2 = $L", plan.m1().multiplier(),
          plan.m1().shift(), plan.m2().multiplier(), plan.m2().shift());
      b.addStatement("final int outMultiplier = $L, outShift = $L", plan.out().multiplier(),
          plan.out().shift());
    }
    b.add(Requantization.declareBounds(plan.range(),
        plan.operands().out().quant().zeroPoint()));
    return b.build();
  }

  static CodeBlock element(Plan plan, EmitContext ctx, Operand a, Operand b) {
    CodeBlock x1 = CodeBlock.of("$N[i1]", a.array());
    CodeBlock x2 = CodeBlock.of("$N[i2]", b.array());
    CodeBlock.Builder c = CodeBlock.builder();
    if (plan.kind() == Kind.MUL) {
      return c.addStatement("t[o] = Math.max(outMin, Math.min(outMax, $L($L * $L, multiplier,"
          + " shift)))", ctx.helper(Helper.MULTIPLY_BY_QUANTIZED_MULTIPLIER), x1, x2).build();
    }
    if (plan.pot()) {
      int rs = -Math.min(plan.shift1(), plan.shift2());
      if (rs > 0) {
        if (plan.shift1() == 0) {
          x2 = CodeBlock.of("$L($L, $L)", ctx.helper(Helper.ROUNDING_DIVIDE_BY_POT), x2, rs);
        } else {
          x1 = CodeBlock.of("$L($L, $L)", ctx.helper(Helper.ROUNDING_DIVIDE_BY_POT), x1, rs);
        }
      }
      c.addStatement("final int r = $L $L $L", x1, plan.kind() == Kind.SUB ? "-" : "+", x2);
      c.add("// Saturating int16 $L, then the activation bounds.\n", plan.kind());
      return c.addStatement("t[o] = Math.max(outMin, Math.min(outMax,"
          + " Math.max(-32768, Math.min(32767, r))))").build();
    }
    CodeBlock v1 = a.isConstant() ? x1 : CodeBlock.of("$L($L << $L, m1, s1)",
        ctx.helper(Helper.MULTIPLY_BY_QUANTIZED_MULTIPLIER), x1, LEFT_SHIFT);
    CodeBlock v2 = b.isConstant() ? x2 : CodeBlock.of("$L($L << $L, m2, s2)",
        ctx.helper(Helper.MULTIPLY_BY_QUANTIZED_MULTIPLIER), x2, LEFT_SHIFT);
    c.addStatement("final int sum = $L + $L", v1, v2);
    return c.addStatement("t[o] = Math.max(outMin, Math.min(outMax, $L(sum, outMultiplier,"
        + " outShift)))", ctx.helper(Helper.MULTIPLY_BY_QUANTIZED_MULTIPLIER)).build();
  }
}

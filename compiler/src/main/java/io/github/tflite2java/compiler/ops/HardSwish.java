package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;

/**
 * HARD_SWISH ({@code x * relu6(x + 3) / 6}) on uint8 and int8, as TFLite's quantized kernel
 * computes it: 16-bit fixed point, the input on a "hi-res" scale {@code s_in / 128}, a
 * "relu-ish" factor in [0, 1] and the output multiplier both reduced to 16 bits. The compiler
 * runs that arithmetic for each of the 256 input values; the generated code looks it up.
 */
public final class HardSwish extends TableKernel {

  public HardSwish() {
    super("HARD_SWISH", BuiltinOperator.HARD_SWISH, ReportCategory.ACTIVATION);
  }

  /** TFLite's {@code HardSwishParams}, as {@code HardSwishPrepare} fills them. */
  record Params(int inputZeroPoint, int outputZeroPoint, short reluishMultiplier,
      int reluishExponent, short outputMultiplier, int outputExponent) {

    static Params of(Tensor in, Tensor out) {
      float inputScale = in.quant().scale();
      float hiresInputScale = (1.0f / 128.0f) * inputScale;
      float reluishScale = 3.0f / 32768.0f;
      float outputScale = out.quant().scale();
      QuantizedMultiplier output = QuantizedMultiplier.of(hiresInputScale / outputScale);
      QuantizedMultiplier reluish = QuantizedMultiplier.of(hiresInputScale / reluishScale);
      return new Params(in.quant().zeroPoint(), out.quant().zeroPoint(),
          downScale(reluish.multiplier()), reluish.shift(), downScale(output.multiplier()),
          output.shift());
    }
  }

  @Override
  public LookupTables.TablePlan prepare(PrepareContext ctx, Operator op,
      OperatorOptions.None options) {
    ProblemCollector p = ctx.problems();
    if (!LookupTables.validateUnary(ctx.graph(), p, op, false)) {
      return null;
    }
    Tensor in = ctx.tensor(op.input(0));
    Tensor out = ctx.tensor(op.output(0));
    Params params = Params.of(in, out);
    if (params.outputExponent() > 0 || params.reluishExponent() > 30) {
      p.add(UNSUPPORTED_TYPE, op, "input scale " + in.quant().scale() + " and output scale "
          + out.quant().scale() + " are too far apart for TFLite's 16-bit HARD_SWISH (it needs"
          + " input scale / 128 <= output scale)");
      return null;
    }
    int[] table = LookupTables.centered(in, out, raw -> apply(params, out, raw));
    return new LookupTables.TablePlan(op, in, out, "HardSwish", table,
        "x * relu6(x + 3) / 6 in TFLite's 16-bit fixed point");
  }

  /** TFLite's {@code reference_ops::HardSwish} for one raw input value. */
  static int apply(Params p, Tensor out, int raw) {
    short inputValue = (short) (raw - p.inputZeroPoint());
    short hires = (short) (inputValue * (1 << 7));
    short preshiftOutput = roundingDoublingHighMul(hires, p.outputMultiplier());
    short reluish = hires;
    if (p.reluishExponent() > 0) {
      reluish = saturatingLeftShift(reluish, p.reluishExponent() - 1);
    }
    reluish = roundingDoublingHighMul(reluish, p.reluishMultiplier());
    if (p.reluishExponent() > 0) {
      reluish = saturatingLeftShift(reluish, 1);
    }
    if (p.reluishExponent() < 0) {
      reluish = roundingDivideByPot(reluish, -p.reluishExponent());
    }
    reluish = (short) ((reluish + (1 << 15)) >> 1);
    short preshiftOutputValue = doublingHighMul(reluish, preshiftOutput);
    short outputValue = roundingDivideByPot(preshiftOutputValue, -p.outputExponent());
    outputValue = (short) (outputValue + p.outputZeroPoint());
    return LookupTables.clamp(out, outputValue);
  }

  /** {@code DownScaleInt32ToInt16Multiplier}. */
  static short downScale(int multiplier) {
    int roundingOffset = 1 << 15;
    if (multiplier >= Integer.MAX_VALUE - roundingOffset) {
      return Short.MAX_VALUE;
    }
    return (short) ((multiplier + roundingOffset) >> 16);
  }

  /** gemmlowp's 16-bit {@code SaturatingRoundingDoublingHighMul}. */
  static short roundingDoublingHighMul(short a, short b) {
    if (a == b && a == Short.MIN_VALUE) {
      return Short.MAX_VALUE;
    }
    int ab = a * b;
    short nudge = (short) (ab >= 0 ? (1 << 14) : (1 - (1 << 14)));
    return (short) ((ab + nudge) / (1 << 15));
  }

  /** TFLite's 16-bit {@code SaturatingDoublingHighMul}: no rounding, truncation toward zero. */
  static short doublingHighMul(short a, short b) {
    if (a == b && a == Short.MIN_VALUE) {
      return Short.MAX_VALUE;
    }
    return (short) ((a * b) / (1 << 15));
  }

  /** TFLite's {@code SaturatingLeftShift} of a 16-bit value. */
  static short saturatingLeftShift(short value, int amount) {
    long result = (long) value * (1 << amount);
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, result));
  }

  /** gemmlowp's {@code RoundingDivideByPOT} on int16 lanes (each step truncated to 16 bits). */
  static short roundingDivideByPot(short x, int exponent) {
    short mask = (short) ((1L << exponent) - 1);
    short remainder = (short) (x & mask);
    short threshold = (short) ((mask >> 1) + (x < 0 ? 1 : 0));
    return (short) ((x >> exponent) + (remainder > threshold ? 1 : 0));
  }
}

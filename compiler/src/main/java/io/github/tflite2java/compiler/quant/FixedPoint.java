package io.github.tflite2java.compiler.quant;

import io.github.tflite2java.compiler.helpers.FixedPointHelpers;

/**
 * gemmlowp's fixed-point primitives as TFLite uses them, bit for bit, for the compiler to fold
 * constants. Those that generated code also runs are defined once, in {@link FixedPointHelpers}
 * (whose source generated classes carry); these delegate to them.
 */
public final class FixedPoint {

  private FixedPoint() {}

  /**
   * {@code SaturatingRoundingDoublingHighMul}: the high 32 bits of {@code 2*a*b}, rounded to
   * nearest with halves away from zero; saturates the single overflowing case.
   */
  public static int saturatingRoundingDoublingHighMul(int a, int b) {
    return FixedPointHelpers.saturatingRoundingDoublingHighMul(a, b);
  }

  /** {@code RoundingDivideByPOT}: {@code x / 2^exponent}, rounding halves away from zero. */
  public static int roundingDivideByPot(int x, int exponent) {
    if (exponent < 0 || exponent > 31) {
      throw new IllegalArgumentException("exponent out of [0, 31]: " + exponent);
    }
    return FixedPointHelpers.roundingDivideByPot(x, exponent);
  }

  /**
   * {@code MultiplyByQuantizedMultiplier} of TFLite's default (double rounding) build: {@code x *
   * multiplier * 2^(shift - 31)}; {@code shift > 0} shifts left before the multiplication.
   */
  public static int multiplyByQuantizedMultiplier(int x, int multiplier, int shift) {
    return FixedPointHelpers.multiplyByQuantizedMultiplier(x, multiplier, shift);
  }

  /**
   * The output stage of ruy's x86 AVX kernels (TFLite 2.9's CONV_2D and FULLY_CONNECTED): the
   * same rounded high half as {@link #saturatingRoundingDoublingHighMul}, then a rounding
   * shift that takes exact halves toward +infinity.
   */
  public static int multiplyByQuantizedMultiplierRoundingUp(int x, int multiplier, int shift) {
    return FixedPointHelpers.multiplyByQuantizedMultiplierRoundingUp(x, multiplier, shift);
  }

  /**
   * ruy's reference (portable C++) output stage, used by TFLite 2.6's int8 CONV_2D on x86: one
   * rounding of the exact product, halves toward +infinity.
   */
  public static int multiplyByQuantizedMultiplierSingleRounding(
      int x, int multiplier, int shift) {
    return FixedPointHelpers.multiplyByQuantizedMultiplierSingleRounding(x, multiplier, shift);
  }

  /**
   * {@code MultiplyByQuantizedMultiplierSmallerThanOneExp}: as {@link
   * #multiplyByQuantizedMultiplier} for a non-positive shift.
   */
  public static int multiplyByQuantizedMultiplierSmallerThanOneExp(
      int x, int multiplier, int shift) {
    return roundingDivideByPot(saturatingRoundingDoublingHighMul(x, multiplier), -shift);
  }

  /**
   * {@code MultiplyByQuantizedMultiplierGreaterThanOne}: {@code x * 2^leftShift} times the
   * multiplier, one rounding.
   */
  public static int multiplyByQuantizedMultiplierGreaterThanOne(
      int x, int multiplier, int leftShift) {
    return saturatingRoundingDoublingHighMul(x * (1 << leftShift), multiplier);
  }

  /** TfLiteRound / std::round for float: halves away from zero. */
  public static float roundHalfAwayFromZero(float f) {
    return FixedPointHelpers.roundHalfAwayFromZero(f);
  }

  /** std::round for double: halves away from zero. */
  public static double roundHalfAwayFromZero(double d) {
    // floor(d + 0.5) is wrong for 0.49999999999999994; compare the fraction instead.
    double a = Math.abs(d);
    double f = Math.floor(a);
    double r = (a - f) >= 0.5 ? f + 1 : f;
    return Math.copySign(r, d);
  }
}

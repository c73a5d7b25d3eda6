package io.github.tflite2java.compiler.quant;

/**
 * gemmlowp's fixed-point primitives as TFLite uses them, bit for bit. The compiler uses them
 * to fold constants; generated code carries its own copy (see {@code FixedPointHelpers}), and
 * the tests hold both to the same expectations.
 */
public final class FixedPoint {

  private FixedPoint() {}

  /**
   * {@code SaturatingRoundingDoublingHighMul}: the high 32 bits of {@code 2*a*b}, rounded to
   * nearest with halves away from zero; saturates the single overflowing case.
   */
  public static int saturatingRoundingDoublingHighMul(int a, int b) {
    if (a == b && a == Integer.MIN_VALUE) {
      return Integer.MAX_VALUE;
    }
    long ab = (long) a * b;
    long nudge = ab >= 0 ? (1L << 30) : (1L - (1L << 30));
    // Division, not a shift: it truncates toward zero like C++.
    return (int) ((ab + nudge) / (1L << 31));
  }

  /** {@code RoundingDivideByPOT}: {@code x / 2^exponent}, rounding halves away from zero. */
  public static int roundingDivideByPot(int x, int exponent) {
    if (exponent < 0 || exponent > 31) {
      throw new IllegalArgumentException("exponent out of [0, 31]: " + exponent);
    }
    int mask = (int) ((1L << exponent) - 1);
    int remainder = x & mask;
    int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
  }

  /**
   * {@code MultiplyByQuantizedMultiplier} of TFLite's default (double rounding) build: {@code x *
   * multiplier * 2^(shift - 31)}; {@code shift > 0} shifts left before the multiplication.
   */
  public static int multiplyByQuantizedMultiplier(int x, int multiplier, int shift) {
    int leftShift = shift > 0 ? shift : 0;
    int rightShift = shift > 0 ? 0 : -shift;
    return roundingDivideByPot(
        saturatingRoundingDoublingHighMul(x * (1 << leftShift), multiplier), rightShift);
  }

  /**
   * The output stage of ruy's x86 AVX kernels (TFLite 2.9's CONV_2D and FULLY_CONNECTED): the
   * same rounded high half as {@link #saturatingRoundingDoublingHighMul}, then a rounding
   * shift that takes exact halves toward +infinity.
   */
  public static int multiplyByQuantizedMultiplierRoundingUp(int x, int multiplier, int shift) {
    int leftShift = shift > 0 ? shift : 0;
    int rightShift = shift > 0 ? 0 : -shift;
    long p = ((long) (x << leftShift) * multiplier + (1L << 30)) >> 31;
    return (int) (rightShift == 0 ? p : (p + (1L << (rightShift - 1))) >> rightShift);
  }

  /**
   * ruy's reference (portable C++) output stage, used by TFLite 2.6's int8 CONV_2D on x86: one
   * rounding of the exact product, halves toward +infinity.
   */
  public static int multiplyByQuantizedMultiplierSingleRounding(
      int x, int multiplier, int shift) {
    int totalShift = 31 - shift;
    long round = 1L << (totalShift - 1);
    return (int) (((long) x * multiplier + round) >> totalShift);
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
    double d = f;
    return (float) (d < 0 ? -Math.floor(-d + 0.5) : Math.floor(d + 0.5));
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

package io.github.tflite2java.compiler.helpers;

/**
 * TFLite's fixed-point arithmetic as generated classes carry it: the one definition, compiled
 * and unit-tested here, whose source {@link HelperSource} copies into generated classes (Java 8,
 * no dependencies). {@code quant.FixedPoint} delegates here for the compiler's own use.
 */
public final class FixedPointHelpers {

  private FixedPointHelpers() {}

  /**
   * TFLite's MultiplyByQuantizedMultiplier: x * multiplier * 2^(shift - 31), rounding twice as
   * gemmlowp does.
   */
  public static int multiplyByQuantizedMultiplier(int x, int multiplier, int shift) {
    final int left = shift > 0 ? shift : 0;
    final int right = shift > 0 ? 0 : -shift;
    return roundingDivideByPot(saturatingRoundingDoublingHighMul(x * (1 << left), multiplier),
        right);
  }

  /**
   * ruy's x86 output stage (TFLite 2.9 CONV_2D / FULLY_CONNECTED): the rounded high half, then a
   * shift rounding halves toward +infinity.
   */
  public static int multiplyByQuantizedMultiplierRoundingUp(int x, int multiplier, int shift) {
    final int left = shift > 0 ? shift : 0;
    final int right = shift > 0 ? 0 : -shift;
    final long p = ((long) (x << left) * multiplier + (1L << 30)) >> 31;
    return (int) (right == 0 ? p : (p + (1L << (right - 1))) >> right);
  }

  /**
   * ruy's portable output stage (TFLite 2.6 int8 CONV_2D): one rounding, halves toward
   * +infinity.
   */
  public static int multiplyByQuantizedMultiplierSingleRounding(
      int x, int multiplier, int shift) {
    final int totalShift = 31 - shift;
    return (int) (((long) x * multiplier + (1L << (totalShift - 1))) >> totalShift);
  }

  /** gemmlowp's SaturatingRoundingDoublingHighMul: the rounded high half of 2 * a * b. */
  public static int saturatingRoundingDoublingHighMul(int a, int b) {
    if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
      return Integer.MAX_VALUE;
    }
    final long ab = (long) a * b;
    final long nudge = ab >= 0 ? (1L << 30) : (1L - (1L << 30));
    // Division truncates toward zero, as in C++; a shift would not.
    return (int) ((ab + nudge) / (1L << 31));
  }

  /** gemmlowp's RoundingDivideByPOT: x / 2^exponent, halves away from zero. */
  public static int roundingDivideByPot(int x, int exponent) {
    final int mask = (int) ((1L << exponent) - 1);
    final int remainder = x & mask;
    final int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
  }

  /** C's roundf: nearest integer, halves away from zero. */
  public static float roundHalfAwayFromZero(float f) {
    final double d = f;
    return (float) (d < 0 ? -Math.floor(-d + 0.5) : Math.floor(d + 0.5));
  }
}

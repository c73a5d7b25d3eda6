package io.github.tflite2java.compiler.quant;

/**
 * A real multiplier as TFLite stores it: a Q0.31 {@code multiplier} in [2^30, 2^31) (or 0) and a
 * power-of-two {@code shift} (positive = left), with {@code real ~= multiplier * 2^(shift-31)}.
 */
public record QuantizedMultiplier(int multiplier, int shift) {

  /** TFLite's {@code QuantizeMultiplier(double, int32_t*, int*)}, exactly. */
  public static QuantizedMultiplier of(double realMultiplier) {
    if (realMultiplier == 0.0) {
      return new QuantizedMultiplier(0, 0);
    }
    if (Double.isNaN(realMultiplier) || Double.isInfinite(realMultiplier)) {
      throw new IllegalArgumentException("multiplier is not finite: " + realMultiplier);
    }
    // frexp: realMultiplier = q * 2^shift with |q| in [0.5, 1).
    int shift = frexpExponent(realMultiplier);
    double q = Math.scalb(realMultiplier, -shift);
    long qFixed = (long) FixedPoint.roundHalfAwayFromZero(q * (1L << 31));
    if (Math.abs(qFixed) > (1L << 31)) {
      throw new IllegalStateException("frexp mantissa out of range for " + realMultiplier);
    }
    if (qFixed == (1L << 31)) {
      qFixed /= 2;
      shift++;
    }
    if (qFixed > Integer.MAX_VALUE) {
      throw new IllegalStateException("multiplier overflow for " + realMultiplier);
    }
    if (shift < -31) {
      shift = 0;
      qFixed = 0;
    }
    return new QuantizedMultiplier((int) qFixed, shift);
  }

  /**
   * TFLite's {@code QuantizeMultiplierGreaterThanOne}: as {@link #of} for multipliers above 1;
   * the shift is the left shift, never negative.
   */
  public static QuantizedMultiplier greaterThanOne(double realMultiplier) {
    if (!(realMultiplier > 1.0)) {
      throw new IllegalArgumentException("multiplier must be > 1: " + realMultiplier);
    }
    QuantizedMultiplier q = of(realMultiplier);
    if (q.shift < 0) {
      throw new IllegalStateException("negative left shift for " + realMultiplier);
    }
    return q;
  }

  /** The exponent that C's frexp returns: {@code d = q * 2^e} with {@code |q|} in [0.5, 1). */
  static int frexpExponent(double d) {
    double a = Math.abs(d);
    if (a < Double.MIN_NORMAL) {
      // Subnormal: scale into the normal range first.
      return frexpExponent(a * 0x1p64) - 64;
    }
    return Math.getExponent(a) + 1;
  }

  /** The real value this pair stands for. */
  public double realValue() {
    return multiplier * Math.pow(2, shift - 31);
  }
}

package io.github.tflite2java.compiler.ops;

import io.github.tflite2java.compiler.quant.FixedPoint;

/** The requantization tests' reference: TFLite's 64-bit scaling of {@code x} for each rounding. */
final class TfliteScaling {
  private TfliteScaling() {}

  static int scale(Requantization.Rounding r, int x, int m, int shift) {
    switch (r) {
      case DOUBLE_UP: return FixedPoint.multiplyByQuantizedMultiplierRoundingUp(x, m, shift);
      case DOUBLE_AWAY_FROM_ZERO: return FixedPoint.multiplyByQuantizedMultiplier(x, m, shift);
      case SINGLE: return FixedPoint.multiplyByQuantizedMultiplierSingleRounding(x, m, shift);
      default: throw new AssertionError(r);
    }
  }
}

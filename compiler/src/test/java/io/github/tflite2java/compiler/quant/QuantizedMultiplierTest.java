package io.github.tflite2java.compiler.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuantizedMultiplierTest {

  @Test
  void zeroIsZero() {
    assertEquals(new QuantizedMultiplier(0, 0), QuantizedMultiplier.of(0.0));
  }

  @Test
  void powersOfTwo() {
    assertEquals(new QuantizedMultiplier(1 << 30, 1), QuantizedMultiplier.of(1.0));
    assertEquals(new QuantizedMultiplier(1 << 30, 0), QuantizedMultiplier.of(0.5));
    assertEquals(new QuantizedMultiplier(1 << 30, -9), QuantizedMultiplier.of(1.0 / 1024));
    assertEquals(new QuantizedMultiplier(1 << 30, 4), QuantizedMultiplier.of(8.0));
  }

  @Test
  void mantissaRoundingUpToTwoToThe31CarriesIntoTheShift() {
    // Just below 1.0: q * 2^31 rounds to 2^31, so TFLite halves it and bumps the shift.
    double d = 1.0 - 0x1p-40;
    assertEquals(new QuantizedMultiplier(1 << 30, 1), QuantizedMultiplier.of(d));
  }

  @Test
  void roundsHalfAwayFromZero() {
    // q = 0.5 + 2^-32 -> q * 2^31 = 2^30 + 0.5 -> rounds up to 2^30 + 1.
    double d = 0.5 + 0x1p-32;
    assertEquals(new QuantizedMultiplier((1 << 30) + 1, 0), QuantizedMultiplier.of(d));
  }

  @Test
  void tinyMultipliersFlushToZero() {
    assertEquals(new QuantizedMultiplier(0, 0), QuantizedMultiplier.of(0x1p-40));
    // 2^-32 = 0.5 * 2^-31: shift -31 is still representable.
    assertEquals(new QuantizedMultiplier(1 << 30, -31), QuantizedMultiplier.of(0x1p-32));
    assertEquals(new QuantizedMultiplier(0, 0), QuantizedMultiplier.of(Double.MIN_VALUE));
  }

  @Test
  void negativeMultipliersKeepTheirSign() {
    assertEquals(new QuantizedMultiplier(-(1 << 30), 0), QuantizedMultiplier.of(-0.5));
  }

  @Test
  void rejectsNonFinite() {
    assertThrows(IllegalArgumentException.class, () -> QuantizedMultiplier.of(Double.NaN));
    assertThrows(IllegalArgumentException.class,
        () -> QuantizedMultiplier.of(Double.POSITIVE_INFINITY));
  }

  @Test
  void greaterThanOne() {
    QuantizedMultiplier q = QuantizedMultiplier.greaterThanOne(3.0);
    assertEquals(new QuantizedMultiplier(3 << 29, 2), q);
    assertThrows(IllegalArgumentException.class, () -> QuantizedMultiplier.greaterThanOne(0.5));
  }

  @Test
  void representsTheRealValueWithin2ToTheMinus31Relative() {
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 100_000; i++) {
      double d = Math.scalb(0.5 + r.nextDouble() / 2, r.nextInt(-30, 30));
      QuantizedMultiplier q = QuantizedMultiplier.of(d);
      assertTrue(q.multiplier() >= 1 << 30, () -> "normalized: " + q);
      assertTrue(Math.abs(q.realValue() - d) <= d * 0x1p-31, () -> d + " -> " + q);
    }
  }

  @Test
  void frexpExponentOfSubnormals() {
    assertEquals(-1073, QuantizedMultiplier.frexpExponent(Double.MIN_VALUE));
    assertEquals(1, QuantizedMultiplier.frexpExponent(1.0));
    assertEquals(0, QuantizedMultiplier.frexpExponent(0.75));
  }
}

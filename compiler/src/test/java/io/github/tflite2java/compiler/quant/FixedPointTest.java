package io.github.tflite2java.compiler.quant;

import static io.github.tflite2java.compiler.quant.FixedPoint.multiplyByQuantizedMultiplier;
import static io.github.tflite2java.compiler.quant.FixedPoint.roundingDivideByPot;
import static io.github.tflite2java.compiler.quant.FixedPoint.saturatingRoundingDoublingHighMul;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FixedPointTest {

  @Test
  void highMulSaturatesTheOnlyOverflowingCase() {
    assertEquals(Integer.MAX_VALUE,
        saturatingRoundingDoublingHighMul(Integer.MIN_VALUE, Integer.MIN_VALUE));
    // MIN * MAX does not overflow: 2 * -2^31 * (2^31 - 1) / 2^32 = -(2^31 - 1), exact.
    assertEquals(-Integer.MAX_VALUE,
        saturatingRoundingDoublingHighMul(Integer.MIN_VALUE, Integer.MAX_VALUE));
  }

  @Test
  void highMulRoundsHalvesUpward() {
    // a * b = 2^30 exactly: 2ab / 2^32 = 0.5 -> 1. gemmlowp's nudge for negative products is
    // 1 - 2^30, so -0.5 truncates to 0: exact halves round toward +infinity on both sides.
    assertEquals(1, saturatingRoundingDoublingHighMul(1 << 15, 1 << 15));
    assertEquals(0, saturatingRoundingDoublingHighMul(-(1 << 15), 1 << 15));
    assertEquals(-1, saturatingRoundingDoublingHighMul(-3 << 15, 1 << 15)); // -1.5 -> -1
    assertEquals(2, saturatingRoundingDoublingHighMul(3 << 15, 1 << 15)); // 1.5 -> 2
    // Just below a half rounds toward zero on both sides.
    assertEquals(0, saturatingRoundingDoublingHighMul((1 << 15) - 1, 1 << 15));
    assertEquals(0, saturatingRoundingDoublingHighMul(-((1 << 15) - 1), 1 << 15));
  }

  @Test
  void highMulMatchesExactRationalArithmetic() {
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 200_000; i++) {
      int a = r.nextInt();
      int b = i % 3 == 0 ? r.nextInt(1 << 30, Integer.MAX_VALUE) : r.nextInt();
      if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
        continue;
      }
      assertEquals(referenceHighMul(a, b), saturatingRoundingDoublingHighMul(a, b),
          "a=" + a + " b=" + b);
    }
  }

  /** floor(2ab / 2^32 + 1/2) in exact arithmetic: nearest, exact halves upward. */
  private static int referenceHighMul(int a, int b) {
    BigInteger ab2 = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).shiftLeft(1);
    BigInteger half = BigInteger.ONE.shiftLeft(31);
    // floorDiv via shiftRight (arithmetic shift floors).
    return ab2.add(half).shiftRight(32).intValueExact();
  }

  @Test
  void roundingDivideRoundsHalvesAwayFromZero() {
    assertEquals(1, roundingDivideByPot(1, 1)); // 0.5
    assertEquals(-1, roundingDivideByPot(-1, 1)); // -0.5
    assertEquals(2, roundingDivideByPot(3, 1)); // 1.5
    assertEquals(-2, roundingDivideByPot(-3, 1)); // -1.5
    assertEquals(1, roundingDivideByPot(5, 2)); // 1.25
    assertEquals(-1, roundingDivideByPot(-5, 2)); // -1.25
    assertEquals(-2, roundingDivideByPot(-7, 2)); // -1.75
    assertEquals(7, roundingDivideByPot(7, 0));
    assertEquals(-7, roundingDivideByPot(-7, 0));
  }

  @Test
  void roundingDivideAtShiftBoundaries() {
    assertEquals(1, roundingDivideByPot(Integer.MAX_VALUE, 31)); // 0.99999...
    assertEquals(-1, roundingDivideByPot(Integer.MIN_VALUE, 31)); // exactly -1
    assertEquals(0, roundingDivideByPot(1 << 29, 31)); // 0.25
    assertEquals(1, roundingDivideByPot(1 << 30, 31)); // 0.5 -> 1
    assertEquals(-1, roundingDivideByPot(-(1 << 30), 31)); // -0.5 -> -1
    assertThrows(IllegalArgumentException.class, () -> roundingDivideByPot(1, 32));
    assertThrows(IllegalArgumentException.class, () -> roundingDivideByPot(1, -1));
  }

  @Test
  void roundingDivideMatchesExactArithmetic() {
    SplittableRandom r = new SplittableRandom(2);
    for (int i = 0; i < 100_000; i++) {
      int x = r.nextInt();
      int e = r.nextInt(32);
      double exact = x / Math.pow(2, e);
      long expected = (long) Math.copySign(Math.floor(Math.abs(exact) + 0.5), exact);
      assertEquals(expected, roundingDivideByPot(x, e), "x=" + x + " e=" + e);
    }
  }

  @Test
  void multiplyByQuantizedMultiplierRoundsTwice() {
    // 0.75 as Q31 with shift -1 -> x * 0.375.
    int m = 3 << 29;
    assertEquals(4, multiplyByQuantizedMultiplier(10, m, -1)); // 3.75 -> 4
    assertEquals(-4, multiplyByQuantizedMultiplier(-10, m, -1));
    assertEquals(15, multiplyByQuantizedMultiplier(10, m, 1)); // 10 * 2 * 0.75
    // Double rounding: high-mul rounds 0.5*3 = 1.5 up to 2, then 2/2 = 1 -> 1;
    // single rounding of 0.75 would give 1 as well, but 5 * 0.375 = 1.875 -> 2:
    assertEquals(2, multiplyByQuantizedMultiplier(5, m, -1));
    // A case where double rounding differs from exact rounding: x=3, M=2^30 (0.5), shift -1:
    // high-mul 3*0.5 = 1.5 -> 2, then 2/2 = 1; exact 0.75 -> 1. And x=1, shift -1: 0.5->1,
    // then 1/2 = 0.5 -> 1, while exact 0.25 -> 0.
    assertEquals(1, multiplyByQuantizedMultiplier(1, 1 << 30, -1));
  }

  @Test
  void negativeAccumulators() {
    int m = 3 << 29; // 0.75
    // -10 * 0.75 = -7.5: the high-mul rounds the half upward to -7, then -7 / 2 = -3.5 rounds
    // away from zero to -4.
    assertEquals(-4, multiplyByQuantizedMultiplier(-10, m, -1));
    // -2 * 0.75 = -1.5 -> -1; -1 / 2 = -0.5 -> -1.
    assertEquals(-1, multiplyByQuantizedMultiplier(-2, m, -1));
    // -4 * 0.75 = -3 exactly; -3 / 4 = -0.75 -> -1.
    assertEquals(-1, multiplyByQuantizedMultiplier(-4, m, -2));
    // Left shift: -3 * 2 = -6, * 0.75 = -4.5 -> -4.
    assertEquals(-4, multiplyByQuantizedMultiplier(-3, m, 1));
  }

  @Test
  void theThreeTfliteRoundingsDifferOnlyOnTies() {
    int half = 1 << 30; // 0.5
    // -180 / 8 = -22.5 exactly: away from zero -> -23; ruy (up) -> -22.
    assertEquals(-23, multiplyByQuantizedMultiplier(-180, half, -2));
    assertEquals(-22, FixedPoint.multiplyByQuantizedMultiplierRoundingUp(-180, half, -2));
    assertEquals(-22, FixedPoint.multiplyByQuantizedMultiplierSingleRounding(-180, half, -2));
    // -181 / 8 = -22.625: the high half rounds -90.5 up to -90, so both double roundings see a
    // tie at -22.5 (away: -23, up: -22); a single rounding sees no tie and gives -23.
    assertEquals(-23, multiplyByQuantizedMultiplier(-181, half, -2));
    assertEquals(-22, FixedPoint.multiplyByQuantizedMultiplierRoundingUp(-181, half, -2));
    assertEquals(-23, FixedPoint.multiplyByQuantizedMultiplierSingleRounding(-181, half, -2));
    // Positive ties agree: 180 / 8 = 22.5 -> 23 everywhere.
    assertEquals(23, multiplyByQuantizedMultiplier(180, half, -2));
    assertEquals(23, FixedPoint.multiplyByQuantizedMultiplierRoundingUp(180, half, -2));
    assertEquals(23, FixedPoint.multiplyByQuantizedMultiplierSingleRounding(180, half, -2));
  }

  @Test
  void everyRoundingStaysWithinOneOfTheExactValue() {
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < 100_000; i++) {
      int x = r.nextInt(-(1 << 24), 1 << 24);
      int m = r.nextInt(1 << 30, Integer.MAX_VALUE);
      int shift = -r.nextInt(0, 12);
      int a = multiplyByQuantizedMultiplier(x, m, shift);
      int up = FixedPoint.multiplyByQuantizedMultiplierRoundingUp(x, m, shift);
      int single = FixedPoint.multiplyByQuantizedMultiplierSingleRounding(x, m, shift);
      double exact = (double) x * m * Math.pow(2, shift - 31);
      // A single rounding is off by at most one half; two roundings by less than one.
      assertTrue(Math.abs(single - exact) <= 0.5 + 1e-9, "single x=" + x + " m=" + m);
      assertTrue(Math.abs(a - exact) < 1, "away x=" + x + " m=" + m + " shift=" + shift);
      assertTrue(Math.abs(up - exact) < 1, "up x=" + x + " m=" + m + " shift=" + shift);
    }
  }

  @Test
  void roundHalfAwayFromZero() {
    assertEquals(1f, FixedPoint.roundHalfAwayFromZero(0.5f));
    assertEquals(-1f, FixedPoint.roundHalfAwayFromZero(-0.5f));
    assertEquals(0f, FixedPoint.roundHalfAwayFromZero(0.49999997f));
    assertEquals(3f, FixedPoint.roundHalfAwayFromZero(2.5f));
    assertEquals(0.0, FixedPoint.roundHalfAwayFromZero(0.49999999999999994));
    assertEquals(-3.0, FixedPoint.roundHalfAwayFromZero(-2.5));
  }
}

package io.github.tflite2java.compiler.floatmath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link EigenLogistic26}'s special cases and measured TFLite 2.6.2 bits, both paths within a
 * few ulps of the true logistic, and the flush-to-zero boundary (bit-exactness against TFLite
 * itself over millions of inputs is the it-tests' {@code FloatLogisticLiveTest}).
 */
class EigenLogistic26Test {

  static int bits(float f) {
    return Float.floatToRawIntBits(f);
  }

  @Test
  void specialValues() {
    for (boolean packet : new boolean[] {true, false}) {
      IntUnaryOperator f = packet ? EigenLogistic26::packet : EigenLogistic26::scalar;
      String path = packet ? "packet " : "scalar ";
      assertEquals(bits(0.5f), f.applyAsInt(0), path + "+0");
      assertEquals(bits(0.5f), f.applyAsInt(0x80000000), path + "-0");
      assertEquals(bits(0.5f), f.applyAsInt(0x807FFFFF), path + "subnormal");
      assertEquals(bits(1f), f.applyAsInt(0x7F800000), path + "+inf");
      assertEquals(0, f.applyAsInt(0xFF800000), path + "-inf");
      assertEquals(bits(1f), f.applyAsInt(bits(Float.MAX_VALUE)), path + "FLT_MAX");
      assertEquals(0, f.applyAsInt(bits(-Float.MAX_VALUE)), path + "-FLT_MAX");
      assertEquals(0, f.applyAsInt(bits(-100f)), path + "a subnormal result is +0 (FTZ)");
      assertEquals(0x7FE12345, f.applyAsInt(0x7FA12345), path + "signalling NaN quieted");
      assertEquals(0xFFC00001, f.applyAsInt(0xFFC00001), path + "quiet NaN kept");
      // The rational function reaches 1 at its cutoff 15.6437712 (the scalar path's shortcut).
      assertEquals(bits(1f), f.applyAsInt(0x417a4ce3), path + "cutoff");
      assertEquals(bits(1f), f.applyAsInt(0x417b970b), path + "15.724376 (2.9.0: 0.9999999)");
      assertNotEquals(bits(1f), f.applyAsInt(0x417a4ce2), path + "below the cutoff");
    }
    // Below -9 the paths differ: Eigen's exp against libm's expf (TFLite 2.6.2 measured).
    assertEquals(0x39016410, EigenLogistic26.packet(0xc110006f));
    assertEquals(0x3901640f, EigenLogistic26.scalar(0xc110006f));
    // Above -9 both are the rational function.
    assertEquals(EigenLogistic26.packet(0xc10fffff), EigenLogistic26.scalar(0xc10fffff));
  }

  /**
   * The design of 2.6.2's logistic: from -9 up the rational function within 2^-22 of the
   * logistic (absolute); below -9 {@code exp(x)} itself, each path's within 4 ulps of it.
   */
  @Test
  void bothPathsFollowTheDesign() {
    double worstAbs = 0;
    int worstPacket = 0;
    int worstScalar = 0;
    for (float x = -87f; x < 17f; x = Float.intBitsToFloat(
        Float.floatToRawIntBits(x) + (x < 0 ? -16 : 16))) {
      if (x == 0f) {
        continue;
      }
      int p = EigenLogistic26.packet(bits(x));
      int s = EigenLogistic26.scalar(bits(x));
      if (x >= -9f) {
        assertEquals(p, s, "the same rational function at " + x);
        double exact = 1 / (1 + Math.exp(-(double) x));
        worstAbs = Math.max(worstAbs, Math.abs(Float.intBitsToFloat(p) - exact));
      } else {
        int want = bits((float) Math.exp(x));
        worstPacket = Math.max(worstPacket, Math.abs(p - want));
        worstScalar = Math.max(worstScalar, Math.abs(s - want));
      }
      if (x > -0x1p-20f && x < 0) {
        x = 0x1p-20f; // skip the tiny magnitudes (all 0.5 within an ulp), cross to positives
      }
    }
    assertTrue(worstAbs <= 0x1p-22, "rational function worst " + worstAbs);
    assertTrue(worstAbs > 0x1p-24, "an approximation, not exact: " + worstAbs);
    assertTrue(worstPacket <= 4, "packet exp worst " + worstPacket + " ulps");
    assertTrue(worstScalar <= 4, "scalar exp worst " + worstScalar + " ulps");
  }

  /**
   * x86 decides whether a result is tiny (flushed by FTZ) after rounding it to 24 bits, Java
   * rounds to the subnormal grid: they disagree only where {@code pexp}'s last product (exact
   * before rounding) rounds up to 2^-126, or {@code expf}'s double result rounds to {@code
   * 0x007FFFFF}. No float below -87 (where results get that small) does either.
   */
  @Test
  void noInputLandsOnTheFlushBoundary() {
    long near = 0;
    for (float x = -87f; x >= -105f; x = Math.nextDown(x)) {
      float p = EigenLogistic26.pexp(x);
      assertNotEquals(0x1p-126f, p, "pexp at " + x);
      assertNotEquals(0x007FFFFF, bits(GlibcExpf.expf(x)), "expf at " + x);
      near += p < 0x1p-126f && p > 0x1p-127f ? 1 : 0;
    }
    assertTrue(near > 1000, "the loop covers results just below 2^-126: " + near);
  }
}

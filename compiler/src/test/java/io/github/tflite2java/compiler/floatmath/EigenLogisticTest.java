package io.github.tflite2java.compiler.floatmath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link EigenLogistic}'s special cases, and both paths within a few ulps of the true logistic
 * over every 64th float of [-104, 17.33] (bit-exactness against TFLite itself is the it-tests'
 * {@code FloatLogisticLiveTest}).
 */
class EigenLogisticTest {

  static int bits(float f) {
    return Float.floatToRawIntBits(f);
  }

  @Test
  void specialValues() {
    for (boolean packet : new boolean[] {true, false}) {
      java.util.function.IntUnaryOperator f = packet ? EigenLogistic::packet
          : EigenLogistic::scalar;
      assertEquals(bits(0.5f), f.applyAsInt(0), "+0");
      assertEquals(bits(0.5f), f.applyAsInt(0x80000000), "-0");
      assertEquals(bits(0.5f), f.applyAsInt(0x807FFFFF), "subnormal (DAZ)");
      assertEquals(bits(1f), f.applyAsInt(0x7F800000), "+inf");
      assertEquals(0, f.applyAsInt(0xFF800000), "-inf");
      assertEquals(bits(1f), f.applyAsInt(bits(Float.MAX_VALUE)), "FLT_MAX");
      assertEquals(0, f.applyAsInt(bits(-Float.MAX_VALUE)), "-FLT_MAX");
      assertEquals(0, f.applyAsInt(bits(-100f)), "a subnormal result is +0 (FTZ)");
      assertEquals(0x7FE12345, f.applyAsInt(0x7FA12345), "signalling NaN quieted");
      assertEquals(0xFFC00001, f.applyAsInt(0xFFC00001), "quiet NaN kept");
      assertEquals(bits(1f), f.applyAsInt(bits(17.33f)), "e/(1+e) is 1 from 25 ln 2");
    }
    // The paths differ: Eigen's exp against libm's expf (TFLite 2.9.0 measured).
    assertEquals(0x35922e68, EigenLogistic.packet(0xc15bae98));
    assertEquals(0x35922e67, EigenLogistic.scalar(0xc15bae98));
  }

  @Test
  void bothPathsStayWithinFourUlpsOfTheLogistic() {
    int worstPacket = 0;
    int worstScalar = 0;
    for (float x = -104f; x < 17.33f; x = Float.intBitsToFloat(
        Float.floatToRawIntBits(x) + (x < 0 ? -64 : 64))) {
      if (x == 0f) {
        continue;
      }
      double exact = 1 / (1 + Math.exp(-(double) x));
      if (exact < 0x1p-126) {
        continue; // flushed
      }
      int want = bits((float) exact);
      worstPacket = Math.max(worstPacket, Math.abs(EigenLogistic.packet(bits(x)) - want));
      worstScalar = Math.max(worstScalar, Math.abs(EigenLogistic.scalar(bits(x)) - want));
      if (x > -0x1p-20f && x < 0) {
        x = 0x1p-20f; // skip the tiny magnitudes (all 0.5 within an ulp), cross to positives
      }
    }
    assertTrue(worstPacket <= 4, "packet path worst " + worstPacket + " ulps");
    assertTrue(worstScalar <= 4, "scalar path worst " + worstScalar + " ulps");
    assertTrue(worstPacket > 0, "the packet path is an approximation, not exact");
  }
}

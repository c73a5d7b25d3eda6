package io.github.tflite2java.compiler.floatmath;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Java 8 fused multiply-add emulation of {@link GlibcExpf#fma} against Java 9's
 * {@link Math#fma} (exact by specification) on the magnitudes glibc's exp/expf feed it, and on
 * cancellation and near-tie cases where a multiply then add rounds differently.
 */
class FmaEmulationTest {

  private static void check(double a, double b, double c) {
    double want = Math.fma(a, b, c);
    double got = GlibcExpf.fma(a, b, c);
    assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got),
        () -> String.format("fma(%a, %a, %a): Math.fma %a, emulation %a", a, b, c, want, got));
  }

  @Test
  void randomOperandsOverWideScales() {
    SplittableRandom r = new SplittableRandom(8);
    for (int i = 0; i < 3_000_000; i++) {
      double a = r.nextDouble(-1, 1) * Math.scalb(1.0, r.nextInt(-300, 300));
      double b = r.nextDouble(-1, 1) * Math.scalb(1.0, r.nextInt(-300, 300));
      double c = r.nextDouble(-1, 1) * Math.scalb(1.0, r.nextInt(-600, 600));
      check(a, b, c);
    }
  }

  @Test
  void cancellationAndNearTies() {
    SplittableRandom r = new SplittableRandom(9);
    for (int i = 0; i < 3_000_000; i++) {
      double a = r.nextDouble(0.5, 2) * Math.scalb(1.0, r.nextInt(-60, 60));
      double b = r.nextDouble(-2, 2) * Math.scalb(1.0, r.nextInt(-60, 60));
      double p = a * b;
      double c;
      switch (i % 4) {
        case 0: c = -p; break; // exact product minus its rounding: the error term alone
        case 1: c = -p + Math.ulp(p) * r.nextInt(-4, 5); break;
        case 2: c = Math.scalb(1.0, Math.getExponent(p) + r.nextInt(1, 60)) * (r.nextBoolean() ? 1 : -1); break;
        default: c = (float) r.nextDouble(-1, 1); break; // the shape of glibc's integer shift and r*C+1
      }
      check(a, b, c);
    }
    // glibc expf's first step on floats: 32/ln2 * x + 0x1.8p52
    double invLn2N = Double.longBitsToDouble(0x40471547652b82feL);
    for (int bits = 0x3f000000; bits < 0x3f000000 + 2_000_000; bits++) {
      double x = Float.intBitsToFloat(bits);
      check(invLn2N, x, 0x1.8p52);
      check(invLn2N, -x, 0x1.8p52);
    }
  }
}

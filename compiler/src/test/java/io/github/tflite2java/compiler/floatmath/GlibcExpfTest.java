package io.github.tflite2java.compiler.floatmath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import io.github.tflite2java.compiler.testing.Oracles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link GlibcExpf} and {@link GlibcExp} against the machine's libm (glibc 2.36) bit for bit, and
 * how often {@code (float) Math.exp} / {@code Math.exp} differ from it. The default run checks
 * about 60 million floats and 20 million doubles in 10-20 s; {@code -Dtflite2java.exhaustiveExpf=true}
 * checks all 2^32 floats (several minutes).
 */
class GlibcExpfTest {
  static final String EXHAUSTIVE = "tflite2java.exhaustiveExpf";

  private static boolean fma;

  @BeforeAll
  static void libm() {
    String why = Libm.unavailable();
    Oracles.require(why == null, "glibc 2.36 libm on Linux x86-64 (the C library TFLite 2.9 calls)",
        why + "; run on the project's Debian 12 machine");
    fma = Libm.fmaBuild();
  }

  private static float javaExpf(float x) {
    return fma ? GlibcExpf.expf(x) : GlibcExpf.expfSse2(x);
  }

  private static double javaExp(double x) {
    return fma ? GlibcExp.exp(x) : GlibcExp.expSse2(x);
  }

  /** Compares one float; returns 1 if (float) Math.exp differs from libm, else 0. */
  private static int checkFloat(int bits, List<String> failures) {
    float x = Float.intBitsToFloat(bits);
    float want = Libm.expf(x);
    float got = javaExpf(x);
    if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got)
        && !(Float.isNaN(want) && Float.isNaN(got))) {
      if (failures.size() < 20) {
        failures.add(String.format("expf(%s = 0x%08x): libm %s (0x%08x), Java %s (0x%08x)", x, bits,
            want, Float.floatToRawIntBits(want), got, Float.floatToRawIntBits(got)));
      }
    }
    float math = (float) Math.exp(x);
    return Float.floatToRawIntBits(math) != Float.floatToRawIntBits(want) && !Float.isNaN(want) ? 1 : 0;
  }

  @Test
  void expfEdgeCases() {
    float[] edges = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
        -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffa00000), 88f, -88f,
        Float.intBitsToFloat(0x42b17217), Float.intBitsToFloat(0x42b17218), Float.intBitsToFloat(0x42b17216),
        Float.intBitsToFloat(0xc2cff1b4), Float.intBitsToFloat(0xc2cff1b5), Float.intBitsToFloat(0xc2cff1b3),
        Float.intBitsToFloat(0xc2ce8ecf), Float.intBitsToFloat(0xc2ce8ed0), Float.intBitsToFloat(0xc2ce8ece),
        1f, -1f, 0.5f, 1e-10f, -1e-10f, 10f, -10f, 50f, -87.5f, -100f};
    List<String> failures = new ArrayList<>();
    for (float x : edges) {
      checkFloat(Float.floatToRawIntBits(x), failures);
    }
    assertEquals(Float.MIN_VALUE, GlibcExpf.expf(-103.5f), "may-underflow window returns the smallest subnormal");
    assertEquals(Float.POSITIVE_INFINITY, GlibcExpf.expf(89f));
    assertEquals(0f, GlibcExpf.expf(-104f));
    assertEquals(1f, GlibcExpf.expf(-0f));
    report(failures, edges.length);
  }

  /**
   * Every float whose bits are a multiple of 73 (58.8 million, all exponents and signs), and every
   * float within 2^17 ulps of the thresholds and of 0.
   */
  @Test
  void expfDenseSample() {
    List<String> failures = new ArrayList<>();
    long checked = 0;
    long mathDiffers = 0;
    long buildsDiffer = 0;
    for (long b = 0; b <= 0xffffffffL; b += 73) {
      mathDiffers += checkFloat((int) b, failures);
      checked++;
      float x = Float.intBitsToFloat((int) b);
      if (Float.floatToRawIntBits(GlibcExpf.expf(x)) != Float.floatToRawIntBits(GlibcExpf.expfSse2(x)) && !Float.isNaN(x)) {
        buildsDiffer++;
      }
    }
    System.out.printf("expf: the FMA and SSE2 builds differ on %d of the %d multiples of 73%n", buildsDiffer, checked);
    int[] centres = {0x42b00000, 0x42b17217, 0xc2cff1b4, 0xc2ce8ecf, 0xc2b00000, 0x00000000, 0x80000000,
        0x3f800000, 0xbf800000};
    for (int c : centres) {
      for (int d = -(1 << 17); d < (1 << 17); d++) {
        mathDiffers += checkFloat(c + d, failures);
        checked++;
      }
    }
    System.out.printf("expf: %d floats checked against libm (%s build); (float) Math.exp differs on %d (%.4f%%)%n",
        checked, fma ? "FMA" : "SSE2", mathDiffers, 100.0 * mathDiffers / checked);
    report(failures, checked);
  }

  /**
   * All 2^32 floats; opt-in with -Dtflite2java.exhaustiveExpf=true. Without the property there
   * is no test (not a skipped one): a dynamic test list that is empty.
   */
  @TestFactory
  java.util.stream.Stream<DynamicTest> expfExhaustive() {
    if (!Boolean.getBoolean(EXHAUSTIVE)) {
      System.out.println("expf: exhaustive run not requested (-D" + EXHAUSTIVE + "=true)");
      return java.util.stream.Stream.empty();
    }
    return java.util.stream.Stream.of(DynamicTest.dynamicTest("all 2^32 floats",
        GlibcExpfTest::expfAllFloats));
  }

  private static void expfAllFloats() {
    List<String> failures = new ArrayList<>();
    long mathDiffers = 0;
    for (long b = 0; b <= 0xffffffffL; b++) {
      mathDiffers += checkFloat((int) b, failures);
    }
    System.out.printf("expf: all 2^32 floats checked against libm (%s build); (float) Math.exp differs on %d%n",
        fma ? "FMA" : "SSE2", mathDiffers);
    report(failures, 1L << 32);
  }

  @Test
  void expDoubles() {
    SplittableRandom random = new SplittableRandom(14);
    List<String> failures = new ArrayList<>();
    long checked = 0;
    long mathDiffers = 0;
    long buildsDiffer = 0;
    double[] edges = {0.0, -0.0, Double.MIN_VALUE, Double.MIN_NORMAL, 0x1p-54, -0x1p-54, 0x1p-55, 512.0,
        -512.0, 709.782712893384, 709.7827128933841, -745.1332191019411, -745.1332191019412, -708.4, -720,
        1023.9, 1024, -1024, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN, 1.0, -1.0, 0.5, 2.5, -2.5};
    int n = 12_000_000;
    for (int i = 0; i < n + edges.length; i++) {
      double x;
      if (i < edges.length) {
        x = edges[i];
      } else {
        switch (i % 4) {
          case 0: x = random.nextDouble(-20, 20); break; // decoded box sizes: h / h_scale
          case 1: x = random.nextDouble(-760, 760); break;
          case 2: x = Double.longBitsToDouble(random.nextLong()); break;
          default: x = (float) random.nextDouble(-4, 4) / (float) random.nextDouble(1, 10); break;
        }
      }
      double want = Libm.exp(x);
      double got = javaExp(x);
      if (Double.doubleToRawLongBits(want) != Double.doubleToRawLongBits(got)
          && !(Double.isNaN(want) && Double.isNaN(got))) {
        if (failures.size() < 20) {
          failures.add(String.format("exp(%s = %a): libm %a, Java %a", x, x, want, got));
        }
      }
      if (Double.doubleToRawLongBits(Math.exp(x)) != Double.doubleToRawLongBits(want) && !Double.isNaN(want)) {
        mathDiffers++;
      }
      if (Double.doubleToRawLongBits(GlibcExp.exp(x)) != Double.doubleToRawLongBits(GlibcExp.expSse2(x)) && !Double.isNaN(x)) {
        buildsDiffer++;
      }
      checked++;
    }
    System.out.printf("exp: %d doubles checked against libm (%s build); Math.exp differs on %d (%.4f%%), "
        + "the FMA and SSE2 builds on %d%n", checked, fma ? "FMA" : "SSE2", mathDiffers, 100.0 * mathDiffers / checked,
        buildsDiffer);
    report(failures, checked);
  }

  private static void report(List<String> failures, long checked) {
    if (!failures.isEmpty()) {
      fail(failures.size() + (failures.size() == 20 ? "+" : "") + " of " + checked
          + " inputs differ from libm, first ones:\n" + String.join("\n", failures));
    }
  }
}

package io.github.tflite2java.compiler.floatmath;

/**
 * float32 LOGISTIC exactly as TFLite 2.6.2's x86-64 build computes it ({@code
 * optimized_ops::Logistic}: Eigen's {@code scalar_logistic_op<float>} of the Eigen revision
 * TensorFlow 2.6 pins, over the tensor as one array), read from the disassembly of the Java
 * interpreter's {@code libtensorflowlite_jni.so} ({@code ai.djl.tflite:tflite-native-cpu:2.6.2})
 * and measured against it:
 *
 * <ul>
 *   <li>The functor is a rational function: {@code p(x) / q(x) + 0.5} with {@code p} odd of
 *       degree 9 and {@code q} even of degree 10 in {@code x = min(x, 15.6437712)} (the SSE
 *       build, no fused multiply-add); inputs below -9 take {@code exp(x)} itself instead.
 *   <li>Eigen evaluates it four elements at a time (SSE {@code Packet4f}) from the first 16-byte
 *       aligned output element (element 0: TFLite aligns tensors to 64 bytes) while four remain
 *       ({@link #packet}): there {@code exp} is Eigen's own {@code pexp} of that revision
 *       (clamped to [-88.723, 88.723], a degree-6 polynomial evaluated in another order than
 *       2.9's, {@code pldexp} shared with {@link EigenLogistic}). The last {@code size % 4}
 *       elements go through the scalar functor ({@link #scalar}): {@code x > 15.6437712} gives
 *       1 outright, {@code x < -9} gives libm's {@code expf(x)} ({@link GlibcExpf}).
 *   <li>The Java interpreter runs it with FTZ (measured): a subnormal result is +0. Subnormal
 *       inputs give 0.5 with or without DAZ. A NaN input gives that NaN with its quiet bit set.
 * </ul>
 *
 * <p>Every step is one IEEE float32 multiply, add or divide in the library's order (Java never
 * fuses them). Java 8 source, JDK only, no state: generated classes carry it.
 */
public final class EigenLogistic26 {

  private EigenLogistic26() {}

  private static final float CUTOFF_LOWER = -9f;
  private static final float CUTOFF_UPPER = Float.intBitsToFloat(0x417a4ce3); // 15.6437712
  private static final float A1 = Float.intBitsToFloat(0x3e7e3f32);
  private static final float A3 = Float.intBitsToFloat(0x3c0b7d58);
  private static final float A5 = Float.intBitsToFloat(0x387f413b);
  private static final float A7 = Float.intBitsToFloat(0x33f84ecb);
  private static final float A9 = Float.intBitsToFloat(0x2e403551);
  private static final float B0 = Float.intBitsToFloat(0x3f7e3f34);
  private static final float B2 = Float.intBitsToFloat(0x3def3e18);
  private static final float B4 = Float.intBitsToFloat(0x3adf153f);
  private static final float B6 = Float.intBitsToFloat(0x36d317dd);
  private static final float B8 = Float.intBitsToFloat(0x31c5f27b);
  private static final float B10 = Float.intBitsToFloat(0x2b2bc4f5);

  private static final float EXP_HI = Float.intBitsToFloat(0x42b1722d); // 88.723
  private static final float LOG2EF = Float.intBitsToFloat(0x3fb8aa3b);
  private static final float C1 = Float.intBitsToFloat(0xbf318000); // -0.693359375
  private static final float C2 = Float.intBitsToFloat(0x395e8083); // 2.12194440e-4
  private static final float P0 = Float.intBitsToFloat(0x39506967);
  private static final float P1 = Float.intBitsToFloat(0x3ab743ce);
  private static final float P2 = Float.intBitsToFloat(0x3c088908);
  private static final float P3 = Float.intBitsToFloat(0x3d2aa9c1);
  private static final float P4 = Float.intBitsToFloat(0x3e2aaaaa);

  /**
   * The packet path: the result bits for input bits {@code xb}, as an element at an index below
   * {@code size - size % 4}.
   */
  public static int packet(int xb) {
    float x = Float.intBitsToFloat(xb);
    if (x != x) {
      return xb | 0x400000;
    }
    if (x < CUTOFF_LOWER) {
      return flush(pexp(x));
    }
    return Float.floatToRawIntBits(rational(CUTOFF_UPPER < x ? CUTOFF_UPPER : x));
  }

  /**
   * The scalar path: the result bits for input bits {@code xb}, as one of the last {@code size %
   * 4} elements.
   */
  public static int scalar(int xb) {
    float x = Float.intBitsToFloat(xb);
    if (x != x) {
      return xb | 0x400000;
    }
    if (x < CUTOFF_LOWER) {
      return flush(GlibcExpf.expf(x));
    }
    return CUTOFF_UPPER < x ? 0x3F800000 : Float.floatToRawIntBits(rational(x));
  }

  /**
   * FTZ: a subnormal {@code exp} result is +0. (Where the result is tiny, x86 decides after
   * rounding to 24 bits; no input of either path lands on the rounding boundary where that
   * differs from Java's gradual-underflow result, as {@code EigenLogistic26Test} checks.)
   */
  private static int flush(float e) {
    return e < 0x1p-126f ? 0 : Float.floatToRawIntBits(e);
  }

  /** {@code p(x) / q(x) + 0.5}, Horner in {@code x^2}. */
  private static float rational(float x) {
    float x2 = x * x;
    float p = ((((A9 * x2 + A7) * x2 + A5) * x2 + A3) * x2 + A1) * x;
    float q = ((((B10 * x2 + B8) * x2 + B6) * x2 + B4) * x2 + B2) * x2 + B0;
    return p / q + 0.5f;
  }

  /** Eigen's {@code pexp_float} of TFLite 2.6.2, for {@code x < -9} (not NaN). */
  static float pexp(float x) {
    float xc = x < -EXP_HI ? -EXP_HI : x;
    float m = (float) Math.floor(xc * LOG2EF + 0.5f);
    float r = (m * C1 + xc) + m * C2;
    float r2 = r * r;
    float r3 = r2 * r;
    float high = ((P0 * r + P1) * r + P2) * r3;
    float low = ((P3 * r + P4) * r + 0.5f) + high;
    float y = EigenLogistic.pldexp(low * r2 + (r + 1f), m);
    return x > y ? x : y;
  }
}

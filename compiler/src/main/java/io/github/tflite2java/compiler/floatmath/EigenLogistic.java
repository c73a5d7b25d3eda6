package io.github.tflite2java.compiler.floatmath;

/**
 * float32 LOGISTIC exactly as TFLite 2.9.0's x86-64 build computes it ({@code
 * optimized_ops::Logistic}: Eigen's {@code scalar_logistic_op<float>} over the tensor as one
 * array), read from the shipped {@code libtensorflowlite_c.so} and measured against it:
 *
 * <ul>
 *   <li>The functor is {@code e = exp(x); e == +inf ? 1 : e / (1 + e)}.
 *   <li>Eigen evaluates it four elements at a time (SSE {@code Packet4f}; the library uses no AVX
 *       and no fused multiply-add on this path) from the first 16-byte aligned output element
 *       (TFLite's arena aligns every tensor to 64 bytes, so from element 0) while four remain,
 *       with its own {@code pexp} ({@link #packet}); the last {@code size % 4} elements go
 *       through the scalar functor, whose {@code exp} is libm's {@code expf} ({@link #scalar},
 *       through {@link GlibcExpf}).
 *   <li>TFLite's x86 builds run with DAZ and FTZ: a subnormal input is a zero of its sign and a
 *       subnormal result is +0. A NaN input gives that NaN with its quiet bit set.
 * </ul>
 *
 * <p>{@link #packet} is Eigen's {@code pexp_float} of that era (Cephes range reduction {@code x =
 * m ln2 + r} with {@code ln2} in two parts, a degree-6 polynomial in {@code r}, {@code 2^m} applied
 * by {@code pldexp} in four factors), every step one IEEE float32 multiply or add in the order
 * the library performs them (Java never fuses them). Java 8 source, JDK only, no state:
 * generated classes carry it.
 */
public final class EigenLogistic {

  private EigenLogistic() {}

  private static final float EXP_HI = 88.723f;
  private static final float EXP_LO = -104f;
  private static final float LOG2EF = 1.44269504088896341f;
  private static final float C1 = -0.693359375f;
  private static final float C2 = 2.12194440e-4f;
  private static final float P2 = 0.49999988079071044921875f;
  private static final float P3 = 0.16666518151760101318359375f;
  private static final float P4 = 4.166965186595916748046875e-2f;
  private static final float P5 = 8.36894474923610687255859375e-3f;
  private static final float P6 = 1.37449637986719608306884765625e-3f;

  /**
   * The packet path: the result bits for input bits {@code xb}, as an element at an index below
   * {@code size - size % 4}.
   */
  public static int packet(int xb) {
    if ((xb & 0x7F800000) == 0) {
      xb &= 0x80000000; // DAZ
    }
    float x = Float.intBitsToFloat(xb);
    if (x != x) {
      return xb | 0x400000;
    }
    if (x < EXP_LO) {
      return 0;
    }
    float xc = EXP_HI < x ? EXP_HI : x;
    float m = (float) Math.floor(xc * LOG2EF + 0.5f);
    float r = (m * C1 + xc) + m * C2;
    float r2 = r * r;
    float even = (P6 * r2 + P4) * r2 + P2;
    float odd = P5 * r2 + P3;
    float y = (odd * r + even) * r2 + (r + 1f);
    float ex = pldexp(y, m);
    ex = x > ex ? x : ex;
    return ratio(ex);
  }

  /**
   * The scalar path: the result bits for input bits {@code xb}, as one of the last {@code size %
   * 4} elements.
   */
  public static int scalar(int xb) {
    if ((xb & 0x7F800000) == 0) {
      xb &= 0x80000000; // DAZ
    }
    float x = Float.intBitsToFloat(xb);
    if (x != x) {
      return xb | 0x400000;
    }
    return ratio(GlibcExpf.expf(x));
  }

  /**
   * Eigen's {@code pldexp}: {@code y * 2^m} as {@code ((y * 2^b) * 2^b) * 2^b * 2^(m - 3b)}, {@code
   * b = m >> 2}, {@code m} clamped to +-278 (also {@link EigenLogistic26}'s).
   */
  static float pldexp(float y, float m) {
    int e = (int) Math.min(Math.max(m, -278f), 278f);
    int b = e >> 2;
    float c = Float.intBitsToFloat((b + 127) << 23);
    return y * c * c * c * Float.intBitsToFloat((e - 3 * b + 127) << 23);
  }

  /** {@code e == +inf ? 1 : e / (1 + e)}, a subnormal result flushed to +0. */
  private static int ratio(float e) {
    if (e == Float.POSITIVE_INFINITY) {
      return 0x3F800000;
    }
    float v = e / (1f + e);
    return v < 0x1p-126f ? 0 : Float.floatToRawIntBits(v);
  }
}

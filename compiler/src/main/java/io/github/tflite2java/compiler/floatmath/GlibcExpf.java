package io.github.tflite2java.compiler.floatmath;

/**
 * {@code expf} exactly as glibc 2.36 computes it on x86-64 (sysdeps/ieee754/flt-32/e_expf.c by
 * Szabolcs Nagy, tables of e_exp2f_data.c): {@code x*32/ln2 = k + r}, {@code 2^(k/32)} from a
 * 32-entry table, {@code 2^(r/32)} from a degree-3 polynomial, all in double, one rounding to
 * float at the end.
 *
 * <p>glibc picks one of two builds of that C source at load time (an ifunc): {@code __expf_fma},
 * compiled with {@code -mfma -mavx2}, on CPUs with FMA and AVX2 (every x86-64 since 2013-2015:
 * Haswell, Zen), where GCC contracted five multiply-adds into fused ones, and
 * {@code __expf_sse2} elsewhere. The two differ on a few inputs. {@link #expf} reproduces the
 * FMA build (the instruction sequence was read from Debian 12's libm.so.6), {@link #expfSse2}
 * the other. Java 8 has no {@code Math.fma}: fused multiply-adds are emulated exactly with
 * error-free transformations (Dekker's product, Knuth's two-sum and round-to-odd, Boldo and
 * Melquiond 2008), so the result does not depend on the JVM or the CPU.
 *
 * <p>Java 8 source, JDK only, no state: generated classes may carry it.
 */
public final class GlibcExpf {

  private GlibcExpf() {}

  /** 2^(i/32) as double bits minus {@code i << 47}, i = 0..31 (__exp2f_data.tab). */
  private static final long[] T = {
    0x3ff0000000000000L, 0x3fefd9b0d3158574L, 0x3fefb5586cf9890fL, 0x3fef9301d0125b51L,
    0x3fef72b83c7d517bL, 0x3fef54873168b9aaL, 0x3fef387a6e756238L, 0x3fef1e9df51fdee1L,
    0x3fef06fe0a31b715L, 0x3feef1a7373aa9cbL, 0x3feedea64c123422L, 0x3feece086061892dL,
    0x3feebfdad5362a27L, 0x3feeb42b569d4f82L, 0x3feeab07dd485429L, 0x3feea47eb03a5585L,
    0x3feea09e667f3bcdL, 0x3fee9f75e8ec5f74L, 0x3feea11473eb0187L, 0x3feea589994cce13L,
    0x3feeace5422aa0dbL, 0x3feeb737b0cdc5e5L, 0x3feec49182a3f090L, 0x3feed503b23e255dL,
    0x3feee89f995ad3adL, 0x3feeff76f2fb5e47L, 0x3fef199bdd85529cL, 0x3fef3720dcef9069L,
    0x3fef5818dcfba487L, 0x3fef7c97337b9b5fL, 0x3fefa4afa2a490daL, 0x3fefd0765b6e4540L,
  };

  private static final double INV_LN2_N = Double.longBitsToDouble(0x40471547652b82feL); // 32/ln2
  private static final double SHIFT = Double.longBitsToDouble(0x4338000000000000L); // 0x1.8p52
  private static final double C0 = Double.longBitsToDouble(0x3ebc6af84b912394L);
  private static final double C1 = Double.longBitsToDouble(0x3f2ebfce50fac4f3L);
  private static final double C2 = Double.longBitsToDouble(0x3f962e42ff0c52d6L);
  /** 0x1.62e42ep6f: above it the result overflows. */
  private static final float OVERFLOW = Float.intBitsToFloat(0x42b17217);
  /** -0x1.9fe368p6f: below it the result is +0. */
  private static final float UNDERFLOW = Float.intBitsToFloat(0xc2cff1b4);
  /** -0x1.9d1d9ep6f: below it (down to UNDERFLOW) glibc returns the smallest subnormal. */
  private static final float MAY_UNDERFLOW = Float.intBitsToFloat(0xc2ce8ecf);

  /** glibc 2.36 {@code expf} as its FMA build ({@code __expf_fma}) computes it. */
  public static float expf(float x) {
    float special = special(x);
    if (special == special || Float.isNaN(x)) {
      return special;
    }
    double xd = x;
    double kdShifted = fma(INV_LN2_N, xd, SHIFT);
    long ki = Double.doubleToRawLongBits(kdShifted);
    double kd = kdShifted - SHIFT;
    double r = fma(INV_LN2_N, xd, -kd);
    double s = Double.longBitsToDouble(T[(int) (ki & 31)] + (ki << 47));
    double z = fma(r, C0, C1);
    double r2 = r * r;
    double y = fma(r, C2, 1.0);
    y = fma(z, r2, y);
    return (float) (y * s);
  }

  /** glibc 2.36 {@code expf} as its SSE2 build ({@code __expf_sse2}, CPUs without FMA) computes it. */
  public static float expfSse2(float x) {
    float special = special(x);
    if (special == special || Float.isNaN(x)) {
      return special;
    }
    double xd = x;
    double z = INV_LN2_N * xd;
    double kdShifted = z + SHIFT;
    long ki = Double.doubleToRawLongBits(kdShifted);
    double kd = kdShifted - SHIFT;
    double r = z - kd;
    double s = Double.longBitsToDouble(T[(int) (ki & 31)] + (ki << 47));
    z = C0 * r + C1;
    double r2 = r * r;
    double y = C2 * r + 1;
    y = z * r2 + y;
    return (float) (y * s);
  }

  /** The result for |x| >= 88 or NaN, or NaN (as "no special case") for the polynomial path. */
  private static float special(float x) {
    int bits = Float.floatToRawIntBits(x);
    int abstop = (bits >>> 20) & 0x7ff;
    if (abstop < 0x42b) { // |x| < 88
      return Float.NaN;
    }
    if (bits == 0xff800000) { // -inf
      return 0.0f;
    }
    if (abstop >= 0x7f8) { // +inf, NaN: x + x
      return x + x;
    }
    if (x > OVERFLOW) {
      return Float.POSITIVE_INFINITY;
    }
    if (x < UNDERFLOW) {
      return 0.0f;
    }
    if (x < MAY_UNDERFLOW) {
      return Float.MIN_VALUE; // __math_may_uflowf: 0x1.4p-75f * 0x1.4p-75f
    }
    return Float.NaN;
  }

  /**
   * {@code a*b + c} with one rounding (IEEE fusedMultiplyAdd) for finite arguments whose product
   * neither overflows (|a|, |b| < 2^995) nor comes near the subnormal range: the product is split
   * exactly (Dekker), added to c exactly (two-sum), and the two error terms are added with
   * rounding to odd, which makes the final rounding correct (Boldo and Melquiond, "Emulation of a
   * FMA and correctly-rounded sums: proved algorithms using rounding to odd", 2008).
   */
  static double fma(double a, double b, double c) {
    double p = a * b;
    double as = 134217729.0 * a;
    double ah = as - (as - a);
    double al = a - ah;
    double bs = 134217729.0 * b;
    double bh = bs - (bs - b);
    double bl = b - bh;
    double pe = ((ah * bh - p) + ah * bl + al * bh) + al * bl; // a*b == p + pe exactly
    double s = c + p;
    double sv = s - c;
    double se = (c - (s - sv)) + (p - sv); // c + p == s + se exactly
    double v = se + pe;
    double vv = v - se;
    double ve = (se - (v - vv)) + (pe - vv); // se + pe == v + ve exactly
    if (ve != 0 && (Double.doubleToRawLongBits(v) & 1) == 0) {
      v = Math.nextAfter(v, ve > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
    }
    return s + v;
  }
}

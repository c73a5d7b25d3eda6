package io.github.tflite2java.compiler.ops;

import com.squareup.javapoet.CodeBlock;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;

/**
 * Requantization of accumulators known to lie in [-bound, bound], computed exactly with 32-bit
 * integer multiplies, adds and shifts only, so that C2 vectorizes the loop (on JDK 17 it does
 * not vectorize the 64-bit product of the plain formula).
 *
 * <p>Every rounding TFLite uses for {@code x * M * 2^(shift - 31)} with {@code shift <= 0}
 * equals {@code floor((x * M + K) / 2^(31 + r))}, {@code r = -shift}:
 *
 * <ul>
 *   <li>ruy's AVX kernels (high half rounded up, then a shift rounding halves up): {@code K =
 *       2^30 + 2^(30 + r)} for {@code r > 0}, else {@code 2^30};
 *   <li>gemmlowp (high half rounded up, then halves away from zero): as above, minus {@code 2^31}
 *       when the high half is negative, which for {@code M > 2^30} happens exactly when {@code
 *       x < 0} (for {@code M = 2^30}, when {@code x <= -2});
 *   <li>a single rounding: {@code K = 2^(30 + r)}.
 * </ul>
 *
 * The product is split into chunks of {@code M} narrow enough that no partial sum overflows,
 * processed from the low bits up: {@code h = (x * m_i + k_i + h) >> c_i}. Nested floors of
 * divisions by powers of two compose exactly, so the result is the exact floor.
 */
final class IntRequantizer {
  private final int[] multiplierChunks;
  private final int[] offsetChunks;
  private final int[] widths;
  private final int offsetHigh;
  private final int rightShift;
  /** 0: no sign term; 1: subtract one when x < 0; 2: when x <= -2. */
  private final int signTerm;

  private IntRequantizer(int[] m, int[] k, int[] widths, int offsetHigh, int rightShift,
      int signTerm) {
    this.multiplierChunks = m;
    this.offsetChunks = k;
    this.widths = widths;
    this.offsetHigh = offsetHigh;
    this.rightShift = rightShift;
    this.signTerm = signTerm;
  }

  /**
   * A plan for accumulators in [-bound, bound], or {@code null} where the 64-bit formula must
   * stay (left shifts, a zero multiplier, or a bound too large for useful chunks).
   */
  static IntRequantizer plan(QuantizedMultiplier q, Requantization.Rounding rounding, long bound) {
    int m = q.multiplier();
    int shift = q.shift();
    if (shift > 0 || m < (1 << 30) || shift < -30 || bound < 0) {
      return null;
    }
    int r = -shift;
    long k = roundingOffset(rounding, r);
    int signTerm = signTerm(rounding, r, m);
    int[] widths = chunkWidths(bound);
    if (widths == null) {
      return null;
    }
    int[] mc = chunks(m, widths);
    int[] kc = chunks(k, widths);
    int offsetHigh = (int) (k >>> 31);
    return new IntRequantizer(mc, kc, widths, offsetHigh, r, signTerm);
  }

  /**
   * The rounding offset {@code K} of {@code floor((x * M + K) / 2^(31 + r))} for TFLite's
   * rounding {@code rounding} and a right shift {@code r >= 0} (see the class comment).
   */
  static long roundingOffset(Requantization.Rounding rounding, int r) {
    switch (rounding) {
      case DOUBLE_UP:
      case DOUBLE_AWAY_FROM_ZERO:
        return (1L << 30) + (r > 0 ? 1L << (30 + r) : 0);
      case SINGLE:
        return 1L << (30 + r);
      default:
        throw new AssertionError(rounding);
    }
  }

  /**
   * gemmlowp's sign term for multiplier {@code m} (0 or at least 2^30) and right shift {@code
   * r}: 0 none, 1 subtract one when x < 0, 2 when x <= -2 (only {@code m = 2^30}).
   */
  static int signTerm(Requantization.Rounding rounding, int r, int m) {
    if (rounding != Requantization.Rounding.DOUBLE_AWAY_FROM_ZERO || r == 0 || m == 0) {
      return 0;
    }
    return m > (1 << 30) ? 1 : 2;
  }

  /**
   * The widest chunks (at most 16 bits, all but the last equal, 31 bits in all) for which
   * {@code |x * m_i + k_i + h| < 2^31} whenever {@code |x| <= bound}; null below 4 bits.
   */
  static int[] chunkWidths(long bound) {
    int c = 0;
    while (c < 16 && (bound + 3) * ((1L << (c + 1)) + 1) < (1L << 31)) {
      c++;
    }
    if (c < 4) {
      return null;
    }
    int[] widths = new int[(31 + c - 1) / c];
    for (int i = 0, total = 0; i < widths.length; i++) {
      widths[i] = Math.min(c, 31 - total);
      total += widths[i];
    }
    return widths;
  }

  /** {@code value}'s bits 0-30 split into chunks of {@code widths}, low bits first. */
  static int[] chunks(long value, int[] widths) {
    int[] out = new int[widths.length];
    for (int i = 0, at = 0; i < widths.length; i++) {
      out[i] = (int) ((value >>> at) & ((1L << widths[i]) - 1));
      at += widths[i];
    }
    return out;
  }

  /** The chunk widths (the same for every plan made for one bound). */
  int[] widths() {
    return widths.clone();
  }

  /** The multiplier's chunks, low bits first. */
  int[] multiplierChunks() {
    return multiplierChunks.clone();
  }

  /** The rounding offset's chunks, low bits first. */
  int[] offsetChunks() {
    return offsetChunks.clone();
  }

  /** The rounding offset's bits from 31 up, added after the chunks. */
  int offsetHigh() {
    return offsetHigh;
  }

  /** The final arithmetic right shift. */
  int rightShift() {
    return rightShift;
  }

  /** 0: no sign term; 1: subtract one when x < 0; 2: when x <= -2. */
  int signTerm() {
    return signTerm;
  }

  /** The plan's arithmetic, in Java (tests hold it to {@code FixedPoint}). */
  int apply(int x) {
    int h = 0;
    for (int i = 0; i < widths.length; i++) {
      h = (x * multiplierChunks[i] + offsetChunks[i] + h) >> widths[i];
    }
    return (h + offsetHigh + sign(x)) >> rightShift;
  }

  private int sign(int x) {
    switch (signTerm) {
      case 1: return x >> 31;
      case 2: return (x + 1) >> 31;
      default: return 0;
    }
  }

  /**
   * Statements that set {@code int outVar} from {@code int inVar} (already declared).
   */
  CodeBlock emit(String inVar, String outVar) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (int i = 0; i < widths.length; i++) {
      String offset = offsetChunks[i] == 0 ? "" : " + " + offsetChunks[i];
      String carry = i == 0 ? "" : " + h";
      b.addStatement("$L = ($L * $L$L$L) >> $L", i == 0 ? "int h" : "h", inVar,
          multiplierChunks[i], offset, carry, widths[i]);
    }
    String sign;
    switch (signTerm) {
      case 1: sign = " + (" + inVar + " >> 31)"; break;
      case 2: sign = " + ((" + inVar + " + 1) >> 31)"; break;
      default: sign = "";
    }
    b.addStatement("int $L = (h$L$L) >> $L", outVar,
        offsetHigh == 0 ? "" : " + " + offsetHigh, sign, rightShift);
    return b.build();
  }

  /**
   * The same arithmetic on {@code jdk.incubator.vector.IntVector}s: statements that declare
   * {@code IntVector outVar} from {@code IntVector inVar}, lane by lane exactly {@link #emit}'s
   * 32-bit wrapping multiplies, adds and arithmetic shifts. {@code intVector} and {@code ops}
   * name {@code IntVector} and {@code VectorOperators}.
   */
  CodeBlock emitVector(String inVar, String outVar, Object intVector, Object ashr) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (int i = 0; i < widths.length; i++) {
      CodeBlock.Builder e = CodeBlock.builder().add("$L.mul($L)", inVar, multiplierChunks[i]);
      if (offsetChunks[i] != 0) {
        e.add(".add($L)", offsetChunks[i]);
      }
      if (i > 0) {
        e.add(".add(h)");
      }
      if (i == 0) {
        b.addStatement("$T h = $L.lanewise($T.ASHR, $L)", intVector, e.build(), ashr, widths[i]);
      } else {
        b.addStatement("h = $L.lanewise($T.ASHR, $L)", e.build(), ashr, widths[i]);
      }
    }
    CodeBlock.Builder q = CodeBlock.builder().add("h");
    if (offsetHigh != 0) {
      q.add(".add($L)", offsetHigh);
    }
    switch (signTerm) {
      case 1: q.add(".add($L.lanewise($T.ASHR, 31))", inVar, ashr); break;
      case 2: q.add(".add($L.add(1).lanewise($T.ASHR, 31))", inVar, ashr); break;
      default: break;
    }
    b.addStatement("$T $L = $L.lanewise($T.ASHR, $L)", intVector, outVar, q.build(), ashr,
        rightShift);
    return b.build();
  }
}

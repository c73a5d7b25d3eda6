package io.github.tflite2java.compiler.ops;

import com.squareup.javapoet.CodeBlock;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-channel requantization in the shape C2 vectorizes on the scalar (Java 8) path: every
 * channel's {@link IntRequantizer} is planned for the layer's one accumulator bound, so all share
 * the chunk widths, and what differs between channels is read from small {@code int} tables
 * indexed like the accumulators (the multiplier's chunks always; the offset's chunks only where
 * they differ). C2 does not vectorize a shift by a per-element count, so channels with different
 * final right shifts {@code r_c} share one: with {@code R = max r_c}, {@code floor((v + o_c) /
 * 2^r_c) = floor((v * 2^(R - r_c) + o) / 2^R)} for every {@code o} in {@code [o_c * 2^(R - r_c),
 * (o_c + 1) * 2^(R - r_c))} (one offset that fits every channel is inlined), after clamping
 * {@code v} to {@code +-L}, {@code L = 2^(R + 9)}: beyond it every channel's output lies past
 * {@code +-511}, which the activation clamp maps to the same bound as {@code v} itself. Planned
 * only where {@code L * 2^(R - min r_c)} plus the offset stays below {@code 2^31}.
 *
 * <p>Lane by lane the result equals the channel's {@link IntRequantizer#apply} clamped to the
 * activation bounds, which tests hold to TFLite's 64-bit formulas.
 */
final class ChannelRequantizer {
  /** Largest output magnitude relative to the zero point is 255; L leaves a factor of 2. */
  private static final int CLAMP_BITS = 9;

  private final int[] widths;
  /** [chunk][channel]. */
  private final int[][] multiplierChunks;
  /** [chunk][channel], or null where {@link #offsetChunks} are the same for every channel. */
  private final int[][] channelOffsetChunks;
  private final int[] offsetChunks;
  /** 0: none; 1: add x >> 31; 2: add (x + 1) >> 31 (the same for every channel). */
  private final int signTerm;
  /** The shared final shift R. */
  private final int shift;
  /** Per channel 2^(R - r_c), or null when every r_c = R. */
  private final int[] scales;
  /** The offset added before the final shift: one for every channel, or per channel. */
  private final int offset;
  private final int[] channelOffsets;
  /** The clamp of v before scaling (0: none, every channel has the same shift). */
  private final int limit;


  private ChannelRequantizer(int[] widths, int[][] m, int[][] channelK, int[] k, int signTerm,
      int shift, int[] scales, int offset, int[] channelOffsets, int limit) {
    this.widths = widths;
    this.multiplierChunks = m;
    this.channelOffsetChunks = channelK;
    this.offsetChunks = k;
    this.signTerm = signTerm;
    this.shift = shift;
    this.scales = scales;
    this.offset = offset;
    this.channelOffsets = channelOffsets;
    this.limit = limit;
  }

  /**
   * The plan for {@code multipliers} (one per channel) within accumulators {@code [-bound,
   * bound]}, or null where some channel has no 32-bit form, the channels' sign terms differ, or
   * the shared shift would overflow.
   */
  static ChannelRequantizer plan(QuantizedMultiplier[] multipliers,
      Requantization.Rounding rounding, long bound, int outMin, int outMax) {
    if (Math.max(Math.abs(outMin), Math.abs(outMax)) >= (1 << (CLAMP_BITS - 1)) * 2 - 1) {
      return null;
    }
    int n = multipliers.length;
    IntRequantizer[] plans = new IntRequantizer[n];
    for (int c = 0; c < n; c++) {
      plans[c] = IntRequantizer.plan(multipliers[c], rounding, bound);
      if (plans[c] == null) {
        return null;
      }
    }
    int[] widths = plans[0].widths();
    int signTerm = plans[0].signTerm();
    int maxShift = 0;
    int minShift = Integer.MAX_VALUE;
    boolean sameOffsets = true;
    for (IntRequantizer p : plans) {
      if (!Arrays.equals(p.widths(), widths) || p.signTerm() != signTerm
          || (p.rightShift() == 0 ? p.offsetHigh() != 0
              : p.offsetHigh() >= 1 << p.rightShift())) {
        return null;
      }
      sameOffsets &= Arrays.equals(p.offsetChunks(), plans[0].offsetChunks());
      maxShift = Math.max(maxShift, p.rightShift());
      minShift = Math.min(minShift, p.rightShift());
    }
    int chunks = widths.length;
    int[][] m = new int[chunks][n];
    int[][] k = sameOffsets ? null : new int[chunks][n];
    for (int c = 0; c < n; c++) {
      int[] mc = plans[c].multiplierChunks();
      int[] kc = plans[c].offsetChunks();
      for (int i = 0; i < chunks; i++) {
        m[i][c] = mc[i];
        if (k != null) {
          k[i][c] = kc[i];
        }
      }
    }
    int shift = maxShift;
    int[] scales = null;
    int limit = 0;
    long lo = Long.MIN_VALUE;
    long hi = Long.MAX_VALUE;
    long[] offsets = new long[n];
    if (minShift != maxShift) {
      limit = 1 << (shift + CLAMP_BITS);
      scales = new int[n];
      long largest = 0;
      for (int c = 0; c < n; c++) {
        long s = 1L << (shift - plans[c].rightShift());
        scales[c] = (int) s;
        offsets[c] = plans[c].offsetHigh() * s;
        lo = Math.max(lo, offsets[c]);
        hi = Math.min(hi, offsets[c] + s - 1);
        largest = Math.max(largest, (long) limit * s + offsets[c] + s);
      }
      // (A clamp per channel, 2^(r_c + 9) from one more table, would lift this limit; C2 then
      // no longer vectorized the loop: 1.4x the time of the 64-bit helper on a layer with
      // shifts 4..16. docs/int8-per-channel.md)
      if (shift + CLAMP_BITS > 29 || largest >= (1L << 31)) {
        return null;
      }
    } else {
      for (int c = 0; c < n; c++) {
        offsets[c] = plans[c].offsetHigh();
        lo = Math.max(lo, offsets[c]);
        hi = Math.min(hi, offsets[c]);
      }
    }
    int offset = 0;
    int[] channelOffsets = null;
    if (lo <= hi) {
      offset = (int) lo;
    } else {
      channelOffsets = new int[n];
      for (int c = 0; c < n; c++) {
        channelOffsets[c] = (int) offsets[c];
      }
    }
    return new ChannelRequantizer(widths, m, k, plans[0].offsetChunks(), signTerm, shift,
        scales, offset, channelOffsets, limit);
  }

  /**
   * One per-channel table: its name suffix ({@code M0}, {@code K0}, {@code SCALE}, {@code
   * OFFSET}) and its values, one per channel.
   */
  record Table(String name, int[] values) {}

  /** The per-channel tables, in the order {@link #emit} reads them ({@code tables.get(i)}). */
  List<Table> tables() {
    List<Table> t = new ArrayList<>();
    for (int i = 0; i < multiplierChunks.length; i++) {
      t.add(new Table("M" + i, multiplierChunks[i].clone()));
    }
    if (channelOffsetChunks != null) {
      for (int i = 0; i < channelOffsetChunks.length; i++) {
        t.add(new Table("K" + i, channelOffsetChunks[i].clone()));
      }
    }
    if (scales != null) {
      t.add(new Table("SCALE", scales.clone()));
    }
    if (channelOffsets != null) {
      t.add(new Table("OFFSET", channelOffsets.clone()));
    }
    return t;
  }

  /** The plan's arithmetic for channel {@code c}, before the activation clamp. */
  int apply(int c, int x) {
    int h = 0;
    for (int i = 0; i < widths.length; i++) {
      int k = channelOffsetChunks == null ? offsetChunks[i] : channelOffsetChunks[i][c];
      h = (x * multiplierChunks[i][c] + k + h) >> widths[i];
    }
    int v = h + sign(x);
    int o = channelOffsets == null ? offset : channelOffsets[c];
    if (scales == null) {
      return (v + o) >> shift;
    }
    v = Math.max(-limit, Math.min(limit, v));
    return (v * scales[c] + o) >> shift;
  }

  private int sign(int x) {
    switch (signTerm) {
      case 1: return x >> 31;
      case 2: return (x + 1) >> 31;
      default: return 0;
    }
  }

  /**
   * Statements that set {@code int outVar} (not yet clamped) from {@code int inVar}, reading
   * the tables {@code tables} (local names, parallel to {@link #tables}) at {@code index}; with
   * {@code index} null, {@code tables} name {@code int} locals holding one channel's values.
   */
  CodeBlock emit(String inVar, String outVar, List<String> tables, String index) {
    CodeBlock.Builder b = CodeBlock.builder();
    int chunks = widths.length;
    int next = chunks;
    for (int i = 0; i < chunks; i++) {
      String k;
      if (channelOffsetChunks != null) {
        k = " + " + at(tables.get(chunks + i), index);
      } else {
        k = offsetChunks[i] == 0 ? "" : " + " + offsetChunks[i];
      }
      String carry = i == 0 ? "" : " + h";
      b.addStatement("$L = ($L * $L$L$L) >> $L", i == 0 ? "int h" : "h", inVar,
          at(tables.get(i), index), k, carry, widths[i]);
    }
    if (channelOffsetChunks != null) {
      next += chunks;
    }
    String sign;
    switch (signTerm) {
      case 1: sign = " + (" + inVar + " >> 31)"; break;
      case 2: sign = " + ((" + inVar + " + 1) >> 31)"; break;
      default: sign = "";
    }
    String scale = scales == null ? null : tables.get(next++);
    String o = channelOffsets == null ? (offset == 0 ? "" : " + " + offset)
        : " + " + at(tables.get(next++), index);
    if (scale == null) {
      b.addStatement("int $L = (h$L$L) >> $L", outVar, sign, o, shift);
      return b.build();
    }
    b.addStatement("int v = h$L", sign);
    b.add("// All channels shift by 2^$L: v clamped to +-2^$L (beyond, every channel's output"
        + " saturates), times 2^($L - r)\n", shift, shift + CLAMP_BITS, shift);
    b.addStatement("int u = v - $L", limit);
    b.addStatement("v = $L + (u & (u >> 31))", limit);
    b.addStatement("u = v + $L", limit);
    b.addStatement("v = (u & ~(u >> 31)) - $L", limit);
    b.addStatement("int $L = (v * $L$L) >> $L", outVar, at(scale, index), o, shift);
    return b.build();
  }

  private static String at(String table, String index) {
    return index == null ? table : table + "[" + index + "]";
  }
}

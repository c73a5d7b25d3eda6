package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.ops.VectorConv.INT_VECTOR;
import static io.github.tflite2java.compiler.ops.VectorConv.LANES;
import static io.github.tflite2java.compiler.ops.VectorConv.OPS;
import static io.github.tflite2java.compiler.ops.VectorConv.SPECIES;

import com.squareup.javapoet.CodeBlock;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import java.util.Arrays;

/**
 * The requantization of the vector kernels: {@link IntRequantizer}'s exact 32-bit arithmetic on
 * 8-lane {@code IntVector}s, with one multiplier per tensor (the constants inline, as {@link
 * IntRequantizer#emitVector}) or one per output channel (int8 models): then every channel's plan
 * is made for the layer's one accumulator bound, so all share the chunk widths, and the values
 * that differ between channels (the multiplier's chunks, the offset's high part, the final shift,
 * and, where they differ, the offset's chunks and the sign term) are per-lane vectors loaded from
 * one constant table {@code [parameter][channel]} once per block of channels. Lane by lane this
 * is the channel's {@link IntRequantizer#apply}, which tests hold to TFLite's 64-bit formulas.
 */
final class VectorRequantizer {
  /**
   * One lane's (output channel's) exact 32-bit plan: {@code h = (x' * m_i + k_i + h) >> w_i}
   * over the chunks, then {@code (h + high + sign) >> right}, with {@code x'} the accumulator
   * shifted left by {@code left}; {@code center} is what the kernel's accumulator leaves out of
   * the real one (0, or the channel's bias for {@link #centered} plans).
   */
  private record Lane(int[] m, int[] k, int high, int right, int sign, int left, int center) {
    static Lane of(IntRequantizer p) {
      return new Lane(p.multiplierChunks(), p.offsetChunks(), p.offsetHigh(), p.rightShift(),
          p.signTerm(), 0, 0);
    }
  }

  private final IntRequantizer uniform;
  private final Lane[] channels;
  private final int[] widths;
  private final int chunks;
  private final boolean uniformOffsets;
  private final boolean uniformSign;
  private final boolean leftShifts;
  private final boolean centeredPlan;
  /** Rows of the per-channel table. */
  private final int rowOffsets;
  private final int rowHigh;
  private final int rowShift;
  private final int rowSignAdd;
  private final int rowSignMask;
  private final int rowLeft;
  private final int rows;

  private VectorRequantizer(IntRequantizer uniform, Lane[] channels, int[] widths,
      boolean centeredPlan) {
    this.uniform = uniform;
    this.channels = channels;
    this.widths = widths;
    this.centeredPlan = centeredPlan;
    this.chunks = widths.length;
    boolean offsets = true;
    boolean sign = true;
    boolean left = false;
    if (channels != null) {
      Lane first = channels[0];
      for (Lane c : channels) {
        offsets &= Arrays.equals(c.k(), first.k());
        sign &= c.sign() == first.sign() && (c.sign() == 0 || c.center() == first.center());
        left |= c.left() != 0;
      }
      sign &= first.sign() == 0 || first.center() == 0;
    }
    this.uniformOffsets = offsets;
    this.uniformSign = sign;
    this.leftShifts = left;
    int r = chunks;
    this.rowOffsets = r;
    r += offsets ? 0 : chunks;
    this.rowHigh = r++;
    this.rowShift = r++;
    this.rowSignAdd = r;
    r += sign ? 0 : 1;
    this.rowSignMask = r;
    r += sign ? 0 : 1;
    this.rowLeft = r;
    r += left ? 1 : 0;
    this.rows = r;
  }

  /**
   * The vector requantization of {@code rq} over {@code channels} output channels, or null where
   * some channel has no exact 32-bit form (left shifts, zero multipliers, too large a bound).
   */
  static VectorRequantizer of(Requantization rq, int channels) {
    if (rq.integer() != null) {
      return uniform(rq.integer());
    }
    IntRequantizer[] plans = rq.integers();
    if (plans == null || plans.length != channels) {
      return null;
    }
    Lane[] lanes = new Lane[channels];
    for (int c = 0; c < channels; c++) {
      if (!Arrays.equals(plans[c].widths(), plans[0].widths())) {
        return null;
      }
      lanes[c] = Lane.of(plans[c]);
    }
    return new VectorRequantizer(null, lanes, plans[0].widths(), false);
  }

  /** One multiplier for every lane. */
  static VectorRequantizer uniform(IntRequantizer plan) {
    return new VectorRequantizer(plan, null, plan.widths(), false);
  }

  /**
   * {@link #of} where it has a plan, else {@link #centered}: the requantization a kernel whose
   * accumulators start at {@link #kernelBias} uses, or null.
   */
  static VectorRequantizer choose(Requantization rq, int[] bias, long[] spreads) {
    VectorRequantizer plain = of(rq, bias.length);
    return plain != null ? plain : centered(rq.multipliers(), rq.rounding, bias, spreads);
  }

  /**
   * Per-lane plans for accumulators kept apart from their bias: the kernel accumulates {@code
   * d = x - bias[c]} (its accumulators start at 0, {@link #kernelBias}), {@code |d| <=
   * spreads[c]}, and every channel's rounding offset takes {@code bias[c] * 2^left * M} in (a
   * 64-bit constant at build time: its low 31 bits in the chunks, the rest in the high part).
   * So the chunk widths follow the largest spread of the products alone, not the bias: layers
   * where one channel's bias is near 2^28 (MobileNet v2's and MoveNet's first convolutions) get
   * 32-bit plans. Multipliers above one (shift > 0) become a per-lane left shift of {@code d}
   * where the real accumulator times {@code 2^shift} stays within 32 bits (as TFLite's {@code x
   * * (1 << left)} then does not wrap); gemmlowp's sign term reads the real accumulator {@code
   * d + bias[c]}. Null where some channel has no such plan.
   */
  static VectorRequantizer centered(QuantizedMultiplier[] ms, Requantization.Rounding rounding,
      int[] bias, long[] spreads) {
    int n = ms.length;
    if (bias.length != n || spreads.length != n) {
      return null;
    }
    long bound = 0;
    for (int c = 0; c < n; c++) {
      int m = ms[c].multiplier();
      int shift = ms[c].shift();
      if (shift > 30 || shift < -30 || m < 0 || (m != 0 && m < (1 << 30))) {
        return null;
      }
      int left = Math.max(0, shift);
      if ((Math.abs((long) bias[c]) + spreads[c] + 2) << left >= 1L << 31) {
        return null;
      }
      bound = Math.max(bound, spreads[c] << left);
    }
    // As IntRequantizer: |x * m_i + k_i + h| must stay below 2^31 for every chunk.
    int[] widths = IntRequantizer.chunkWidths(bound);
    if (widths == null) {
      return null;
    }
    Lane[] lanes = new Lane[n];
    for (int c = 0; c < n; c++) {
      int m = ms[c].multiplier();
      int left = Math.max(0, ms[c].shift());
      int r = Math.max(0, -ms[c].shift());
      long k = IntRequantizer.roundingOffset(rounding, r);
      int sign = IntRequantizer.signTerm(rounding, r, m);
      // floor((x * 2^left * M + K) / 2^31) with x = bias + d: the bias's product goes in K.
      k += ((long) bias[c] << left) * m;
      long high = k >> 31;
      if (Math.abs(high) + bound + 2 >= 1L << 31) {
        return null;
      }
      int[] mc = IntRequantizer.chunks(m, widths);
      int[] kc = IntRequantizer.chunks(k, widths);
      lanes[c] = new Lane(mc, kc, (int) high, r, sign, left, bias[c]);
    }
    return new VectorRequantizer(null, lanes, widths, true);
  }

  /**
   * The largest |accumulator - bias| of every output channel: the largest centered input times
   * the sum of the channel's |centered weights|; {@code weights} are {@code [tap][channel]}
   * ({@code channelMinor}) or {@code [channel][tap]}.
   */
  static long[] spreads(byte[] weights, int channels, boolean channelMinor, boolean signed,
      int weightZeroPoint, TensorType inputType, int inputZeroPoint) {
    long maxInput = Math.max(Math.abs((long) inputType.qmin() - inputZeroPoint),
        Math.abs((long) inputType.qmax() - inputZeroPoint));
    long[] sums = new long[channels];
    int taps = weights.length / channels;
    for (int i = 0; i < weights.length; i++) {
      int v = signed ? weights[i] : weights[i] & 0xFF;
      sums[channelMinor ? i % channels : i / taps] += Math.abs(v - weightZeroPoint);
    }
    for (int c = 0; c < channels; c++) {
      sums[c] *= maxInput;
    }
    return sums;
  }

  /**
   * The bias the kernel's accumulators start from, {@code padded} channels (the rest 0): the
   * layer's bias, or zeros for a {@link #centered} plan (its requantization adds the bias).
   */
  int[] kernelBias(int[] bias, int padded) {
    return centeredPlan ? new int[padded] : Arrays.copyOf(bias, padded);
  }

  /** Whether the bias goes in the requantization ({@link #centered}). */
  boolean centered() {
    return centeredPlan;
  }

  /** Chunks of the multiplier per requantization. */
  int chunks() {
    return chunks;
  }

  boolean perChannel() {
    return channels != null;
  }

  /**
   * Declares the per-channel table ({@code padded} channels, the lanes past the last channel
   * zero) in the vector class and returns its name; null for a per-tensor multiplier.
   */
  String table(VectorSink sink, String name, int padded) {
    if (channels == null) {
      return null;
    }
    int[] t = new int[rows * padded];
    for (int c = 0; c < channels.length; c++) {
      Lane p = channels[c];
      for (int i = 0; i < chunks; i++) {
        t[i * padded + c] = p.m()[i];
        if (!uniformOffsets) {
          t[(rowOffsets + i) * padded + c] = p.k()[i];
        }
      }
      t[rowHigh * padded + c] = p.high();
      t[rowShift * padded + c] = p.right();
      if (!uniformSign) {
        t[rowSignAdd * padded + c] = p.center() + (p.sign() == 2 ? 1 : 0);
        t[rowSignMask * padded + c] = p.sign() == 0 ? 0 : -1;
      }
      if (leftShifts) {
        t[rowLeft * padded + c] = p.left();
      }
    }
    return sink.intArray(name, t);
  }

  /**
   * Statements declaring the per-lane vectors (suffix {@code v}) of the channels from {@code
   * channel} on, read from {@code table} of {@code padded} channels; nothing per tensor.
   */
  CodeBlock load(String table, int padded, String channel, String v) {
    CodeBlock.Builder b = CodeBlock.builder();
    if (channels == null) {
      return b.build();
    }
    for (int r = 0; r < rows; r++) {
      b.addStatement("final $T rq$L_$L = $T.fromArray($N, $N, $L)", INT_VECTOR, v, r,
          INT_VECTOR, SPECIES, table, Layers.plus(r * padded, channel));
    }
    return b.build();
  }

  /**
   * {@link #load} for the block of 16 channels from {@code channel} on whose first {@code count}
   * ({@code -1}: all) a kernel stores ({@link #store}): the per-lane vectors of suffix {@code 0},
   * and of suffix {@code 1} when the block has channels in its second vector.
   */
  CodeBlock loadBlock(String table, int padded, String channel, int count) {
    CodeBlock.Builder b = CodeBlock.builder().add(load(table, padded, channel, "0"));
    if (count < 0 || count > LANES) {
      b.add(load(table, padded, channel + " + " + LANES, "1"));
    }
    return b.build();
  }

  /**
   * Statements declaring {@code IntVector outVar} requantized from {@code IntVector inVar}
   * (not yet clamped), with the per-lane vectors of suffix {@code v} ({@link #load}).
   */
  CodeBlock apply(String inVar, String outVar, String v) {
    if (channels == null) {
      return uniform.emitVector(inVar, outVar, INT_VECTOR, OPS);
    }
    Lane first = channels[0];
    int[] offsets = first.k();
    CodeBlock.Builder b = CodeBlock.builder();
    String x = inVar;
    if (leftShifts) {
      x = inVar + "L";
      b.addStatement("final $T $L = $L.lanewise($T.LSHL, rq$L_$L)", INT_VECTOR, x, inVar, OPS, v,
          rowLeft);
    }
    for (int i = 0; i < chunks; i++) {
      CodeBlock.Builder e = CodeBlock.builder().add("$L.mul(rq$L_$L)", x, v, i);
      if (!uniformOffsets) {
        e.add(".add(rq$L_$L)", v, rowOffsets + i);
      } else if (offsets[i] != 0) {
        e.add(".add($L)", offsets[i]);
      }
      if (i > 0) {
        e.add(".add(h)");
      }
      b.addStatement("$L = $L.lanewise($T.ASHR, $L)", i == 0 ? CodeBlock.of("$T h", INT_VECTOR)
          : "h", e.build(), OPS, widths[i]);
    }
    CodeBlock.Builder q = CodeBlock.builder().add("h.add(rq$L_$L)", v, rowHigh);
    if (!uniformSign) {
      q.add(".add($L.add(rq$L_$L).lanewise($T.ASHR, 31).and(rq$L_$L))", inVar, v, rowSignAdd,
          OPS, v, rowSignMask);
    } else {
      switch (first.sign()) {
        case 1: q.add(".add($L.lanewise($T.ASHR, 31))", inVar, OPS); break;
        case 2: q.add(".add($L.add(1).lanewise($T.ASHR, 31))", inVar, OPS); break;
        default: break;
      }
    }
    b.addStatement("$T $L = $L.lanewise($T.ASHR, rq$L_$L)", INT_VECTOR, outVar, q.build(), OPS,
        v, rowShift);
    return b.build();
  }

  /** Lane {@code c}'s arithmetic on one accumulator, in Java (what {@link #apply} emits). */
  int applyLane(int c, int acc) {
    if (channels == null) {
      return uniform.apply(acc);
    }
    Lane p = channels[c];
    int x = acc << p.left();
    int h = 0;
    for (int i = 0; i < chunks; i++) {
      h = (x * p.m()[i] + p.k()[i] + h) >> widths[i];
    }
    int sign;
    switch (p.sign()) {
      case 1: sign = (acc + p.center()) >> 31; break;
      case 2: sign = (acc + p.center() + 1) >> 31; break;
      default: sign = 0;
    }
    return (h + p.high() + sign) >> p.right();
  }

  /**
   * Requantizes the 16 accumulators {@code acc0, acc1} (two 8-lane vectors) and writes the first
   * {@code count} of them ({@code -1}: all) into {@code t} from index {@code at}; expects the
   * bounds ({@link Requantization#declareBounds}) and this block's lanes ({@link #load}) in
   * scope. The stores of every vector kernel.
   */
  CodeBlock store(String acc, String at, int count) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (int v = 0; v < 2; v++) {
      int lanes = count < 0 ? LANES : Math.min(LANES, count - v * LANES);
      if (lanes <= 0) {
        break;
      }
      b.add("{\n$>");
      b.add(apply(acc + v, "q", String.valueOf(v)));
      String to = v == 0 ? at : at + " + " + LANES;
      if (lanes == LANES) {
        b.addStatement("q.max(outMin).min(outMax).intoArray(t, $L)", to);
      } else {
        b.addStatement("q.max(outMin).min(outMax).intoArray(t, $L, $N.indexInRange(0, $L))", to,
            SPECIES, lanes);
      }
      b.add("$<}\n");
    }
    return b.build();
  }
}

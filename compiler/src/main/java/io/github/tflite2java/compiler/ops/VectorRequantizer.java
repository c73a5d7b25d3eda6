package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.ops.VectorConv.INT_VECTOR;
import static io.github.tflite2java.compiler.ops.VectorConv.LANES;
import static io.github.tflite2java.compiler.ops.VectorConv.OPS;
import static io.github.tflite2java.compiler.ops.VectorConv.SPECIES;

import com.squareup.javapoet.CodeBlock;
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
  private final IntRequantizer uniform;
  private final IntRequantizer[] channels;
  private final int chunks;
  private final boolean uniformOffsets;
  private final boolean uniformSign;
  /** Rows of the per-channel table. */
  private final int rowOffsets;
  private final int rowHigh;
  private final int rowShift;
  private final int rowSignAdd;
  private final int rowSignMask;
  private final int rows;

  private VectorRequantizer(IntRequantizer uniform, IntRequantizer[] channels) {
    this.uniform = uniform;
    this.channels = channels;
    IntRequantizer first = uniform != null ? uniform : channels[0];
    this.chunks = first.widths().length;
    boolean offsets = true;
    boolean sign = true;
    if (channels != null) {
      for (IntRequantizer c : channels) {
        offsets &= Arrays.equals(c.offsetChunks(), first.offsetChunks());
        sign &= c.signTerm() == first.signTerm();
      }
    }
    this.uniformOffsets = offsets;
    this.uniformSign = sign;
    int r = chunks;
    this.rowOffsets = r;
    r += offsets ? 0 : chunks;
    this.rowHigh = r++;
    this.rowShift = r++;
    this.rowSignAdd = r;
    r += sign ? 0 : 1;
    this.rowSignMask = r;
    r += sign ? 0 : 1;
    this.rows = r;
  }

  /**
   * The vector requantization of {@code rq} over {@code channels} output channels, or null where
   * some channel has no exact 32-bit form (left shifts, zero multipliers, too large a bound).
   */
  static VectorRequantizer of(Requantization rq, int channels) {
    if (rq.integer() != null) {
      return new VectorRequantizer(rq.integer(), null);
    }
    IntRequantizer[] plans = rq.integers();
    if (plans == null || plans.length != channels) {
      return null;
    }
    for (IntRequantizer p : plans) {
      if (!Arrays.equals(p.widths(), plans[0].widths())) {
        return null;
      }
    }
    return new VectorRequantizer(null, plans);
  }

  /** One multiplier for every lane. */
  static VectorRequantizer uniform(IntRequantizer plan) {
    return new VectorRequantizer(plan, null);
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
      IntRequantizer p = channels[c];
      int[] m = p.multiplierChunks();
      int[] k = p.offsetChunks();
      for (int i = 0; i < chunks; i++) {
        t[i * padded + c] = m[i];
        if (!uniformOffsets) {
          t[(rowOffsets + i) * padded + c] = k[i];
        }
      }
      t[rowHigh * padded + c] = p.offsetHigh();
      t[rowShift * padded + c] = p.rightShift();
      if (!uniformSign) {
        t[rowSignAdd * padded + c] = p.signTerm() == 2 ? 1 : 0;
        t[rowSignMask * padded + c] = p.signTerm() == 0 ? 0 : -1;
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
   * Statements declaring {@code IntVector outVar} requantized from {@code IntVector inVar}
   * (not yet clamped), with the per-lane vectors of suffix {@code v} ({@link #load}).
   */
  CodeBlock apply(String inVar, String outVar, String v) {
    if (channels == null) {
      return uniform.emitVector(inVar, outVar, INT_VECTOR, OPS);
    }
    IntRequantizer first = channels[0];
    int[] widths = first.widths();
    int[] offsets = first.offsetChunks();
    CodeBlock.Builder b = CodeBlock.builder();
    for (int i = 0; i < chunks; i++) {
      CodeBlock.Builder e = CodeBlock.builder().add("$L.mul(rq$L_$L)", inVar, v, i);
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
      switch (first.signTerm()) {
        case 1: q.add(".add($L.lanewise($T.ASHR, 31))", inVar, OPS); break;
        case 2: q.add(".add($L.add(1).lanewise($T.ASHR, 31))", inVar, OPS); break;
        default: break;
      }
    }
    b.addStatement("$T $L = $L.lanewise($T.ASHR, rq$L_$L)", INT_VECTOR, outVar, q.build(), OPS,
        v, rowShift);
    return b.build();
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

package io.github.tflite2java.compiler.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutates the bytes of a valid model: bit flips, truncations, and structure-aware overwrites of
 * offsets, vector lengths, shapes, indices, scales, zero points and options with values chosen
 * to break assumptions (out of the buffer, huge, negative, NaN, cycles).
 */
final class ByteMutator {

  private static final int[] INTERESTING_INTS = {
    0, 1, -1, 2, 3, 4, 7, 8, 16, 127, 128, 255, 256, -128, -129, 0x7FFF, 0x8000, 0xFFFF, 65536,
    1 << 20, 1 << 24, 1 << 30, 1_000_000, 46341, Integer.MAX_VALUE, Integer.MIN_VALUE,
    Integer.MAX_VALUE - 3, -4, -8
  };

  private static final float[] INTERESTING_FLOATS = {
    0f, -0f, -1f, 1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
    Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, 1e-30f, 1e30f, 1e-10f, 1e10f, 65536f
  };

  private static final long[] INTERESTING_LONGS = {
    0, -1, 1, 127, 128, -128, -129, 255, 256, 1L << 31, 1L << 32, -(1L << 31) - 1,
    Long.MAX_VALUE, Long.MIN_VALUE
  };

  private final byte[] original;
  private final ModelLayout layout;

  ByteMutator(byte[] original) {
    this.original = original.clone();
    this.layout = ModelLayout.of(original);
  }

  int slotCount() {
    return layout.slots.size();
  }

  /** A mutated copy: one to three mutations, named in {@code log}. */
  byte[] mutate(Random rnd, StringBuilder log) {
    byte[] b = original.clone();
    int n = 1 + (rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(2) : 0);
    for (int i = 0; i < n; i++) {
      b = mutateOnce(b, rnd, log);
    }
    return b;
  }

  private byte[] mutateOnce(byte[] b, Random rnd, StringBuilder log) {
    int choice = rnd.nextInt(100);
    if (choice < 55) {
      return slot(b, rnd, log);
    } else if (choice < 70) {
      return bitFlips(b, rnd, log);
    } else if (choice < 77) {
      return truncate(b, rnd, log);
    } else if (choice < 85) {
      return reorderOperators(b, rnd, log);
    } else if (choice < 93) {
      return cycle(b, rnd, log);
    } else {
      return overwriteRandomInt(b, rnd, log);
    }
  }

  /** Overwrites one structure-aware slot with a value chosen for its kind. */
  private byte[] slot(byte[] b, Random rnd, StringBuilder log) {
    List<ModelLayout.Slot> slots = layout.slots;
    ModelLayout.Slot s = slots.get(rnd.nextInt(slots.size()));
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int p = s.position();
    switch (s.width()) {
      case 1: {
        byte v = (byte) (rnd.nextBoolean() ? rnd.nextInt(24) - 2 : rnd.nextInt(256));
        bb.put(p, v);
        log.append(" byte@").append(p).append(' ').append(s.kind()).append('=').append(v);
        break;
      }
      case 2: {
        short v = (short) (rnd.nextBoolean() ? rnd.nextInt(64) : rnd.nextInt(65536));
        bb.putShort(p, v);
        log.append(" short@").append(p).append(' ').append(s.kind()).append('=').append(v);
        break;
      }
      case 8: {
        long v = rnd.nextInt(3) == 0 ? rnd.nextLong() : pick(rnd, INTERESTING_LONGS);
        bb.putLong(p, v);
        log.append(" long@").append(p).append(' ').append(s.kind()).append('=').append(v);
        break;
      }
      default: {
        if (s.kind() == ModelLayout.Kind.SCALE
            || (s.kind() == ModelLayout.Kind.OPTION_INT && rnd.nextInt(4) == 0)) {
          float old = bb.getFloat(p);
          float v = rnd.nextInt(4) == 0 ? old * (rnd.nextBoolean() ? 1e20f : 1e-20f)
              : INTERESTING_FLOATS[rnd.nextInt(INTERESTING_FLOATS.length)];
          bb.putFloat(p, v);
          log.append(" float@").append(p).append(' ').append(s.kind()).append('=').append(v);
        } else {
          int v = intFor(s.kind(), bb.getInt(p), p, rnd);
          bb.putInt(p, v);
          log.append(" int@").append(p).append(' ').append(s.kind()).append('=').append(v);
        }
      }
    }
    return b;
  }

  private int intFor(ModelLayout.Kind kind, int old, int position, Random rnd) {
    int r = rnd.nextInt(10);
    switch (kind) {
      case OFFSET:
        if (r < 3) {
          return rnd.nextInt(Math.max(1, original.length)) - position; // somewhere in the file
        } else if (r < 5) {
          return old + 4 * (rnd.nextInt(9) - 4);
        } else if (r < 7) {
          return original.length - position - rnd.nextInt(8); // at the very end
        }
        return pick(rnd, INTERESTING_INTS);
      case VECTOR_LENGTH:
        if (r < 3) {
          return old + rnd.nextInt(5) - 2;
        } else if (r < 5) {
          return old * (2 + rnd.nextInt(1000));
        } else if (r < 6) {
          return original.length / (1 + rnd.nextInt(8));
        }
        return pick(rnd, INTERESTING_INTS);
      case SHAPE_DIM:
        if (r < 3) {
          return old * (2 + rnd.nextInt(3)) + rnd.nextInt(2);
        } else if (r < 4) {
          return 1 + rnd.nextInt(8);
        }
        return pick(rnd, INTERESTING_INTS);
      case TENSOR_INDEX:
        if (r < 6) {
          return rnd.nextInt(Math.max(1, layout.tensorCount));
        } else if (r < 8) {
          return rnd.nextBoolean() ? -1 : layout.tensorCount + rnd.nextInt(3);
        }
        return pick(rnd, INTERESTING_INTS);
      case BUFFER_INDEX:
        if (r < 6) {
          return rnd.nextInt(Math.max(1, layout.bufferCount));
        } else if (r < 8) {
          return layout.bufferCount + rnd.nextInt(3);
        }
        return pick(rnd, INTERESTING_INTS);
      case QUANTIZED_DIMENSION:
        return r < 6 ? rnd.nextInt(6) - 1 : pick(rnd, INTERESTING_INTS);
      case OPCODE_INDEX:
      case BUILTIN_CODE:
        return r < 6 ? rnd.nextInt(160) - 2 : pick(rnd, INTERESTING_INTS);
      case VERSION:
        return r < 5 ? rnd.nextInt(5) : pick(rnd, INTERESTING_INTS);
      default:
        return r < 2 ? old + rnd.nextInt(5) - 2 : pick(rnd, INTERESTING_INTS);
    }
  }

  /** Flips 1 to 8 bits, mostly outside the weights. */
  private byte[] bitFlips(byte[] b, Random rnd, StringBuilder log) {
    int n = 1 + rnd.nextInt(8);
    log.append(" flips");
    for (int i = 0; i < n; i++) {
      int p = rnd.nextInt(b.length);
      for (int tries = 0; tries < 20 && layout.inData(p) && rnd.nextInt(10) != 0; tries++) {
        p = rnd.nextInt(b.length);
      }
      int bit = rnd.nextInt(8);
      b[p] ^= (byte) (1 << bit);
      log.append(' ').append(p).append(':').append(bit);
    }
    return b;
  }

  private byte[] truncate(byte[] b, Random rnd, StringBuilder log) {
    int cut = rnd.nextInt(3) == 0 ? rnd.nextInt(Math.min(b.length, 64))
        : rnd.nextInt(b.length);
    log.append(" truncate=").append(cut);
    return Arrays.copyOf(b, cut);
  }

  /** Swaps two operators, so one reads a tensor before it is produced. */
  private byte[] reorderOperators(byte[] b, Random rnd, StringBuilder log) {
    List<Integer> ops = layout.operatorSlots;
    if (ops.size() < 2) {
      return bitFlips(b, rnd, log);
    }
    int i = rnd.nextInt(ops.size());
    int j = rnd.nextInt(ops.size());
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int pi = ops.get(i);
    int pj = ops.get(j);
    int ti = pi + bb.getInt(pi);
    int tj = pj + bb.getInt(pj);
    bb.putInt(pi, tj - pi);
    bb.putInt(pj, ti - pj);
    log.append(" swapOps ").append(i).append(',').append(j);
    return b;
  }

  /**
   * Makes an operator read its own output or the output of a later operator (a cycle, or a
   * tensor used before it is produced), by pointing one of its input slots there.
   */
  private byte[] cycle(byte[] b, Random rnd, StringBuilder log) {
    List<int[]> outs = layout.operatorOutputs;
    if (outs.isEmpty()) {
      return bitFlips(b, rnd, log);
    }
    // The TENSOR_INDEX slots of operator inputs are interleaved with others; pick any tensor
    // index slot and write the output index of a random operator into it.
    List<ModelLayout.Slot> indexSlots = layout.slots.stream()
        .filter(s -> s.kind() == ModelLayout.Kind.TENSOR_INDEX).toList();
    if (indexSlots.isEmpty()) {
      return bitFlips(b, rnd, log);
    }
    int[] o = outs.get(rnd.nextInt(outs.size()));
    if (o.length == 0) {
      return bitFlips(b, rnd, log);
    }
    ModelLayout.Slot s = indexSlots.get(rnd.nextInt(indexSlots.size()));
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(s.position(), o[0]);
    log.append(" cycle@").append(s.position()).append('=').append(o[0]);
    return b;
  }

  private byte[] overwriteRandomInt(byte[] b, Random rnd, StringBuilder log) {
    if (b.length < 8) {
      return b;
    }
    int p = rnd.nextInt(b.length / 4) * 4;
    for (int tries = 0; tries < 20 && layout.inData(p); tries++) {
      p = rnd.nextInt(b.length / 4) * 4;
    }
    int v = pick(rnd, INTERESTING_INTS);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(p, v);
    log.append(" int@").append(p).append('=').append(v);
    return b;
  }

  private static int pick(Random rnd, int[] values) {
    return values[rnd.nextInt(values.length)];
  }

  private static long pick(Random rnd, long[] values) {
    return values[rnd.nextInt(values.length)];
  }
}

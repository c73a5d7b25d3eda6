package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ir.TensorType;
import java.util.List;
import java.util.Set;

/**
 * One generated model: which generator made it from which seed and case index, a one-line
 * description, the model bytes and its run-time inputs and outputs.
 *
 * @param expectedProblems when the model is deliberately unsupported by tflite2java, message
 *     fragments of which the compile error must contain one; empty otherwise
 * @param batch 0 to run at the stored shapes; else the batch of a dynamic-batch model: compiled
 *     with the compile option {@code batch}, TFLite resized to it (every input's dimension 0)
 * @param specifiedBytes null when TFLite writes every output byte; else, given TFLite's outputs
 *     of one input set, how many leading bytes of each output TFLite wrote (the rest keep
 *     whatever its arena held, e.g. TFLite_Detection_PostProcess's fast-NMS rows past the
 *     detection count): only those are compared
 */
record FuzzCase(
    String generator,
    long seed,
    long index,
    String description,
    byte[] model,
    List<Act> inputs,
    List<Act> outputs,
    Set<String> ops,
    List<String> expectedProblems,
    int batch,
    java.util.function.Function<byte[][], int[]> specifiedBytes) {

  /** {@code a} at this case's batch: dimension 0 replaced when the case runs resized. */
  Act atBatch(Act a) {
    if (batch == 0 || a.rank() == 0) {
      return a;
    }
    int[] shape = a.shape();
    shape[0] = batch;
    return new Act(a.index(), a.type(), shape, a.scale(), a.zeroPoint());
  }

  /** Whether the generator made the model unsupported by tflite2java on purpose. */
  boolean deliberatelyUnsupported() {
    return !expectedProblems.isEmpty();
  }

  /** Whether a compile error message names one of the deliberate problems. */
  boolean namesExpectedProblem(String message) {
    return expectedProblems.stream().anyMatch(message::contains);
  }

  /** The value of {@code -Dtflite2java.it.case} that replays this case alone. */
  String id() {
    return seed + ":" + index;
  }

  /** The random input sets the case runs on: uniform, around the zero points, extremes. */
  static final int INPUT_SETS = 3;

  /** Name of input set {@code set}. */
  static String inputSetName(int set) {
    switch (set) {
      case 0:
        return "uniform";
      case 1:
        return "near zero point";
      default:
        return "extremes";
    }
  }

  /**
   * The bytes of every model input for input set {@code set} (deterministic per case); float32
   * inputs as little-endian IEEE 754 bytes, as TFLite stores them.
   */
  byte[][] inputs(int set) {
    Rnd r = new Rnd(Rnd.caseSeed(seed ^ 0x5EED_1A7A_0000L, index * 16 + set));
    byte[][] result = new byte[inputs.size()][];
    for (int i = 0; i < result.length; i++) {
      Act a = atBatch(inputs.get(i));
      result[i] = a.isQuantized8() ? quantizedInput(r, a, set)
          : a.type() == TensorType.INT16 ? int16Input(r, a, set)
          : a.type() == TensorType.INT32 ? intInput(r, a, set) : floatInput(r, a, set);
    }
    return result;
  }

  /** int16 values (zero point 0), little-endian: uniform, small, or extremes. */
  private static byte[] int16Input(Rnd r, Act a, int set) {
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(a.bytes())
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; k < a.elements(); k++) {
      int v;
      switch (set) {
        case 0:
          v = r.between(-32768, 32767);
          break;
        case 1:
          v = (int) Math.round(r.gaussian() * 2000);
          break;
        default:
          v = r.chance(0.2) ? 0 : r.chance(0.5) ? -32768 : 32767;
          break;
      }
      bb.putShort((short) Math.max(-32768, Math.min(32767, v)));
    }
    return bb.array();
  }

  private static byte[] quantizedInput(Rnd r, Act a, int set) {
    int lo = a.type().qmin();
    int hi = a.type().qmax();
    int zp = a.zeroPoint();
    byte[] b = new byte[a.elements()];
    for (int k = 0; k < b.length; k++) {
      int v;
      switch (set) {
        case 0:
          v = r.between(lo, hi);
          break;
        case 1:
          v = zp + (int) Math.round(r.gaussian() * 8);
          break;
        default:
          v = r.chance(0.2) ? zp : r.chance(0.5) ? lo : hi;
          break;
      }
      b[k] = (byte) Math.max(lo, Math.min(hi, v));
    }
    return b;
  }

  /**
   * The {@link Act#zeroPoint()} of a float32 or int32 model input that must never hold 0 (nor
   * -1, nor a subnormal): a divisor.
   */
  static final int NON_ZERO = 1;

  /** Int32 values up to the tensor's magnitude: uniform, small, or extremes. */
  private static byte[] intInput(Rnd r, Act a, int set) {
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(a.bytes())
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int m = Math.max(1, (int) a.scale());
    for (int k = 0; k < a.elements(); k++) {
      int v;
      switch (set) {
        case 0:
          v = r.between(-m, m);
          break;
        case 1:
          v = r.between(-8, 8);
          break;
        default:
          v = r.chance(0.5) ? r.between(-m, m)
              : r.pickInt(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 1, -1, 65536, -65537);
          break;
      }
      if (a.zeroPoint() == NON_ZERO && (v == 0 || v == -1)) {
        v = 7;
      }
      bb.putInt(v);
    }
    return bb.array();
  }

  /**
   * Float32 values around the tensor's magnitude: uniform, multiples of 1/256 of it, or extremes
   * (huge, infinite, NaN, signed zeros, denormals).
   */
  private static byte[] floatInput(Rnd r, Act a, int set) {
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(a.bytes())
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    float m = a.scale();
    for (int k = 0; k < a.elements(); k++) {
      float v;
      switch (set) {
        case 0:
          v = (float) r.uniform(-m, m);
          break;
        case 1:
          // Generators give float inputs the magnitude 128 * scale of the QUANTIZE after
          // them: these values are exact halves of that scale, where rounding matters.
          v = (float) (m / 256.0 * r.between(-600, 600));
          break;
        default:
          v = r.chance(0.5) ? (float) r.uniform(-4 * m, 4 * m)
              : r.pick(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
                  1e30f, -1e30f, 3e9f, -3e9f, Float.MIN_VALUE);
          break;
      }
      if (a.zeroPoint() == NON_ZERO && !(Math.abs(v) >= Float.MIN_NORMAL)) {
        v = m; // a divisor: not 0, not subnormal (read as 0), not NaN
      }
      bb.putFloat(v);
    }
    return bb.array();
  }

  /** Size in bytes of output {@code i}. */
  int outputBytes(int i) {
    return atBatch(outputs.get(i)).bytes();
  }

  boolean hasFloat() {
    return inputs.stream().anyMatch(a -> a.type() == TensorType.FLOAT32)
        || outputs.stream().anyMatch(a -> a.type() == TensorType.FLOAT32);
  }
}

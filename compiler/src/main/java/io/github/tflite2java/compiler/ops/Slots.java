package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The arena's one-slot-per-element representation, for operators that move elements without
 * looking at them (PACK, UNPACK, GATHER_ND, ...): an int32 is its value, a float32 its raw
 * bits, an int64 its value as an int (range-checked where it enters), a bool 0 or 1, and a
 * uint8/int8/int16 quantized value its raw value minus its zero point. Moving a slot between two
 * tensors of one type is a copy; between quantized tensors with different zero points TFLite
 * copies the raw bytes, so the centered value moves by the zero-point difference.
 */
final class Slots {

  private Slots() {}

  /** Whether the arena stores {@code t} minus a zero point. */
  static boolean centered(Tensor t) {
    return (t.type().isQuantized8() || t.type() == TensorType.INT16) && t.quant().isPresent();
  }

  /** The zero point the arena subtracts from {@code t}'s raw values (0 when it stores them). */
  static int zeroPoint(Tensor t) {
    return centered(t) ? t.quant().zeroPoint() : 0;
  }

  /**
   * Checks that tensor {@code index}, playing {@code role} for {@code op}, is of one of
   * {@code types} and, when quantized, has one valid scale and zero point.
   */
  static boolean check(ModelGraph g, ProblemCollector p, Operator op, int index, String role,
      Set<TensorType> types) {
    if (index < 0) {
      p.add(INVALID_MODEL, op, role + " is omitted");
      return false;
    }
    Tensor t = g.tensor(index);
    if (!types.contains(t.type())) {
      p.add(UNSUPPORTED_TYPE, op, index, role + " " + p.describe(index) + " is " + t.type()
          + "; " + op.kind() + " supports " + names(types));
      return false;
    }
    if (t.variable()) {
      p.add(UNSUPPORTED_TYPE, op, index, role + " " + p.describe(index)
          + " is a variable tensor; " + op.kind() + " keeps no state");
      return false;
    }
    if (centered(t)) {
      if (!t.quant().isPerTensor()) {
        p.add(UNSUPPORTED_TYPE, op, index, role + " " + p.describe(index)
            + " has per-channel quantization; " + op.kind()
            + " needs one scale and zero point");
        return false;
      }
      int zp = t.quant().zeroPoint();
      if (!OpChecks.validScale(t.quant().scale()) || zp < t.type().qmin()
          || zp > t.type().qmax()) {
        p.add(INVALID_MODEL, op, index, role + " " + p.describe(index) + " has scale "
            + t.quant().scale() + " and zero point " + zp + "; expected a positive finite scale"
            + " and a zero point in the " + t.type() + " range");
        return false;
      }
    }
    return true;
  }

  /** {@code [FLOAT32, INT32, ...]} as {@code float32, int32, ...}. */
  static String names(Set<TensorType> types) {
    return types.stream().sorted().map(t -> t.name().toLowerCase(java.util.Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  /**
   * The arena slots of a constant tensor, or {@code null} when an int64 value does not fit in
   * an int (the caller reports it).
   */
  static int[] constant(Tensor t) {
    byte[] d = t.data();
    int n = (int) t.elementCount();
    ByteBuffer bb = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
    int zp = zeroPoint(t);
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      switch (t.type()) {
        case UINT8:
          v[i] = (d[i] & 0xFF) - zp;
          break;
        case INT8:
          v[i] = d[i] - zp;
          break;
        case BOOL:
          v[i] = d[i] != 0 ? 1 : 0;
          break;
        case INT16:
          v[i] = bb.getShort(2 * i) - zp;
          break;
        case INT64: {
          long l = bb.getLong(8 * i);
          if (l != (int) l) {
            return null;
          }
          v[i] = (int) l;
          break;
        }
        default:
          // int32 values and float32 bits alike.
          v[i] = bb.getInt(4 * i);
      }
    }
    return v;
  }

  /**
   * {@link #constant} of a constant input, reporting an int64 value outside the int range;
   * {@code null} then.
   */
  static int[] constant(ProblemCollector p, Operator op, Tensor t, String role) {
    if (t.data() == null || t.data().length < t.elementCount() * t.type().byteSize()) {
      p.add(INVALID_MODEL, op, t.index(), role + " " + p.describe(t.index())
          + " has fewer data bytes than its shape needs");
      return null;
    }
    int[] v = constant(t);
    if (v == null) {
      p.add(UNSUPPORTED_TYPE, op, t.index(), role + " " + p.describe(t.index())
          + " has an int64 value outside the int range tflite2java computes with");
    }
    return v;
  }
}

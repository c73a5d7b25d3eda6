package io.github.tflite2java.it.ops;

import static io.github.tflite2java.it.ops.OpGenerators.anyRankInputShape;
import static io.github.tflite2java.it.ops.OpGenerators.broadcastShape;
import static io.github.tflite2java.it.ops.OpGenerators.fmt;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.Add;
import io.github.tflite2java.compiler.ops.Div;
import io.github.tflite2java.compiler.ops.Mul;
import io.github.tflite2java.compiler.ops.Sub;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Generators of the float32 and int32 operators (ADD, SUB, MUL, DIV, FLOOR_DIV on float32 and
 * int32, SQRT, CAST) and of 8-bit SUB. Float32 and int32 model inputs carry their magnitude in
 * {@link Act#scale()}; an input whose {@link Act#zeroPoint()} is {@link FuzzCase#NON_ZERO} never
 * holds 0 (nor -1, nor a subnormal): a divisor (TFLite fails FLOOR_DIV and int32 DIV on 0, and
 * int32 {@code INT32_MIN / -1} traps).
 */
final class FloatOpGenerators {

  private FloatOpGenerators() {}

  static boolean plain(Act in) {
    return in.type() == TensorType.FLOAT32 || in.type() == TensorType.INT32;
  }

  /** A float32 or int32 model input of rank 1 to 4. */
  static Act plainInput(Net n, TensorType type, boolean nonZero) {
    Rnd r = n.rnd;
    float magnitude = type == TensorType.INT32 ? r.pick(10f, 1000f, 100000f)
        : (float) r.logUniform(0.01, 1000);
    return n.input(type, anyRankInputShape(r).shape(), magnitude, nonZero ? FuzzCase.NON_ZERO : 0);
  }

  /** Float32 and int32 ADD, SUB, MUL, DIV or FLOOR_DIV with broadcasting and activations. */
  static final class ArithmeticGen extends GenBase {
    ArithmeticGen(String op) {
      super(op);
    }

    private boolean divides() {
      return op().equals("DIV") || op().equals("FLOOR_DIV");
    }

    @Override
    public Act input(Net n, TensorType type) {
      return plainInput(n, n.rnd.chance(0.6) ? TensorType.FLOAT32 : TensorType.INT32, false);
    }

    @Override
    public boolean accepts(Act in) {
      return plain(in) && in.rank() >= 1 && in.rank() <= 4;
    }

    OperatorOptions options(Activation act) {
      switch (op()) {
        case "ADD":
          return new Add.Options(act);
        case "SUB":
          return new Sub.Options(act);
        case "MUL":
          return new Mul.Options(act);
        case "DIV":
          return new Div.Options(act);
        default:
          return new OperatorOptions.None();
      }
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      int[] shape = in.shape();
      StringBuilder note = new StringBuilder();
      if (r.chance(0.4)) {
        for (int i = 0; i < shape.length; i++) {
          if (r.chance(0.5)) {
            shape[i] = 1;
          }
        }
        if (r.chance(0.3) && shape.length > 1) {
          shape = Arrays.copyOfRange(shape, 1, shape.length);
        }
        note.append(" broadcast");
      }
      // A divisor never holds 0 (or -1) in a second operand; a float32 DIV may divide by 0
      // (TFLite then gives +-FLT_MAX), but not when the divisor is the computed first input.
      boolean nonZero = divides() && !(op().equals("DIV") && in.type() == TensorType.FLOAT32
          && r.chance(0.3));
      Act second;
      if (!n.multiIo || r.chance(0.5)) {
        int elements = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        byte[] data = constantValues(r, in.type(), elements, nonZero);
        int c = n.constant(in.type(), shape, QuantParams.NONE, data);
        second = new Act(c, in.type(), shape, 0, 0);
        note.append(" const ").append(second.describe());
      } else {
        float magnitude = in.type() == TensorType.INT32 ? r.pick(10f, 1000f)
            : (float) r.logUniform(0.01, 1000);
        second = n.input(in.type(), shape, magnitude, nonZero ? FuzzCase.NON_ZERO : 0);
        note.append(" input ").append(second.describe());
      }
      // The computed input is the divisor only when it cannot be 0 (never, for a chain).
      boolean swap = !divides() && r.chance(0.3);
      Act a = swap ? second : in;
      Act b = swap ? in : second;
      Act out = n.tensor(in.type(), broadcastShape(a.shape(), b.shape()), 0, 0);
      Activation act = op().equals("FLOOR_DIV") ? Activation.NONE : Quant.fused(r);
      n.op(op(), 1, new int[] {a.index(), b.index()}, new int[] {out.index()}, options(act),
          fmt("%s %s %s%s%s -> %s", op(), in.type().name().toLowerCase(), act, note,
              swap ? " (swapped)" : "", out.describe()));
      return out;
    }
  }

  /** Values of a constant operand: small and large, never 0 or -1 when {@code nonZero}. */
  static byte[] constantValues(Rnd r, TensorType type, int n, boolean nonZero) {
    ByteBuffer bb = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      if (type == TensorType.INT32) {
        int v = r.chance(0.7) ? r.between(-50, 50) : r.between(-100000, 100000);
        if (nonZero && (v == 0 || v == -1)) {
          v = 48;
        }
        bb.putInt(v);
      } else {
        float v = r.chance(0.1) ? r.pick(0f, -0f, 1f, -1f, 0.5f, 1e30f, 1e-30f)
            : (float) (r.uniform(-1, 1) * r.logUniform(0.01, 1000));
        if (nonZero && Math.abs(v) < Float.MIN_NORMAL) {
          v = 3f;
        }
        bb.putFloat(v);
      }
    }
    return bb.array();
  }

  /**
   * CAST from float32 or int32 to float32, int32, int16, int64 or bool (no int8: TFLite 2.6's
   * CAST refuses it; no raw uint8, which the 8-bit generators after it would take for a
   * quantized tensor; no float32 to int64: values outside the int range do not fit the arena;
   * FloatArithmeticLiveTest covers those).
   */
  static final class CastGen extends GenBase {
    CastGen() {
      super("CAST");
    }

    @Override
    public Act input(Net n, TensorType type) {
      return plainInput(n, n.rnd.chance(0.6) ? TensorType.FLOAT32 : TensorType.INT32, false);
    }

    @Override
    public boolean accepts(Act in) {
      return plain(in);
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      TensorType out;
      do {
        out = r.pick(TensorType.FLOAT32, TensorType.INT32, TensorType.INT16, TensorType.BOOL,
            TensorType.INT64);
      } while (out == in.type() || out == TensorType.INT64 && in.type() == TensorType.FLOAT32);
      Act o = n.tensor(out, in.shape(), 0, 0);
      return unary(n, 1, in, o);
    }
  }

  /** SUB on uint8 and int8 (TFLite's ADD with the second multiplier negated). */
  static final class SubGen extends OpGenerators.BinaryGen {
    SubGen() {
      super("SUB");
    }

    @Override
    OperatorOptions options(Activation act) {
      return new Sub.Options(act);
    }

    @Override
    OperatorOptions int16Options(Activation act, boolean pot) {
      return new Sub.Options(act, pot);
    }

    @Override
    float outputScale(Rnd r, Act a, Act b) {
      return (float) (Math.max(a.scale(), b.scale()) * r.logUniform(0.5, 4));
    }
  }

  /**
   * One float32 operator without options, output the input's shape: SQRT (negative inputs give
   * NaN) and LOGISTIC (TFLite's float kernel, 2.9.0's and 2.6.2's, which differ, see {@code
   * FloatLogisticLiveTest}, takes the last {@code size % 4} elements another way; the drawn
   * shapes vary in size modulo 4).
   */
  static final class UnaryFloat32Gen extends GenBase {
    UnaryFloat32Gen(String op, String row) {
      super(op, row, null);
    }

    @Override
    public Act input(Net n, TensorType type) {
      return plainInput(n, TensorType.FLOAT32, false);
    }

    @Override
    public boolean accepts(Act in) {
      return in.type() == TensorType.FLOAT32;
    }

    @Override
    public Act append(Net n, Act in) {
      Act out = n.tensor(TensorType.FLOAT32, in.shape(), 0, 0);
      return unary(n, 1, in, out);
    }
  }
}

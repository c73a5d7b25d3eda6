package io.github.tflite2java.it.operators;

import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** One-operator models for the live comparisons, written with {@link TfliteModelBuilder}. */
final class OpModels {

  private OpModels() {}

  static QuantParams q(float scale, int zeroPoint) {
    return QuantParams.perTensor(scale, zeroPoint);
  }

  /** One input, one output, no options: RELU, RELU6, LOGISTIC, HARD_SWISH, (DE)QUANTIZE. */
  static byte[] unary(String kind, int[] shape, TensorType inType, QuantParams in,
      TensorType outType, QuantParams out) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", inType, shape, in);
    int y = b.addTensor("y", outType, shape, out);
    b.addOperator(BuiltinOperator.code(kind), version(kind, inType, outType), new int[] {x},
        new int[] {y}, new OperatorOptions.None());
    return b.inputs(x).outputs(y).build();
  }

  /** Operator versions TFLite 2.6 accepts for the types (int8 kernels need version 2+). */
  static int version(String kind, TensorType in, TensorType out) {
    boolean int8 = in == TensorType.INT8 || out == TensorType.INT8;
    switch (kind) {
      case "QUANTIZE":
        return in == TensorType.FLOAT32 ? (int8 ? 2 : 1) : 2;
      case "DEQUANTIZE":
        return int8 ? 2 : 1;
      case "HARD_SWISH":
        return 1;
      default:
        return int8 ? 2 : 1;
    }
  }

  /**
   * ADD or MUL; {@code constant2} non-null makes the second operand a constant with these raw
   * bytes.
   */
  static byte[] binary(String kind, OperatorOptions options, TensorType type, int[] s1,
      QuantParams q1, int[] s2, QuantParams q2, byte[] constant2, int[] so, QuantParams qo) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int a = b.addTensor("a", type, s1, q1);
    int c = constant2 == null ? b.addTensor("b", type, s2, q2)
        : b.addConstantTensor("b", type, s2, q2, constant2);
    int y = b.addTensor("y", type, so, qo);
    b.addOperator(BuiltinOperator.code(kind), type == TensorType.INT8 ? 2 : 1,
        new int[] {a, c}, new int[] {y}, options);
    b.inputs(constant2 == null ? new int[] {a, c} : new int[] {a}).outputs(y);
    return b.build();
  }

  static byte[] int32s(int... values) {
    ByteBuffer bb = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      bb.putInt(v);
    }
    return bb.array();
  }

  static byte[] randomBytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  /** Every raw byte value 0..255 in order, repeated to fill {@code n} bytes. */
  static byte[] sweep(int n, int start) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (start + i);
    }
    return b;
  }

  /** A list holding one input set of one tensor. */
  static List<List<byte[]>> single(byte[]... sets) {
    List<List<byte[]>> l = new ArrayList<>();
    for (byte[] s : sets) {
      l.add(List.of(s));
    }
    return l;
  }
}

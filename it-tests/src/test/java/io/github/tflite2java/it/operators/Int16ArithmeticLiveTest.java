package io.github.tflite2java.it.operators;

import static io.github.tflite2java.it.operators.OpModels.q;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.Add;
import io.github.tflite2java.compiler.ops.Mul;
import io.github.tflite2java.compiler.ops.Sub;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * int16 ADD, SUB and MUL against live TFLite 2.9.0 (C) and 2.6.2 (Java): general scales
 * (left shift 15), power-of-two scales with {@code pot_scale_int16} (gemmlowp's saturating
 * path), the general path for power-of-two scales when {@code pot_scale_int16} is false,
 * broadcasting, constant operands and fused activations, on random int16 inputs (which
 * saturate often).
 */
class Int16ArithmeticLiveTest {

  private static byte[] binary(String op, int[] shapeA, QuantParams qa, int[] shapeB,
      QuantParams qb, boolean constantB, int[] shapeOut, QuantParams qo,
      OperatorOptions options, long seed) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("a", TensorType.INT16, shapeA, qa);
    int y;
    if (constantB) {
      int n = 1;
      for (int d : shapeB) {
        n *= d;
      }
      Random rnd = new Random(seed);
      ByteBuffer bb = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        bb.putShort((short) (rnd.nextInt(65536) - 32768));
      }
      y = b.addConstantTensor("b", TensorType.INT16, shapeB, qb, bb.array());
    } else {
      y = b.addTensor("b", TensorType.INT16, shapeB, qb);
    }
    int z = b.addTensor("out", TensorType.INT16, shapeOut, qo);
    b.addOperator(BuiltinOperator.code(op), op.equals("MUL") ? 4 : 3, new int[] {x, y},
        new int[] {z}, options);
    if (constantB) {
      b.inputs(x);
    } else {
      b.inputs(x, y);
    }
    b.outputs(z);
    return b.build();
  }

  @Test
  void addGeneralScalesBroadcastRelu() {
    LiveOps.assertMatchesTflite("int16 ADD, general scales, broadcast",
        binary("ADD", new int[] {2, 3, 4}, q(0.0013f, 0), new int[] {3, 1}, q(0.0021f, 0),
            false, new int[] {2, 3, 4}, q(0.0031f, 0), new Add.Options(Activation.RELU), 1),
        10, 1);
  }

  @Test
  void addGeneralScalesElementwise() {
    LiveOps.assertMatchesTflite("int16 ADD, general scales",
        binary("ADD", new int[] {1, 5, 7}, q(0.5f, 0), new int[] {1, 5, 7}, q(0.25f, 0),
            false, new int[] {1, 5, 7}, q(0.3f, 0), new Add.Options(Activation.NONE), 2),
        10, 2);
  }

  @Test
  void addPowerOfTwoScales() {
    LiveOps.assertMatchesTflite("int16 ADD, power-of-two scales",
        binary("ADD", new int[] {4, 9}, q(0x1p-12f, 0), new int[] {4, 9}, q(0x1p-10f, 0),
            false, new int[] {4, 9}, q(0x1p-10f, 0), new Add.Options(Activation.NONE), 3),
        10, 3);
  }

  @Test
  void addPowerOfTwoScalesGeneralPathWhenPotScaleInt16False() {
    LiveOps.assertMatchesTflite("int16 ADD, power-of-two scales, pot_scale_int16 false",
        binary("ADD", new int[] {4, 9}, q(0x1p-12f, 0), new int[] {4, 9}, q(0x1p-10f, 0),
            false, new int[] {4, 9}, q(0x1p-10f, 0),
            new Add.Options(Activation.RELU_N1_TO_1, false), 4), 10, 4);
  }

  @Test
  void addConstantOperand() {
    LiveOps.assertMatchesTflite("int16 ADD, constant second input",
        binary("ADD", new int[] {1, 2, 3, 5}, q(0.002f, 0), new int[] {5}, q(0.003f, 0), true,
            new int[] {1, 2, 3, 5}, q(0.004f, 0), new Add.Options(Activation.RELU6), 5), 10, 5);
  }

  @Test
  void subGeneralScalesElementwise() {
    LiveOps.assertMatchesTflite("int16 SUB, general scales",
        binary("SUB", new int[] {3, 11}, q(0.0017f, 0), new int[] {3, 11}, q(0.0009f, 0),
            false, new int[] {3, 11}, q(0.0022f, 0), new Sub.Options(Activation.NONE), 6),
        10, 6);
  }

  @Test
  void subGeneralScalesBroadcast() {
    LiveOps.assertMatchesTflite("int16 SUB, general scales, broadcast",
        binary("SUB", new int[] {2, 1, 5}, q(0.0017f, 0), new int[] {3, 1}, q(0.0009f, 0),
            false, new int[] {2, 3, 5}, q(0.0022f, 0), new Sub.Options(Activation.NONE), 7),
        10, 7);
  }

  @Test
  void subPowerOfTwoScalesFirstShifted() {
    LiveOps.assertMatchesTflite("int16 SUB, power-of-two scales, input 1 shifted",
        binary("SUB", new int[] {40}, q(0x1p-13f, 0), new int[] {40}, q(0x1p-9f, 0), false,
            new int[] {40}, q(0x1p-9f, 0), new Sub.Options(Activation.NONE), 8), 10, 8);
  }

  @Test
  void subPowerOfTwoScalesSecondShifted() {
    LiveOps.assertMatchesTflite("int16 SUB, power-of-two scales, input 2 shifted",
        binary("SUB", new int[] {40}, q(0x1p-9f, 0), new int[] {40}, q(0x1p-11f, 0), false,
            new int[] {40}, q(0x1p-9f, 0), new Sub.Options(Activation.RELU), 9), 10, 9);
  }

  @Test
  void mulElementwiseAndBroadcast() {
    LiveOps.assertMatchesTflite("int16 MUL",
        binary("MUL", new int[] {2, 3, 4}, q(0.001f, 0), new int[] {2, 3, 4}, q(0.002f, 0),
            false, new int[] {2, 3, 4}, q(0.00005f, 0), new Mul.Options(Activation.NONE), 10),
        10, 10);
    LiveOps.assertMatchesTflite("int16 MUL, broadcast",
        binary("MUL", new int[] {2, 3, 4}, q(0.001f, 0), new int[] {4}, q(0.002f, 0),
            false, new int[] {2, 3, 4}, q(0.00007f, 0), new Mul.Options(Activation.RELU), 11),
        10, 11);
  }

  @Test
  void mulConstant() {
    LiveOps.assertMatchesTflite("int16 MUL, constant",
        binary("MUL", new int[] {1, 3, 3, 2}, q(0.01f, 0), new int[] {1, 1, 1, 2},
            q(0.003f, 0), true, new int[] {1, 3, 3, 2}, q(0.1f, 0),
            new Mul.Options(Activation.NONE), 12), 10, 12);
  }
}

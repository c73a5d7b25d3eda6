package io.github.tflite2java.compiler.vector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.FullyConnected;
import io.github.tflite2java.compiler.testing.VectorPair;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TestModels;
import java.util.Random;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector FULLY_CONNECTED kernel ({@code VectorFullyConnected}): depths 1 to 300 (odd and
 * even), 8 to 67 units (blocks of 16 with tails), 1 to 4 rows, uint8 and int8, ReLU or none.
 * Each random model is compiled with {@code kernels=vector}; its vector class must run the layer
 * and return exactly the bytes of the scalar kernel (which the randomized suite checks against
 * live TFLite 2.9.0 and 2.6.2).
 */
@ExtendWith(VectorPair.NoWarmUp.class)
class VectorFullyConnectedTest {
  private static final String CLASS = "test.vfc.Model";

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void vectorFullyConnectedEqualsTheScalarKernel(int seed) throws Exception {
    Random r = new Random(seed);
    boolean int8 = seed % 2 == 0;
    TensorType type = int8 ? TensorType.INT8 : TensorType.UINT8;
    int rows = seed % 3 == 0 ? 1 + r.nextInt(4) : 1;
    int depth = 1 + r.nextInt(300);
    int units = 8 + r.nextInt(60);
    Activation act = r.nextBoolean() ? Activation.RELU : Activation.NONE;
    int inZp = int8 ? r.nextInt(256) - 128 : r.nextInt(256);
    int outZp = int8 ? r.nextInt(256) - 128 : r.nextInt(256);
    int wZp = int8 ? 0 : r.nextInt(256);

    TfliteModelBuilder b = new TfliteModelBuilder();
    float inScale = 0.02f + r.nextFloat() * 0.1f;
    int in = b.addTensor("in", type, new int[] {rows, depth},
        QuantParams.perTensor(inScale, inZp));
    float wScale = 0.005f + r.nextFloat() * 0.05f;
    int filter = b.addConstantTensor("w", type, new int[] {units, depth},
        QuantParams.perTensor(wScale, wZp), TestModels.randomBytes(r, units * depth));
    int[] biasValues = new int[units];
    for (int i = 0; i < units; i++) {
      biasValues[i] = r.nextInt(40001) - 20000;
    }
    int bias = b.addConstantTensor("b", TensorType.INT32, new int[] {units},
        QuantParams.perTensor(inScale * wScale, 0), TestModels.int32s(biasValues));
    int out = b.addTensor("out", type, new int[] {rows, units},
        // Outputs spread over the 8-bit range (an accumulator's spread is about 74 * 74 *
        // sqrt(depth) with uniform inputs and weights), not clamped.
        QuantParams.perTensor((float) (inScale * wScale * 5476 * Math.sqrt(depth)
            / (30 + r.nextFloat() * 40)), outZp));
    b.addOperator(BuiltinOperator.FULLY_CONNECTED, int8 ? 4 : 1, new int[] {in, filter, bias},
        new int[] {out}, new FullyConnected.Options(act, 0, false));
    b.inputs(in).outputs(out).description("fully connected seed " + seed);
    VectorPair pair = VectorPair.compile(b.build(), CLASS);
    String shape = rows + "x" + depth + " -> " + units + " " + act + " " + type;
    pair.assertVectorLayers(1, shape);
    for (int k = 0; k < 3; k++) {
      pair.assertSameOutput(TestModels.randomBytes(r, rows * depth), shape);
    }
  }
}

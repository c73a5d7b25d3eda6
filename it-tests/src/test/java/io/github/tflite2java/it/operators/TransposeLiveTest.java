package io.github.tflite2java.it.operators;

import static io.github.tflite2java.it.operators.OpModels.q;

import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TRANSPOSE against live TFLite 2.6.2 and 2.9.0: PyTorch's NCHW to NHWC, every permutation of a
 * 3-D tensor, rank 1, 2 and 5, size-1 dimensions, and an output zero point unlike the input's.
 */
class TransposeLiveTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TensorType.class, names = {"UINT8", "INT8"})
  void permutationsMatchTflite(TensorType type) {
    int zp = type == TensorType.INT8 ? -9 : 117;
    int[][] shapes = {{1, 3, 8, 8}, {2, 3, 4}, {2, 3, 4}, {2, 3, 4}, {2, 3, 4}, {2, 3, 4},
        {2, 3, 4}, {5}, {3, 7}, {1, 4, 1, 3}, {2, 3, 2, 2, 3}};
    int[][] perms = {{0, 2, 3, 1}, {0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1},
        {2, 1, 0}, {0}, {1, 0}, {3, 1, 2, 0}, {4, 2, 0, 3, 1}};
    for (int k = 0; k < shapes.length; k++) {
      int[] in = shapes[k];
      int[] out = new int[in.length];
      for (int d = 0; d < in.length; d++) {
        out[d] = in[perms[k][d]];
      }
      QuantParams qIn = q(0.05f, zp);
      // The last case copies raw bytes into an output with another zero point.
      QuantParams qOut = k == shapes.length - 2 ? q(0.05f, zp + 3) : qIn;
      TfliteModelBuilder b = new TfliteModelBuilder();
      int x = b.addTensor("x", type, in, qIn);
      int p = b.addConstantTensor("perm", TensorType.INT32, new int[] {in.length},
          QuantParams.NONE, OpModels.int32s(perms[k]));
      int y = b.addTensor("y", type, out, qOut);
      int version = in.length == 5 ? 4 : type == TensorType.INT8 ? 2 : 1;
      b.addOperator(BuiltinOperator.code("TRANSPOSE"), version, new int[] {x, p}, new int[] {y},
          new OperatorOptions.None());
      LiveOps.assertMatchesTflite("TRANSPOSE " + type + " " + java.util.Arrays.toString(in)
          + " by " + java.util.Arrays.toString(perms[k]), b.inputs(x).outputs(y).build(), 3, k);
    }
  }
}

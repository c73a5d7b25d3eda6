package io.github.tflite2java.it.operators;

import static io.github.tflite2java.it.operators.OpModels.q;

import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.ResizeBilinear;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RESIZE_BILINEAR against live TFLite 2.6.2 and 2.9.0, uint8 (float32 weights) and int8 (10-bit
 * fixed point): every option combination TFLite accepts (align_corners, half_pixel_centers,
 * neither; both is an error, {@code ResizeBilinearValidationTest}),
 * up- and down-scaling, non-integer ratios, 1-pixel inputs and outputs, exactly 2x and 8x
 * (TFLite's special cases), depths of 1, 3 and 8, batch 2, and an output zero point unlike the
 * input's.
 */
class ResizeBilinearLiveTest {

  static byte[] model(TensorType type, int[] in, int outH, int outW, boolean align,
      boolean halfPixel, QuantParams qIn, QuantParams qOut) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", type, in, qIn);
    int size = b.addConstantTensor("size", TensorType.INT32, new int[] {2}, QuantParams.NONE,
        OpModels.int32s(new int[] {outH, outW}));
    int y = b.addTensor("y", type, new int[] {in[0], outH, outW, in[3]}, qOut);
    int version = halfPixel ? 3 : type == TensorType.INT8 ? 2 : 1;
    b.addOperator(BuiltinOperator.RESIZE_BILINEAR, version, new int[] {x, size}, new int[] {y},
        new ResizeBilinear.Options(align, halfPixel));
    return b.inputs(x).outputs(y).build();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TensorType.class, names = {"UINT8", "INT8"})
  void everyOptionAndScaleMatchesTflite(TensorType type) {
    int zp = type == TensorType.INT8 ? -7 : 121;
    int[][] inShapes = {{1, 4, 5, 3}, {1, 7, 6, 1}, {1, 3, 3, 8}, {1, 4, 4, 8}, {2, 5, 3, 2},
        {1, 1, 1, 3}, {1, 6, 9, 2}, {1, 2, 3, 8}, {1, 65, 65, 2}};
    int[][] outSizes = {{8, 10}, {3, 4}, {24, 24}, {8, 8}, {9, 7}, {5, 4}, {1, 1}, {16, 24},
        {129, 129}};
    boolean[][] options = {{false, false}, {true, false}, {false, true}};
    for (int k = 0; k < inShapes.length; k++) {
      for (boolean[] o : options) {
        QuantParams qIn = q(0.05f, zp);
        QuantParams qOut = k == 4 ? q(0.05f, zp + 5) : qIn;
        int[] in = inShapes[k];
        byte[] model = model(type, in, outSizes[k][0], outSizes[k][1], o[0], o[1], qIn, qOut);
        LiveOps.assertMatchesTflite("RESIZE_BILINEAR " + type + " " + Arrays.toString(in)
            + " to " + Arrays.toString(outSizes[k]) + " align_corners=" + o[0]
            + " half_pixel_centers=" + o[1], model, 3, 31L * k + (o[0] ? 2 : 0) + (o[1] ? 1 : 0));
      }
    }
  }
}

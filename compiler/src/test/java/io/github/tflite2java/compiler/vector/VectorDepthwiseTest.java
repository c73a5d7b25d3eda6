package io.github.tflite2java.compiler.vector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.testing.VectorPair;
import io.github.tflite2java.compiler.tflite.TestModels;
import java.util.Random;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector DEPTHWISE_CONV_2D 3x3 kernel ({@code VectorDepthwise}) on the shapes at its edges:
 * images of 1 to 9 rows and columns (kernel rows and columns outside the image), strides 1 and
 * 2, SAME and VALID, 8 to 32 channels, batches of 1 and 2, uint8, per-tensor and per-channel
 * int8, with ReLU6 or no activation. Each random model is compiled with {@code kernels=vector}; its vector
 * class must run the layer and return exactly the bytes of the scalar kernels (which the
 * randomized suite checks against live TFLite 2.9.0 and 2.6.2).
 */
@ExtendWith(VectorPair.NoWarmUp.class)
class VectorDepthwiseTest {
  private static final String CLASS = "test.vdw.Model";

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void vectorDepthwiseEqualsTheScalarKernel(int seed) throws Exception {
    Random r = new Random(seed);
    boolean int8 = seed % 4 == 0;
    TensorType type = int8 ? TensorType.INT8 : TensorType.UINT8;
    int batches = seed % 5 == 0 ? 2 : 1;
    int h = 1 + r.nextInt(9);
    int w = 1 + r.nextInt(9);
    int c = 8 * (1 + r.nextInt(4));
    int stride = 1 + r.nextInt(2);
    Padding padding = r.nextBoolean() || h < 3 || w < 3 ? Padding.SAME : Padding.VALID;
    // int8 seeds 4, 12, 20: per-channel weight scales (one multiplier per lane).
    boolean perChannel = int8 && seed % 8 == 4;
    Depthwise3x3Models.Layer layer = Depthwise3x3Models.random(r, batches, h, w, c, stride,
        padding, int8, perChannel, "depthwise 3x3 seed " + seed);
    VectorPair pair = VectorPair.compile(layer.model(), CLASS);
    String shape = batches + "x" + h + "x" + w + "x" + c + " s" + stride + " " + padding + " "
        + layer.activation() + " " + type + (perChannel ? " per-channel" : "");
    pair.assertVectorLayers(1, shape);
    for (int k = 0; k < 3; k++) {
      pair.assertSameOutput(TestModels.randomBytes(r, batches * h * w * c), shape);
    }
  }
}

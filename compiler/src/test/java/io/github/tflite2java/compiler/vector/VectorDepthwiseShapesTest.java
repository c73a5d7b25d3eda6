package io.github.tflite2java.compiler.vector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.testing.ClassFileMethods;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.testing.VectorPair;
import io.github.tflite2java.compiler.tflite.TestModels;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vector DEPTHWISE_CONV_2D 3x3 kernel ({@code VectorDepthwise}: one call per output row,
 * every channel of a pixel in turn, zero rows for the kernel rows outside the image, edge
 * columns after the interior ones) on MobileNet's layer shapes and around them: images 1x1 to
 * 14x14 and 56x56, strides 1 and 2, SAME and VALID (interior columns from none to all),
 * channels 8 to 1024 (multiples of 16 and not), batches of 1 and 2, uint8, per-tensor and
 * per-channel int8. Each model is compiled with {@code kernels=vector}; its vector class must
 * run the layer and return exactly the scalar kernels' bytes (random inputs and the extremes),
 * and every method must stay under HotSpot's JIT limit.
 */
@ExtendWith(VectorPair.NoWarmUp.class)
class VectorDepthwiseShapesTest {
  private static final String CLASS = "test.vdws.Model";

  @ParameterizedTest(name = "{0}x{1}x{2}x{3} s{4} {5} {6}")
  @CsvSource({
      // batches, h, w, channels, stride, padding, quantization
      "1, 7, 7, 1024, 1, SAME, uint8",
      "1, 14, 14, 512, 1, SAME, uint8",
      "1, 14, 14, 512, 2, SAME, uint8",
      "1, 14, 14, 264, 1, SAME, int8-per-channel",
      "1, 7, 7, 256, 2, VALID, int8-per-channel",
      "1, 9, 9, 520, 1, VALID, int8",
      "2, 5, 6, 256, 1, SAME, uint8",
      "1, 1, 1, 256, 1, SAME, uint8",
      "1, 2, 3, 272, 2, SAME, int8-per-channel",
      "1, 3, 3, 256, 1, VALID, uint8",
      "1, 14, 14, 8, 1, SAME, uint8",
      "1, 7, 7, 16, 1, SAME, int8-per-channel",
      "1, 14, 14, 24, 2, SAME, int8",
      "1, 7, 7, 248, 1, SAME, uint8",
      "1, 56, 56, 16, 1, SAME, uint8",
      "2, 57, 30, 8, 2, SAME, int8-per-channel",
      "1, 28, 28, 40, 2, VALID, uint8",
  })
  void rowKernelEqualsTheScalarKernel(int batches, int h, int w, int c, int stride,
      Padding padding, String quantization) throws Exception {
    Random r = new Random(Arrays.hashCode(new int[] {batches, h, w, c, stride})
        + padding.ordinal() + quantization.hashCode());
    boolean int8 = quantization.startsWith("int8");
    boolean perChannel = quantization.endsWith("per-channel");
    Depthwise3x3Models.Layer layer = Depthwise3x3Models.random(r, batches, h, w, c, stride,
        padding, int8, perChannel, "depthwise 3x3 shapes");
    VectorPair pair = VectorPair.compile(layer.model(), CLASS);
    String shape = batches + "x" + h + "x" + w + "x" + c + " s" + stride + " " + padding + " "
        + layer.activation() + " " + quantization;
    pair.assertVectorLayers(1, shape);
    String source = pair.vectorSource();
    assertTrue(source.contains("DwPixels(t, b, oy)"), shape + ": one call per output row");
    ClassFileMethods.assertUnderJitLimit(InMemoryJavac.compile(pair.generated()).classFiles(),
        shape);
    int n = batches * h * w * c;
    for (int k = 0; k < 3; k++) {
      pair.assertSameOutput(TestModels.randomBytes(r, n), shape);
    }
    // The extremes: every input at the type's lowest and highest value (largest accumulators).
    byte[] low = new byte[n];
    byte[] high = new byte[n];
    Arrays.fill(low, (byte) (int8 ? -128 : 0));
    Arrays.fill(high, (byte) (int8 ? 127 : 255));
    assertTrue(pair.assertSameOutput(low, shape + " lowest").length > 0);
    pair.assertSameOutput(high, shape + " highest");
  }
}

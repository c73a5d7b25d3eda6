package io.github.tflite2java.compiler.vector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.DepthwiseConv2d;
import io.github.tflite2java.compiler.testing.ClassFileMethods;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.testing.VectorPair;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
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
  void bothShapesEqualTheScalarKernel(int batches, int h, int w, int c, int stride,
      Padding padding, String quantization) throws Exception {
    Random r = new Random(Arrays.hashCode(new int[] {batches, h, w, c, stride})
        + padding.ordinal() + quantization.hashCode());
    boolean int8 = quantization.startsWith("int8");
    boolean perChannel = quantization.endsWith("per-channel");
    TensorType type = int8 ? TensorType.INT8 : TensorType.UINT8;
    int outH = padding == Padding.SAME ? (h + stride - 1) / stride : (h - 3) / stride + 1;
    int outW = padding == Padding.SAME ? (w + stride - 1) / stride : (w - 3) / stride + 1;
    Activation act = r.nextBoolean() ? Activation.RELU6 : Activation.NONE;
    int inZp = int8 ? r.nextInt(256) - 128 : r.nextInt(256);
    int outZp = int8 ? r.nextInt(256) - 128 : r.nextInt(256);
    int wZp = int8 ? 0 : r.nextInt(256);

    TfliteModelBuilder b = new TfliteModelBuilder();
    float inScale = 0.02f + r.nextFloat() * 0.1f;
    int in = b.addTensor("in", type, new int[] {batches, h, w, c},
        QuantParams.perTensor(inScale, inZp));
    float wScale = 0.005f + r.nextFloat() * 0.05f;
    float[] wScales = new float[c];
    for (int i = 0; i < c; i++) {
      wScales[i] = perChannel ? 0.002f + r.nextFloat() * 0.06f : wScale;
    }
    int filter = b.addConstantTensor("w", type, new int[] {1, 3, 3, c},
        perChannel ? new QuantParams(wScales, new long[c], 3) : QuantParams.perTensor(wScale, wZp),
        TestModels.randomBytes(r, 9 * c));
    int[] biasValues = new int[c];
    for (int i = 0; i < c; i++) {
      biasValues[i] = r.nextInt(4001) - 2000;
    }
    int bias = b.addConstantTensor("b", TensorType.INT32, new int[] {c},
        QuantParams.perTensor(inScale * wScale, 0), TestModels.int32s(biasValues));
    int out = b.addTensor("out", type, new int[] {batches, outH, outW, c},
        QuantParams.perTensor(0.05f + r.nextFloat() * 0.2f, outZp));
    b.addOperator(BuiltinOperator.DEPTHWISE_CONV_2D, int8 ? 3 : 1,
        new int[] {in, filter, bias}, new int[] {out},
        new DepthwiseConv2d.Options(padding, stride, stride, 1, 1, 1, act));
    b.inputs(in).outputs(out).description("depthwise 3x3 shapes");
    VectorPair pair = VectorPair.compile(b.build(), CLASS);
    String shape = batches + "x" + h + "x" + w + "x" + c + " s" + stride + " " + padding + " "
        + act + " " + quantization;
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

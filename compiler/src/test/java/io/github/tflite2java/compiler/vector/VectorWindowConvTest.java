package io.github.tflite2java.compiler.vector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.Conv2d;
import io.github.tflite2java.compiler.testing.VectorPair;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TestModels;
import java.util.Random;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector CONV_2D window kernel ({@code VectorWindowConv}) on the shapes at its edges:
 * kernels of 1x1 (stride 2) to 5x5, non-square, strides 1 to 3, SAME and VALID, images of 1 to
 * 12 rows and columns (windows cut by every edge), 1 to 5 input channels, 8 to 40 output
 * channels (blocks of 16 with tails), batches of 1 and 2, uint8, per-tensor and per-channel
 * int8. Each random model is compiled with {@code kernels=vector}; its vector class must run the
 * layer and return exactly the bytes of the scalar kernels (which the randomized suite checks
 * against live TFLite 2.9.0 and 2.6.2).
 */
@ExtendWith(VectorPair.NoWarmUp.class)
class VectorWindowConvTest {
  private static final String CLASS = "test.vwc.Model";

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void vectorWindowConvEqualsTheScalarKernel(int seed) throws Exception {
    Random r = new Random(seed);
    boolean int8 = seed % 3 != 0;
    boolean perChannel = int8 && seed % 2 == 0;
    TensorType type = int8 ? TensorType.INT8 : TensorType.UINT8;
    int batches = seed % 5 == 0 ? 2 : 1;
    int kH = 1 + r.nextInt(5);
    int kW = 1 + r.nextInt(5);
    int stride = 1 + r.nextInt(3);
    // Stride 1 with a 1x1 kernel is the pointwise kernel's: make it 2.
    if (kH == 1 && kW == 1) {
      stride = 2;
    }
    int h = 1 + r.nextInt(12);
    int w = 1 + r.nextInt(12);
    int inC = 1 + r.nextInt(5);
    int outC = 8 + r.nextInt(33);
    Padding padding = r.nextBoolean() || h < kH || w < kW ? Padding.SAME : Padding.VALID;
    int outH = padding == Padding.SAME ? (h + stride - 1) / stride : (h - kH) / stride + 1;
    int outW = padding == Padding.SAME ? (w + stride - 1) / stride : (w - kW) / stride + 1;
    Activation act = r.nextBoolean() ? Activation.RELU6 : Activation.NONE;
    int inZp = int8 ? r.nextInt(256) - 128 : r.nextInt(256);
    int outZp = int8 ? r.nextInt(256) - 128 : r.nextInt(256);
    int wZp = int8 ? 0 : r.nextInt(256);

    TfliteModelBuilder b = new TfliteModelBuilder();
    float inScale = 0.02f + r.nextFloat() * 0.1f;
    int in = b.addTensor("in", type, new int[] {batches, h, w, inC},
        QuantParams.perTensor(inScale, inZp));
    float wScale = 0.005f + r.nextFloat() * 0.05f;
    float[] wScales = new float[outC];
    for (int i = 0; i < outC; i++) {
      wScales[i] = perChannel ? 0.002f + r.nextFloat() * 0.06f : wScale;
    }
    int filter = b.addConstantTensor("w", type, new int[] {outC, kH, kW, inC},
        perChannel ? new QuantParams(wScales, new long[outC], 0)
            : QuantParams.perTensor(wScale, wZp),
        TestModels.randomBytes(r, outC * kH * kW * inC));
    int[] biasValues = new int[outC];
    for (int i = 0; i < outC; i++) {
      biasValues[i] = r.nextInt(4001) - 2000;
    }
    int bias = b.addConstantTensor("b", TensorType.INT32, new int[] {outC},
        QuantParams.perTensor(inScale * wScale, 0), TestModels.int32s(biasValues));
    int out = b.addTensor("out", type, new int[] {batches, outH, outW, outC},
        // Outputs spread over the 8-bit range (an accumulator's spread is about 74 * 74 *
        // sqrt(taps) with uniform inputs and weights), not clamped.
        QuantParams.perTensor((float) (inScale * wScale * 5476 * Math.sqrt(kH * kW * inC)
            / (30 + r.nextFloat() * 40)), outZp));
    b.addOperator(BuiltinOperator.CONV_2D, int8 ? 3 : 1, new int[] {in, filter, bias},
        new int[] {out}, new Conv2d.Options(padding, stride, stride, 1, 1, act));
    b.inputs(in).outputs(out).description("window conv seed " + seed);
    VectorPair pair = VectorPair.compile(b.build(), CLASS);
    String shape = batches + "x" + h + "x" + w + "x" + inC + " k" + kH + "x" + kW + " s"
        + stride + " " + padding + " -> " + outC + " " + act + " " + type
        + (perChannel ? " per-channel" : "");
    assertTrue(pair.vectorSource().contains("WindowConv2d"), shape);
    pair.assertVectorLayers(1, shape);
    for (int k = 0; k < 3; k++) {
      pair.assertSameOutput(TestModels.randomBytes(r, batches * h * w * inC), shape);
    }
  }
}

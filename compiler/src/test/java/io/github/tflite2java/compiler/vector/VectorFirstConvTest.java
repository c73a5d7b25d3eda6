package io.github.tflite2java.compiler.vector;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float (exact FMA) path of the vector window convolution ({@code VectorWindowConv}, the
 * {@code WinFill} / {@code WinPixelsN} methods) on first-convolution shapes: 3x3 (and 2x2, 5x5)
 * kernels over 1 to 4 image channels, stride 1 and 2, SAME and VALID padding, images whose
 * output rows are and are not multiples of the 6-pixel group (and narrower than one group),
 * 8 to 48 output channels (16-channel blocks with tails), batches of 1 and 2, fused NONE / RELU
 * / RELU6; uint8, int8 per-tensor, and int8 per-channel with a channel of bias 2^28-2^30 and
 * channels with multipliers above one (the centered requantization, whose accumulators start
 * at 0). The vector class must take the float path, run the layer on vectors and return exactly
 * the scalar kernel's bytes (which the randomized suite checks against live TFLite), on random
 * inputs and on inputs at the type's ends. A layer over the float bound keeps the int path.
 */
@ExtendWith(VectorPair.NoWarmUp.class)
class VectorFirstConvTest {
  private static final String CLASS = "test.vfirst.Model";

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18})
  void firstConvFloatPathEqualsTheScalarKernel(int seed) throws Exception {
    Random r = new Random(seed);
    int kind = seed % 3; // 0 uint8, 1 int8 per-tensor, 2 int8 per-channel with a huge bias
    int k = seed % 7 == 0 ? 2 : seed % 11 == 0 ? 5 : 3;
    int stride = 1 + seed % 2;
    int h = 1 + r.nextInt(20);
    int w = 1 + r.nextInt(30);
    Padding padding = r.nextBoolean() || h < k || w < k ? Padding.SAME : Padding.VALID;
    int inC = seed % 4 == 0 ? 1 + r.nextInt(4) : 3;
    int outC = 8 + r.nextInt(41);
    int batches = seed % 5 == 0 ? 2 : 1;
    Activation act = new Activation[] {Activation.NONE, Activation.RELU, Activation.RELU6}[
        r.nextInt(3)];
    check(r, kind, k, stride, h, w, padding, inC, outC, batches, act, true);
  }

  /** MobileNet's first convolution: 224x224x3 -> 112x112x32, 3x3 stride 2 SAME, RELU6. */
  @Test
  void mobilenetFirstConvolution() throws Exception {
    check(new Random(224), 0, 3, 2, 224, 224, Padding.SAME, 3, 32, 1, Activation.RELU6, true);
    check(new Random(225), 2, 3, 2, 224, 224, Padding.SAME, 3, 32, 1, Activation.RELU6, true);
  }

  /** 5x5 over 16 uint8 channels with wide weights: its bound is over 2^22, the int path. */
  @Test
  void overTheFloatBoundKeepsTheIntKernel() throws Exception {
    check(new Random(5), 3, 5, 1, 9, 9, Padding.SAME, 16, 24, 1, Activation.NONE, false);
  }

  private static void check(Random r, int kind, int k, int stride, int h, int w,
      Padding padding, int inC, int outC, int batches, Activation act, boolean floatPath)
      throws Exception {
    boolean int8 = kind == 1 || kind == 2;
    boolean perChannel = kind == 2;
    TensorType type = int8 ? TensorType.INT8 : TensorType.UINT8;
    int outH = padding == Padding.SAME ? (h + stride - 1) / stride : (h - k) / stride + 1;
    int outW = padding == Padding.SAME ? (w + stride - 1) / stride : (w - k) / stride + 1;
    int inZp = int8 ? r.nextInt(256) - 128 : r.nextInt(256);
    int outZp = int8 ? r.nextInt(256) - 128 : r.nextInt(256);
    int wZp = int8 ? 0 : kind == 3 ? 0 : r.nextInt(256);
    int taps = k * k * inC;
    float inScale = 0.02f + r.nextFloat() * 0.1f;
    // Outputs spread over the 8-bit range (an accumulator's spread is about 74 * 74 *
    // sqrt(taps) with uniform inputs and weights).
    float outScale = (float) (inScale * 0.02 * 5476 * Math.sqrt(taps) / (30 + r.nextFloat() * 40));
    float[] wScales = new float[outC];
    int[] biasValues = new int[outC];
    for (int c = 0; c < outC; c++) {
      wScales[c] = 0.02f;
      biasValues[c] = r.nextInt(4001) - 2000;
      if (perChannel && c == 0) {
        biasValues[c] = (int) ((1L << 28) + r.nextInt(3 << 28)) * (r.nextBoolean() ? 1 : -1);
        wScales[c] = (float) Math.abs((r.nextDouble() * 200 - 100) / biasValues[c] * outScale
            / inScale);
      } else if (perChannel && c % 3 == 1) {
        wScales[c] = (float) ((1 + r.nextDouble() * 5) * outScale / inScale);
      } else if (perChannel) {
        wScales[c] = 0.005f + r.nextFloat() * 0.04f;
      }
    }
    byte[] weights = TestModels.randomBytes(r, outC * taps);
    if (kind == 3) {
      Arrays.fill(weights, (byte) 255); // every |centered weight| 255: far over the bound
    }
    TfliteModelBuilder b = new TfliteModelBuilder();
    int in = b.addTensor("in", type, new int[] {batches, h, w, inC},
        QuantParams.perTensor(inScale, inZp));
    int filter = b.addConstantTensor("w", type, new int[] {outC, k, k, inC},
        perChannel ? new QuantParams(wScales, new long[outC], 0)
            : QuantParams.perTensor(wScales[0], wZp), weights);
    int bias = b.addConstantTensor("b", TensorType.INT32, new int[] {outC},
        QuantParams.perTensor(inScale * wScales[0], 0), TestModels.int32s(biasValues));
    int out = b.addTensor("out", type, new int[] {batches, outH, outW, outC},
        QuantParams.perTensor(outScale, outZp));
    b.addOperator(BuiltinOperator.CONV_2D, int8 ? 3 : 1, new int[] {in, filter, bias},
        new int[] {out}, new Conv2d.Options(padding, stride, stride, 1, 1, act));
    b.inputs(in).outputs(out).description("first conv");
    VectorPair pair = VectorPair.compile(b.build(), CLASS);
    String shape = batches + "x" + h + "x" + w + "x" + inC + " k" + k + " s" + stride + " "
        + padding + " -> " + outC + " " + act + " " + type + (perChannel ? " per-channel" : "");
    assertTrue(pair.vectorSource().contains("WindowConv2d"), shape);
    if (floatPath) {
      assertTrue(pair.vectorSource().contains("WinFill("), "float path: " + shape);
    } else {
      assertFalse(pair.vectorSource().contains("WinFill("), "int path: " + shape);
    }
    pair.assertVectorLayers(1, shape);
    int n = batches * h * w * inC;
    for (int i = 0; i < 4; i++) {
      byte[] input = TestModels.randomBytes(r, n);
      if (i >= 2) {
        Arrays.fill(input, (byte) (i == 2 ? (int8 ? -128 : 0) : (int8 ? 127 : 255)));
      }
      pair.assertSameOutput(input, shape);
    }
  }
}

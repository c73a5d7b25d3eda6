package io.github.tflite2java.compiler.vector;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.DepthwiseConv2d;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TestModels;
import java.util.Random;

/** The one-layer DEPTHWISE_CONV_2D 3x3 models of the vector depthwise tests. */
final class Depthwise3x3Models {
  private Depthwise3x3Models() {}

  /** A model and the fused activation {@link #random} drew for it. */
  record Layer(byte[] model, Activation activation) {}

  /**
   * A random 3x3 depthwise layer (depth multiplier 1) of the given shape: ReLU6 or no
   * activation, random zero points and scales (per channel when {@code perChannel}, int8 only),
   * random weights and biases in [-2000, 2000]; everything drawn from {@code r}.
   */
  static Layer random(Random r, int batches, int h, int w, int c, int stride, Padding padding,
      boolean int8, boolean perChannel, String description) {
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
    b.inputs(in).outputs(out).description(description);
    return new Layer(b.build(), act);
  }
}

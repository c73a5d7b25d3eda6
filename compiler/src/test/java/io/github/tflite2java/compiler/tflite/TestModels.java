package io.github.tflite2java.compiler.tflite;

import io.github.tflite2java.compiler.ops.Add;
import io.github.tflite2java.compiler.ops.Concatenation;
import io.github.tflite2java.compiler.ops.Conv2d;
import io.github.tflite2java.compiler.ops.DepthwiseConv2d;
import io.github.tflite2java.compiler.ops.FullyConnected;
import io.github.tflite2java.compiler.ops.Mean;
import io.github.tflite2java.compiler.ops.Mul;
import io.github.tflite2java.compiler.ops.Pool2d;
import io.github.tflite2java.compiler.ops.Reshape;
import io.github.tflite2java.compiler.ops.Softmax;
import io.github.tflite2java.compiler.ops.Squeeze;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** Test fixtures: small models written with {@link TfliteModelBuilder}, for any test to use. */
public final class TestModels {

  private TestModels() {}

  /**
   * An int8 model using every options table: CONV_2D (per-channel) -> DEPTHWISE_CONV_2D
   * (per-channel, dim 3) -> MAX_POOL_2D -> AVERAGE_POOL_2D -> RESHAPE -> FULLY_CONNECTED -> ADD
   * -> MUL -> CONCATENATION -> SOFTMAX, and a MEAN -> SQUEEZE branch off the convolution.
   */
  public static byte[] everyOptionsModel() {
    Random rnd = new Random(42);
    TfliteModelBuilder b = new TfliteModelBuilder();
    QuantParams act = QuantParams.perTensor(0.05f, -3);
    int in = b.addTensor("input", TensorType.INT8, new int[] {1, 6, 6, 2}, act);

    float[] convScales = {0.01f, 0.02f, 0.015f, 0.03f};
    int convW = b.addConstantTensor("conv/w", TensorType.INT8, new int[] {4, 3, 3, 2},
        new QuantParams(convScales, new long[4], 0), randomBytes(rnd, 4 * 3 * 3 * 2));
    int convB = b.addConstantTensor("conv/b", TensorType.INT32, new int[] {4},
        new QuantParams(products(0.05f, convScales), new long[4], 0), int32s(rnd, 4));
    int conv = b.addTensor("conv/out", TensorType.INT8, new int[] {1, 6, 6, 4}, act);
    b.addOperator(BuiltinOperator.CONV_2D, 3, new int[] {in, convW, convB}, new int[] {conv},
        new Conv2d.Options(Padding.SAME, 1, 1, 1, 1, Activation.RELU6));

    float[] dwScales = {0.02f, 0.01f, 0.04f, 0.03f};
    int dwW = b.addConstantTensor("dw/w", TensorType.INT8, new int[] {1, 3, 3, 4},
        new QuantParams(dwScales, new long[4], 3), randomBytes(rnd, 3 * 3 * 4));
    int dwB = b.addConstantTensor("dw/b", TensorType.INT32, new int[] {4},
        new QuantParams(products(0.05f, dwScales), new long[4], 0), int32s(rnd, 4));
    int dw = b.addTensor("dw/out", TensorType.INT8, new int[] {1, 3, 3, 4}, act);
    b.addOperator(BuiltinOperator.DEPTHWISE_CONV_2D, 3, new int[] {conv, dwW, dwB},
        new int[] {dw}, new DepthwiseConv2d.Options(Padding.SAME, 2, 2, 1, 1, 1,
            Activation.RELU));

    int max = b.addTensor("maxpool", TensorType.INT8, new int[] {1, 2, 2, 4}, act);
    b.addOperator(BuiltinOperator.MAX_POOL_2D, 2, new int[] {dw}, new int[] {max},
        new Pool2d.Options(Padding.VALID, 1, 1, 2, 2, Activation.NONE));
    int avg = b.addTensor("avgpool", TensorType.INT8, new int[] {1, 1, 1, 4}, act);
    b.addOperator(BuiltinOperator.AVERAGE_POOL_2D, 2, new int[] {max}, new int[] {avg},
        new Pool2d.Options(Padding.VALID, 2, 2, 2, 2, Activation.NONE));

    int shape = b.addConstantTensor("reshape/shape", TensorType.INT32, new int[] {2},
        QuantParams.NONE, int32s(new int[] {1, 4}));
    int flat = b.addTensor("reshape", TensorType.INT8, new int[] {1, 4}, act);
    b.addOperator(BuiltinOperator.RESHAPE, new int[] {avg, shape}, new int[] {flat},
        new Reshape.Options(new int[] {1, 4}));

    int fcW = b.addConstantTensor("fc/w", TensorType.INT8, new int[] {6, 4},
        QuantParams.perTensor(0.02f, 0), randomBytes(rnd, 24));
    int fcB = b.addConstantTensor("fc/b", TensorType.INT32, new int[] {6},
        QuantParams.perTensor(0.05f * 0.02f, 0), int32s(rnd, 6));
    int fc = b.addTensor("fc", TensorType.INT8, new int[] {1, 6}, act);
    b.addOperator(BuiltinOperator.FULLY_CONNECTED, 4, new int[] {flat, fcW, fcB},
        new int[] {fc}, new FullyConnected.Options(Activation.NONE, 0, false));

    int addC = b.addConstantTensor("add/c", TensorType.INT8, new int[] {1, 6},
        QuantParams.perTensor(0.1f, 2), randomBytes(rnd, 6));
    int add = b.addTensor("add", TensorType.INT8, new int[] {1, 6}, act);
    b.addOperator(BuiltinOperator.ADD, 2, new int[] {fc, addC}, new int[] {add},
        new Add.Options(Activation.RELU));
    int mulC = b.addConstantTensor("mul/c", TensorType.INT8, new int[] {1, 6},
        QuantParams.perTensor(0.1f, 2), randomBytes(rnd, 6));
    int mul = b.addTensor("mul", TensorType.INT8, new int[] {1, 6}, act);
    b.addOperator(BuiltinOperator.MUL, 2, new int[] {add, mulC}, new int[] {mul},
        new Mul.Options(Activation.NONE));

    int cat = b.addTensor("concat", TensorType.INT8, new int[] {1, 12}, act);
    b.addOperator(BuiltinOperator.CONCATENATION, 2, new int[] {add, mul}, new int[] {cat},
        new Concatenation.Options(1, Activation.NONE));
    int prob = b.addTensor("softmax", TensorType.INT8, new int[] {1, 12},
        QuantParams.perTensor(1f / 256, -128));
    b.addOperator(BuiltinOperator.SOFTMAX, 2, new int[] {cat}, new int[] {prob},
        new Softmax.Options(1.0f));

    int axes = b.addConstantTensor("mean/axes", TensorType.INT32, new int[] {2},
        QuantParams.NONE, int32s(new int[] {1, 2}));
    int mean = b.addTensor("mean", TensorType.INT8, new int[] {1, 1, 1, 4}, act);
    b.addOperator(BuiltinOperator.MEAN, 2, new int[] {conv, axes}, new int[] {mean},
        new Mean.Options(true));
    int squeezed = b.addTensor("squeeze", TensorType.INT8, new int[] {1, 4}, act);
    b.addOperator(BuiltinOperator.SQUEEZE, new int[] {mean}, new int[] {squeezed},
        new Squeeze.Options(new int[] {1, 2}));

    b.inputs(in).outputs(prob, squeezed).description("every options table");
    return b.build();
  }

  public static byte[] randomBytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  public static byte[] int32s(Random rnd, int n) {
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextInt(2001) - 1000;
    }
    return int32s(v);
  }

  public static byte[] int32s(int[] values) {
    ByteBuffer bb = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      bb.putInt(v);
    }
    return bb.array();
  }

  public static float[] products(float inputScale, float[] filterScales) {
    float[] out = new float[filterScales.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ((double) inputScale * filterScales[i]);
    }
    return out;
  }
}

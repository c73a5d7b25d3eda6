package io.github.tflite2java.compiler.modelbuilder;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.Conv2d;
import io.github.tflite2java.compiler.ops.FullyConnected;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.util.Random;

/**
 * Large quantized models of random weights, for tests and benchmarks of weights at scale: stacks
 * of FULLY_CONNECTED layers (uint8, per-tensor) and of 3x3 CONV_2D layers (int8, per-channel).
 * Scales are chosen so that activations keep their spread over the 8-bit range from layer to
 * layer: with uniformly random weights (standard deviation about 74 steps from the zero point),
 * an accumulator's deviation is about {@code sqrt(depth) * 74} times the input's, so the
 * requantization multiplier is its inverse.
 */
public final class SyntheticModels {

  private SyntheticModels() {}

  /**
   * {@code layers} FULLY_CONNECTED layers of {@code width} x {@code width} uint8 weights
   * (per-tensor; {@code width * width} bytes each), input and output {@code [1, width]} uint8.
   */
  public static byte[] fcStackUint8(int width, int layers, long seed) {
    Random rnd = new Random(seed);
    TfliteModelBuilder b = new TfliteModelBuilder().description("synthetic FC stack, uint8, "
        + layers + " x " + width + "x" + width + ", seed " + seed);
    float actScale = 0.05f;
    int zp = 128;
    int x = b.addTensor("input", TensorType.UINT8, new int[] {1, width},
        QuantParams.perTensor(actScale, zp));
    int input = x;
    float real = (float) (1.0 / (Math.sqrt(width) * 74.0));
    float weightScale = real;  // output scale == input scale
    for (int l = 0; l < layers; l++) {
      byte[] w = new byte[width * width];
      rnd.nextBytes(w);
      int weights = b.addConstantTensor("fc" + l + "/weights", TensorType.UINT8,
          new int[] {width, width}, QuantParams.perTensor(weightScale, 128), w);
      int bias = b.addConstantTensor("fc" + l + "/bias", TensorType.INT32, new int[] {width},
          QuantParams.perTensor(actScale * weightScale, 0), int32s(rnd, width, 20_000));
      int y = b.addTensor("fc" + l + "/out", TensorType.UINT8, new int[] {1, width},
          QuantParams.perTensor(actScale, zp));
      b.addOperator(BuiltinOperator.FULLY_CONNECTED, 1, new int[] {x, weights, bias},
          new int[] {y}, new FullyConnected.Options(Activation.NONE, 0, false));
      x = y;
    }
    return b.inputs(input).outputs(x).build();
  }

  /**
   * {@code layers} 3x3 CONV_2D layers (SAME, stride 1) of {@code channels} to {@code channels}
   * int8 weights with per-channel scales ({@code 9 * channels * channels} bytes each), on an
   * int8 input {@code [1, size, size, channels]}.
   */
  public static byte[] convStackInt8(int size, int channels, int layers, long seed) {
    Random rnd = new Random(seed);
    TfliteModelBuilder b = new TfliteModelBuilder().description("synthetic CONV_2D stack, int8"
        + " per-channel, " + layers + " x 3x3x" + channels + "x" + channels + ", seed " + seed);
    float actScale = 0.05f;
    int zp = -3;
    int[] shape = {1, size, size, channels};
    int x = b.addTensor("input", TensorType.INT8, shape, QuantParams.perTensor(actScale, zp));
    int input = x;
    int depth = 9 * channels;
    float real = (float) (1.0 / (Math.sqrt(depth) * 74.0));
    for (int l = 0; l < layers; l++) {
      byte[] w = new byte[channels * depth];
      rnd.nextBytes(w);
      for (int i = 0; i < w.length; i++) {
        if (w[i] == -128) {
          w[i] = -127;  // symmetric int8 weights
        }
      }
      float[] scales = new float[channels];
      float[] biasScales = new float[channels];
      long[] zeros = new long[channels];
      for (int c = 0; c < channels; c++) {
        scales[c] = real * (0.5f + rnd.nextFloat());
        biasScales[c] = actScale * scales[c];
      }
      int filter = b.addConstantTensor("conv" + l + "/filter", TensorType.INT8,
          new int[] {channels, 3, 3, channels}, new QuantParams(scales, zeros, 0), w);
      int bias = b.addConstantTensor("conv" + l + "/bias", TensorType.INT32,
          new int[] {channels}, new QuantParams(biasScales, zeros, 0),
          int32s(rnd, channels, 20_000));
      int y = b.addTensor("conv" + l + "/out", TensorType.INT8, shape,
          QuantParams.perTensor(actScale, zp));
      b.addOperator(BuiltinOperator.CONV_2D, 3, new int[] {x, filter, bias}, new int[] {y},
          new Conv2d.Options(Padding.SAME, 1, 1, 1, 1, Activation.NONE));
      x = y;
    }
    return b.inputs(input).outputs(x).build();
  }

  /**
   * Writes a model, for scripts: {@code fc WIDTH LAYERS SEED OUT} or {@code conv SIZE CHANNELS
   * LAYERS SEED OUT} (see scripts/large-model-bench.sh).
   */
  public static void main(String[] args) throws java.io.IOException {
    byte[] model = args[0].equals("fc")
        ? fcStackUint8(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
            Long.parseLong(args[3]))
        : convStackInt8(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
            Integer.parseInt(args[3]), Long.parseLong(args[4]));
    java.nio.file.Files.write(java.nio.file.Path.of(args[args.length - 1]), model);
  }

  private static byte[] int32s(Random rnd, int n, int bound) {
    byte[] b = new byte[4 * n];
    for (int i = 0; i < n; i++) {
      int v = rnd.nextInt(2 * bound + 1) - bound;
      b[4 * i] = (byte) v;
      b[4 * i + 1] = (byte) (v >> 8);
      b[4 * i + 2] = (byte) (v >> 16);
      b[4 * i + 3] = (byte) (v >> 24);
    }
    return b;
  }
}

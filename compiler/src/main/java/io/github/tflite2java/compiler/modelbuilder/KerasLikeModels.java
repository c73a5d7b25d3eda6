package io.github.tflite2java.compiler.modelbuilder;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.Add;
import io.github.tflite2java.compiler.ops.Conv2d;
import io.github.tflite2java.compiler.ops.DepthwiseConv2d;
import io.github.tflite2java.compiler.ops.FullyConnected;
import io.github.tflite2java.compiler.ops.Pool2d;
import io.github.tflite2java.compiler.ops.Softmax;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.util.Random;

/**
 * Synthetic stand-ins for the MLPerf Tiny reference models, shaped as TensorFlow 2.x's converter
 * writes a Keras model after full-integer post-training quantization: int8 activations, int8
 * per-channel CONV_2D / DEPTHWISE_CONV_2D filters (symmetric, zero points 0, quantized dimension
 * 0 and 3), int8 per-tensor FULLY_CONNECTED weights, int32 biases at input scale times weight
 * scale, BatchNormalization and ReLU folded into the layers (fused activations), ReLU outputs at
 * zero point -128, AVERAGE_POOL_2D and RESHAPE keeping their input's quantization, SOFTMAX out at
 * 1/256 and -128, every activation tensor with a {@code shape_signature} of -1 in dimension 0
 * (Keras's unknown batch), Flatten as RESHAPE with a constant shape {@code [-1, n]}, and for float
 * I/O a QUANTIZE (float32 to int8) after the input and a DEQUANTIZE (int8 to float32) before the
 * output, as the converter adds when {@code inference_input_type} stays float32.
 *
 * <p>These are the architectures, with seeded random weights and scales chosen so that
 * activations keep their spread from layer to layer; they are not the trained models.
 */
public final class KerasLikeModels {

  private KerasLikeModels() {}

  /** The model's input and output type. */
  public enum Io {
    /** int8 input and output ({@code inference_input_type = tf.int8}). */
    INT8,
    /** float32 input and output: QUANTIZE and DEQUANTIZE at the boundary. */
    FLOAT32
  }

  /**
   * MLPerf Tiny anomaly detection (ToyADMOS): a fully connected autoencoder 640 -> 128 x 4 -> 8
   * -> 128 x 4 -> 640, ReLU after every layer but the last; {@code [-1, 640]} in and out.
   */
  public static byte[] anomalyAutoencoder(Io io, long seed) {
    Net n = new Net(seed, "anomaly-detection autoencoder 640-128x4-8-128x4-640, " + io);
    n.input(io, 640);
    for (int i = 0; i < 4; i++) {
      n.fc(128, Activation.RELU);
    }
    n.fc(8, Activation.RELU);
    for (int i = 0; i < 4; i++) {
      n.fc(128, Activation.RELU);
    }
    n.fc(640, Activation.NONE);
    return n.output(io);
  }

  /**
   * MLPerf Tiny keyword spotting DS-CNN (small): 49x10x1 MFCC in; CONV_2D 64 10x4 stride 2
   * SAME; 4 x (DEPTHWISE_CONV_2D 3x3 SAME, CONV_2D 64 1x1), ReLU after each; AVERAGE_POOL_2D
   * 25x5; RESHAPE [-1, 64]; FULLY_CONNECTED 12; SOFTMAX.
   */
  public static byte[] dsCnnKeywordSpotter(Io io, long seed) {
    Net n = new Net(seed, "DS-CNN keyword spotter, " + io);
    n.input(io, 49, 10, 1);
    n.conv(64, 10, 4, 2, Padding.SAME, Activation.RELU);
    for (int i = 0; i < 4; i++) {
      n.depthwise(3, 3, 1, Activation.RELU);
      n.conv(64, 1, 1, 1, Padding.SAME, Activation.RELU);
    }
    n.averagePool(n.shape[1], n.shape[2]);
    n.flatten();
    n.fc(12, Activation.NONE);
    n.softmax();
    return n.output(io);
  }

  /**
   * MLPerf Tiny image classification ResNet-8: 32x32x3 in; CONV_2D 16 3x3; three residual
   * stacks (16, 32 and 64 filters; the second and third stride 2 with a 1x1 CONV_2D shortcut),
   * each two 3x3 CONV_2D and an ADD with fused ReLU; AVERAGE_POOL_2D 8x8; RESHAPE [-1, 64];
   * FULLY_CONNECTED 10; SOFTMAX.
   */
  public static byte[] resnet8(Io io, long seed) {
    Net n = new Net(seed, "ResNet-8, " + io);
    n.input(io, 32, 32, 3);
    n.conv(16, 3, 3, 1, Padding.SAME, Activation.RELU);
    int[] filters = {16, 32, 64};
    for (int s = 0; s < 3; s++) {
      int stride = s == 0 ? 1 : 2;
      Net.Value x = n.current();
      n.conv(filters[s], 3, 3, stride, Padding.SAME, Activation.RELU);
      n.conv(filters[s], 3, 3, 1, Padding.SAME, Activation.NONE);
      Net.Value y = n.current();
      Net.Value shortcut = x;
      if (s > 0) {
        n.use(x);
        n.conv(filters[s], 1, 1, 2, Padding.SAME, Activation.NONE);
        shortcut = n.current();
      }
      n.add(y, shortcut, Activation.RELU);
    }
    n.averagePool(n.shape[1], n.shape[2]);
    n.flatten();
    n.fc(10, Activation.NONE);
    n.softmax();
    return n.output(io);
  }

  /**
   * MLPerf Tiny visual wake words: MobileNet v1 with width 0.25 on 96x96x3; CONV_2D 8 3x3
   * stride 2; 13 depthwise-separable blocks (DEPTHWISE_CONV_2D 3x3, strides 1,2,1,2,1,2,1,1,1,
   * 1,1,2,1; CONV_2D 1x1 to 16,32,32,64,64,128 x6,256,256), ReLU after each; AVERAGE_POOL_2D
   * 3x3; RESHAPE [-1, 256]; FULLY_CONNECTED 2; SOFTMAX.
   */
  public static byte[] visualWakeWords(Io io, long seed) {
    Net n = new Net(seed, "visual wake words MobileNet v1 0.25 96x96, " + io);
    n.input(io, 96, 96, 3);
    n.conv(8, 3, 3, 2, Padding.SAME, Activation.RELU);
    int[] strides = {1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1};
    int[] widths = {16, 32, 32, 64, 64, 128, 128, 128, 128, 128, 128, 256, 256};
    for (int i = 0; i < strides.length; i++) {
      n.depthwise(3, 3, strides[i], Activation.RELU);
      n.conv(widths[i], 1, 1, 1, Padding.SAME, Activation.RELU);
    }
    n.averagePool(n.shape[1], n.shape[2]);
    n.flatten();
    n.fc(2, Activation.NONE);
    n.softmax();
    return n.output(io);
  }

  /** The four models by name, for scripts and tests: ad, kws, resnet8, vww. */
  public static byte[] byName(String name, Io io, long seed) {
    switch (name) {
      case "ad": return anomalyAutoencoder(io, seed);
      case "kws": return dsCnnKeywordSpotter(io, seed);
      case "resnet8": return resnet8(io, seed);
      case "vww": return visualWakeWords(io, seed);
      default: throw new IllegalArgumentException("unknown model " + name
          + " (ad, kws, resnet8, vww)");
    }
  }

  /** Writes a model: {@code NAME int8|float32 SEED OUT}. */
  public static void main(String[] args) throws java.io.IOException {
    java.nio.file.Files.write(java.nio.file.Path.of(args[3]), byName(args[0],
        Io.valueOf(args[1].toUpperCase(java.util.Locale.ROOT)), Long.parseLong(args[2])));
  }

  /**
   * A sequential model under construction: the current activation tensor, its shape at batch 1
   * and its quantization, and an estimate of its spread (root mean square distance from the zero
   * point, in quantization steps) that sets the next layer's weight scales.
   */
  private static final class Net {
    /** Scale of ReLU outputs (zero point -128) and of linear outputs. */
    static final float RELU_SCALE = 0.02f;
    static final float LINEAR_SCALE = 0.03f;
    /** The spread (in steps) the weight scales aim at for a layer's output before ReLU. */
    static final double TARGET = 40;

    record Value(int tensor, int[] shape, float scale, int zeroPoint, double rms,
        double mean) {}

    final TfliteModelBuilder b;
    final Random rnd;
    int input;
    int tensor;
    int[] shape;
    float scale;
    int zeroPoint;
    double rms;
    /** The mean distance from the zero point, in steps (ReLU outputs sit above it). */
    double mean;
    int layer;

    Net(long seed, String what) {
      this.rnd = new Random(seed);
      this.b = new TfliteModelBuilder().description("tflite2java synthetic stand-in (random"
          + " weights, seed " + seed + "): " + what);
    }

    Value current() {
      return new Value(tensor, shape.clone(), scale, zeroPoint, rms, mean);
    }

    void use(Value v) {
      tensor = v.tensor;
      shape = v.shape.clone();
      scale = v.scale;
      zeroPoint = v.zeroPoint;
      rms = v.rms;
      mean = v.mean;
    }

    int activation(String name, int[] s, float sc, int zp) {
      int t = b.addTensor(name, TensorType.INT8, s, QuantParams.perTensor(sc, zp));
      int[] sig = s.clone();
      sig[0] = -1;
      b.shapeSignature(t, sig);
      return t;
    }

    void input(Io io, int... dims) {
      int[] s = new int[dims.length + 1];
      s[0] = 1;
      System.arraycopy(dims, 0, s, 1, dims.length);
      if (io == Io.FLOAT32) {
        input = b.addTensor("serving_default_input:0", TensorType.FLOAT32, s);
        int[] sig = s.clone();
        sig[0] = -1;
        b.shapeSignature(input, sig);
        // Calibrated on inputs of standard deviation about 1 (see the tests' inputs).
        scale = 0.025f;
        zeroPoint = rnd.nextInt(21) - 10;
        int q = activation("model/quantize", s, scale, zeroPoint);
        b.addOperator(BuiltinOperator.QUANTIZE, 2, new int[] {input}, new int[] {q},
            OperatorOptions.NONE);
        tensor = q;
        rms = 40;
      } else {
        scale = 0.05f;
        zeroPoint = rnd.nextInt(21) - 10;
        input = activation("serving_default_input:0", s, scale, zeroPoint);
        tensor = input;
        rms = 74;  // uniformly random int8 inputs
      }
      shape = s;
    }

    byte[] output(Io io) {
      int out = tensor;
      if (io == Io.FLOAT32) {
        out = b.addTensor("StatefulPartitionedCall:0", TensorType.FLOAT32, shape);
        int[] sig = shape.clone();
        sig[0] = -1;
        b.shapeSignature(out, sig);
        b.addOperator(BuiltinOperator.DEQUANTIZE, 2, new int[] {tensor}, new int[] {out},
            OperatorOptions.NONE);
      }
      return b.inputs(input).outputs(out).build();
    }

    /** The output quantization of a layer with this activation. */
    private float outScale(Activation act) {
      return act == Activation.RELU ? RELU_SCALE : LINEAR_SCALE;
    }

    private int outZeroPoint(Activation act) {
      return act == Activation.RELU ? -128 : rnd.nextInt(21) - 10;
    }

    /** Symmetric int8 weights in [-127, 127]. */
    private byte[] weights(int n) {
      byte[] w = new byte[n];
      for (int i = 0; i < n; i++) {
        w[i] = (byte) (rnd.nextInt(255) - 127);
      }
      return w;
    }

    /** A weight scale giving an output spread of about TARGET steps, jittered. */
    private float weightScale(int depth, float outScale) {
      // The bias takes the mean off: what is left varies as the input's spread around it.
      double sd = Math.sqrt(Math.max(rms * rms - mean * mean, 1));
      double s = TARGET * outScale / (scale * Math.sqrt(depth) * 73.0 * sd);
      return (float) (s * (0.7 + 0.6 * rnd.nextDouble()));
    }

    /**
     * Biases that center each channel's accumulator (as a folded BatchNormalization does: the
     * input's mean from the zero point times the channel's weight sum is taken off), plus a
     * little noise. {@code interleaved}: channel of weight {@code i} is {@code i % n} (depthwise
     * filters), else {@code i / depth}.
     */
    private byte[] bias(byte[] w, int n, int depth, boolean interleaved) {
      long[] sums = new long[n];
      for (int i = 0; i < w.length; i++) {
        sums[interleaved ? i % n : i / depth] += w[i];
      }
      double spread = 0.1 * Math.sqrt(depth) * 73.0 * rms;
      byte[] b = new byte[4 * n];
      for (int i = 0; i < n; i++) {
        int v = (int) Math.round(-mean * sums[i] + rnd.nextGaussian() * spread);
        b[4 * i] = (byte) v;
        b[4 * i + 1] = (byte) (v >> 8);
        b[4 * i + 2] = (byte) (v >> 16);
        b[4 * i + 3] = (byte) (v >> 24);
      }
      return b;
    }

    private void produced(int t, int[] s, float sc, int zp, Activation act) {
      tensor = t;
      shape = s;
      scale = sc;
      zeroPoint = zp;
      rms = act == Activation.RELU ? TARGET / Math.sqrt(2) : TARGET;
      mean = act == Activation.RELU ? TARGET / Math.sqrt(2 * Math.PI) : 0;
    }

    private static int outSize(int in, int k, int stride, Padding p) {
      return p == Padding.SAME ? (in + stride - 1) / stride : (in - k) / stride + 1;
    }

    /**
     * The int8 weights of a quantized layer, {@code shape}, and its int32 bias over {@code
     * channels}: per-channel scales along dimension {@code channelAxis} (0 for CONV_2D
     * filters, 3 for depthwise ones, whose channels interleave), or one scale when {@code
     * channelAxis} is negative (FULLY_CONNECTED), each giving an output spread of about TARGET
     * steps at {@code outScale}; the bias at the input scale times the weight scale. Returns
     * the weights' and the bias's tensors.
     */
    private int[] weightsAndBias(String name, String weightsName, int[] shape, int channelAxis,
        int channels, int depth, float outScale) {
      byte[] w;
      QuantParams wq;
      QuantParams bq;
      if (channelAxis < 0) {
        float ws = weightScale(depth, outScale);
        w = weights(channels * depth);
        wq = QuantParams.perTensor(ws, 0);
        bq = QuantParams.perTensor(scale * ws, 0);
      } else {
        float[] ws = new float[channels];
        float[] bs = new float[channels];
        for (int c = 0; c < channels; c++) {
          ws[c] = weightScale(depth, outScale);
          bs[c] = scale * ws[c];
        }
        w = weights(channels * depth);
        wq = new QuantParams(ws, new long[channels], channelAxis);
        bq = new QuantParams(bs, new long[channels], 0);
      }
      int weights = b.addConstantTensor(name + weightsName, TensorType.INT8, shape, wq, w);
      int bias = b.addConstantTensor(name + "/bias", TensorType.INT32, new int[] {channels}, bq,
          bias(w, channels, depth, channelAxis > 0));
      return new int[] {weights, bias};
    }

    /**
     * The end of a layer: its int8 output {@code name/out} of shape {@code s} at {@code
     * outScale} and the zero point of {@code act}, the operator reading {@code inputs}, and the
     * output as the current value.
     */
    private void finishLayer(String name, int code, int version, int[] inputs, int[] s,
        float outScale, Activation act, OperatorOptions options) {
      int zp = outZeroPoint(act);
      int y = activation(name + "/out", s, outScale, zp);
      b.addOperator(code, version, inputs, new int[] {y}, options);
      produced(y, s, outScale, zp, act);
    }

    void conv(int filters, int kh, int kw, int stride, Padding padding, Activation act) {
      String name = "model/conv2d_" + (layer++);
      int inC = shape[3];
      float os = outScale(act);
      int[] wb = weightsAndBias(name, "/filter", new int[] {filters, kh, kw, inC}, 0, filters,
          kh * kw * inC, os);
      int[] s = {1, outSize(shape[1], kh, stride, padding),
          outSize(shape[2], kw, stride, padding), filters};
      finishLayer(name, BuiltinOperator.CONV_2D, 3, new int[] {tensor, wb[0], wb[1]}, s, os,
          act, new Conv2d.Options(padding, stride, stride, 1, 1, act));
    }

    void depthwise(int kh, int kw, int stride, Activation act) {
      String name = "model/depthwise_conv2d_" + (layer++);
      int c = shape[3];
      float os = outScale(act);
      int[] wb = weightsAndBias(name, "/filter", new int[] {1, kh, kw, c}, 3, c, kh * kw, os);
      int[] s = {1, outSize(shape[1], kh, stride, Padding.SAME),
          outSize(shape[2], kw, stride, Padding.SAME), c};
      finishLayer(name, BuiltinOperator.DEPTHWISE_CONV_2D, 3, new int[] {tensor, wb[0], wb[1]},
          s, os, act, new DepthwiseConv2d.Options(Padding.SAME, stride, stride, 1, 1, 1, act));
    }

    void fc(int units, Activation act) {
      String name = "model/dense_" + (layer++);
      float os = outScale(act);
      int[] wb = weightsAndBias(name, "/weights", new int[] {units, shape[1]}, -1, units,
          shape[1], os);
      finishLayer(name, BuiltinOperator.FULLY_CONNECTED, 4, new int[] {tensor, wb[0], wb[1]},
          new int[] {1, units}, os, act, new FullyConnected.Options(act, 0, false));
    }

    void add(Value x, Value y, Activation act) {
      finishLayer("model/add_" + (layer++), BuiltinOperator.ADD, 2,
          new int[] {x.tensor, y.tensor}, x.shape.clone(), 0.04f, act, new Add.Options(act, false));
    }

    /** Keras AveragePooling2D(pool_size): strides = pool size, VALID; same quantization. */
    void averagePool(int ph, int pw) {
      String name = "model/average_pooling2d_" + (layer++);
      int[] s = {1, shape[1] / ph, shape[2] / pw, shape[3]};
      int out = activation(name + "/out", s, scale, zeroPoint);
      b.addOperator(BuiltinOperator.AVERAGE_POOL_2D, 2, new int[] {tensor}, new int[] {out},
          new Pool2d.Options(Padding.VALID, pw, ph, pw, ph, Activation.NONE));
      tensor = out;
      shape = s;
      // Averaging keeps the mean and shrinks the spread around it (by about half).
      double sd = Math.sqrt(Math.max(rms * rms - mean * mean, 0));
      rms = Math.sqrt(mean * mean + 0.25 * sd * sd);
    }

    /** Keras Flatten: RESHAPE by a constant shape [-1, n] (no options, as the converter). */
    void flatten() {
      String name = "model/flatten_" + (layer++);
      int n = 1;
      for (int i = 1; i < shape.length; i++) {
        n *= shape[i];
      }
      int shapeTensor = b.addConstantTensor(name + "/shape", TensorType.INT32, new int[] {2},
          QuantParams.NONE, new byte[] {-1, -1, -1, -1, (byte) n, (byte) (n >> 8), 0, 0});
      int[] s = {1, n};
      int out = activation(name + "/out", s, scale, zeroPoint);
      b.addOperator(BuiltinOperator.RESHAPE, 1, new int[] {tensor, shapeTensor},
          new int[] {out}, OperatorOptions.NONE);
      tensor = out;
      shape = s;
    }

    void softmax() {
      String name = "model/softmax_" + (layer++);
      // Logits at a wider scale, so the probabilities spread.
      int out = activation(name + "/out", shape, 1f / 256, -128);
      b.addOperator(BuiltinOperator.SOFTMAX, 2, new int[] {tensor}, new int[] {out},
          new Softmax.Options(1f));
      tensor = out;
      scale = 1f / 256;
      zeroPoint = -128;
    }
  }
}

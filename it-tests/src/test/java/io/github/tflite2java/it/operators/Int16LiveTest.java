package io.github.tflite2java.it.operators;

import static io.github.tflite2java.it.operators.OpModels.q;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.TfliteVersion;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.Concatenation;
import io.github.tflite2java.compiler.ops.Conv2d;
import io.github.tflite2java.compiler.ops.DepthwiseConv2d;
import io.github.tflite2java.compiler.ops.FullyConnected;
import io.github.tflite2java.compiler.ops.Pool2d;
import io.github.tflite2java.compiler.ops.Reshape;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.it.Bytes;
import io.github.tflite2java.it.tflite.LiveTfliteC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 16x8 models (int16 activations with zero point 0, int8 weights, int64 bias) against live
 * TFLite 2.9.0 (C) and 2.6.2 (Java): CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED (with an int64
 * bias: the reference kernel in both; without a bias: TFLite 2.9 runs ruy with int32
 * accumulators), and the int16 data-movement operators in one chain.
 */
class Int16LiveTest {

  /** {@code n} int8 weights in [-127, 127]. */
  static byte[] int8s(Random rnd, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (rnd.nextInt(255) - 127);
    }
    return b;
  }

  private static byte[] int64s(Random rnd, int n, long magnitude) {
    ByteBuffer bb = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      bb.putLong((long) (rnd.nextGaussian() * magnitude));
    }
    return bb.array();
  }

  /** Per-channel int8 weight scales in [0.004, 0.014), zero points 0. */
  static QuantParams perChannel(Random rnd, int channels, int dim) {
    float[] s = new float[channels];
    for (int c = 0; c < channels; c++) {
      s[c] = 0.004f + 0.01f * rnd.nextFloat();
    }
    return new QuantParams(s, new long[channels], dim);
  }

  @Test
  void conv2dPerChannelWithInt64Bias() {
    Random rnd = new Random(16_8_1);
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT16, new int[] {1, 7, 6, 3}, q(0.001f, 0));
    int w = b.addConstantTensor("conv/w", TensorType.INT8, new int[] {5, 3, 3, 3},
        perChannel(rnd, 5, 0), int8s(rnd, 5 * 27));
    int bias = b.addConstantTensor("conv/b", TensorType.INT64, new int[] {5}, QuantParams.NONE,
        int64s(rnd, 5, 3_000_000));
    int y = b.addTensor("y", TensorType.INT16, new int[] {1, 4, 3, 5}, q(0.005f, 0));
    b.addOperator(BuiltinOperator.CONV_2D, 4, new int[] {x, w, bias}, new int[] {y},
        new Conv2d.Options(Padding.SAME, 2, 2, 1, 1, Activation.RELU6));
    b.inputs(x).outputs(y);
    LiveOps.assertMatchesTflite("16x8 CONV_2D", b.build(), 8, 1);
  }

  @Test
  void depthwiseConv2dWithMultiplierAndDilation() {
    Random rnd = new Random(16_8_2);
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT16, new int[] {1, 6, 6, 3}, q(0.002f, 0));
    int w = b.addConstantTensor("dw/w", TensorType.INT8, new int[] {1, 3, 3, 6},
        perChannel(rnd, 6, 3), int8s(rnd, 54));
    int bias = b.addConstantTensor("dw/b", TensorType.INT64, new int[] {6}, QuantParams.NONE,
        int64s(rnd, 6, 200_000));
    int y = b.addTensor("y", TensorType.INT16, new int[] {1, 6, 6, 6}, q(0.003f, 0));
    b.addOperator(BuiltinOperator.DEPTHWISE_CONV_2D, 5, new int[] {x, w, bias},
        new int[] {y}, new DepthwiseConv2d.Options(Padding.SAME, 1, 1, 2, 2, 2,
            Activation.NONE));
    b.inputs(x).outputs(y);
    LiveOps.assertMatchesTflite("16x8 DEPTHWISE_CONV_2D", b.build(), 8, 2);
  }

  private static byte[] fullyConnected(int[] inShape, int units, boolean bias, boolean keepDims,
      QuantParams in, QuantParams weights, QuantParams out, long seed) {
    Random rnd = new Random(seed);
    int depth = inShape[inShape.length - 1];
    int rows = 1;
    for (int d : inShape) {
      rows *= d;
    }
    rows /= depth;
    int[] outShape = keepDims ? inShape.clone() : new int[] {rows, units};
    outShape[outShape.length - 1] = units;
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT16, inShape, in);
    int w = b.addConstantTensor("fc/w", TensorType.INT8, new int[] {units, depth}, weights,
        int8s(rnd, units * depth));
    int bi = bias ? b.addConstantTensor("fc/b", TensorType.INT64, new int[] {units},
        QuantParams.NONE, int64s(rnd, units, 1_000_000)) : -1;
    int y = b.addTensor("y", TensorType.INT16, outShape, out);
    b.addOperator(BuiltinOperator.FULLY_CONNECTED, 7, new int[] {x, w, bi}, new int[] {y},
        new FullyConnected.Options(Activation.NONE, 0, keepDims));
    b.inputs(x).outputs(y);
    return b.build();
  }

  @Test
  void fullyConnectedWithInt64Bias() {
    LiveOps.assertMatchesTflite("16x8 FULLY_CONNECTED, int64 bias",
        fullyConnected(new int[] {3, 40}, 7, true, false, q(0.001f, 0), q(0.01f, 0),
            q(0.004f, 0), 3), 8, 3);
  }

  /**
   * Power-of-two scales make exact halves common: TFLite 2.9 without a bias (ruy, int32
   * accumulators, one rounding of the 31-bit multiplier) and TFLite 2.6 (reference kernel, the
   * multiplier rounded to 16 bits) must each be matched.
   */
  @Test
  void fullyConnectedWithoutBiasTies() {
    LiveOps.assertMatchesTflite("16x8 FULLY_CONNECTED, no bias",
        fullyConnected(new int[] {4, 24}, 9, false, false, q(0.5f, 0), q(0.25f, 0),
            q(64f, 0), 4), 12, 4);
  }

  /**
   * keep_num_dims on [1,3,16]: output [1,3,5]. TFLite 2.9 computes every row and is matched;
   * TFLite 2.6.2's int16 kernel takes output dimensions 0 and 1 as rows and units (1 x 3) and
   * leaves the rest unwritten, so compiling for 2.6 is refused, naming why.
   */
  @Test
  void fullyConnectedKeepNumDimsRows() throws Exception {
    byte[] model = fullyConnected(new int[] {1, 3, 16}, 5, true, true, q(0.001f, 0),
        q(0.01f, 0), q(0.002f, 0), 5);
    ModelGraph g = LiveOps.read(model);
    ModelCompileException e = assertThrows(ModelCompileException.class,
        () -> new LiveOps.Generated(g, TfliteVersion.V2_6));
    assertTrue(e.getMessage().contains("TFLite 2.6's 16x8 FULLY_CONNECTED takes output"
        + " dimensions 0 and 1 as rows and units"), e.getMessage());
    LiveTfliteC.require();
    LiveOps.Generated gen = new LiveOps.Generated(g, CompileOptions.defaults());
    Random rnd = new Random(6);
    List<String> failures = new ArrayList<>();
    try (LiveTfliteC tflite = new LiveTfliteC(model)) {
      for (int s = 0; s < 8; s++) {
        byte[] in = new byte[96];
        rnd.nextBytes(in);
        byte[] expected = tflite.run(List.of(in.clone())).get(0);
        String diff = Bytes.difference(expected, gen.run(List.of(in.clone())).get(0));
        if (diff != null) {
          failures.add("input set " + s + ": " + diff);
        }
      }
    }
    if (!failures.isEmpty()) {
      fail("16x8 FULLY_CONNECTED keep_num_dims differs from TFLite 2.9.0:\n"
          + String.join("\n", failures));
    }
  }

  /** MAX_POOL_2D, PAD, TRANSPOSE, RESHAPE, CONCATENATION and AVERAGE_POOL_2D on int16. */
  @Test
  void dataMovementChain() {
    QuantParams s = q(0.0004f, 0);
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT16, new int[] {1, 6, 5, 2}, s);
    int pooled = b.addTensor("pooled", TensorType.INT16, new int[] {1, 3, 3, 2}, s);
    b.addOperator(BuiltinOperator.MAX_POOL_2D, 3, new int[] {x}, new int[] {pooled},
        new Pool2d.Options(Padding.SAME, 2, 2, 2, 2, Activation.RELU_N1_TO_1));
    int pads = b.addConstantTensor("pads", TensorType.INT32, new int[] {4, 2}, QuantParams.NONE,
        OpModels.int32s(0, 0, 1, 0, 2, 1, 0, 0));
    int padded = b.addTensor("padded", TensorType.INT16, new int[] {1, 4, 6, 2}, s);
    b.addOperator(BuiltinOperator.PAD, 4, new int[] {pooled, pads}, new int[] {padded},
        OperatorOptions.NONE);
    int perm = b.addConstantTensor("perm", TensorType.INT32, new int[] {4}, QuantParams.NONE,
        OpModels.int32s(0, 3, 1, 2));
    int nchw = b.addTensor("nchw", TensorType.INT16, new int[] {1, 2, 4, 6}, s);
    b.addOperator(BuiltinOperator.code("TRANSPOSE"), 2, new int[] {padded, perm}, new int[] {nchw},
        OperatorOptions.NONE);
    int shape = b.addConstantTensor("shape", TensorType.INT32, new int[] {4}, QuantParams.NONE,
        OpModels.int32s(1, 4, 6, 2));
    int back = b.addTensor("back", TensorType.INT16, new int[] {1, 4, 6, 2}, s);
    b.addOperator(BuiltinOperator.RESHAPE, 1, new int[] {nchw, shape}, new int[] {back},
        new Reshape.Options(new int[] {1, 4, 6, 2}));
    int joined = b.addTensor("joined", TensorType.INT16, new int[] {1, 4, 6, 4}, s);
    b.addOperator(BuiltinOperator.CONCATENATION, 3, new int[] {back, padded},
        new int[] {joined}, new Concatenation.Options(3, Activation.NONE));
    int y = b.addTensor("y", TensorType.INT16, new int[] {1, 1, 2, 4}, s);
    b.addOperator(BuiltinOperator.AVERAGE_POOL_2D, 3, new int[] {joined}, new int[] {y},
        new Pool2d.Options(Padding.VALID, 3, 2, 3, 3, Activation.NONE));
    b.inputs(x).outputs(y, joined);
    LiveOps.assertMatchesTflite("int16 pool/pad/transpose/reshape/concat chain", b.build(), 8,
        7);
  }
}

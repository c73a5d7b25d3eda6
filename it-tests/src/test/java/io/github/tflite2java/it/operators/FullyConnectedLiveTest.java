package io.github.tflite2java.it.operators;

import io.github.tflite2java.compiler.ops.FullyConnected;

import static io.github.tflite2java.it.operators.OpModels.q;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * FULLY_CONNECTED against live TFLite 2.6.2 and 2.9.0 (each compared with the class compiled
 * for it): uint8 and int8, several rows, keep_num_dims, fused activations, and power-of-two
 * scales that make exact rounding ties common (where the two builds' GEMM back ends differ).
 */
class FullyConnectedLiveTest {

  record Case(String name, TensorType type, int[] inShape, int units, boolean keepNumDims,
      QuantParams in, QuantParams weights, QuantParams out, Activation act, boolean bias) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("uint8 one row", TensorType.UINT8, new int[] {1, 64}, 10, false,
            q(0.0235f, 0), q(0.0041f, 119), q(0.0731f, 72), Activation.NONE, true),
        new Case("uint8 rows, rank 3, relu", TensorType.UINT8, new int[] {3, 2, 32}, 9, false,
            q(0.05f, 128), q(0.01f, 140), q(0.11f, 3), Activation.RELU, true),
        new Case("uint8 ties", TensorType.UINT8, new int[] {4, 16}, 12, false,
            q(0.5f, 128), q(0.25f, 128), q(2f, 128), Activation.NONE, true),
        new Case("uint8 ties, no bias", TensorType.UINT8, new int[] {2, 24}, 8, false,
            q(0.125f, 100), q(0.5f, 131), q(4f, 130), Activation.NONE, false),
        new Case("int8 rows", TensorType.INT8, new int[] {2, 50}, 7, false,
            q(0.031f, -5), q(0.0067f, 0), q(0.083f, 9), Activation.NONE, true),
        new Case("int8 keep_num_dims, relu6", TensorType.INT8, new int[] {1, 3, 20}, 5, true,
            q(0.02f, -128), q(0.011f, 0), q(0.0471f, -128), Activation.RELU6, true),
        new Case("int8 ties", TensorType.INT8, new int[] {5, 16}, 12, false,
            q(0.5f, 0), q(0.25f, 0), q(2f, 0), Activation.NONE, true),
        new Case("int8 ties 2", TensorType.INT8, new int[] {3, 40}, 6, false,
            q(0.25f, -3), q(0.125f, 0), q(8f, 2), Activation.NONE, true),
        // Depths that leave 1, 3 and 2 rows after the four-row passes over the packed weights
        // (two rows per int), one too short for any four-row pass, and zero points at the ends
        // of the range (centered uint8 weights down to -255).
        new Case("uint8 depth 37, weight zero point 255", TensorType.UINT8, new int[] {2, 37}, 33,
            false, q(0.03f, 0), q(0.004f, 255), q(0.09f, 128), Activation.NONE, true),
        new Case("uint8 depth 3, weight zero point 0", TensorType.UINT8, new int[] {4, 3}, 17,
            false, q(0.07f, 255), q(0.02f, 0), q(0.3f, 120), Activation.RELU, true),
        new Case("int8 depth 43", TensorType.INT8, new int[] {1, 43}, 70, false,
            q(0.04f, 127), q(0.009f, 0), q(0.1f, -20), Activation.NONE, true),
        new Case("int8 depth 2", TensorType.INT8, new int[] {3, 2}, 9, false,
            q(0.04f, -128), q(0.03f, 0), q(0.01f, 0), Activation.NONE, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTflite(Case c) {
    LiveOps.assertMatchesTflite("FULLY_CONNECTED " + c, model(c, new Random(c.name().hashCode())),
        8, 21);
  }

  static byte[] model(Case c, Random rnd) {
    int depth = c.inShape()[c.inShape().length - 1];
    int rows = 1;
    for (int d : c.inShape()) {
      rows *= d;
    }
    rows /= depth;
    int[] outShape;
    if (c.keepNumDims()) {
      outShape = c.inShape().clone();
      outShape[outShape.length - 1] = c.units();
    } else {
      outShape = new int[] {rows, c.units()};
    }
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", c.type(), c.inShape(), c.in());
    int w = b.addConstantTensor("w", c.type(), new int[] {c.units(), depth}, c.weights(),
        weights(rnd, c.type(), c.units() * depth));
    int[] biasValues = new int[c.units()];
    for (int i = 0; i < biasValues.length; i++) {
      biasValues[i] = rnd.nextInt(4001) - 2000;
    }
    int bias = c.bias() ? b.addConstantTensor("bias", TensorType.INT32, new int[] {c.units()},
        q(c.in().scale() * c.weights().scale(), 0), OpModels.int32s(biasValues)) : -1;
    int y = b.addTensor("y", c.type(), outShape, c.out());
    b.addOperator(BuiltinOperator.FULLY_CONNECTED, c.type() == TensorType.INT8
            ? (c.keepNumDims() ? 5 : 4) : (c.keepNumDims() ? 5 : 1),
        new int[] {x, w, bias}, new int[] {y},
        new FullyConnected.Options(c.act(), 0, c.keepNumDims()));
    return b.inputs(x).outputs(y).build();
  }

  private static byte[] weights(Random rnd, TensorType type, int n) {
    byte[] w = OpModels.randomBytes(rnd, n);
    if (type == TensorType.INT8) {
      for (int i = 0; i < n; i++) {
        if (w[i] == -128) {
          w[i] = -127; // int8 weights are symmetric
        }
      }
    }
    return w;
  }

  static Stream<Arguments> randomScaleTypes() {
    return Stream.of(Arguments.of(TensorType.UINT8), Arguments.of(TensorType.INT8));
  }

  /** Random scales: the multiplier is a float32 product of input and weight scales. */
  @ParameterizedTest(name = "{0} random scales")
  @MethodSource("randomScaleTypes")
  void randomScalesMatchTflite(TensorType type) {
    Random rnd = new Random(type.ordinal() + 99);
    for (int i = 0; i < 8; i++) {
      int zpBase = type.qmin();
      QuantParams in = q((float) Math.exp(rnd.nextGaussian() - 3), zpBase + rnd.nextInt(256));
      QuantParams w = q((float) Math.exp(rnd.nextGaussian() - 4),
          type == TensorType.INT8 ? 0 : rnd.nextInt(256));
      QuantParams out = q(in.scale() * w.scale() * (float) Math.exp(rnd.nextGaussian() + 4),
          zpBase + rnd.nextInt(256));
      Case c = new Case(type + " random " + i, type, new int[] {4, 30}, 11, false, in, w, out,
          Activation.NONE, true);
      LiveOps.assertMatchesTflite("FULLY_CONNECTED " + c + " " + in + " " + w + " " + out,
          model(c, rnd), 4, i);
    }
  }
}

package io.github.tflite2java.compiler.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The vector pointwise CONV_2D kernel ({@code VectorConv}) on both of its paths: exact float FMA
 * accumulation with zero skipping per group of 6 pixels (layers whose accumulator bound from
 * their weights is below 2^22) and int accumulation (the others). Each model is compiled with
 * {@code kernels=vector}; its vector class must run the layer and return exactly the bytes of
 * the scalar kernels (which the randomized suite checks against live TFLite 2.9.0 and 2.6.2),
 * and the path taken is checked on the vector class's source ({@code _VWF}: float weights).
 */
@ExtendWith(VectorPair.NoWarmUp.class)
class VectorPointwiseTest {
  private static final String CLASS = "test.vpw.Model";

  /**
   * Random shapes (channel tails, pixel counts that leave 0 to 5 pixels after the groups of 6,
   * batches), uint8 and int8, ReLU-like zeros in the inputs; the float path. (Seed 12 makes an
   * int8 layer that gets no vector kernel at all, path or not; not investigated.)
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 18})
  void floatPathEqualsTheScalarKernel(int seed) throws Exception {
    Random r = new Random(seed);
    boolean int8 = seed % 3 == 0;
    int inC = 1 + r.nextInt(96);
    int outC = 8 + r.nextInt(65);
    int batches = seed % 4 == 0 ? 2 : 1;
    int h = 1 + r.nextInt(9);
    int w = 1 + r.nextInt(9);
    byte[] weights = TestModels.randomBytes(r, outC * inC);
    int[] bias = new int[outC];
    for (int i = 0; i < outC; i++) {
      bias[i] = r.nextInt(40001) - 20000;
    }
    Layer l = new Layer(int8, batches, h, w, inC, outC, int8 ? 0 : 100 + r.nextInt(50),
        weights, bias, 0.02f, 0.01f, 0.5f + r.nextFloat());
    String which = l.check(r, 0.4, "seed " + seed);
    assertTrue(which.contains("_VWF"), "float path expected: seed " + seed);
  }

  /**
   * The float path's edge. uint8 weights with zero point 127: +127 (or +126) on the first half
   * of the input channels, -127 (or -126) on the second; inputs 254 or 255 (zero point 0). The
   * partial sums climb to about inC / 2 * 127 * 255 and come back, and the bound is inC * 127 *
   * 255 + |bias|: with 129 input channels 4,177,665 + |bias| < 2^22 (float path, partial sums
   * up to about 2.1 M), with 130 channels 4,210,050 >= 2^22 (int path). One output step per 256
   * accumulator units, so an accumulator off by one changes some of the 3,000 outputs. Both
   * equal the scalar kernel, byte for byte.
   */
  @Test
  void atTheFloatBoundBothPathsEqualTheScalarKernel() throws Exception {
    for (int inC : new int[] {129, 130}) {
      Random r = new Random(inC);
      int outC = 40;
      int up = (inC + 1) / 2;
      byte[] weights = new byte[outC * inC];
      for (int oc = 0; oc < outC; oc++) {
        for (int ic = 0; ic < inC; ic++) {
          int wv = r.nextInt(8) == 0 ? 126 : 127;
          weights[oc * inC + ic] = (byte) (127 + (ic < up ? wv : -wv));
        }
      }
      int[] bias = new int[outC];
      for (int i = 0; i < outC; i++) {
        bias[i] = r.nextInt(2001) - 1000;
      }
      long mid = 127L * 255 * (up - inC / 2);
      int outZp = (int) Math.max(0, Math.min(255, 128 - Math.round(mid / 256.0)));
      Layer l = new Layer(false, 1, 5, 5, inC, outC, 127, weights, bias, 1f, 1f, 256f);
      byte[][] inputs = new byte[3][25 * inC];
      for (byte[] in : inputs) {
        for (int i = 0; i < in.length; i++) {
          in[i] = (byte) (r.nextInt(4) == 0 ? 254 : 255);
        }
      }
      String which = l.run(0, outZp, inputs, "inC " + inC);
      assertEquals(inC == 129, which.contains("_VWF"), "inC " + inC + ": float path iff "
          + inC + " * 127 * 255 + |bias| < 2^22");
    }
  }

  /** A pointwise layer to compile: its inputs, weights and quantization. */
  private record Layer(boolean int8, int batches, int h, int w, int inC, int outC, int wZp,
      byte[] weights, int[] bias, float inScale, float wScale, float outScale) {

    /** Random inputs, about {@code zeros} of them at the input zero point. */
    String check(Random r, double zeros, String what) throws Exception {
      int inZp = int8 ? -128 : 0;
      byte[][] inputs = new byte[3][batches * h * w * inC];
      for (byte[] in : inputs) {
        for (int i = 0; i < in.length; i++) {
          in[i] = (byte) (r.nextDouble() < zeros ? inZp : r.nextInt(256) + (int8 ? -128 : 0));
        }
      }
      return run(inZp, 128, inputs, what);
    }

    String run(int inZp, int outZp, byte[][] inputs, String what) throws Exception {
      TensorType type = int8 ? TensorType.INT8 : TensorType.UINT8;
      TfliteModelBuilder b = new TfliteModelBuilder();
      int in = b.addTensor("in", type, new int[] {batches, h, w, inC},
          QuantParams.perTensor(inScale, inZp));
      int filter = b.addConstantTensor("w", type, new int[] {outC, 1, 1, inC},
          QuantParams.perTensor(wScale, wZp), weights);
      int biasT = b.addConstantTensor("b", TensorType.INT32, new int[] {outC},
          QuantParams.perTensor(inScale * wScale, 0), TestModels.int32s(bias));
      int out = b.addTensor("out", type, new int[] {batches, h, w, outC},
          QuantParams.perTensor(outScale, int8 ? outZp - 128 : outZp));
      b.addOperator(BuiltinOperator.CONV_2D, int8 ? 3 : 1, new int[] {in, filter, biasT},
          new int[] {out}, new Conv2d.Options(Padding.VALID, 1, 1, 1, 1, Activation.NONE));
      b.inputs(in).outputs(out).description("pointwise " + what);
      VectorPair pair = VectorPair.compile(b.build(), CLASS);
      pair.assertVectorLayers(1, what);
      String shape = what + ": " + batches + "x" + h + "x" + w + "x" + inC + " -> " + outC + " "
          + type;
      boolean spread = false;
      for (byte[] input : inputs) {
        byte[] sorted = pair.assertSameOutput(input, shape).clone();
        Arrays.sort(sorted);
        spread |= sorted[0] != sorted[sorted.length - 1];
      }
      assertTrue(spread, shape + ": the outputs are not all one value");
      return pair.vectorSource();
    }
  }
}

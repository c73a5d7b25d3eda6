package io.github.tflite2java.compiler.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.Add;
import io.github.tflite2java.compiler.testing.VectorPair;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TestModels;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector ADD kernel ({@code VectorAdd}): two computed inputs of one shape (MobileNet v2's
 * residual adds), uint8 and int8, fused NONE / RELU / RELU6 / RELU_N1_TO_1, element counts that
 * are and are not multiples of 8 and of the kernel's 512-element chunk, and extreme multipliers
 * (input scales 2^-12 to 2^12 apart: input shifts from -1 to about -13; output multipliers
 * just below one and down to 2^-20). Each random model is compiled with {@code kernels=vector};
 * its vector class must run the ADD on vectors and return exactly the scalar kernel's bytes
 * (which the randomized suite checks against live TFLite 2.9.0 and 2.6.2), on random inputs and
 * on inputs at the types' ends.
 */
@ExtendWith(VectorPair.NoWarmUp.class)
class VectorAddTest {
  private static final String CLASS = "test.vadd.Model";
  private static final Activation[] ACTIVATIONS = {Activation.NONE, Activation.RELU,
      Activation.RELU6, Activation.RELU_N1_TO_1};

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
      21, 22, 23, 24})
  void vectorAddEqualsTheScalarKernel(int seed) throws Exception {
    Random r = new Random(seed);
    boolean int8 = seed % 2 == 0;
    TensorType type = int8 ? TensorType.INT8 : TensorType.UINT8;
    int[] shape = {1 + r.nextInt(2), 1 + r.nextInt(9), 1 + r.nextInt(12), 1 + r.nextInt(40)};
    if (seed % 6 == 1) {
      shape = new int[] {1, 28, 28, 32}; // a MobileNet v2 residual: 25,088 elements
    }
    int n = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
    if (n < 8) {
      shape[3] += 8;
    }
    n = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
    Activation act = ACTIVATIONS[seed % ACTIVATIONS.length];
    float s1 = 0.01f + r.nextFloat() * 0.2f;
    float s2;
    switch (seed % 5) {
      case 0: s2 = s1; break; // equal scales: both input multipliers 0.5
      case 1: s2 = s1 * (float) Math.pow(2, -(1 + r.nextInt(12))); break;
      case 2: s2 = s1 * (float) Math.pow(2, 1 + r.nextInt(12)); break;
      default: s2 = s1 * (0.3f + r.nextFloat() * 3f);
    }
    float max = Math.max(s1, s2);
    // Output multiplier 2 * max / (2^20 * sOut): just below one, down to about 2^-20, or the
    // usual ~2^-20 (an output scale near the inputs').
    float sOut;
    switch (seed % 4) {
      case 0: sOut = (float) (2.0 * max / (1 << 20) * 1.0001); break;
      case 1: sOut = max * (float) Math.pow(2, r.nextInt(4)); break;
      case 2: sOut = (float) (2.0 * max / (1 << 20) * (1 << (1 + r.nextInt(10)))); break;
      default: sOut = max * (0.5f + r.nextFloat() * 2);
    }
    int z1 = zeroPoint(r, int8);
    int z2 = zeroPoint(r, int8);
    int zOut = zeroPoint(r, int8);

    TfliteModelBuilder b = new TfliteModelBuilder();
    int in1 = b.addTensor("in1", type, shape, QuantParams.perTensor(s1, z1));
    int in2 = b.addTensor("in2", type, shape, QuantParams.perTensor(s2, z2));
    int out = b.addTensor("out", type, shape, QuantParams.perTensor(sOut, zOut));
    b.addOperator(BuiltinOperator.ADD, int8 ? 2 : 1, new int[] {in1, in2}, new int[] {out},
        new Add.Options(act));
    b.inputs(in1, in2).outputs(out).description("vector add seed " + seed);
    VectorPair pair = VectorPair.compile(b.build(), CLASS);
    String what = Arrays.toString(shape) + " " + type + " " + act + " scales " + s1 + ", " + s2
        + " -> " + sOut;
    assertTrue(pair.vectorSource().contains("AddBlock"), what);
    pair.assertVectorLayers(1, what);
    byte lo = (byte) (int8 ? -128 : 0);
    byte hi = (byte) (int8 ? 127 : 255);
    byte[][][] cases = {
        {TestModels.randomBytes(r, n), TestModels.randomBytes(r, n)},
        {TestModels.randomBytes(r, n), TestModels.randomBytes(r, n)},
        {filled(n, lo), filled(n, hi)},
        {filled(n, hi), filled(n, hi)},
        {filled(n, lo), filled(n, lo)},
        {filled(n, (byte) z1), TestModels.randomBytes(r, n)},
    };
    for (byte[][] inputs : cases) {
      assertArrayEquals(infer(pair.scalar(), inputs), infer(pair.vector(), inputs), what);
    }
  }

  private static int zeroPoint(Random r, boolean int8) {
    return int8 ? r.nextInt(256) - 128 : r.nextInt(256);
  }

  private static byte[] filled(int n, byte v) {
    byte[] a = new byte[n];
    Arrays.fill(a, v);
    return a;
  }

  private static byte[] infer(Class<?> c, byte[][] inputs) throws Exception {
    try {
      return ((byte[][]) c.getMethod("infer", byte[][].class).invoke(null, (Object) inputs))[0];
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }
}

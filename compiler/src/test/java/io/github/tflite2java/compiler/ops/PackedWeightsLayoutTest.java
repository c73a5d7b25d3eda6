package io.github.tflite2java.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.testing.ClassFileMethods;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.lang.reflect.Field;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The run-time weight layouts, read back from the initialized generated class: FULLY_CONNECTED
 * weights and large pointwise CONV_2D filters two to an int (half the heap of one int per
 * weight), small pointwise filters one int per weight (the flagship's layout, faster there).
 * Their outputs are checked against live TFLite by it-tests ({@code FullyConnectedLiveTest},
 * {@code LargeConvLiveTest}, {@code OpFuzzTest}).
 */
class PackedWeightsLayoutTest {

  private static final String CLS = "test.gen.Packed";

  @Test
  void fullyConnectedWeightsArePackedTwoDepthRowsPerInt() throws Exception {
    int depth = 37;
    int units = 5;
    int zeroPoint = 255;
    byte[] w = random(units * depth, 1); // TFLite's [units][depth]
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.UINT8, new int[] {1, depth},
        QuantParams.perTensor(0.02f, 128));
    int f = b.addConstantTensor("w", TensorType.UINT8, new int[] {units, depth},
        QuantParams.perTensor(0.01f, zeroPoint), w);
    int y = b.addTensor("y", TensorType.UINT8, new int[] {1, units},
        QuantParams.perTensor(0.5f, 128));
    b.addOperator(BuiltinOperator.FULLY_CONNECTED, 1, new int[] {x, f, -1}, new int[] {y},
        new FullyConnected.Options(Activation.NONE, 0, false));
    int[][] packed = (int[][]) field(b.inputs(x).outputs(y).build(), "_WEIGHTS");
    assertEquals((depth + 1) / 2, packed.length);
    for (int d = 0; d < depth; d++) {
      for (int u = 0; u < units; u++) {
        int v = packed[d / 2][u];
        int read = d == depth - 1 ? v : d % 2 == 0 ? v << 16 >> 16 : v >> 16;
        assertEquals((w[u * depth + d] & 0xFF) - zeroPoint, read, "depth " + d + " unit " + u);
      }
    }
  }

  @Test
  void largePointwiseFiltersArePackedSmallOnesAreNot() throws Exception {
    // 1449 x 1448 >= 2^21 weights: paired; 64 x 64: one int per weight.
    int[][] large = (int[][]) field(pointwise(1449, 1448), "_FILTER");
    assertEquals(725, large.length);
    assertEquals(1448, large[0].length);
    int[][] small = (int[][]) field(pointwise(64, 64), "_FILTER");
    assertEquals(64, small.length);
    assertEquals(64, small[0].length);
  }

  @Test
  void windowFiltersArePackedFromTheLowerThresholdWithEvenInputChannels() throws Exception {
    // 3x3: 9 x 256 x 256 = 589,824 >= 2^19 weights, even input channels: paired.
    int[][] paired = (int[][]) field(window(256, 256), "_FILTER");
    assertEquals(9 * 256 / 2, paired.length);
    // 9 x 255 x 256 (odd input channels, pairs would straddle window positions): not paired.
    assertEquals(9 * 255, ((int[][]) field(window(255, 256), "_FILTER")).length);
    // 9 x 128 x 128 = 147,456 < 2^19: not paired.
    assertEquals(9 * 128, ((int[][]) field(window(128, 128), "_FILTER")).length);
  }

  private static byte[] window(int inC, int outC) {
    return conv(inC, outC, 3);
  }

  private static byte[] pointwise(int inC, int outC) {
    return conv(inC, outC, 1);
  }

  private static byte[] conv(int inC, int outC, int k) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT8, new int[] {1, 2, 2, inC},
        QuantParams.perTensor(0.02f, -1));
    byte[] w = random(k * k * inC * outC, 2);
    for (int i = 0; i < w.length; i++) {
      w[i] = w[i] == -128 ? -127 : w[i];
    }
    int f = b.addConstantTensor("w", TensorType.INT8, new int[] {outC, k, k, inC},
        QuantParams.perTensor(0.01f, 0), w);
    int bias = b.addConstantTensor("b", TensorType.INT32, new int[] {outC},
        QuantParams.perTensor(0.0002f, 0), new byte[4 * outC]);
    int y = b.addTensor("y", TensorType.INT8, new int[] {1, 2, 2, outC},
        QuantParams.perTensor(1f, 0));
    b.addOperator(BuiltinOperator.CONV_2D, 3, new int[] {x, f, bias}, new int[] {y},
        new Conv2d.Options(Padding.SAME, 1, 1, 1, 1, Activation.NONE));
    return b.inputs(x).outputs(y).build();
  }

  /** The value of the one static field whose name ends with {@code suffix}, class initialized. */
  private static Object field(byte[] model, String suffix) throws Exception {
    GeneratedSource src = Tflite2JavaCompiler.compile(TfliteReader.read("m.tflite", model), CLS,
        CompileOptions.defaults());
    InMemoryJavac.Compiled compiled = InMemoryJavac.compile(src);
    ClassFileMethods.assertUnderJitLimit(compiled.classFiles(), CLS);
    Class<?> c = compiled.load(CLS);
    Object found = null;
    for (Field f : c.getDeclaredFields()) {
      if (f.getName().endsWith(suffix)) {
        assertEquals(null, found, "one field ending with " + suffix);
        f.setAccessible(true);
        found = f.get(null);
      }
    }
    assertTrue(found != null, "no field ending with " + suffix);
    return found;
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}

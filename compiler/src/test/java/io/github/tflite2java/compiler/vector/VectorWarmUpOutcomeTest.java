package io.github.tflite2java.compiler.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.KernelBackend;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.Conv2d;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.testing.SharedFiles;
import io.github.tflite2java.compiler.testing.VectorPair;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TestModels;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the background warm-up of a {@code kernels=vector} class ends (docs/start-up.md), on any
 * JVM and load: none of these tests needs the vector kernels to be faster here. With {@code
 * tflite2java.vectorWarmUpRounds=N} the layers switch after N rounds; with the comparison rule
 * the warm-up reaches a final state (switched, or scalar for good) within its bounded number of
 * rounds, and {@code kernels()} says which and the times it compared. Every output before,
 * during and after the warm-up equals TFLite's golden bytes or the scalar class's.
 */
class VectorWarmUpOutcomeTest {
  private static final String ROUNDS = "tflite2java.vectorWarmUpRounds";
  /** Far more than the tests take (seconds on a quiet machine, about a minute at load 10). */
  private static final long DEADLINE_NS = 240_000_000_000L;
  private static final Pattern SWITCHED = Pattern.compile(
      "vector: jdk\\.incubator\\.vector .*, 1 layers \\(switched after (\\d+) rounds: vector layers"
          + " \\d+\\.\\d ms vs scalar inference \\d+\\.\\d ms, best of the last (\\d+) of \\1"
          + " warm-up rounds\\)");
  private static final Pattern SLOWER = Pattern.compile(
      "scalar: the vector kernels measured slower than the scalar ones \\(vector layers"
          + " \\d+\\.\\d ms vs scalar inference \\d+\\.\\d ms, best of the last (\\d+) of (\\d+)"
          + " warm-up rounds; jdk\\.incubator\\.vector .*, 1 layers\\)");

  @BeforeEach
  @AfterEach
  void clear() {
    System.clearProperty(VectorPair.WARM_UP);
    System.clearProperty(ROUNDS);
  }

  private static boolean ready(Class<?> c) throws Exception {
    Field f = c.getDeclaredField("vectorReady");
    f.setAccessible(true);
    return (Boolean) f.get(null);
  }

  @Test
  void fixedRoundsSwitchTheLayersAndEveryOutputBeforeDuringAndAfterIsTfliteBytes()
      throws Exception {
    System.setProperty(ROUNDS, "10");
    String model = "mobilenet_v1_0.25_128_quant";
    Class<?> c = InMemoryJavac.compile(Tflite2JavaCompiler.compile(new CompileRequest(
        SharedFiles.model(model + ".tflite"), "test.wout.Fixed",
        CompileOptions.defaults().withKernels(KernelBackend.VECTOR)))).load("test.wout.Fixed");
    byte[] input = Files.readAllBytes(SharedFiles.golden(model, "grace_hopper.in"));
    byte[] golden = Files.readAllBytes(SharedFiles.golden(model, "grace_hopper.tflite-2.9.out"));
    assertArrayEquals(golden, VectorPair.infer(c, input), "first inference (starts the warm-up)");
    long deadline = System.nanoTime() + DEADLINE_NS;
    int during = 0;
    for (String k; (k = VectorPair.kernels(c)).contains("warming up")
        && System.nanoTime() < deadline; during++) {
      assertTrue(k.matches("vector: .*, 28 layers \\(warming up, ([0-9]|10) rounds done: scalar"
          + " until then\\)"), k);
      assertArrayEquals(golden, VectorPair.infer(c, input), "inference " + during
          + " during the warm-up");
    }
    String which = VectorPair.kernels(c);
    assertTrue(which.startsWith("vector: jdk.incubator.vector") && which.endsWith(
        ", 28 layers (switched after 10 warm-up rounds, not compared:"
            + " tflite2java.vectorWarmUpRounds)"), which);
    assertTrue(ready(c));
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(golden, VectorPair.infer(c, input), "inference " + i + " after the switch");
    }
  }

  /**
   * A small pointwise layer (rounds of milliseconds even before C2 has compiled the vector
   * kernel), compared with its own scalar class on random inputs all along.
   */
  @Test
  void theComparisonReachesAFinalStateAndKernelsSaysWhichAndWhy() throws Exception {
    Random r = new Random(15);
    int inC = 32;
    int outC = 48;
    byte[] weights = TestModels.randomBytes(r, outC * inC);
    int[] bias = new int[outC];
    for (int i = 0; i < outC; i++) {
      bias[i] = r.nextInt(20001) - 10000;
    }
    TfliteModelBuilder b = new TfliteModelBuilder();
    int in = b.addTensor("in", TensorType.UINT8, new int[] {1, 12, 12, inC},
        QuantParams.perTensor(0.02f, 3));
    int filter = b.addConstantTensor("w", TensorType.UINT8, new int[] {outC, 1, 1, inC},
        QuantParams.perTensor(0.01f, 120), weights);
    int biasT = b.addConstantTensor("b", TensorType.INT32, new int[] {outC},
        QuantParams.perTensor(0.02f * 0.01f, 0), TestModels.int32s(bias));
    int out = b.addTensor("out", TensorType.UINT8, new int[] {1, 12, 12, outC},
        QuantParams.perTensor(0.7f, 128));
    b.addOperator(BuiltinOperator.CONV_2D, 1, new int[] {in, filter, biasT}, new int[] {out},
        new Conv2d.Options(Padding.VALID, 1, 1, 1, 1, Activation.RELU6));
    b.inputs(in).outputs(out).description("warm-up outcome");
    VectorPair pair = VectorPair.compile(b.build(), "test.wout.Compared");
    Class<?> c = pair.vector();
    byte[][] inputs = new byte[4][12 * 12 * inC];
    for (byte[] x : inputs) {
      r.nextBytes(x);
    }
    assertTrue(pair.kernels().endsWith(
        "(warming up after the first inference: scalar until then)"), pair.kernels());
    pair.assertSameOutput(inputs[0], "first inference (starts the warm-up)");
    long start = System.nanoTime();
    long deadline = start + DEADLINE_NS;
    int during = 0;
    while (pair.kernels().contains("warming up") && System.nanoTime() < deadline) {
      pair.assertSameOutput(inputs[during % inputs.length], "inference " + during
          + " during the warm-up");
      during++;
      Thread.sleep(1);
    }
    String which = pair.kernels();
    System.out.printf("warm-up decided after %.1f s (%d inferences meanwhile): %s%n",
        (System.nanoTime() - start) / 1e9, during, which);
    Matcher switched = SWITCHED.matcher(which);
    Matcher slower = SLOWER.matcher(which);
    if (switched.matches()) {
      assertTrue(ready(c), which);
      int rounds = Integer.parseInt(switched.group(1));
      assertTrue(rounds >= 10 && rounds <= 1000, which);
      int window = Integer.parseInt(switched.group(2));
      assertTrue(window == 5 || window == Math.min(100, rounds), which);
    } else {
      assertTrue(slower.matches(), "neither switched nor scalar for good: " + which);
      assertFalse(ready(c), which);
      int rounds = Integer.parseInt(slower.group(2));
      assertTrue(rounds >= 200 && rounds <= 1000, which);
      assertEquals(Math.min(100, rounds), Integer.parseInt(slower.group(1)), which);
    }
    for (int i = 0; i < inputs.length; i++) {
      pair.assertSameOutput(inputs[i], "inference " + i + " after the decision");
    }
  }
}

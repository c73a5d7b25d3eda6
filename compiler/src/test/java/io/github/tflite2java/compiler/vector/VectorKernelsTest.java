package io.github.tflite2java.compiler.vector;

import static io.github.tflite2java.compiler.testing.VectorPair.infer;
import static io.github.tflite2java.compiler.testing.VectorPair.kernels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.KernelBackend;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.WeightStorage;
import io.github.tflite2java.compiler.testing.ClassFileMethods;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.testing.SharedFiles;
import io.github.tflite2java.compiler.testing.VectorPair;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The opt-in vector backend ({@code kernels=vector}): real models compiled with it return
 * TFLite's golden bytes through the vector companion class (the test JVM runs with {@code
 * --add-modules jdk.incubator.vector}), and through the model class's own kernels when the
 * companion cannot be loaded; the default (scalar) source does not change.
 */
@ExtendWith(VectorPair.NoWarmUp.class)
class VectorKernelsTest {
  private static final String CLASS = "test.vec.Model";

  private static GeneratedSource compile(String model, KernelBackend kernels) throws Exception {
    return Tflite2JavaCompiler.compile(new CompileRequest(
        SharedFiles.model(model + ".tflite"), CLASS,
        CompileOptions.defaults().withKernels(kernels)));
  }

  private static void assertGolden(String model, Class<?> c) throws Exception {
    for (String input : new String[] {"grace_hopper", "random_1", "random_2"}) {
      byte[] in = Files.readAllBytes(SharedFiles.golden(model, input + ".in"));
      byte[] expected =
          Files.readAllBytes(SharedFiles.golden(model, input + ".tflite-2.9.out"));
      byte[] actual = infer(c, in);
      int diffs = 0;
      for (int i = 0; i < expected.length; i++) {
        diffs += expected[i] != actual[i] ? 1 : 0;
      }
      assertEquals(0, diffs, model + " " + input + ": bytes differing from TFLite 2.9.0 ("
          + kernels(c) + ")");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mobilenet_v1_0.25_128_quant", "mobilenet_v1_1.0_224_quant",
      "mobilenet_v2_1.0_224_quant", "tf2_mobilenet_v2_1.0_224_ptq"})
  void vectorKernelsReturnTfliteGoldenBytes(String model) throws Exception {
    GeneratedSource generated = compile(model, KernelBackend.VECTOR);
    assertNotNull(generated.vectorClass());
    InMemoryJavac.Compiled compiled = InMemoryJavac.compile(generated);
    Class<?> c = compiled.load(CLASS);
    String which = kernels(c);
    assertTrue(which.startsWith("vector: jdk.incubator.vector"), which);
    assertTrue(!which.contains("warming up"), which);
    assertGolden(model, c);
    ClassFileMethods.assertUnderJitLimit(compiled.classFiles(), model);
  }

  @Test
  void theBackgroundWarmUpSwitchesToTheVectorKernels() throws Exception {
    System.clearProperty(VectorPair.WARM_UP);
    // A fixed number of rounds: the switch must not depend on the vector kernels measuring
    // faster on this JVM and load (VectorWarmUpOutcomeTest covers the comparison).
    System.setProperty("tflite2java.vectorWarmUpRounds", "10");
    try {
      String model = "mobilenet_v1_0.25_128_quant";
      Class<?> c = InMemoryJavac.compile(compile(model, KernelBackend.VECTOR)).load(CLASS);
      assertGolden(model, c);
      long deadline = System.nanoTime() + 300_000_000_000L;
      while (kernels(c).contains("warming up") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      String which = kernels(c);
      assertTrue(which.startsWith("vector: ")
          && which.contains("(switched after 10 warm-up rounds"), which);
      assertGolden(model, c);
    } finally {
      System.clearProperty("tflite2java.vectorWarmUpRounds");
    }
  }

  @Test
  void theVectorClassReadsItsBlockedWeightsFromItsOwnResource() throws Exception {
    String model = "mobilenet_v1_1.0_224_quant";
    GeneratedSource generated = compile(model, KernelBackend.VECTOR);
    GeneratedSource.Companion vector = generated.vectorClass();
    assertNotNull(generated.weights(), "the flagship's model class has a weights resource");
    assertNotNull(vector.weights(), "so has its vector class");
    assertEquals("test/vec/ModelVector.weights", vector.weights().relativePath());
    // The blocked layouts of the 14 pointwise layers: 3.0 M weight bytes and their biases, none
    // of them in the source any more (it was 4.98 MB of string constants).
    assertTrue(vector.weights().size() > 3_000_000, "resource bytes " + vector.weights().size());
    // (The code alone is ~310 K chars since the float pointwise sweep takes two channels a trip.)
    assertTrue(vector.content().length() < 400_000, "source chars " + vector.content().length());
    assertTrue(vector.content().contains("ModelVector.weights"), "reads its resource");
    InMemoryJavac.Compiled compiled = InMemoryJavac.compile(generated);
    Class<?> c = compiled.load(CLASS);
    // 14 pointwise and 13 depthwise 3x3 layers and the first 3x3 convolution on vector kernels.
    assertTrue(kernels(c).startsWith("vector: ") && kernels(c).contains(", 28 layers"),
        kernels(c));
    assertGolden(model, c);
  }

  @Test
  void embeddedWeightsKeepTheVectorClassSelfContained() throws Exception {
    String model = "mobilenet_v1_0.25_128_quant";
    GeneratedSource generated = Tflite2JavaCompiler.compile(new CompileRequest(
        SharedFiles.model(model + ".tflite"), CLASS, CompileOptions.defaults()
            .withKernels(KernelBackend.VECTOR).withWeights(WeightStorage.EMBEDDED)));
    assertNull(generated.weights());
    assertNull(generated.vectorClass().weights());
    Class<?> c = InMemoryJavac.compile(generated).load(CLASS);
    assertTrue(kernels(c).startsWith("vector: "), kernels(c));
    assertGolden(model, c);
  }

  @Test
  void withoutTheVectorClassTheModelClassRunsItsOwnKernels() throws Exception {
    String model = "mobilenet_v1_0.25_128_quant";
    GeneratedSource generated = compile(model, KernelBackend.VECTOR);
    Class<?> c = InMemoryJavac.compileWithoutVector(generated).load(CLASS);
    String which = kernels(c);
    assertTrue(which.startsWith("scalar: java.lang.ClassNotFoundException: test.vec.ModelVector"),
        which);
    assertGolden(model, c);
  }

  @Test
  void theScalarDefaultIsUnchanged() throws Exception {
    String model = "mobilenet_v1_0.25_128_quant";
    GeneratedSource scalar = compile(model, KernelBackend.SCALAR);
    GeneratedSource defaults = Tflite2JavaCompiler.compile(
        new CompileRequest(SharedFiles.model(model + ".tflite"), CLASS));
    assertNull(scalar.vectorClass());
    assertEquals(defaults.source(), scalar.source());
    assertTrue(!scalar.source().contains("VECTOR_KERNELS"), "no kernel selection in the default");
  }
}

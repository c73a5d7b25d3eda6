package io.github.tflite2java.compiler.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.KernelBackend;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.testing.SharedFiles;
import java.lang.reflect.Field;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the vector kernels are loaded and warmed up (docs/start-up.md): class initialization
 * loads nothing and starts no thread, so the first inference runs the scalar kernels alone; the
 * end of the first inference starts the background warm-up, which loads the companion and
 * switches the layers to it; {@code kernels()} says so; {@code warmUp()} waits for it; {@code
 * tflite2java.vectorWarmUp=false} still loads the companion at class initialization.
 */
class VectorWarmUpSchedulingTest {
  private static final String CLASS = "test.sched.Model";
  private static final String MODEL = "mobilenet_v1_0.25_128_quant";
  private static final String WARM_UP = "tflite2java.vectorWarmUp";
  private static final String ROUNDS = "tflite2java.vectorWarmUpRounds";
  private static GeneratedSource generated;
  private static byte[] input;
  private static byte[] golden;

  @BeforeAll
  static void compile() throws Exception {
    generated = Tflite2JavaCompiler.compile(new CompileRequest(
        SharedFiles.model(MODEL + ".tflite"), CLASS,
        CompileOptions.defaults().withKernels(KernelBackend.VECTOR)));
    input = Files.readAllBytes(SharedFiles.golden(MODEL, "grace_hopper.in"));
    golden = Files.readAllBytes(SharedFiles.golden(MODEL, "grace_hopper.tflite-2.9.out"));
  }

  @BeforeEach
  void fewRounds() {
    System.clearProperty(WARM_UP);
    System.setProperty(ROUNDS, "3");
  }

  @AfterEach
  void clear() {
    System.clearProperty(WARM_UP);
    System.clearProperty(ROUNDS);
  }

  private static Object field(Class<?> c, String name) throws Exception {
    Field f = c.getDeclaredField(name);
    f.setAccessible(true);
    return f.get(null);
  }

  private static String kernels(Class<?> c) throws Exception {
    return (String) c.getMethod("kernels").invoke(null);
  }

  private static byte[] infer(Class<?> c) throws Exception {
    return (byte[]) c.getMethod("infer", byte[].class).invoke(null, (Object) input);
  }

  private static void awaitVector(Class<?> c) throws Exception {
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (kernels(c).contains("warming up") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void theFirstInferenceRunsAloneThenTheWarmUpSwitchesTheLayersToTheVectorKernels()
      throws Exception {
    Class<?> c = InMemoryJavac.compile(generated).load(CLASS);
    c.getMethod("inputShape").invoke(null); // initializes the class
    assertNull(field(c, "VECTOR_KERNELS"), "class initialization loaded the vector companion");
    assertEquals(false, field(c, "vectorWarmUpStarted"), "warm-up started before any inference");
    assertNull(field(c, "VECTOR_OP01DEPTHWISECONV2D"), "a layer field set before loading");

    assertArrayEquals(golden, infer(c), "first inference (scalar kernels)");
    assertEquals(true, field(c, "vectorWarmUpStarted"), "the first inference started the warm-up");
    awaitVector(c);
    String which = kernels(c);
    assertTrue(which.startsWith("vector: jdk.incubator.vector") && !which.contains("warming up"),
        which);
    assertEquals(true, field(c, "vectorReady"));
    assertTrue(field(c, "VECTOR_KERNELS") instanceof Object[], "companion loaded");
    assertTrue(field(c, "VECTOR_OP01DEPTHWISECONV2D") != null, "layer fields set");
    assertArrayEquals(golden, infer(c), "inference on the vector kernels");
  }

  @Test
  void kernelsBeforeTheFirstInferenceLoadsTheCompanionButStartsNoWarmUp() throws Exception {
    Class<?> c = InMemoryJavac.compile(generated).load(CLASS);
    String which = kernels(c);
    assertTrue(which.startsWith("vector: jdk.incubator.vector")
        && which.endsWith("(warming up after the first inference: scalar until then)"), which);
    assertEquals(false, field(c, "vectorWarmUpStarted"));
    assertEquals(false, field(c, "vectorReady"));
    assertArrayEquals(golden, infer(c));
    awaitVector(c);
    assertFalse(kernels(c).contains("warming up"), kernels(c));
    assertArrayEquals(golden, infer(c));
  }

  @Test
  void warmUpReturnsWithTheVectorKernelsSwitchedOn() throws Exception {
    Class<?> c = InMemoryJavac.compile(generated).load(CLASS);
    c.getMethod("warmUp").invoke(null);
    assertEquals(true, field(c, "vectorReady"), kernels(c));
    assertTrue(kernels(c).startsWith("vector: jdk.incubator.vector")
        && !kernels(c).contains("warming up"), kernels(c));
    assertArrayEquals(golden, infer(c));
  }

  @Test
  void noBackgroundWarmUpLoadsTheCompanionAtClassInitialization() throws Exception {
    System.setProperty(WARM_UP, "false");
    Class<?> c = InMemoryJavac.compile(generated).load(CLASS);
    c.getMethod("inputShape").invoke(null);
    assertTrue(field(c, "VECTOR_KERNELS") instanceof Object[], "loaded at class initialization");
    assertEquals(true, field(c, "vectorReady"));
    assertArrayEquals(golden, infer(c), "first inference on the vector kernels");
    assertEquals(true, field(c, "vectorWarmUpStarted"), "no warm-up thread wanted");
  }

  @Test
  void withoutTheCompanionTheWarmUpSaysWhyAndTheLayersStayScalar() throws Exception {
    Class<?> c = InMemoryJavac.compileWithoutVector(generated).load(CLASS);
    assertArrayEquals(golden, infer(c));
    c.getMethod("warmUp").invoke(null); // returns: nothing to wait for
    assertTrue(kernels(c).startsWith(
        "scalar: java.lang.ClassNotFoundException: test.sched.ModelVector"), kernels(c));
    assertEquals(false, field(c, "vectorReady"));
    assertArrayEquals(golden, infer(c));
  }
}

package io.github.tflite2java.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.testing.ClassFileMethods;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.testing.SharedFiles;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Compiles the smallest real MobileNet v1 in memory and holds the result to TFLite's golden
 * bytes, the bytecode limits, and determinism. (All four models, through the plugin, are
 * checked in it-tests.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedMobilenetTest {
  /** Override with -Dtflite2java.test.model=mobilenet_v1_1.0_224_quant to check another. */
  private static final String MODEL =
      System.getProperty("tflite2java.test.model", "mobilenet_v1_0.25_128_quant");
  private static final String CLASS = "test.gen.Mobilenet025";

  private GeneratedSource generated;
  private InMemoryJavac.Compiled compiled;
  private Method staticInfer;

  @BeforeAll
  void compile() throws Exception {
    generated = Tflite2JavaCompiler.compile(
        new CompileRequest(SharedFiles.model(MODEL + ".tflite"), CLASS));
    compiled = InMemoryJavac.compile(generated);
    staticInfer = compiled.load(CLASS).getMethod("infer", byte[].class);
  }

  private byte[] infer(byte[] input) throws Exception {
    try {
      return (byte[]) staticInfer.invoke(null, (Object) input);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void matchesTfliteGoldenOutputs() throws Exception {
    for (String input : new String[] {"grace_hopper", "random_1", "random_2"}) {
      byte[] in = Files.readAllBytes(SharedFiles.golden(MODEL, input + ".in"));
      byte[] out = infer(in);
      for (String version : new String[] {"2.9", "2.6.2"}) {
        byte[] expected =
            Files.readAllBytes(SharedFiles.golden(MODEL, input + ".tflite-" + version + ".out"));
        assertBytesEqual(expected, out, input + " vs TFLite " + version);
      }
    }
  }

  @Test
  void everyMethodStaysUnderTheJitLimit() {
    ClassFileMethods.assertUnderJitLimit(compiled.classFiles(), MODEL);
  }

  @Test
  void generationIsDeterministic() throws Exception {
    GeneratedSource again = Tflite2JavaCompiler.compile(
        new CompileRequest(SharedFiles.model(MODEL + ".tflite"), CLASS));
    assertEquals(generated.source(), again.source());
  }

  @Test
  void wrongInputLengthNamesTheExpectedSize() throws Exception {
    int expected = inputSize();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> infer(new byte[100]));
    assertTrue(e.getMessage().contains("expected " + expected), e.getMessage());
  }

  private int inputSize() throws Exception {
    return compiled.load(CLASS).getField("INPUT_SIZE").getInt(null);
  }

  @Test
  void nullInputIsRejected() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> infer(null));
    assertTrue(e.getMessage().contains("input"), e.getMessage());
  }

  static void assertBytesEqual(byte[] expected, byte[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    int diffs = 0;
    int first = -1;
    int maxDelta = 0;
    for (int i = 0; i < expected.length; i++) {
      if (expected[i] != actual[i]) {
        if (first < 0) {
          first = i;
        }
        diffs++;
        maxDelta = Math.max(maxDelta, Math.abs((expected[i] & 0xFF) - (actual[i] & 0xFF)));
      }
    }
    if (diffs > 0) {
      throw new AssertionError(what + ": " + diffs + " of " + expected.length
          + " bytes differ (max delta " + maxDelta + "); first at index " + first
          + ": expected " + (expected[first] & 0xFF) + " got " + (actual[first] & 0xFF));
    }
  }
}

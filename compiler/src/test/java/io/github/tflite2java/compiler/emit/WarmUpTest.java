package io.github.tflite2java.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.testing.SharedFiles;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The generated {@code static warmUp()}: runs, leaves results as they were. */
class WarmUpTest {
  private static final String MODEL = "mobilenet_v1_0.25_128_quant";

  @Test
  void warmUpRunsTwentyInferencesAndChangesNoResult() throws Exception {
    GeneratedSource src = Tflite2JavaCompiler.compile(
        new CompileRequest(SharedFiles.model(MODEL + ".tflite"), "warm.Model"));
    assertTrue(src.source().contains("for (int r = 0; r < 20; r++)"), "20 inferences");
    Class<?> c = InMemoryJavac.compile(src).load("warm.Model");
    Object before = c.getConstructor().newInstance();
    c.getMethod("warmUp").invoke(null);
    byte[] in = Files.readAllBytes(SharedFiles.golden(MODEL, "grace_hopper.in"));
    byte[] expected = Files.readAllBytes(SharedFiles.golden(MODEL, "grace_hopper.tflite-2.9.out"));
    for (Object m : new Object[] {before, c.getConstructor().newInstance()}) {
      byte[] out = new byte[expected.length];
      c.getMethod("infer", byte[].class, byte[].class).invoke(m, in, out);
      assertArrayEquals(expected, out);
    }
  }
}

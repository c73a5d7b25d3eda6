package io.github.tflite2java.benchmarks;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LargeModelBenchmarkTest {

  @Test
  void aMissingModelFolderIsNamedWithTheCommandThatMakesIt(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("conv-100mb");
    String message = LargeModelBenchmark.missing(dir);
    assertTrue(message.contains(dir.toAbsolutePath().toString()), message);
    assertTrue(message.contains("scripts/large-model-bench.sh"), message);
    assertTrue(message.contains("-p model="), message);

    // A model and input without the compiled class are not enough either.
    Files.createDirectories(dir);
    Files.write(dir.resolve("model.tflite"), new byte[] {1});
    Files.write(dir.resolve("input.bin"), new byte[] {1});
    assertTrue(LargeModelBenchmark.missing(dir).contains("classes/bench/Large.class"));

    Files.createDirectories(dir.resolve("classes/bench"));
    Files.write(dir.resolve("classes/bench/Large.class"), new byte[] {1});
    assertNull(LargeModelBenchmark.missing(dir));
  }
}

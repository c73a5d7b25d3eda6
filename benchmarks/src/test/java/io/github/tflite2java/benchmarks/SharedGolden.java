package io.github.tflite2java.benchmarks;

import io.github.tflite2java.compiler.testing.Oracles;
import java.nio.file.Files;

/** The oracle of the benchmarks' tests that read {@code ../shared}. */
final class SharedGolden {
  private SharedGolden() {}

  /**
   * {@link Oracles#require}s {@code ../shared} with the golden files of {@code model}: fails
   * under CI, skips the test locally when they are missing.
   */
  static void require(String model) {
    boolean present;
    try {
      present = Files.isDirectory(Shared.dir().resolve("golden").resolve(model));
    } catch (IllegalStateException e) {
      present = false;
    }
    Oracles.require(
        present, "../shared (models, golden) not found", "check out shared/ beside the repository");
  }
}

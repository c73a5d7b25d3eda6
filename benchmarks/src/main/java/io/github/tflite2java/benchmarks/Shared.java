package io.github.tflite2java.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the project's shared folder (models, images, golden outputs) and reads files from it.
 *
 * <p>Search order: the system property {@value #PROPERTY}, the environment variable {@value
 * #ENV}, then {@code ../shared} relative to the working directory and each of its parents (so
 * running from the repository root or any folder below it works).
 */
final class Shared {

  static final String PROPERTY = "tflite2java.shared";
  static final String ENV = "TFLITE2JAVA_SHARED";

  private Shared() {}

  /** The shared folder; throws with a hint if it cannot be found. */
  static Path dir() {
    String prop = System.getProperty(PROPERTY);
    if (prop != null && !prop.isEmpty()) {
      return Paths.get(prop).toAbsolutePath().normalize();
    }
    String env = System.getenv(ENV);
    if (env != null && !env.isEmpty()) {
      return Paths.get(env).toAbsolutePath().normalize();
    }
    for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("../shared").normalize();
      if (Files.isDirectory(candidate.resolve("golden"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "shared folder (models, golden) not found: run from the repository, or set -D"
            + PROPERTY
            + "=/path/to/shared or $"
            + ENV);
  }

  static Path model(String model) {
    return dir().resolve("models").resolve(model + ".tflite");
  }

  /** The benchmark input: {@code golden/<model>/grace_hopper.in}. */
  static Path input(String model) {
    return dir().resolve("golden").resolve(model).resolve("grace_hopper.in");
  }

  /** What TFLite {@code version} ("2.9" or "2.6.2") returns for {@link #input}. */
  static Path expected(String model, String version) {
    return dir().resolve("golden").resolve(model).resolve("grace_hopper.tflite-" + version + ".out");
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}

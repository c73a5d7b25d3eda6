package io.github.tflite2java.compiler.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the read-only {@code shared/} folder (models, images, golden outputs). */
public final class SharedFiles {

  private SharedFiles() {}

  /**
   * The shared folder: system property {@code tflite2java.shared}, else a {@code shared}
   * sibling of the working directory or one of its parents. Skips the test if absent, or fails
   * it under {@link Oracles#required()}.
   */
  public static Path root() {
    String prop = System.getProperty("tflite2java.shared");
    if (prop != null && Files.isDirectory(Paths.get(prop, "models"))) {
      return Paths.get(prop).toAbsolutePath().normalize();
    }
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolveSibling("shared");
      if (Files.isDirectory(candidate.resolve("models"))) {
        return candidate.normalize();
      }
    }
    Oracles.require(false, "shared/ folder with models not found beside the checkout",
        "check it out as ../shared or set -Dtflite2java.shared=<folder containing models/>");
    throw new AssertionError("unreachable");
  }

  public static Path model(String fileName) {
    return root().resolve("models").resolve(fileName);
  }

  public static Path golden(String model, String file) {
    return root().resolve("golden").resolve(model).resolve(file);
  }
}

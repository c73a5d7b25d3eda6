package io.github.tflite2java.buildtool;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds the smallest real model in the read-only {@code shared/} folder, or skips the test. */
final class SharedModel {

  private SharedModel() {}

  static Path smallest() {
    String prop = System.getProperty("tflite2java.shared");
    Path root = prop == null ? Paths.get("../../shared") : Paths.get(prop);
    Path model = root.resolve("models/mobilenet_v1_0.25_128_quant.tflite");
    assumeTrue(Files.isRegularFile(model), "shared model not found: " + model);
    return model.toAbsolutePath().normalize();
  }
}

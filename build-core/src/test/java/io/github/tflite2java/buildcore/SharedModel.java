package io.github.tflite2java.buildcore;

import io.github.tflite2java.compiler.testing.Oracles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds the smallest real model in the read-only {@code shared/} folder, or skips the test (fails it on CI, see {@link Oracles}). */
final class SharedModel {

  private SharedModel() {}

  static Path smallest() {
    String prop = System.getProperty("tflite2java.shared");
    Path root = prop == null ? Paths.get("../../shared") : Paths.get(prop);
    Path model = root.resolve("models/mobilenet_v1_0.25_128_quant.tflite");
    Oracles.require(Files.isRegularFile(model), "shared model not found: " + model,
        "check out the shared material as ../shared or set -Dtflite2java.shared=<folder>");
    return model.toAbsolutePath().normalize();
  }

  /** A real report (of the smallest shared model) renamed to {@code className}. */
  static io.github.tflite2java.compiler.report.ModelReport report(String className) {
    if (tiny == null) {
      try {
        tiny = io.github.tflite2java.compiler.Tflite2JavaCompiler.compile(
            new io.github.tflite2java.compiler.CompileRequest(smallest(), "x.Tiny")).report();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return tiny;
  }

  private static io.github.tflite2java.compiler.report.ModelReport tiny;
}

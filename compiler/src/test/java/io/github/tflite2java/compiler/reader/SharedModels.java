package io.github.tflite2java.compiler.reader;

import io.github.tflite2java.compiler.testing.Oracles;
import io.github.tflite2java.compiler.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test helper: the shared real models by name, found through {@link SharedFiles} (system property
 * {@code tflite2java.shared}, else a {@code shared} folder beside the repository); a test that
 * needs a missing model is skipped (failed on CI, see {@link Oracles}) with a message saying where
 * it was looked for.
 */
final class SharedModels {

  static final String FLAGSHIP = "mobilenet_v1_1.0_224_quant.tflite";
  static final String V1_025 = "mobilenet_v1_0.25_128_quant.tflite";
  static final String V1_050 = "mobilenet_v1_0.5_160_quant.tflite";
  static final String V1_075 = "mobilenet_v1_0.75_192_quant.tflite";
  static final String V2 = "mobilenet_v2_1.0_224_quant.tflite";
  static final String TF2_PTQ = "tf2_mobilenet_v2_1.0_224_ptq.tflite";

  private SharedModels() {}

  /** The model file, or skips (on CI fails) the calling test if it is not there. */
  static Path model(String fileName) {
    Path file = SharedFiles.model(fileName);
    Oracles.require(Files.isRegularFile(file), "shared model " + file + " not found",
        "set -Dtflite2java.shared=<folder containing models/> to run this test");
    return file;
  }
}

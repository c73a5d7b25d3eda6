package io.github.tflite2java.buildtool;

import java.nio.file.Path;

/**
 * One model as the user configured it, before validation: any field may be missing.
 *
 * @param label where the entry came from, for messages, e.g. {@code <model> #2}
 * @param file the .tflite file (already resolved when it came from a repository), or null when
 *     not configured
 * @param className fully qualified name of the class to generate, or null when not configured
 * @param sha256 the SHA-256 the file must have (hex, any case), or null to accept any file
 * @param labelsFile class labels, one per line, for {@code LABELS} and {@code topK}; or null
 * @param imageHelpers whether to generate the image input helpers
 */
public record ModelSpec(String label, Path file, String className, String sha256,
    Path labelsFile, boolean imageHelpers) {

  /** A model with no checksum, no labels and no image helpers. */
  public ModelSpec(String label, Path file, String className) {
    this(label, file, className, null, null, false);
  }

  /** A short description naming the entry and its class, for problem messages. */
  String describe() {
    return className == null || className.isBlank()
        ? label
        : label + " with className " + className;
  }
}

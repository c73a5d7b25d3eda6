package io.github.tflite2java.buildtool;

import java.nio.file.Path;

/**
 * One model as the user configured it, before validation: either field may be missing.
 *
 * @param label where the entry came from, for messages, e.g. {@code <model> #2}
 * @param file the .tflite file, or null when not configured
 * @param className fully qualified name of the class to generate, or null when not configured
 */
public record ModelSpec(String label, Path file, String className) {

  /** A short description naming the entry and its class, for problem messages. */
  String describe() {
    return className == null || className.isBlank()
        ? label
        : label + " with className " + className;
  }
}

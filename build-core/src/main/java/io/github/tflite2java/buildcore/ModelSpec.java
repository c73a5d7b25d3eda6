package io.github.tflite2java.buildcore;

import java.nio.file.Path;

/**
 * One model as the user configured it, before validation: any field may be missing.
 *
 * @param label where the entry came from, for messages, e.g. {@code <model> #2}; null when there
 *     is only one obvious place (the command line)
 * @param file the .tflite file (already resolved when it came from a repository), or null when
 *     not configured
 * @param displayName how messages name the model: the path as the user gave it (relative to the
 *     project for the Maven plugin, as typed for the command line) or its artifact coordinates;
 *     null for {@code file} as it is
 * @param className fully qualified name of the class to generate, or null when not configured
 * @param sha256 the SHA-256 the file must have (hex, any case), or null to accept any file
 * @param labelsFile class labels, one per line, for {@code LABELS} and {@code topK}; or null
 * @param imageHelpers whether to generate the image input helpers
 * @param batch the batch to compile a dynamic-batch model for, overriding the global option
 *     ({@code CompileOptions.batch()}); 0 to keep the global option
 */
public record ModelSpec(String label, Path file, String displayName, String className,
    String sha256, Path labelsFile, boolean imageHelpers, int batch) {

  public ModelSpec {
    if (batch < 0) {
      throw new IllegalArgumentException("batch must be positive, not " + batch);
    }
  }

  /** A model at the global batch option. */
  public ModelSpec(String label, Path file, String displayName, String className,
      String sha256, Path labelsFile, boolean imageHelpers) {
    this(label, file, displayName, className, sha256, labelsFile, imageHelpers, 0);
  }

  /** A model with no checksum, no labels and no image helpers, named by its path. */
  public ModelSpec(String label, Path file, String className) {
    this(label, file, null, className, null, null, false);
  }

  /** A model named by its path. */
  public ModelSpec(String label, Path file, String className, String sha256, Path labelsFile,
      boolean imageHelpers) {
    this(label, file, null, className, sha256, labelsFile, imageHelpers);
  }

  /** How problems of this model are headed: its file as the user named it, else its entry. */
  public String subject() {
    if (displayName != null && !displayName.isBlank()) {
      return displayName;
    }
    return file != null ? file.toString() : describe();
  }

  /** The entry and its class, e.g. {@code <model> #2 with className com.example.X}. */
  String describe() {
    String entry = label == null ? "model" : label;
    return className == null || className.isBlank() ? entry : entry + " with className " + className;
  }

  /** {@code " (<model> #2 with className X)"} to end a message with; "" without a label. */
  String context() {
    return label == null ? "" : " (" + describe() + ")";
  }
}

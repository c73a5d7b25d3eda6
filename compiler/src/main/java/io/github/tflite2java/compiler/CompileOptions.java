package io.github.tflite2java.compiler;

import java.util.Objects;

/**
 * How to compile: settings that change the generated code. Immutable; start from {@link
 * #defaults()} and use the {@code with} methods.
 *
 * @param tfliteVersion the TFLite build whose bytes to reproduce
 */
public record CompileOptions(TfliteVersion tfliteVersion) {

  public CompileOptions {
    Objects.requireNonNull(tfliteVersion, "tfliteVersion");
  }

  /** TFLite 2.9's bytes. */
  public static CompileOptions defaults() {
    return new CompileOptions(TfliteVersion.V2_9);
  }

  public CompileOptions withTfliteVersion(TfliteVersion v) {
    return new CompileOptions(v);
  }

  /** A stable text form, for up-to-date checks and generated headers. */
  public String describe() {
    return "tfliteVersion=" + tfliteVersion.label();
  }
}

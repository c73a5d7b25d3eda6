package io.github.tflite2java.compiler;

import java.util.List;
import java.util.Objects;

/**
 * How to compile: settings that change the generated code. Immutable; start from {@link
 * #defaults()} and use the {@code with} methods.
 *
 * @param tfliteVersion the TFLite build whose bytes to reproduce
 * @param limits what the compiler accepts
 * @param labels class labels, one per output element, for a generated {@code LABELS} and
 *     {@code topK}; empty for none
 * @param imageHelpers whether to generate image input helpers (resize and quantize pixels)
 */
public record CompileOptions(
    TfliteVersion tfliteVersion, CompileLimits limits, List<String> labels,
    boolean imageHelpers) {

  public CompileOptions {
    Objects.requireNonNull(tfliteVersion, "tfliteVersion");
    Objects.requireNonNull(limits, "limits");
    labels = List.copyOf(labels);
  }

  /** TFLite 2.9's bytes, default limits, no labels, no image helpers. */
  public static CompileOptions defaults() {
    return new CompileOptions(TfliteVersion.V2_9, CompileLimits.defaults(), List.of(), false);
  }

  public CompileOptions withTfliteVersion(TfliteVersion v) {
    return new CompileOptions(v, limits, labels, imageHelpers);
  }

  public CompileOptions withLimits(CompileLimits l) {
    return new CompileOptions(tfliteVersion, l, labels, imageHelpers);
  }

  public CompileOptions withLabels(List<String> l) {
    return new CompileOptions(tfliteVersion, limits, l, imageHelpers);
  }

  public CompileOptions withImageHelpers(boolean b) {
    return new CompileOptions(tfliteVersion, limits, labels, b);
  }

  /**
   * A stable text form of the options that change generated code, for up-to-date checks and
   * generated headers. Labels appear as a count and hash.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder("tfliteVersion=").append(tfliteVersion.label());
    if (!labels.isEmpty()) {
      sb.append(", labels=").append(labels.size()).append('#')
          .append(Integer.toHexString(labels.hashCode()));
    }
    if (imageHelpers) {
      sb.append(", imageHelpers");
    }
    return sb.toString();
  }
}

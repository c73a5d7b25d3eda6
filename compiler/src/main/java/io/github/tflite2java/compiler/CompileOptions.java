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
 * @param kernelTuning thresholds that choose between kernel shapes (the generated code's speed,
 *     never its results); {@link KernelTuning#defaults()} outside experiments
 */
public record CompileOptions(
    TfliteVersion tfliteVersion, CompileLimits limits, List<String> labels,
    boolean imageHelpers, KernelTuning kernelTuning) {

  public CompileOptions {
    Objects.requireNonNull(tfliteVersion, "tfliteVersion");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(kernelTuning, "kernelTuning");
    labels = List.copyOf(labels);
  }

  /** TFLite 2.9's bytes, default limits, no labels, no image helpers, default kernel tuning. */
  public static CompileOptions defaults() {
    return new CompileOptions(TfliteVersion.V2_9, CompileLimits.defaults(), List.of(), false,
        KernelTuning.defaults());
  }

  public CompileOptions withTfliteVersion(TfliteVersion v) {
    return new CompileOptions(v, limits, labels, imageHelpers, kernelTuning);
  }

  public CompileOptions withLimits(CompileLimits l) {
    return new CompileOptions(tfliteVersion, l, labels, imageHelpers, kernelTuning);
  }

  public CompileOptions withLabels(List<String> l) {
    return new CompileOptions(tfliteVersion, limits, l, imageHelpers, kernelTuning);
  }

  public CompileOptions withImageHelpers(boolean b) {
    return new CompileOptions(tfliteVersion, limits, labels, b, kernelTuning);
  }

  public CompileOptions withKernelTuning(KernelTuning k) {
    return new CompileOptions(tfliteVersion, limits, labels, imageHelpers, k);
  }

  /**
   * A stable text form of the options that change generated code, for up-to-date checks and
   * generated headers. Labels appear as a count and hash; kernel tuning only when it is not the
   * default (so default builds keep their header).
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
    if (!kernelTuning.isDefault()) {
      sb.append(", ").append(kernelTuning.describe());
    }
    return sb.toString();
  }
}

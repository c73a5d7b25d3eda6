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
 * @param batch 0 to compile every tensor at its stored shape; N &gt; 0 to compile a model with a
 *     dynamic batch (a {@code shape_signature} with -1 in dimension 0) for batch N, as TFLite's
 *     {@code ResizeInputTensor} + {@code AllocateTensors} would
 * @param weights where the generated class keeps its weights ({@link WeightStorage#AUTO} by
 *     default)
 * @param kernels the kernel backend: {@link KernelBackend#SCALAR} (default, Java 8 only) or
 *     {@link KernelBackend#VECTOR} (adds a {@code jdk.incubator.vector} companion class)
 */
public record CompileOptions(
    TfliteVersion tfliteVersion, CompileLimits limits, List<String> labels,
    boolean imageHelpers, KernelTuning kernelTuning, int batch, WeightStorage weights,
    KernelBackend kernels) {

  public CompileOptions {
    Objects.requireNonNull(tfliteVersion, "tfliteVersion");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(kernelTuning, "kernelTuning");
    Objects.requireNonNull(kernels, "kernels");
    labels = List.copyOf(labels);
    if (batch < 0) {
      throw new IllegalArgumentException("batch must be positive (or 0 for the model's own), not "
          + batch);
    }
  }

  /** Options with {@link WeightStorage#AUTO} and the scalar kernels. */
  public CompileOptions(TfliteVersion tfliteVersion, CompileLimits limits, List<String> labels,
      boolean imageHelpers, KernelTuning kernelTuning, int batch) {
    this(tfliteVersion, limits, labels, imageHelpers, kernelTuning, batch, WeightStorage.AUTO,
        KernelBackend.SCALAR);
  }

  /** Options with the scalar kernels. */
  public CompileOptions(TfliteVersion tfliteVersion, CompileLimits limits, List<String> labels,
      boolean imageHelpers, KernelTuning kernelTuning, int batch, WeightStorage weights) {
    this(tfliteVersion, limits, labels, imageHelpers, kernelTuning, batch, weights,
        KernelBackend.SCALAR);
  }

  /** Options with {@link WeightStorage#AUTO}. */
  public CompileOptions(TfliteVersion tfliteVersion, CompileLimits limits, List<String> labels,
      boolean imageHelpers, KernelTuning kernelTuning, int batch, KernelBackend kernels) {
    this(tfliteVersion, limits, labels, imageHelpers, kernelTuning, batch, WeightStorage.AUTO,
        kernels);
  }

  /** Options at the model's stored batch. */
  public CompileOptions(TfliteVersion tfliteVersion, CompileLimits limits, List<String> labels,
      boolean imageHelpers, KernelTuning kernelTuning) {
    this(tfliteVersion, limits, labels, imageHelpers, kernelTuning, 0);
  }

  /** TFLite 2.9's bytes, default limits, no labels, no image helpers, default kernel tuning. */
  public static CompileOptions defaults() {
    return new CompileOptions(TfliteVersion.V2_9, CompileLimits.defaults(), List.of(), false,
        KernelTuning.defaults());
  }

  public CompileOptions withTfliteVersion(TfliteVersion v) {
    return new CompileOptions(v, limits, labels, imageHelpers, kernelTuning, batch, weights,
        kernels);
  }

  public CompileOptions withLimits(CompileLimits l) {
    return new CompileOptions(tfliteVersion, l, labels, imageHelpers, kernelTuning, batch, weights,
        kernels);
  }

  public CompileOptions withLabels(List<String> l) {
    return new CompileOptions(tfliteVersion, limits, l, imageHelpers, kernelTuning, batch, weights,
        kernels);
  }

  public CompileOptions withImageHelpers(boolean b) {
    return new CompileOptions(tfliteVersion, limits, labels, b, kernelTuning, batch, weights,
        kernels);
  }

  public CompileOptions withKernelTuning(KernelTuning k) {
    return new CompileOptions(tfliteVersion, limits, labels, imageHelpers, k, batch, weights,
        kernels);
  }

  /** Compiles a dynamic-batch model for batch {@code n} (0: the stored batch). */
  public CompileOptions withBatch(int n) {
    return new CompileOptions(tfliteVersion, limits, labels, imageHelpers, kernelTuning, n,
        weights, kernels);
  }

  /** Keeps the weights as {@code w} says. */
  public CompileOptions withWeights(WeightStorage w) {
    return new CompileOptions(tfliteVersion, limits, labels, imageHelpers, kernelTuning, batch,
        w, kernels);
  }

  /** With the given kernel backend. */
  public CompileOptions withKernels(KernelBackend k) {
    return new CompileOptions(tfliteVersion, limits, labels, imageHelpers, kernelTuning, batch,
        weights, k);
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
    if (batch > 0) {
      sb.append(", batch=").append(batch);
    }
    if (weights != WeightStorage.AUTO) {
      sb.append(", weights=").append(weights.label());
    }
    if (kernels != KernelBackend.SCALAR) {
      sb.append(", kernels=").append(kernels.label());
    }
    if (!kernelTuning.isDefault()) {
      sb.append(", ").append(kernelTuning.describe());
    }
    return sb.toString();
  }
}

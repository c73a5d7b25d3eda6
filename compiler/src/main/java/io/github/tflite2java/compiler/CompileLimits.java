package io.github.tflite2java.compiler;

/**
 * Upper bounds on what the compiler accepts, so that a hostile or mistaken model fails with a
 * clear message instead of exhausting memory. Each is configurable.
 *
 * @param maxTensorElements elements of the largest tensor
 * @param maxWeightBytes total bytes of constant tensors (weights, biases)
 * @param maxArenaBytes bytes of the activation arena of one instance
 * @param maxSourceBytes characters of generated source
 */
public record CompileLimits(
    long maxTensorElements, long maxWeightBytes, long maxArenaBytes, long maxSourceBytes) {

  /** Generous defaults: 64 M elements per tensor, 256 MiB of weights and of arena, 1 GiB of source. */
  public static CompileLimits defaults() {
    return new CompileLimits(64L << 20, 256L << 20, 256L << 20, 1L << 30);
  }

  public CompileLimits {
    if (maxTensorElements <= 0 || maxWeightBytes <= 0 || maxArenaBytes <= 0
        || maxSourceBytes <= 0) {
      throw new IllegalArgumentException("limits must be positive: " + this);
    }
  }

  /** A stable text form, for up-to-date checks. */
  public String describe() {
    return "maxTensorElements=" + maxTensorElements + ",maxWeightBytes=" + maxWeightBytes
        + ",maxArenaBytes=" + maxArenaBytes + ",maxSourceBytes=" + maxSourceBytes;
  }
}

package io.github.tflite2java.maven;

import io.github.tflite2java.compiler.CompileLimits;

/**
 * The {@code <limits>} of the {@code generate} goal: upper bounds that make a hostile or mistaken
 * model fail with a clear message instead of exhausting the build's memory. Each is optional
 * (unset keeps the default) and takes a whole number with an optional {@code k}, {@code m} or
 * {@code g} suffix (powers of 1024).
 *
 * <pre>{@code
 * <limits>
 *   <maxTensorElements>128m</maxTensorElements>   <!-- default 64m -->
 *   <maxWeightBytes>2g</maxWeightBytes>           <!-- default 1g -->
 *   <maxArenaBytes>512m</maxArenaBytes>           <!-- default 256m -->
 *   <maxSourceBytes>2g</maxSourceBytes>           <!-- default 1g -->
 * </limits>
 * }</pre>
 */
public class Limits {

  /** Elements of the largest tensor (default 64m). */
  private String maxTensorElements;

  /** Total bytes of constant tensors: weights and biases (default 1g). */
  private String maxWeightBytes;

  /** Bytes of the activation arena of one instance of a generated class (default 256m). */
  private String maxArenaBytes;

  /** Characters of one generated source file (default 1g). */
  private String maxSourceBytes;

  /**
   * {@code base} with every limit set here applied.
   *
   * @throws IllegalArgumentException naming the element whose value is not a valid size
   */
  public CompileLimits applyTo(CompileLimits base) {
    CompileLimits l = base;
    l = apply(l, "maxTensorElements", maxTensorElements);
    l = apply(l, "maxWeightBytes", maxWeightBytes);
    l = apply(l, "maxArenaBytes", maxArenaBytes);
    return apply(l, "maxSourceBytes", maxSourceBytes);
  }

  private static CompileLimits apply(CompileLimits l, String name, String value) {
    if (value == null || value.isBlank()) {
      return l;
    }
    try {
      return l.with(name, CompileLimits.parseSize(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("<limits><" + name + ">: " + e.getMessage(), e);
    }
  }

  public void setMaxTensorElements(String v) {
    maxTensorElements = v;
  }

  public void setMaxWeightBytes(String v) {
    maxWeightBytes = v;
  }

  public void setMaxArenaBytes(String v) {
    maxArenaBytes = v;
  }

  public void setMaxSourceBytes(String v) {
    maxSourceBytes = v;
  }

  @Override
  public String toString() {
    return "Limits{maxTensorElements=" + maxTensorElements + ", maxWeightBytes=" + maxWeightBytes
        + ", maxArenaBytes=" + maxArenaBytes + ", maxSourceBytes=" + maxSourceBytes + "}";
  }
}

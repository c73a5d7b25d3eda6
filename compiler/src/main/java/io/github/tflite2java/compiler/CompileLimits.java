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

  /**
   * Generous defaults: 64 M elements per tensor, 1 GiB of weights (generation needs about their
   * size in heap, see the README, "Weights"), 256 MiB of arena, 1 GiB of source.
   */
  public static CompileLimits defaults() {
    return new CompileLimits(64L << 20, 1L << 30, 256L << 20, 1L << 30);
  }

  public CompileLimits {
    if (maxTensorElements <= 0 || maxWeightBytes <= 0 || maxArenaBytes <= 0
        || maxSourceBytes <= 0) {
      throw new IllegalArgumentException("limits must be positive: " + this);
    }
  }

  public CompileLimits withMaxTensorElements(long v) {
    return new CompileLimits(v, maxWeightBytes, maxArenaBytes, maxSourceBytes);
  }

  public CompileLimits withMaxWeightBytes(long v) {
    return new CompileLimits(maxTensorElements, v, maxArenaBytes, maxSourceBytes);
  }

  public CompileLimits withMaxArenaBytes(long v) {
    return new CompileLimits(maxTensorElements, maxWeightBytes, v, maxSourceBytes);
  }

  public CompileLimits withMaxSourceBytes(long v) {
    return new CompileLimits(maxTensorElements, maxWeightBytes, maxArenaBytes, v);
  }

  /**
   * Returns these limits with the one named {@code name} (a component name such as {@code
   * maxTensorElements}) set to {@code value}.
   *
   * @throws IllegalArgumentException for an unknown name or a value that is not positive
   */
  public CompileLimits with(String name, long value) {
    switch (name) {
      case "maxTensorElements":
        return withMaxTensorElements(value);
      case "maxWeightBytes":
        return withMaxWeightBytes(value);
      case "maxArenaBytes":
        return withMaxArenaBytes(value);
      case "maxSourceBytes":
        return withMaxSourceBytes(value);
      default:
        throw new IllegalArgumentException("unknown limit '" + name + "'; limits are "
            + "maxTensorElements, maxWeightBytes, maxArenaBytes, maxSourceBytes");
    }
  }

  /** The command-line option of a limit: {@code maxTensorElements} to {@code max-tensor-elements}. */
  public static String optionName(String limit) {
    return limit.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Parses a limit value: a positive whole number, optionally with a binary suffix {@code k},
   * {@code m} or {@code g} (case-insensitive), e.g. {@code 67108864}, {@code 64m}, {@code 1G}.
   *
   * @throws IllegalArgumentException when the text is not such a number
   */
  public static long parseSize(String text) {
    String t = text == null ? "" : text.trim();
    int shift = 0;
    if (!t.isEmpty()) {
      switch (Character.toLowerCase(t.charAt(t.length() - 1))) {
        case 'k': shift = 10; break;
        case 'm': shift = 20; break;
        case 'g': shift = 30; break;
        default: break;
      }
    }
    String digits = shift == 0 ? t : t.substring(0, t.length() - 1).trim();
    long v;
    try {
      v = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a size; expected a positive"
          + " whole number, optionally with k, m or g, e.g. 64m");
    }
    if (v <= 0 || v > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("'" + text + "' is out of range; expected a positive"
          + " whole number, optionally with k, m or g, e.g. 64m");
    }
    return v << shift;
  }

  /** A stable text form, for up-to-date checks. */
  public String describe() {
    return "maxTensorElements=" + maxTensorElements + ",maxWeightBytes=" + maxWeightBytes
        + ",maxArenaBytes=" + maxArenaBytes + ",maxSourceBytes=" + maxSourceBytes;
  }
}

package io.github.tflite2java.compiler;

import java.util.Locale;

/**
 * Where a generated class keeps its weights.
 *
 * <ul>
 *   <li>{@link #EMBEDDED}: in the class itself, as string constants decoded at class
 *       initialization: one self-contained {@code .java} file, but javac parses every byte as
 *       source text, the class file holds them again, and the constant pool caps the size.
 *   <li>{@link #RESOURCE}: in a binary resource {@code <ClassName>.weights} beside the class (same
 *       package), read once at class initialization: source and class stay small whatever the
 *       weights, and generation streams the weights to the file.
 *   <li>{@link #AUTO} (default): embedded up to {@link #AUTO_EMBEDDED_MAX_BYTES} of weights,
 *       a resource above.
 * </ul>
 */
public enum WeightStorage {
  EMBEDDED, RESOURCE, AUTO;

  /**
   * The most weight bytes {@link #AUTO} embeds: measured class load + initialization time is
   * lower with a resource for anything larger (see the README, "Weights").
   */
  public static final long AUTO_EMBEDDED_MAX_BYTES = 256L << 10;

  /**
   * The most weight bytes {@link #EMBEDDED} accepts: beyond, javac needs gigabytes and the class
   * file's constant pool overflows (at 355-505 MB of weights, depending on their values).
   */
  public static final long EMBEDDED_MAX_BYTES = 64L << 20;

  /** {@link #EMBEDDED} or {@link #RESOURCE}: what this setting means for weights of that size. */
  public WeightStorage resolve(long weightBytes) {
    if (this != AUTO) {
      return this;
    }
    return weightBytes > AUTO_EMBEDDED_MAX_BYTES ? RESOURCE : EMBEDDED;
  }

  /** The name in configuration and on the command line: {@code embedded}, etc. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code embedded}, {@code resource} or {@code auto} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static WeightStorage parse(String text) {
    String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    for (WeightStorage w : values()) {
      if (w.name().equals(t)) {
        return w;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a weight storage; expected"
        + " embedded, resource or auto");
  }
}

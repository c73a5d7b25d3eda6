package io.github.tflite2java.compiler;

import java.util.Locale;

/**
 * Which kernels the generated code runs.
 *
 * <ul>
 *   <li>{@link #SCALAR} (the default): plain Java 8 loops shaped for C2's auto-vectorizer;
 *   <li>{@link #VECTOR}: the same Java 8 model class, plus a companion class {@code
 *       <Name>Vector} written with {@code jdk.incubator.vector} for the layers that have a
 *       vector kernel. The model class loads it at class initialization when the running JVM
 *       has the module ({@code --add-modules jdk.incubator.vector}) and 256-bit int vectors;
 *       otherwise it runs its own scalar kernels. Outputs are the same bytes either way.
 * </ul>
 */
public enum KernelBackend {
  SCALAR,
  VECTOR;

  /** The option's text form: {@code scalar} or {@code vector}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code scalar} or {@code vector} (any case). */
  public static KernelBackend parse(String text) {
    for (KernelBackend k : values()) {
      if (k.label().equalsIgnoreCase(text.trim())) {
        return k;
      }
    }
    throw new IllegalArgumentException("kernels must be scalar or vector, not '" + text + "'");
  }
}

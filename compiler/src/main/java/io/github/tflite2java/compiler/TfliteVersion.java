package io.github.tflite2java.compiler;

import java.util.Locale;

/**
 * The TFLite build whose output bytes generated code reproduces. TFLite's own builds disagree
 * in the last bit of convolution and fully-connected outputs, because their GEMM back ends
 * round exact halves differently; every other operator is the same in both.
 */
public enum TfliteVersion {
  /**
   * TFLite 2.9 on x86-64 with AVX (ruy kernels): the final rounding shift of CONV_2D and
   * FULLY_CONNECTED rounds exact halves toward +infinity. The default.
   */
  V2_9("2.9"),
  /**
   * TFLite 2.6 on x86-64 (no ruy SIMD kernels): uint8 CONV_2D through gemmlowp (halves away
   * from zero), int8 CONV_2D through ruy's reference path with a single rounding.
   */
  V2_6("2.6");

  private final String label;

  TfliteVersion(String label) {
    this.label = label;
  }

  /** "2.9" or "2.6". */
  public String label() {
    return label;
  }

  /**
   * Parses "2.9", "2.9.0", "2.6", "2.6.2" and similar.
   *
   * @throws IllegalArgumentException naming the supported values
   */
  public static TfliteVersion parse(String s) {
    String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    for (TfliteVersion t : values()) {
      if (v.equals(t.label) || v.startsWith(t.label + ".")) {
        return t;
      }
    }
    throw new IllegalArgumentException("unsupported tfliteVersion '" + s
        + "'; supported: 2.9 (default) and 2.6");
  }
}

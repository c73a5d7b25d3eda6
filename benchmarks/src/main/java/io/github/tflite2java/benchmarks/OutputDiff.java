package io.github.tflite2java.benchmarks;

import java.util.Locale;

/** How a runtime's output bytes compare with the golden ones (unsigned 8-bit values). */
final class OutputDiff {

  final int length;
  final int differing;
  final int maxAbsDiff;
  /** First differing index, or -1. */
  final int firstIndex;

  private OutputDiff(int length, int differing, int maxAbsDiff, int firstIndex) {
    this.length = length;
    this.differing = differing;
    this.maxAbsDiff = maxAbsDiff;
    this.firstIndex = firstIndex;
  }

  static OutputDiff of(byte[] expected, byte[] actual) {
    if (expected.length != actual.length) {
      throw new IllegalStateException(
          "output has " + actual.length + " bytes, the golden file " + expected.length);
    }
    int differing = 0;
    int max = 0;
    int first = -1;
    for (int i = 0; i < expected.length; i++) {
      int d = Math.abs((expected[i] & 0xFF) - (actual[i] & 0xFF));
      if (d != 0) {
        differing++;
        max = Math.max(max, d);
        if (first < 0) {
          first = i;
        }
      }
    }
    return new OutputDiff(expected.length, differing, max, first);
  }

  boolean exact() {
    return differing == 0;
  }

  /** "bit-exact" or "differs: 12 of 1001 bytes, max abs diff 1". */
  @Override
  public String toString() {
    return exact()
        ? "bit-exact"
        : String.format(
            Locale.ROOT,
            "differs: %d of %d bytes, max abs diff %d",
            differing,
            length,
            maxAbsDiff);
  }
}

package io.github.tflite2java.compiler.helpers;

/**
 * Weights packed two to an {@code int} at class initialization, as generated classes carry it:
 * the one definition, compiled and unit-tested here, whose source {@link HelperSource} copies
 * into generated classes.
 *
 * <p>A centered 8-bit weight ({@code q - zeroPoint}, -255..255) fits in 16 bits, so two rows of a
 * {@code [rows][cols]} matrix share one {@code int[cols]}: row {@code 2k} in the low half, row
 * {@code 2k + 1} in the high half. A kernel reads them back with {@code w << 16 >> 16} and {@code
 * w >> 16}: plain int shifts on an {@code int[]} read at the loop index, which C2 vectorizes (on
 * JDK 17 and 25, measured; {@code byte[]} and {@code short[]} weights, and four bytes to an int,
 * were not vectorized). Half the memory of one int per weight, and half the bytes streamed by
 * bandwidth-bound layers.
 */
public final class PackedWeights {

  private PackedWeights() {}

  /**
   * 8-bit weights (stored plus shift; int8 if signed, else uint8) minus their zero point, rows of
   * {@code cols} values, packed in pairs of rows: {@code (rows + 1) / 2} arrays of {@code cols}
   * ints. With an odd row count the last array holds the last row alone, as plain ints.
   */
  public static int[][] centeredPairRows(byte[] p, int offset, int rows, int cols, int shift,
      int zeroPoint, boolean signed) {
    final int[][] a = new int[(rows + 1) / 2][];
    for (int k = 0, at = offset; k < a.length; k++, at += 2 * cols) {
      final int[] row = a[k] = new int[cols];
      final boolean pair = 2 * k + 1 < rows;
      for (int i = 0; i < cols; i++) {
        final int lo = p[at + i] - shift;
        final int low = (signed ? (byte) lo : lo & 0xFF) - zeroPoint;
        if (pair) {
          final int hi = p[at + cols + i] - shift;
          final int high = (signed ? (byte) hi : hi & 0xFF) - zeroPoint;
          row[i] = (low & 0xFFFF) | high << 16;
        } else {
          row[i] = low;
        }
      }
    }
    return a;
  }
}

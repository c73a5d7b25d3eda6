package io.github.tflite2java.compiler.helpers;

/**
 * Weights kept at run time as the 8-bit bytes of the model (one byte per weight, the class's
 * {@code byte[]} read straight from its weights resource) and widened by the layer that reads
 * them, once per inference, into one per-instance scratch of {@code int} rows shared by all
 * such layers: as generated classes carry it (the one definition, compiled and unit-tested here,
 * whose source {@link HelperSource} copies into generated classes).
 *
 * <p>Class initialization then does no work per weight, and the heap holds one byte per weight
 * plus the scratch of the largest layer, instead of four bytes per weight. The kernels read the
 * widened rows exactly as they read the {@code int[][]} rows decoded at class initialization
 * before, so their loops (which C2 vectorizes) are unchanged.
 */
public final class RawWeightHelpers {

  private RawWeightHelpers() {}

  /**
   * {@code rows} rows of {@code cols} uint8 weights from {@code w[offset]} on (row-major), minus
   * their zero point, into the first {@code cols} elements of {@code dst[0..rows)}.
   */
  public static void widenUint8Rows(byte[] w, int offset, int[][] dst, int rows, int cols,
      int zeroPoint) {
    for (int r = 0, at = offset; r < rows; r++, at += cols) {
      final int[] row = dst[r];
      for (int c = 0; c < cols; c++) {
        row[c] = (w[at + c] & 0xFF) - zeroPoint;
      }
    }
  }

  /** As {@link #widenUint8Rows} for int8 weights. */
  public static void widenInt8Rows(byte[] w, int offset, int[][] dst, int rows, int cols,
      int zeroPoint) {
    for (int r = 0, at = offset; r < rows; r++, at += cols) {
      final int[] row = dst[r];
      for (int c = 0; c < cols; c++) {
        row[c] = w[at + c] - zeroPoint;
      }
    }
  }

  /**
   * {@code rows} rows of {@code cols} 8-bit weights (int8 if {@code signed}, else uint8) from
   * {@code w[offset]} on, minus their zero point, each repeated {@code times} times end to end:
   * the first {@code cols * times} elements of {@code dst[0..rows)}.
   */
  public static void widenRepeatedRows(byte[] w, int offset, int[][] dst, int rows, int cols,
      int times, int zeroPoint, boolean signed) {
    final int length = cols * times;
    for (int r = 0, at = offset; r < rows; r++, at += cols) {
      final int[] row = dst[r];
      if (signed) {
        for (int c = 0; c < cols; c++) {
          row[c] = w[at + c] - zeroPoint;
        }
      } else {
        for (int c = 0; c < cols; c++) {
          row[c] = (w[at + c] & 0xFF) - zeroPoint;
        }
      }
      for (int done = cols; done < length; ) {
        final int n = Math.min(done, length - done);
        System.arraycopy(row, 0, row, done, n);
        done += n;
      }
    }
  }

  /**
   * {@code rows} rows of {@code cols} 8-bit weights from {@code w[offset]} on, minus their zero
   * point, packed two rows to an int into the first {@code cols} elements of {@code
   * dst[0..(rows + 1) / 2)}: row {@code 2k} in the low 16 bits of {@code dst[k][c]}, row {@code
   * 2k + 1} in the high 16 bits; with an odd row count the last holds the last row as plain ints
   * (the layout of {@code PackedWeights.centeredPairRows}).
   */
  public static void widenPairRows(byte[] w, int offset, int[][] dst, int rows, int cols,
      int zeroPoint, boolean signed) {
    final int pairs = rows / 2;
    for (int k = 0, at = offset; k < pairs; k++, at += 2 * cols) {
      final int[] row = dst[k];
      final int high = at + cols;
      if (signed) {
        for (int c = 0; c < cols; c++) {
          row[c] = (w[at + c] - zeroPoint & 0xFFFF) | (w[high + c] - zeroPoint) << 16;
        }
      } else {
        for (int c = 0; c < cols; c++) {
          row[c] = ((w[at + c] & 0xFF) - zeroPoint & 0xFFFF)
              | ((w[high + c] & 0xFF) - zeroPoint) << 16;
        }
      }
    }
    if (rows % 2 == 1) {
      final int[] row = dst[pairs];
      final int at = offset + (rows - 1) * cols;
      for (int c = 0; c < cols; c++) {
        row[c] = (signed ? w[at + c] : w[at + c] & 0xFF) - zeroPoint;
      }
    }
  }

  /**
   * One block of a layer's weights for a weight-stationary kernel: {@code rows} rows of {@code
   * valid} 8-bit weights, rows {@code stride} apart from {@code w[offset]} on (int8 if {@code
   * signed}, else uint8), minus their zero point, into the first {@code valid} elements of
   * {@code dst[0..rows)}; elements {@code [valid, cols)} of those rows are set to 0.
   */
  public static void widenBlock(byte[] w, int offset, int stride, int[][] dst, int rows,
      int cols, int valid, int zeroPoint, boolean signed) {
    for (int r = 0, at = offset; r < rows; r++, at += stride) {
      final int[] row = dst[r];
      if (signed) {
        for (int c = 0; c < valid; c++) {
          row[c] = w[at + c] - zeroPoint;
        }
      } else {
        for (int c = 0; c < valid; c++) {
          row[c] = (w[at + c] & 0xFF) - zeroPoint;
        }
      }
      for (int c = valid; c < cols; c++) {
        row[c] = 0;
      }
    }
  }

  /**
   * The scratch rows for layers of {@code rows[k]} rows of {@code cols[k]} ints: row {@code i}
   * is as long as the longest row of the layers that have more than {@code i} rows (a staircase,
   * not the bounding rectangle: a tall narrow layer and a short wide one do not multiply).
   */
  public static int[][] widenedRowsScratch(int[] rows, int[] cols) {
    int height = 0;
    for (int k = 0; k < rows.length; k++) {
      height = Math.max(height, rows[k]);
    }
    final int[][] a = new int[height][];
    for (int i = 0; i < height; i++) {
      int width = 0;
      for (int k = 0; k < rows.length; k++) {
        if (rows[k] > i) {
          width = Math.max(width, cols[k]);
        }
      }
      a[i] = new int[width];
    }
    return a;
  }

  /**
   * Copies {@code length} bytes of the weights blob {@code p} from {@code from} to {@code
   * w[to]}, minus {@code shift} (the shift that kept the string constants printable; 0 for a
   * weights resource). With {@code p == w} and {@code from == to} it removes the shift in place.
   */
  public static void rawWeights(byte[] p, int from, byte[] w, int to, int length, int shift) {
    if (shift == 0) {
      if (p != w || from != to) {
        System.arraycopy(p, from, w, to, length);
      }
      return;
    }
    for (int i = 0; i < length; i++) {
      w[to + i] = (byte) (p[from + i] - shift);
    }
  }
}

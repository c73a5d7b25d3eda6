package io.github.tflite2java.compiler.helpers;

/**
 * Decoding of the weights blob at class initialization, as generated classes carry it: the one
 * definition, compiled and unit-tested here, whose source {@link HelperSource} copies into
 * generated classes. The blob holds each byte plus a per-array shift (so that the string
 * constants it is stored in stay printable).
 */
public final class WeightDecoding {

  private WeightDecoding() {}

  /**
   * Copies a string constant into the weights, one byte per char; returns the next position.
   */
  @SuppressWarnings("deprecation")
  public static int append(byte[] p, int at, String piece) {
    // String.getBytes(int, int, byte[], int): exactly the low byte of each char, no copy of the
    // string; deprecated only because it ignores charsets, which is what is wanted here.
    piece.getBytes(0, piece.length(), p, at);
    return at + piece.length();
  }

  /** uint8 weights (stored plus shift) widened to int, minus their zero point. */
  public static int[] centeredUint8(byte[] p, int offset, int length, int shift, int zeroPoint) {
    final int[] a = new int[length];
    for (int i = 0; i < length; i++) {
      a[i] = ((p[offset + i] - shift) & 0xFF) - zeroPoint;
    }
    return a;
  }

  /** int8 weights (stored plus shift) widened to int, minus their zero point. */
  public static int[] centeredInt8(byte[] p, int offset, int length, int shift, int zeroPoint) {
    final int[] a = new int[length];
    for (int i = 0; i < length; i++) {
      a[i] = (byte) (p[offset + i] - shift) - zeroPoint;
    }
    return a;
  }

  /**
   * 8-bit weights (stored plus shift; int8 if signed, else uint8) minus their zero point, as
   * rows of cols values, each row repeated end to end times times.
   */
  public static int[][] centeredRows(byte[] p, int offset, int rows, int cols, int times,
      int shift, int zeroPoint, boolean signed) {
    final int[][] a = new int[rows][];
    for (int r = 0, at = offset; r < rows; r++, at += cols) {
      final int[] row = a[r] = new int[cols * times];
      for (int i = 0; i < cols; i++) {
        final int q = p[at + i] - shift;
        row[i] = (signed ? (byte) q : q & 0xFF) - zeroPoint;
      }
      for (int i = 1; i < times; i++) {
        System.arraycopy(row, 0, row, i * cols, cols);
      }
    }
    return a;
  }

  /** The values repeated end to end. */
  public static int[] repeat(int[] values, int times) {
    final int[] a = new int[values.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(values, 0, a, i * values.length, values.length);
    }
    return a;
  }

  /** Little-endian int32 values (each byte stored plus shift). */
  public static int[] int32s(byte[] p, int offset, int length, int shift) {
    final int[] a = new int[length];
    for (int i = 0, j = offset; i < length; i++, j += 4) {
      a[i] = (p[j] - shift & 0xFF) | (p[j + 1] - shift & 0xFF) << 8
          | (p[j + 2] - shift & 0xFF) << 16 | (p[j + 3] - shift) << 24;
    }
    return a;
  }

  /** Little-endian float32 values (each byte stored plus shift), bit for bit. */
  public static float[] float32s(byte[] p, int offset, int length, int shift) {
    final int[] bits = int32s(p, offset, length, shift);
    final float[] a = new float[length];
    for (int i = 0; i < length; i++) {
      a[i] = Float.intBitsToFloat(bits[i]);
    }
    return a;
  }
}

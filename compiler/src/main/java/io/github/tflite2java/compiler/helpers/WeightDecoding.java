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

  /**
   * Reads the weights resource {@code name} beside {@code owner} (its package) fully, checking
   * its length and CRC-32, so that a missing, truncated or stale resource fails class
   * initialization with a message saying what is wrong and how the file is produced.
   */
  public static byte[] readWeights(Class<?> owner, String name, int length, long crc32) {
    final String pkg = owner.getName().lastIndexOf('.') < 0 ? ""
        : owner.getName().substring(0, owner.getName().lastIndexOf('.') + 1).replace('.', '/');
    final String where = "the weights of " + owner.getName() + ", the class-path resource "
        + pkg + name + " (" + length + " bytes)";
    final String how = "; tflite2java writes it beside the generated source (Maven plugin:"
        + " target/generated-resources/tflite2java, added to the build's resources; command"
        + " line: --resources-out DIR, by default the --out directory) and it must be packaged"
        + " with the class; regenerate both from the same model";
    final byte[] p = new byte[length];
    int at = 0;
    try (java.io.InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(where + ", is not on the class path" + how);
      }
      while (at < length) {
        final int n = in.read(p, at, length - at);
        if (n < 0) {
          break;
        }
        at += n;
      }
      if (at != length || in.read() >= 0) {
        throw new IllegalStateException(where + ", has " + (at != length ? "only " + at
            : "more than " + length) + " bytes: it is not the resource of this class" + how);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(where + ", cannot be read: " + e, e);
    }
    final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(p, 0, length);
    if (crc.getValue() != crc32) {
      throw new IllegalStateException(where + ", has other content (CRC-32 "
          + Long.toHexString(crc.getValue()) + ", expected " + Long.toHexString(crc32)
          + "): it is not the resource of this class" + how);
    }
    return p;
  }

  /** uint8 weights (stored plus shift) widened to int, minus their zero point. */
  public static int[] centeredUint8(byte[] p, int offset, int length, int shift, int zeroPoint) {
    final int[] a = new int[length];
    for (int i = 0; i < length; i++) {
      a[i] = ((p[offset + i] - shift) & 0xFF) - zeroPoint;
    }
    return a;
  }

  /**
   * 8-bit weights (stored plus shift) minus their zero point, as floats (exact: every value is
   * an integer of at most 255 in magnitude); for the vector kernels' exact float accumulation.
   */
  public static float[] centeredFloats(byte[] p, int offset, int length, int shift,
      int zeroPoint, boolean signed) {
    final float[] a = new float[length];
    for (int i = 0; i < length; i++) {
      final int b = p[offset + i] - shift;
      a[i] = (signed ? (byte) b : b & 0xFF) - zeroPoint;
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

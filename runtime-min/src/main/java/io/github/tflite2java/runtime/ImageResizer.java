package io.github.tflite2java.runtime;

/**
 * Resizes an RGB image to a model's input size the way ImageMagick 6 (Q16) does for {@code convert
 * in -resize WxH! -depth 8 rgb:out}, returning NHWC {@code uint8} bytes.
 *
 * <p>The image is treated as opaque RGB; by default as a non-palette ("DirectClass") image, which
 * is how ImageMagick reads 24-bit BMP, colour JPEG and opaque truecolor PNG files (an overload
 * covers palette images). ImageMagick 6.9.11's steps for that case are reproduced exactly, and its
 * output is matched byte for byte (checked on the shared BMP and JPEG photos, shrinking and
 * enlarging, including the shared golden model inputs):
 *
 * <ul>
 *   <li>filter: Lanczos (3-lobe {@code SincFast}-windowed {@code SincFast}, support 3) when the
 *       area shrinks or stays the same ({@code xFactor * yFactor <= 1}), Mitchell (cubic B = C =
 *       1/3, support 2) when it grows or the image is a palette image; no filtering at all when the
 *       size is unchanged;
 *   <li>support widened by the shrink factor, {@code MagickEpsilon = 1e-12} offsets, weights
 *       normalised per output pixel, all in {@code double};
 *   <li>two separable passes, horizontal first if {@code xFactor > yFactor}, else vertical first,
 *       with the intermediate image rounded and clamped to 16-bit quanta ({@code ClampToQuantum});
 *   <li>8-bit input scaled by 257 and 16-bit results truncated back to 8 bits as {@code -depth 8}
 *       does ({@code floor(q / 257)}); values are the stored (non-linear sRGB) values, no
 *       colorspace conversion.
 * </ul>
 *
 * <p>Dependency-free and AWT-free: pixels come in as packed {@code 0xAARRGGBB} ints or as
 * interleaved RGB bytes. Alpha is ignored; for translucent images ImageMagick would also weight
 * colours by alpha (and use Mitchell), so results there are close but not identical.
 */
public final strictfp class ImageResizer {

  /** ImageMagick 6's {@code MagickEpsilon}. */
  private static final double EPSILON = 1.0e-12;

  /** Q16 {@code QuantumRange}. */
  private static final int QUANTUM_RANGE = 65535;

  private static final double LANCZOS_SUPPORT = 3.0;

  /** Lanczos window scale: the window's first zero (1.0) divided by the window support (3.0). */
  private static final double LANCZOS_WINDOW_SCALE = 1.0 / 3.0;

  private static final double MITCHELL_SUPPORT = 2.0;
  private static final double[] MITCHELL = cubicCoefficients(1.0 / 3.0, 1.0 / 3.0);

  private ImageResizer() {}

  /**
   * Resizes packed {@code 0xAARRGGBB} pixels (row-major, alpha ignored) and returns {@code outWidth
   * * outHeight * 3} bytes R, G, B, row-major (an NHWC {@code uint8} tensor).
   */
  public static byte[] resizeArgb(int[] argb, int width, int height, int outWidth, int outHeight) {
    return resizeArgb(argb, width, height, outWidth, outHeight, false);
  }

  /**
   * Like {@link #resizeArgb(int[], int, int, int, int)}, for an image that ImageMagick would hold
   * as a palette ("PseudoClass") image when {@code palette} is true: then ImageMagick always uses
   * the Mitchell filter, also when shrinking. ImageMagick 6 reads GIF, palette PNG and BMP, and
   * 8-bit grey PNG and JPEG files that way.
   */
  public static byte[] resizeArgb(
      int[] argb, int width, int height, int outWidth, int outHeight, boolean palette) {
    checkSizes(width, height, outWidth, outHeight);
    if (argb.length < width * height) {
      throw new IllegalArgumentException(
          "argb has " + argb.length + " pixels, expected " + width * height);
    }
    int[] quanta = new int[width * height * 3];
    for (int i = 0, n = width * height; i < n; i++) {
      int p = argb[i];
      quanta[3 * i] = ((p >>> 16) & 0xFF) * 257;
      quanta[3 * i + 1] = ((p >>> 8) & 0xFF) * 257;
      quanta[3 * i + 2] = (p & 0xFF) * 257;
    }
    return resizeQuanta(quanta, width, height, outWidth, outHeight, palette);
  }

  /**
   * Resizes interleaved RGB bytes ({@code width * height * 3}, row-major) and returns {@code
   * outWidth * outHeight * 3} bytes in the same layout.
   */
  public static byte[] resizeRgb(byte[] rgb, int width, int height, int outWidth, int outHeight) {
    checkSizes(width, height, outWidth, outHeight);
    if (rgb.length < width * height * 3) {
      throw new IllegalArgumentException(
          "rgb has " + rgb.length + " bytes, expected " + width * height * 3);
    }
    int[] quanta = new int[width * height * 3];
    for (int i = 0; i < quanta.length; i++) {
      quanta[i] = (rgb[i] & 0xFF) * 257;
    }
    return resizeQuanta(quanta, width, height, outWidth, outHeight, false);
  }

  private static void checkSizes(int width, int height, int outWidth, int outHeight) {
    if (width <= 0 || height <= 0 || outWidth <= 0 || outHeight <= 0) {
      throw new IllegalArgumentException(
          "sizes must be positive: " + width + "x" + height + " -> " + outWidth + "x" + outHeight);
    }
    if ((long) width * height * 3 > Integer.MAX_VALUE
        || (long) outWidth * outHeight * 3 > Integer.MAX_VALUE
        || (long) outWidth * height * 3 > Integer.MAX_VALUE
        || (long) width * outHeight * 3 > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("image too large");
    }
  }

  private static byte[] resizeQuanta(
      int[] src, int width, int height, int outWidth, int outHeight, boolean palette) {
    int[] result;
    if (outWidth == width && outHeight == height) {
      result = src; // ResizeImage() returns a plain clone
    } else {
      double xFactor = (double) outWidth / (double) width;
      double yFactor = (double) outHeight / (double) height;
      boolean lanczos = !palette && xFactor * yFactor <= 1.0;
      if (xFactor > yFactor) {
        int[] tmp = horizontal(src, width, height, outWidth, xFactor, lanczos);
        result = vertical(tmp, outWidth, height, outHeight, yFactor, lanczos);
      } else {
        int[] tmp = vertical(src, width, height, outHeight, yFactor, lanczos);
        result = horizontal(tmp, width, outHeight, outWidth, xFactor, lanczos);
      }
    }
    byte[] out = new byte[outWidth * outHeight * 3];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) depth8(result[i]);
    }
    return out;
  }

  /**
   * Resizes rows from {@code width} to {@code outWidth} columns (ImageMagick's HorizontalFilter).
   */
  private static int[] horizontal(
      int[] src, int width, int height, int outWidth, double factor, boolean lanczos) {
    int[] dst = new int[outWidth * height * 3];
    Contributions c = new Contributions(width, factor, lanczos);
    for (int x = 0; x < outWidth; x++) {
      int n = c.compute(x);
      int start = c.start;
      double[] w = c.weights;
      for (int y = 0; y < height; y++) {
        int row = y * width;
        double r = 0;
        double g = 0;
        double b = 0;
        for (int i = 0; i < n; i++) {
          int p = (row + start + i) * 3;
          r += w[i] * src[p];
          g += w[i] * src[p + 1];
          b += w[i] * src[p + 2];
        }
        int q = (y * outWidth + x) * 3;
        dst[q] = clampToQuantum(r);
        dst[q + 1] = clampToQuantum(g);
        dst[q + 2] = clampToQuantum(b);
      }
    }
    return dst;
  }

  /**
   * Resizes columns from {@code height} to {@code outHeight} rows (ImageMagick's VerticalFilter).
   */
  private static int[] vertical(
      int[] src, int width, int height, int outHeight, double factor, boolean lanczos) {
    int[] dst = new int[width * outHeight * 3];
    Contributions c = new Contributions(height, factor, lanczos);
    for (int y = 0; y < outHeight; y++) {
      int n = c.compute(y);
      int start = c.start;
      double[] w = c.weights;
      for (int x = 0; x < width; x++) {
        double r = 0;
        double g = 0;
        double b = 0;
        for (int i = 0; i < n; i++) {
          int p = ((start + i) * width + x) * 3;
          r += w[i] * src[p];
          g += w[i] * src[p + 1];
          b += w[i] * src[p + 2];
        }
        int q = (y * width + x) * 3;
        dst[q] = clampToQuantum(r);
        dst[q + 1] = clampToQuantum(g);
        dst[q + 2] = clampToQuantum(b);
      }
    }
    return dst;
  }

  /** The normalised filter weights of one output column or row, as ImageMagick computes them. */
  private static final class Contributions {
    private final int size;
    private final double factor;
    private final boolean lanczos;
    private final double support;
    private final double scale;
    final double[] weights;
    int start;

    Contributions(int size, double factor, boolean lanczos) {
      this.size = size;
      this.factor = factor;
      this.lanczos = lanczos;
      double s = Math.max(1.0 / factor + EPSILON, 1.0);
      this.support = s * (lanczos ? LANCZOS_SUPPORT : MITCHELL_SUPPORT); // blur is 1.0, >= 2
      this.scale = reciprocal(s);
      this.weights = new double[(int) (2.0 * support + 3.0)];
    }

    /** Fills {@link #weights} and {@link #start} for output index {@code i}; returns the count. */
    int compute(int i) {
      double bisect = (i + 0.5) / factor + EPSILON;
      int first = (int) Math.max(bisect - support + 0.5, 0.0);
      int stop = (int) Math.min(bisect + support + 0.5, (double) size);
      int n = stop - first;
      double density = 0.0;
      for (int k = 0; k < n; k++) {
        double w = weight(scale * ((double) (first + k) - bisect + 0.5));
        weights[k] = w;
        density += w;
      }
      if (density != 0.0 && density != 1.0) {
        density = reciprocal(density);
        for (int k = 0; k < n; k++) {
          weights[k] *= density;
        }
      }
      start = first;
      return Math.max(n, 0);
    }

    private double weight(double x) {
      double xBlur = Math.abs(x); // blur is 1.0
      if (lanczos) {
        return sincFast(xBlur * LANCZOS_WINDOW_SCALE) * sincFast(xBlur);
      }
      return cubicBc(xBlur, MITCHELL); // Box window: scale 1.0
    }
  }

  /**
   * ImageMagick's {@code SincFast} for Q16: a minimax polynomial for sin(pi x)/(pi x) on [-4,4].
   */
  static double sincFast(double x) {
    if (x > 4.0) {
      double alpha = Math.PI * x;
      return StrictMath.sin(alpha) / alpha;
    }
    double xx = x * x;
    final double c0 = 0.173611107357320220183368594093166520811e-2;
    final double c1 = -0.384240921114946632192116762889211361285e-3;
    final double c2 = 0.394201182359318128221229891724947048771e-4;
    final double c3 = -0.250963301609117217660068889165550534856e-5;
    final double c4 = 0.111902032818095784414237782071368805120e-6;
    final double c5 = -0.372895101408779549368465614321137048875e-8;
    final double c6 = 0.957694196677572570319816780188718518330e-10;
    final double c7 = -0.187208577776590710853865174371617338991e-11;
    final double c8 = 0.253524321426864752676094495396308636823e-13;
    final double c9 = -0.177084805010701112639035485248501049364e-15;
    double p =
        c0
            + xx
                * (c1
                    + xx
                        * (c2
                            + xx
                                * (c3
                                    + xx
                                        * (c4
                                            + xx
                                                * (c5
                                                    + xx
                                                        * (c6
                                                            + xx * (c7 + xx * (c8 + xx * c9))))))));
    return (xx - 1.0) * (xx - 4.0) * (xx - 9.0) * (xx - 16.0) * p;
  }

  /** ImageMagick's {@code CubicBC} with precomputed coefficients. */
  static double cubicBc(double x, double[] c) {
    if (x < 1.0) {
      return c[0] + x * (x * (c[1] + x * c[2]));
    }
    if (x < 2.0) {
      return c[3] + x * (c[4] + x * (c[5] + x * c[6]));
    }
    return 0.0;
  }

  private static double[] cubicCoefficients(double b, double c) {
    double twoB = b + b;
    return new double[] {
      1.0 - (1.0 / 3.0) * b,
      -3.0 + twoB + c,
      2.0 - 1.5 * b - c,
      (4.0 / 3.0) * b + 4.0 * c,
      -8.0 * c - twoB,
      b + 5.0 * c,
      (-1.0 / 6.0) * b - c
    };
  }

  /** ImageMagick's {@code PerceptibleReciprocal}. */
  private static double reciprocal(double x) {
    double sign = x < 0.0 ? -1.0 : 1.0;
    if (sign * x >= EPSILON) {
      return 1.0 / x;
    }
    return sign / EPSILON;
  }

  /** ImageMagick's non-HDRI Q16 {@code ClampToQuantum}: round half up, clamp to [0, 65535]. */
  private static int clampToQuantum(double value) {
    if (!(value > 0.0)) { // also NaN
      return 0;
    }
    if (value >= QUANTUM_RANGE) {
      return QUANTUM_RANGE;
    }
    return (int) (value + 0.5);
  }

  /**
   * The 8-bit value of a Q16 quantum after {@code -depth 8}: ImageMagick 6's {@code SetImageDepth}
   * maps each quantum through {@code ScaleQuantumToAny(q, 255) = (QuantumAny) (255.0 * q / 65535)}
   * (truncating, not rounding) and back, so the exported byte is {@code floor(q / 257)}. (Without
   * {@code -depth 8} ImageMagick would round instead, via {@code ScaleQuantumToChar}.)
   */
  static int depth8(int quantum) {
    return quantum / 257;
  }
}

package io.github.tflite2java.compiler.results;

/**
 * The class map of a segmentation model, from its own {@code ARG_MAX} over classes ({@code [1,
 * height, width]}, int32 or int64) or from its per-class scores ({@code [1, height, width,
 * classes]}, uint8 or int8), and the PASCAL VOC colour palette to show it.
 *
 * <p>The model's input is the whole image stretched to the input size (the generated image
 * helpers, ImageMagick's {@code -resize WxH!}), and the class map has the input's size, so
 * {@link #scale} maps it back onto the original image by nearest neighbour at pixel centres.
 */
public final class Segmentation {

  private Segmentation() {}

  /** The class map of an int64 {@code ARG_MAX} output, row-major, one class per pixel. */
  public static int[] classMap(long[] output) {
    if (output == null) {
      throw new NullPointerException("output is null");
    }
    int[] map = new int[output.length];
    for (int i = 0; i < map.length; i++) {
      long c = output[i];
      if (c < 0 || c > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("class " + c + " at pixel " + i);
      }
      map[i] = (int) c;
    }
    return map;
  }

  /** The class map of an int32 {@code ARG_MAX} output (a copy). */
  public static int[] classMap(int[] output) {
    if (output == null) {
      throw new NullPointerException("output is null");
    }
    return output.clone();
  }

  /**
   * The class map of per-pixel class scores ({@code classes} quantized scores per pixel, pixels
   * row-major): the class with the highest score, the lowest such class on ties, as TFLite's
   * {@code ARG_MAX} picks it. Only the order of scores matters, so no dequantization is needed.
   *
   * @param signed whether the scores are int8 (otherwise uint8)
   */
  public static int[] argMax(byte[] scores, int classes, boolean signed) {
    if (scores == null) {
      throw new NullPointerException("scores is null");
    }
    if (classes <= 0 || scores.length % classes != 0) {
      throw new IllegalArgumentException(scores.length + " scores are not a whole number of "
          + classes + " per pixel");
    }
    int[] map = new int[scores.length / classes];
    for (int p = 0, i = 0; p < map.length; p++) {
      int best = 0;
      int bestValue = signed ? scores[i] : scores[i] & 0xFF;
      for (int c = 1; c < classes; c++) {
        int v = signed ? scores[i + c] : scores[i + c] & 0xFF;
        if (v > bestValue) {
          best = c;
          bestValue = v;
        }
      }
      map[p] = best;
      i += classes;
    }
    return map;
  }

  /**
   * {@code map} ({@code mapWidth x mapHeight}, row-major) resized to {@code imageWidth x
   * imageHeight} by nearest neighbour: image pixel {@code (x, y)} takes the map pixel under its
   * centre, {@code ((2x + 1) * mapWidth / (2 * imageWidth), ...)} rounded down.
   */
  public static int[] scale(int[] map, int mapWidth, int mapHeight, int imageWidth,
      int imageHeight) {
    if (map == null) {
      throw new NullPointerException("map is null");
    }
    if (mapWidth <= 0 || mapHeight <= 0 || (long) mapWidth * mapHeight != map.length) {
      throw new IllegalArgumentException("map has " + map.length + " pixels, not " + mapWidth
          + "x" + mapHeight);
    }
    if (imageWidth <= 0 || imageHeight <= 0) {
      throw new IllegalArgumentException("image size must be positive, not " + imageWidth + "x"
          + imageHeight);
    }
    int[] columns = new int[imageWidth];
    for (int x = 0; x < imageWidth; x++) {
      columns[x] = (int) ((2L * x + 1) * mapWidth / (2L * imageWidth));
    }
    int[] out = new int[imageWidth * imageHeight];
    for (int y = 0; y < imageHeight; y++) {
      int row = (int) ((2L * y + 1) * mapHeight / (2L * imageHeight)) * mapWidth;
      for (int x = 0; x < imageWidth; x++) {
        out[y * imageWidth + x] = map[row + columns[x]];
      }
    }
    return out;
  }

  /** Pixels per class: {@code counts[c]} pixels of {@code map} are class {@code c}. */
  public static int[] counts(int[] map, int classes) {
    int[] counts = new int[classes];
    for (int c : map) {
      if (c >= 0 && c < classes) {
        counts[c]++;
      }
    }
    return counts;
  }

  /**
   * The PASCAL VOC palette colour of a class as {@code 0xRRGGBB}: the bits of the class index
   * spread over the three channels from the high bit down (0 black, 1 {@code 0x800000}, 2 {@code
   * 0x008000}, 15 person {@code 0xC08080}), as the VOC development kit's {@code labelcolormap}.
   */
  public static int vocColor(int classIndex) {
    if (classIndex < 0) {
      throw new IllegalArgumentException("class must not be negative: " + classIndex);
    }
    int r = 0;
    int g = 0;
    int b = 0;
    int c = classIndex;
    for (int j = 0; j < 8; j++) {
      r |= (c & 1) << (7 - j);
      g |= ((c >> 1) & 1) << (7 - j);
      b |= ((c >> 2) & 1) << (7 - j);
      c >>= 3;
    }
    return r << 16 | g << 8 | b;
  }
}

package io.github.tflite2java.compiler.results;

/**
 * One object found by a detector that ends in TFLite's {@code TFLite_Detection_PostProcess}
 * (SSD): class, label, score and box in pixels of the original image. Immutable.
 *
 * <p>The box comes from the post-processing's normalized {@code [ymin, xmin, ymax, xmax]},
 * relative to the model's input. The generated image helpers fill that input by stretching the
 * whole image to it (ImageMagick's {@code -resize WxH!}, no letterbox, no crop), so a normalized
 * coordinate times the original image's width or height is a pixel coordinate of the original
 * image; coordinates are clamped to the image.
 */
public final class Detection {

  private final int classIndex;
  private final String label;
  private final float score;
  private final float left;
  private final float top;
  private final float right;
  private final float bottom;

  /** A detection; {@code left <= right} and {@code top <= bottom} in image pixels. */
  public Detection(int classIndex, String label, float score, float left, float top, float right,
      float bottom) {
    if (label == null) {
      throw new NullPointerException("label is null");
    }
    this.classIndex = classIndex;
    this.label = label;
    this.score = score;
    this.left = left;
    this.top = top;
    this.right = right;
    this.bottom = bottom;
  }

  /**
   * The detections of one inference, in the post-processing's order (best score first), those
   * scoring below {@code minScore} left out.
   *
   * @param boxes output 0, {@code [1, n, 4]}: {@code ymin, xmin, ymax, xmax} per row, normalized
   * @param classes output 1, {@code [1, n]}: class indices (without the background class)
   * @param scores output 2, {@code [1, n]}
   * @param count output 3, {@code [1]}: how many rows are valid
   * @param labels class names by class index, or null; an index without a name is labelled
   *     {@code "class N"}
   * @param imageWidth width of the original image in pixels
   * @param imageHeight height of the original image in pixels
   * @param minScore the lowest score kept
   * @return an immutable list
   */
  public static java.util.List<Detection> decode(float[] boxes, float[] classes, float[] scores,
      float[] count, java.util.List<String> labels, int imageWidth, int imageHeight,
      float minScore) {
    if (boxes == null || classes == null || scores == null || count == null) {
      throw new NullPointerException("an output array is null");
    }
    if (imageWidth <= 0 || imageHeight <= 0) {
      throw new IllegalArgumentException("image size must be positive, not " + imageWidth + "x"
          + imageHeight);
    }
    int rows = Math.min(scores.length, classes.length);
    rows = Math.min(rows, boxes.length / 4);
    if (count.length < 1) {
      throw new IllegalArgumentException("count has no element");
    }
    // TFLite writes the number of valid rows as a float.
    float valid = count[0];
    int n = valid > 0 ? (int) Math.min(valid, (float) rows) : 0;
    java.util.List<Detection> out = new java.util.ArrayList<Detection>(n);
    for (int i = 0; i < n; i++) {
      float score = scores[i];
      if (!(score >= minScore)) {
        continue;
      }
      int cls = (int) classes[i];
      String label = labels != null && cls >= 0 && cls < labels.size() ? labels.get(cls)
          : "class " + cls;
      float top = clamp(boxes[4 * i] * imageHeight, imageHeight);
      float left = clamp(boxes[4 * i + 1] * imageWidth, imageWidth);
      float bottom = clamp(boxes[4 * i + 2] * imageHeight, imageHeight);
      float right = clamp(boxes[4 * i + 3] * imageWidth, imageWidth);
      out.add(new Detection(cls, label, score, Math.min(left, right), Math.min(top, bottom),
          Math.max(left, right), Math.max(top, bottom)));
    }
    return java.util.Collections.unmodifiableList(out);
  }

  private static float clamp(float v, int max) {
    return v < 0f ? 0f : v > max ? (float) max : v;
  }

  /** The class index, as the model's classes output gives it (0 = the first label). */
  public int classIndex() {
    return classIndex;
  }

  /** The class's label, or {@code "class N"} without one. */
  public String label() {
    return label;
  }

  /** The score, 0 to 1. */
  public float score() {
    return score;
  }

  /** The box's left edge, in pixels of the original image. */
  public float left() {
    return left;
  }

  /** The box's top edge, in pixels of the original image. */
  public float top() {
    return top;
  }

  /** The box's right edge, in pixels of the original image. */
  public float right() {
    return right;
  }

  /** The box's bottom edge, in pixels of the original image. */
  public float bottom() {
    return bottom;
  }

  /** Formats as {@code person 0.789 box 12.3,45.6 - 400.0,600.0}. */
  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%s %.3f box %.1f,%.1f - %.1f,%.1f", label, score,
        left, top, right, bottom);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Detection)) {
      return false;
    }
    Detection d = (Detection) o;
    return classIndex == d.classIndex && label.equals(d.label)
        && Float.floatToIntBits(score) == Float.floatToIntBits(d.score)
        && Float.floatToIntBits(left) == Float.floatToIntBits(d.left)
        && Float.floatToIntBits(top) == Float.floatToIntBits(d.top)
        && Float.floatToIntBits(right) == Float.floatToIntBits(d.right)
        && Float.floatToIntBits(bottom) == Float.floatToIntBits(d.bottom);
  }

  @Override
  public int hashCode() {
    int h = classIndex * 31 + label.hashCode();
    h = h * 31 + Float.floatToIntBits(score);
    h = h * 31 + Float.floatToIntBits(left);
    h = h * 31 + Float.floatToIntBits(top);
    h = h * 31 + Float.floatToIntBits(right);
    return h * 31 + Float.floatToIntBits(bottom);
  }
}

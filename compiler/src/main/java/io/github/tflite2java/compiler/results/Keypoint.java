package io.github.tflite2java.compiler.results;

/**
 * One body keypoint of a single-pose model (MoveNet): name, position in pixels of the original
 * image and score. Immutable.
 *
 * <p>The model's output {@code [1, 1, K, 3]} holds {@code y, x, score} per keypoint, the
 * coordinates normalized to the model's input. The generated image helpers fill that input by
 * stretching the whole image to it (no letterbox), so a normalized coordinate times the original
 * image's width or height is its pixel coordinate.
 */
public final class Keypoint {

  private static final String[] COCO_NAMES = {"nose", "left_eye", "right_eye", "left_ear",
      "right_ear", "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist",
      "right_wrist", "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle",
      "right_ankle"};

  /** The bones between the 17 COCO keypoints, as MoveNet's examples draw them. */
  private static final int[][] COCO_SKELETON = {{0, 1}, {0, 2}, {1, 3}, {2, 4}, {0, 5}, {0, 6},
      {5, 7}, {7, 9}, {6, 8}, {8, 10}, {5, 6}, {5, 11}, {6, 12}, {11, 12}, {11, 13}, {13, 15},
      {12, 14}, {14, 16}};

  private final int index;
  private final String name;
  private final float x;
  private final float y;
  private final float score;

  /** A keypoint at {@code (x, y)} in image pixels. */
  public Keypoint(int index, String name, float x, float y, float score) {
    if (name == null) {
      throw new NullPointerException("name is null");
    }
    this.index = index;
    this.name = name;
    this.x = x;
    this.y = y;
    this.score = score;
  }

  /**
   * The keypoints of one inference, in the model's order.
   *
   * @param output the model's float32 output, {@code y, x, score} per keypoint, normalized
   * @param imageWidth width of the original image in pixels
   * @param imageHeight height of the original image in pixels
   * @return an immutable list of {@code output.length / 3} keypoints; with 17 they are named as
   *     COCO's ({@code nose}, {@code left_eye}, ...), otherwise {@code keypoint N}
   */
  public static java.util.List<Keypoint> decode(float[] output, int imageWidth,
      int imageHeight) {
    if (output == null) {
      throw new NullPointerException("output is null");
    }
    if (output.length % 3 != 0) {
      throw new IllegalArgumentException("output has " + output.length
          + " values, not 3 per keypoint");
    }
    if (imageWidth <= 0 || imageHeight <= 0) {
      throw new IllegalArgumentException("image size must be positive, not " + imageWidth + "x"
          + imageHeight);
    }
    int k = output.length / 3;
    java.util.List<Keypoint> out = new java.util.ArrayList<Keypoint>(k);
    for (int i = 0; i < k; i++) {
      out.add(new Keypoint(i, k == COCO_NAMES.length ? COCO_NAMES[i] : "keypoint " + i,
          output[3 * i + 1] * imageWidth, output[3 * i] * imageHeight, output[3 * i + 2]));
    }
    return java.util.Collections.unmodifiableList(out);
  }

  /**
   * The bones to draw between keypoints, as pairs of keypoint indices (a new array each call):
   * the COCO skeleton for 17 keypoints, none otherwise.
   */
  public static int[][] skeleton(int keypoints) {
    if (keypoints != COCO_NAMES.length) {
      return new int[0][];
    }
    int[][] copy = new int[COCO_SKELETON.length][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = COCO_SKELETON[i].clone();
    }
    return copy;
  }

  /** The keypoint's position in the model's output. */
  public int index() {
    return index;
  }

  /** The keypoint's name, e.g. {@code left_wrist}. */
  public String name() {
    return name;
  }

  /** Horizontal position in pixels of the original image. */
  public float x() {
    return x;
  }

  /** Vertical position in pixels of the original image. */
  public float y() {
    return y;
  }

  /** The model's confidence, 0 to 1. */
  public float score() {
    return score;
  }

  /** Formats as {@code nose 123.4,56.7 0.654}. */
  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%s %.1f,%.1f %.3f", name, x, y, score);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Keypoint)) {
      return false;
    }
    Keypoint p = (Keypoint) o;
    return index == p.index && name.equals(p.name)
        && Float.floatToIntBits(x) == Float.floatToIntBits(p.x)
        && Float.floatToIntBits(y) == Float.floatToIntBits(p.y)
        && Float.floatToIntBits(score) == Float.floatToIntBits(p.score);
  }

  @Override
  public int hashCode() {
    int h = index * 31 + name.hashCode();
    h = h * 31 + Float.floatToIntBits(x);
    h = h * 31 + Float.floatToIntBits(y);
    return h * 31 + Float.floatToIntBits(score);
  }
}

package io.github.tflite2java.examples;

import java.awt.image.BufferedImage;

/**
 * What {@link Pose} shows of a pose, apart from the model: the keypoints above the score
 * threshold joined by the skeleton's bones. Separate from {@code Pose} so that it compiles (and
 * is tested on TFLite's golden output) without the generated MoveNet class.
 */
final class PoseView {

  /** Keypoints and bones below this score are not drawn. */
  static final float MIN_SCORE = 0.3f;

  static final int BONE_COLOR = 0x00E5FF;
  static final int DOT_COLOR = 0xFF2D95;

  private PoseView() {}

  /** The image with the bones between confident keypoints and a dot on each. */
  static BufferedImage picture(
      BufferedImage image, float[] x, float[] y, float[] score, int[][] bones) {
    return Pictures.skeleton(image, x, y, score, bones, MIN_SCORE, BONE_COLOR, DOT_COLOR);
  }
}

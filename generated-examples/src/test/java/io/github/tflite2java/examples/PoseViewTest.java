package io.github.tflite2java.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.results.Keypoint;
import java.awt.image.BufferedImage;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The pose result helper and drawing on TFLite 2.9.0's golden MoveNet output for grace_hopper
 * (the helper is the definition the generated class nests as {@code MovenetLightning.Keypoint}):
 * what Pose prints and draws once MoveNet compiles (PoseTest then runs the model itself).
 */
class PoseViewTest {

  static final String MODEL = "movenet_single_pose_lightning_ptq";

  /** TFLite's keypoints for grace_hopper (512x600). */
  static List<Keypoint> golden() throws Exception {
    return Keypoint.decode(GoldenOutputs.floats(MODEL, "grace_hopper.tflite-2.9.out"), 512, 600);
  }

  @Test
  void goldenKeypointsAreAFace() throws Exception {
    List<Keypoint> k = golden();
    assertEquals(17, k.size());
    assertEquals("nose 262.2,228.6 0.635", k.get(0).toString());
    // Both eyes above the nose, the left eye (her left) on the image's right.
    assertTrue(k.get(1).y() < k.get(0).y() && k.get(2).y() < k.get(0).y());
    assertTrue(k.get(1).x() > k.get(0).x() && k.get(2).x() < k.get(0).x());
  }

  @Test
  void dotsOnConfidentKeypointsAndBonesBetweenThem() throws Exception {
    List<Keypoint> k = golden();
    BufferedImage image = ImageIO.read(GoldenOutputs.shared(Classify.DEFAULT_IMAGE).toFile());
    float[] x = new float[17];
    float[] y = new float[17];
    float[] score = new float[17];
    for (int i = 0; i < 17; i++) {
      x[i] = k.get(i).x();
      y[i] = k.get(i).y();
      score[i] = k.get(i).score();
    }

    BufferedImage picture = PoseView.picture(image, x, y, score, Keypoint.skeleton(17));

    int drawn = 0;
    for (int i = 0; i < 17; i++) {
      int px = Math.round(x[i]);
      int py = Math.round(y[i]);
      if (px < 0 || py < 0 || px >= 512 || py >= 600) {
        continue;
      }
      int want = score[i] >= PoseView.MIN_SCORE ? PoseView.DOT_COLOR : image.getRGB(px, py);
      if (score[i] >= PoseView.MIN_SCORE) {
        drawn++;
        assertEquals(DetectTest.hex(want), DetectTest.hex(picture.getRGB(px, py)), k.get(i) + "");
      }
    }
    assertEquals(6, drawn, "nose, eyes, right ear, shoulders score 0.3 or more");
    // The bone from the left shoulder (5) to the right shoulder (6), at its middle.
    int mx = Math.round((x[5] + x[6]) / 2);
    int my = Math.round((y[5] + y[6]) / 2);
    assertEquals(DetectTest.hex(PoseView.BONE_COLOR), DetectTest.hex(picture.getRGB(mx, my)));
  }
}

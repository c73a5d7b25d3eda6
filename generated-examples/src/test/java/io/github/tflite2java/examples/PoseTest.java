package io.github.tflite2java.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pose on grace_hopper prints the keypoints TFLite 2.9.0's golden output gives through the same
 * result helper, and draws a dot on each confident one.
 */
class PoseTest {

  static final String MODEL = "movenet_single_pose_lightning_ptq";

  @TempDir Path tmp;

  @Test
  void imageHelperMakesTheGoldenInput() throws Exception {
    BufferedImage image = ImageIO.read(GoldenOutputs.shared(Classify.DEFAULT_IMAGE).toFile());
    assertArrayEquals(
        GoldenOutputs.bytes(MODEL, "grace_hopper.in"), MovenetLightning.Awt.inputFromImage(image));
  }

  @Test
  void printsTflitesKeypointsAndDrawsThem() throws Exception {
    GoldenOutputs.shared(Classify.DEFAULT_IMAGE);
    Path png = tmp.resolve("pose.png");
    ProgramRun run = ProgramRun.of(Pose::run, "--out", png.toString());

    assertEquals(0, run.status, run.err);
    List<String> lines = run.outLines();
    List<MovenetLightning.Keypoint> expected =
        MovenetLightning.keypoints(
            GoldenOutputs.floats(MODEL, "grace_hopper.tflite-2.9.out"), 512, 600);
    List<String> expectedLines = new ArrayList<>();
    for (MovenetLightning.Keypoint k : expected) {
      expectedLines.add(k.toString());
    }
    assertEquals(expectedLines, lines.subList(0, 17));
    BufferedImage picture = ImageIO.read(png.toFile());
    for (MovenetLightning.Keypoint k : expected) {
      int x = Math.round(k.x());
      int y = Math.round(k.y());
      if (k.score() >= PoseView.MIN_SCORE && x >= 0 && y >= 0 && x < 512 && y < 600) {
        assertEquals(
            DetectTest.hex(PoseView.DOT_COLOR), DetectTest.hex(picture.getRGB(x, y)), k.toString());
      }
    }
  }
}

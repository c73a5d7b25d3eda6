package io.github.tflite2java.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detect on grace_hopper prints what TFLite 2.9.0's golden outputs give through the same result
 * helper, and draws each box where the detection says.
 */
class DetectTest {

  static final String MODEL = "ssd_mobilenet_v2_coco_quant_postprocess";

  @TempDir Path tmp;

  /** The detections TFLite's golden outputs give for grace_hopper (512x600) at a threshold. */
  static List<SsdMobilenetV2.Detection> golden(float minScore) throws Exception {
    return SsdMobilenetV2.detections(
        GoldenOutputs.floats(MODEL, "grace_hopper.tflite-2.9.out0"),
        GoldenOutputs.floats(MODEL, "grace_hopper.tflite-2.9.out1"),
        GoldenOutputs.floats(MODEL, "grace_hopper.tflite-2.9.out2"),
        GoldenOutputs.floats(MODEL, "grace_hopper.tflite-2.9.out3"),
        512,
        600,
        minScore);
  }

  @Test
  void imageHelperMakesTheGoldenInput() throws Exception {
    BufferedImage image = ImageIO.read(GoldenOutputs.shared(Classify.DEFAULT_IMAGE).toFile());
    assertArrayEquals(
        GoldenOutputs.bytes(MODEL, "grace_hopper.in"), SsdMobilenetV2.Awt.inputFromImage(image));
  }

  @Test
  void theGeneratedClassGivesTflitesOutputs() throws Exception {
    float[][] out = {
      new float[SsdMobilenetV2.OUTPUT_0_SIZE],
      new float[SsdMobilenetV2.OUTPUT_1_SIZE],
      new float[SsdMobilenetV2.OUTPUT_2_SIZE],
      new float[SsdMobilenetV2.OUTPUT_3_SIZE]
    };
    new SsdMobilenetV2()
        .infer(GoldenOutputs.bytes(MODEL, "grace_hopper.in"), out[0], out[1], out[2], out[3]);
    for (int k = 0; k < 4; k++) {
      assertArrayEquals(
          GoldenOutputs.floats(MODEL, "grace_hopper.tflite-2.9.out" + k), out[k], "output " + k);
    }
  }

  @Test
  void printsTflitesDetectionsAndDrawsTheirBoxes() throws Exception {
    GoldenOutputs.shared(Classify.DEFAULT_IMAGE);
    Path png = tmp.resolve("out/detect.png");
    ProgramRun run = ProgramRun.of(Detect::run, "--out", png.toString(), "--min-score", "0.2");

    assertEquals(0, run.status, run.err);
    List<String> lines = run.outLines();
    List<SsdMobilenetV2.Detection> expected = golden(0.2f);
    List<String> expectedLines = new ArrayList<>();
    for (SsdMobilenetV2.Detection d : expected) {
      expectedLines.add(d.toString());
    }
    assertEquals(expectedLines, lines.subList(0, expected.size()));
    // The golden detections: a person and a tie (COCO class 31) at 0.789, as TFLite says.
    assertTrue(expected.size() >= 3, expectedLines.toString());
    assertEquals("tie", expected.get(0).label());
    assertEquals(31, expected.get(0).classIndex());
    assertEquals("person", expected.get(1).label());
    assertEquals(0.7890625f, expected.get(1).score());
    assertTrue(
        lines.get(expected.size()).startsWith(expected.size() + " of 20 detections score 0.20"),
        lines.get(expected.size()));
    assertEquals("picture: " + png, lines.get(expected.size() + 1));

    BufferedImage picture = ImageIO.read(png.toFile());
    BufferedImage image = ImageIO.read(GoldenOutputs.shared(Classify.DEFAULT_IMAGE).toFile());
    assertEquals(512, picture.getWidth());
    assertEquals(600, picture.getHeight());
    // The two best boxes (drawn last, on top): mid-points of their left, right and bottom edges.
    for (SsdMobilenetV2.Detection d : expected.subList(0, 2)) {
      int color = Pictures.classColor(d.classIndex());
      int x0 = Pictures.edge(d.left(), 512);
      int x1 = Pictures.edge(d.right(), 512);
      int y1 = Pictures.edge(d.bottom(), 600);
      int midY = Pictures.edge((d.top() + d.bottom()) / 2, 600);
      int midX = (x0 + x1) / 2;
      assertEquals(hex(color), hex(picture.getRGB(x0, midY)), d + " left edge");
      assertEquals(hex(color), hex(picture.getRGB(x1, midY)), d + " right edge");
      assertEquals(hex(color), hex(picture.getRGB(midX, y1)), d + " bottom edge");
      assertEquals(hex(color), hex(picture.getRGB(x0 + Pictures.HALF, midY)), d + " edge width");
    }
    // Inside the tie's box, away from edges and captions, the photo is untouched.
    SsdMobilenetV2.Detection tie = expected.get(0);
    int cx = Math.round((tie.left() + tie.right()) / 2);
    int cy = Math.round((tie.top() + tie.bottom()) / 2);
    assertEquals(hex(image.getRGB(cx, cy)), hex(picture.getRGB(cx, cy)));
  }

  @Test
  void badMinScoreIsAUsageError() {
    ProgramRun run = ProgramRun.of(Detect::run, "--min-score", "high");
    assertEquals(1, run.status);
    assertTrue(run.err.startsWith("error: --min-score needs a number, not high"));
  }

  static String hex(int argb) {
    return String.format("#%06X", argb & 0xFFFFFF);
  }
}

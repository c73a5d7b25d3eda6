package io.github.tflite2java.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segment on grace_hopper prints the class shares TFLite 2.9.0's golden output gives through the
 * same result helper, and its picture blends every pixel with the palette colour of its class.
 */
class SegmentTest {

  static final String MODEL = "deeplabv3_mnv2_dm05_pascal_quant";

  @TempDir Path tmp;

  @Test
  void imageHelperMakesTheGoldenInput() throws Exception {
    BufferedImage image = ImageIO.read(GoldenOutputs.shared(Classify.DEFAULT_IMAGE).toFile());
    assertArrayEquals(
        GoldenOutputs.bytes(MODEL, "grace_hopper.in"), DeeplabV3.Awt.inputFromImage(image));
  }

  @Test
  void printsTflitesClassesAndBlendsTheirColours() throws Exception {
    GoldenOutputs.shared(Classify.DEFAULT_IMAGE);
    Path png = tmp.resolve("segment.png");
    ProgramRun run = ProgramRun.of(Segment::run, "--out", png.toString());

    assertEquals(0, run.status, run.err);
    List<String> lines = run.outLines();
    int[] classMap =
        DeeplabV3.classMap(GoldenOutputs.longs(MODEL, "grace_hopper.tflite-2.9.out"), 512, 600);
    String[] expected = Segment.summary(classMap);
    assertEquals(Arrays.asList(expected), lines.subList(0, expected.length));
    assertTrue(expected[0].startsWith("15 person "), expected[0]);
    assertTrue(lines.get(expected.length).startsWith("class map 513x513 scaled to the image's"
        + " 512x600"), lines.get(expected.length));

    BufferedImage picture = ImageIO.read(png.toFile());
    BufferedImage image = ImageIO.read(GoldenOutputs.shared(Classify.DEFAULT_IMAGE).toFile());
    int[] seen = new int[21];
    for (int y = 0; y < 600; y++) {
      for (int x = 0; x < 512; x++) {
        int c = classMap[y * 512 + x];
        int original = image.getRGB(x, y);
        int want =
            c == 0
                ? original
                : Pictures.blend(original, DeeplabV3.Segmentation.vocColor(c), Segment.ALPHA);
        if ((want & 0xFFFFFF) != (picture.getRGB(x, y) & 0xFFFFFF)) {
          throw new AssertionError("pixel " + x + "," + y + " of class " + c);
        }
        seen[c]++;
      }
    }
    assertTrue(seen[15] > 100_000 && seen[0] > 50_000, Arrays.toString(seen));
  }
}

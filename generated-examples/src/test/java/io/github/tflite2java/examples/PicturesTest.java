package io.github.tflite2java.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The drawing, on synthetic images. */
class PicturesTest {

  private static BufferedImage grey(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, 0x808080);
      }
    }
    return img;
  }

  @Test
  void boxEdgesAreThreePixelsOfTheBoxColourAndTheInsideIsUntouched() {
    BufferedImage out =
        Pictures.boxes(
            grey(100, 80),
            new float[][] {{20.4f, 30.2f, 70.6f, 60.0f}},
            new int[] {0xFF0000},
            new String[] {"thing 0.50"});

    for (int y = 30; y <= 60; y += 5) {
      for (int dx = -1; dx <= 1; dx++) {
        assertEquals(0xFF0000, out.getRGB(20 + dx, y) & 0xFFFFFF, "left edge at y " + y);
        assertEquals(0xFF0000, out.getRGB(71 + dx, y) & 0xFFFFFF, "right edge at y " + y);
      }
    }
    assertEquals(0xFF0000, out.getRGB(45, 60) & 0xFFFFFF, "bottom edge");
    assertEquals(0x808080, out.getRGB(18, 45) & 0xFFFFFF, "outside the edge");
    assertEquals(0x808080, out.getRGB(45, 45) & 0xFFFFFF, "inside");
  }

  @Test
  void maskBlendsClassColoursAndKeepsBackground() {
    int[] map = new int[4 * 2];
    map[1] = 15;
    map[6] = 1;
    int[] colors = {0, 0x800000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xC08080};
    BufferedImage out = Pictures.mask(grey(4, 2), map, colors, 128);

    assertEquals(0x808080, out.getRGB(0, 0) & 0xFFFFFF);
    // (192 * 128 + 128 * 127 + 127) / 255 = 160; (128 * 128 + 128 * 127 + 127) / 255 = 128.
    assertEquals(0xA08080, out.getRGB(1, 0) & 0xFFFFFF);
    assertEquals(0x804040, out.getRGB(2, 1) & 0xFFFFFF);
    assertThrows(
        IllegalArgumentException.class, () -> Pictures.mask(grey(4, 2), new int[7], colors, 1));
  }

  @Test
  void skeletonDotsSitOnConfidentKeypointsOnly() {
    float[] x = {10, 50, 90};
    float[] y = {10, 40, 10};
    float[] score = {0.9f, 0.8f, 0.1f};
    BufferedImage out =
        Pictures.skeleton(
            grey(100, 60), x, y, score, new int[][] {{0, 1}, {1, 2}}, 0.3f, 0x00FF00, 0xFF00FF);

    assertEquals(0xFF00FF, out.getRGB(10, 10) & 0xFFFFFF);
    assertEquals(0xFF00FF, out.getRGB(50 + Pictures.DOT - 1, 40) & 0xFFFFFF);
    assertEquals(0x808080, out.getRGB(90, 10) & 0xFFFFFF, "score below the threshold");
    assertEquals(0x00FF00, out.getRGB(30, 25) & 0xFFFFFF, "bone 0-1 mid-point");
    assertEquals(0x808080, out.getRGB(70, 25) & 0xFFFFFF, "no bone to a hidden keypoint");
  }
}

package io.github.tflite2java.compiler.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The result helpers generated classes nest: detections, class maps, keypoints. */
class ResultHelpersTest {

  @Test
  void detectionsScaleBoxesToTheImageKeepValidRowsAndNameClasses() {
    float[] boxes = {0.1f, 0.2f, 0.5f, 0.6f, -0.05f, 0.9f, 1.2f, 1.0f, 0f, 0f, 1f, 1f};
    float[] classes = {0f, 31f, 5f};
    float[] scores = {0.9f, 0.4f, 0.3f};
    float[] count = {2f}; // the third row is not valid

    List<Detection> d = Detection.decode(boxes, classes, scores, count,
        Arrays.asList("person", "bicycle"), 200, 100, 0f);

    assertEquals(2, d.size());
    assertEquals(new Detection(0, "person", 0.9f, 0.2f * 200, 0.1f * 100, 0.6f * 200,
        0.5f * 100), d.get(0));
    // Clamped to the image; a class without a label is "class N".
    assertEquals(new Detection(31, "class 31", 0.4f, 0.9f * 200, 0f, 200f, 100f), d.get(1));
    assertEquals("person 0.900 box 40.0,10.0 - 120.0,50.0", d.get(0).toString());
    assertEquals(1, Detection.decode(boxes, classes, scores, count, null, 200, 100, 0.5f).size());
    assertEquals("class 0",
        Detection.decode(boxes, classes, scores, count, null, 200, 100, 0f).get(0).label());
    assertEquals(0, Detection.decode(boxes, classes, scores, new float[] {0f}, null, 2, 2, 0f)
        .size());
    assertThrows(IllegalArgumentException.class,
        () -> Detection.decode(boxes, classes, scores, count, null, 0, 100, 0f));
    assertThrows(UnsupportedOperationException.class, () -> d.remove(0));
  }

  @Test
  void vocPaletteIsTheDevkitsColourMap() {
    // VOCdevkit labelcolormap: background, aeroplane, bicycle, bird, ..., person, ..., tvmonitor.
    assertEquals(0x000000, Segmentation.vocColor(0));
    assertEquals(0x800000, Segmentation.vocColor(1));
    assertEquals(0x008000, Segmentation.vocColor(2));
    assertEquals(0x808000, Segmentation.vocColor(3));
    assertEquals(0x000080, Segmentation.vocColor(4));
    assertEquals(0x400000, Segmentation.vocColor(8));
    assertEquals(0xC08080, Segmentation.vocColor(15));
    assertEquals(0x004080, Segmentation.vocColor(20));
    assertEquals(0xE0E0C0, Segmentation.vocColor(255));
  }

  @Test
  void classMapsConvertAndScaleByPixelCentres() {
    assertArrayEquals(new int[] {0, 15, 3}, Segmentation.classMap(new long[] {0, 15, 3}));
    assertThrows(IllegalArgumentException.class,
        () -> Segmentation.classMap(new long[] {-1}));
    int[] map = {1, 2, 3, 4}; // 2x2
    // 4x2 image: each map column covers two image columns.
    assertArrayEquals(new int[] {1, 1, 2, 2, 3, 3, 4, 4}, Segmentation.scale(map, 2, 2, 4, 2));
    // 3x3 image: centres at 1/6, 1/2, 5/6 of the map: 0, 1, 1.
    assertArrayEquals(new int[] {1, 2, 2, 3, 4, 4, 3, 4, 4}, Segmentation.scale(map, 2, 2, 3, 3));
    // Shrinking 513 -> 1 takes the middle pixel.
    int[] wide = new int[513];
    wide[256] = 7;
    assertArrayEquals(new int[] {7}, Segmentation.scale(wide, 513, 1, 1, 1));
    assertArrayEquals(new int[] {1, 0, 2}, Segmentation.counts(new int[] {0, 2, 2, 9}, 3));
    assertThrows(IllegalArgumentException.class, () -> Segmentation.scale(map, 3, 2, 4, 4));
    // Scores: uint8 200 beats 100; int8 -56 (200 as uint8) loses to 100; ties to the lower class.
    byte[] scores = {100, (byte) 200, 7, 7};
    assertArrayEquals(new int[] {1, 0}, Segmentation.argMax(scores, 2, false));
    assertArrayEquals(new int[] {0, 0}, Segmentation.argMax(scores, 2, true));
    assertThrows(IllegalArgumentException.class, () -> Segmentation.argMax(scores, 3, false));
  }

  @Test
  void keypointsAreYxScoreScaledToTheImage() {
    float[] out = new float[17 * 3];
    out[0] = 0.25f; // nose y
    out[1] = 0.5f; // nose x
    out[2] = 0.8f;
    out[3 * 16] = 1f;
    out[3 * 16 + 1] = 0f;
    out[3 * 16 + 2] = 0.1f;

    List<Keypoint> k = Keypoint.decode(out, 640, 480);

    assertEquals(17, k.size());
    assertEquals(new Keypoint(0, "nose", 320f, 120f, 0.8f), k.get(0));
    assertEquals(new Keypoint(16, "right_ankle", 0f, 480f, 0.1f), k.get(16));
    assertEquals("nose 320.0,120.0 0.800", k.get(0).toString());
    assertEquals(18, Keypoint.skeleton(17).length);
    assertArrayEquals(new int[] {0, 1}, Keypoint.skeleton(17)[0]);
    assertEquals(0, Keypoint.skeleton(5).length);
    assertEquals("keypoint 1", Keypoint.decode(new float[6], 1, 1).get(1).name());
    assertThrows(IllegalArgumentException.class, () -> Keypoint.decode(new float[4], 1, 1));
  }
}

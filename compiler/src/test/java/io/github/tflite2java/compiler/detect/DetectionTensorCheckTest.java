package io.github.tflite2java.compiler.detect;

import static io.github.tflite2java.compiler.detect.DetectionTensorCheck.FLOAT32;
import static io.github.tflite2java.compiler.detect.DetectionTensorCheck.UINT8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link DetectionTensorCheck}: wrong-size anchors and mismatched tensors are clean errors. */
class DetectionTensorCheckTest {
  private static final DetectionOptions SSD =
      DetectionOptionsParser.parse(DetectionOptionsParserTest.flex(DetectionOptionsParserTest.ssd()));

  private static String error(int boxType, int[] box, int classType, int[] cls, int anchorType, int[] anchors, int bytes) {
    return assertThrows(DetectionException.class,
        () -> DetectionTensorCheck.check(SSD, boxType, box, classType, cls, anchorType, anchors, bytes)).getMessage();
  }

  @Test
  void acceptsTheSsdLayout() {
    DetectionTensorCheck.check(SSD, UINT8, new int[] {1, 1917, 4}, UINT8, new int[] {1, 1917, 91}, UINT8,
        new int[] {1917, 4}, 1917 * 4);
    DetectionTensorCheck.check(SSD, FLOAT32, new int[] {1, 10, 4}, FLOAT32, new int[] {1, 10, 90}, FLOAT32,
        new int[] {10, 4}, 160);
  }

  @Test
  void wrongSizeAnchorsAreNamed() {
    assertEquals("TFLite_Detection_PostProcess anchors (input 2) have shape [1916, 4], expected [1917, 4] "
        + "(one y, x, h, w per box)",
        error(UINT8, new int[] {1, 1917, 4}, UINT8, new int[] {1, 1917, 91}, UINT8, new int[] {1916, 4}, 1916 * 4));
    assertEquals("TFLite_Detection_PostProcess anchors (input 2) hold 7664 bytes of constant data, expected 7668 "
        + "(1917 x 4 uint8)",
        error(UINT8, new int[] {1, 1917, 4}, UINT8, new int[] {1, 1917, 91}, UINT8, new int[] {1917, 4}, 7664));
    assertEquals("TFLite_Detection_PostProcess anchors (input 2) hold 0 bytes of constant data, expected 160 "
        + "(10 x 4 float32); the anchors must be a constant tensor",
        error(FLOAT32, new int[] {1, 10, 4}, FLOAT32, new int[] {1, 10, 90}, FLOAT32, new int[] {10, 4}, 0));
    assertEquals("TFLite_Detection_PostProcess anchors (input 2) have type code 0, expected uint8 like the box "
        + "encodings",
        error(UINT8, new int[] {1, 10, 4}, UINT8, new int[] {1, 10, 90}, FLOAT32, new int[] {10, 4}, 160));
  }

  @Test
  void mismatchedInputsAreNamed() {
    assertEquals("TFLite_Detection_PostProcess class predictions (input 1) have shape [1, 10, 92], expected "
        + "[1, 10, 90 or 91] (num_classes 90, with or without a background class)",
        error(UINT8, new int[] {1, 10, 4}, UINT8, new int[] {1, 10, 92}, UINT8, new int[] {10, 4}, 40));
    assertEquals("TFLite_Detection_PostProcess box encodings (input 0) have shape [2, 10, 4], expected "
        + "[1, boxes, 4 or more]",
        error(UINT8, new int[] {2, 10, 4}, UINT8, new int[] {1, 10, 91}, UINT8, new int[] {10, 4}, 40));
    assertEquals("TFLite_Detection_PostProcess box encodings (input 0) have type code 9, expected uint8 or float32",
        error(9, new int[] {1, 10, 4}, UINT8, new int[] {1, 10, 91}, UINT8, new int[] {10, 4}, 40));
  }
}

package io.github.tflite2java.compiler.detect;

import java.util.Arrays;

/**
 * Checks the three inputs of a {@code TFLite_Detection_PostProcess} operator against its options
 * before anything is generated: box encodings {@code [1, N, >=4]}, class predictions
 * {@code [1, N, num_classes (+1 background)]}, anchors a constant {@code [N, 4]} whose data holds
 * exactly N * 4 elements. Uint8 box encodings need uint8 anchors (TFLite dequantizes the anchors
 * with the box encodings' type whatever their own), float32 ones float32 anchors; class
 * predictions are uint8 or float32. Throws {@link DetectionException} naming the tensor.
 */
public final class DetectionTensorCheck {
  /** TFLite tensor type codes used here. */
  public static final int FLOAT32 = 0;
  public static final int UINT8 = 3;

  private DetectionTensorCheck() {}

  public static void check(DetectionOptions o, int boxType, int[] boxShape, int classType, int[] classShape,
      int anchorType, int[] anchorShape, int anchorDataBytes) {
    if (boxType != UINT8 && boxType != FLOAT32) {
      throw new DetectionException("TFLite_Detection_PostProcess box encodings (input 0) have type code " + boxType
          + ", expected uint8 or float32");
    }
    if (boxShape == null || boxShape.length != 3 || boxShape[0] != 1 || boxShape[1] < 1 || boxShape[2] < 4) {
      throw new DetectionException("TFLite_Detection_PostProcess box encodings (input 0) have shape "
          + Arrays.toString(boxShape) + ", expected [1, boxes, 4 or more]");
    }
    int n = boxShape[1];
    if (classType != UINT8 && classType != FLOAT32) {
      throw new DetectionException("TFLite_Detection_PostProcess class predictions (input 1) have type code "
          + classType + ", expected uint8 or float32");
    }
    if (classShape == null || classShape.length != 3 || classShape[0] != 1 || classShape[1] != n
        || classShape[2] < o.numClasses || classShape[2] > o.numClasses + 1) {
      throw new DetectionException("TFLite_Detection_PostProcess class predictions (input 1) have shape "
          + Arrays.toString(classShape) + ", expected [1, " + n + ", " + o.numClasses + " or " + (o.numClasses + 1)
          + "] (num_classes " + o.numClasses + ", with or without a background class)");
    }
    if (anchorType != boxType) {
      throw new DetectionException("TFLite_Detection_PostProcess anchors (input 2) have type code " + anchorType
          + ", expected " + (boxType == UINT8 ? "uint8" : "float32") + " like the box encodings");
    }
    if (anchorShape == null || anchorShape.length != 2 || anchorShape[0] != n || anchorShape[1] != 4) {
      throw new DetectionException("TFLite_Detection_PostProcess anchors (input 2) have shape "
          + Arrays.toString(anchorShape) + ", expected [" + n + ", 4] (one y, x, h, w per box)");
    }
    long want = (long) n * 4 * (anchorType == UINT8 ? 1 : 4);
    if (anchorDataBytes != want) {
      throw new DetectionException("TFLite_Detection_PostProcess anchors (input 2) hold " + anchorDataBytes
          + " bytes of constant data, expected " + want + " (" + n + " x 4 " + (anchorType == UINT8 ? "uint8" : "float32")
          + ")" + (anchorDataBytes == 0 ? "; the anchors must be a constant tensor" : ""));
    }
  }
}

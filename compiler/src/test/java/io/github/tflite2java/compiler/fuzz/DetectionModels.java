package io.github.tflite2java.compiler.fuzz;

import com.google.flatbuffers.FlexBuffersBuilder;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * One-operator TFLite_Detection_PostProcess models for the hostile-model tests and the fuzzer:
 * uint8 box encodings and class predictions in, uint8 constant anchors, four float32 outputs.
 */
public final class DetectionModels {
  static final String OP = "TFLite_Detection_PostProcess";

  private DetectionModels() {}

  /** FlexBuffer custom options (floats as float32, as the TF exporter writes them). */
  public static byte[] options(int maxDetections, int maxClasses, boolean regular, int numClasses) {
    FlexBuffersBuilder fb = new FlexBuffersBuilder(ByteBuffer.allocate(1024),
        FlexBuffersBuilder.BUILDER_FLAG_SHARE_KEYS);
    int start = fb.startMap();
    fb.putInt("max_detections", maxDetections);
    fb.putInt("max_classes_per_detection", maxClasses);
    fb.putInt("detections_per_class", 10);
    fb.putBoolean("use_regular_nms", regular);
    fb.putFloat("nms_score_threshold", 0.3f);
    fb.putFloat("nms_iou_threshold", 0.5f);
    fb.putInt("num_classes", numClasses);
    fb.putFloat("y_scale", 10f);
    fb.putFloat("x_scale", 10f);
    fb.putFloat("h_scale", 5f);
    fb.putFloat("w_scale", 5f);
    fb.endMap(null, start);
    ByteBuffer bb = fb.finish();
    byte[] bytes = new byte[bb.remaining()];
    bb.get(bytes);
    return bytes;
  }

  /**
   * A model with {@code numBoxes} boxes, {@code numClasses} classes plus background, the given
   * raw custom options and {@code anchorRows} rows of anchors (numBoxes for a valid model);
   * output shapes from {@code rows} (null: stored without a shape, as the SSD exporter does).
   */
  public static byte[] model(int numBoxes, int numClasses, byte[] customOptions, int anchorRows,
      Integer rows, Random rnd) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    QuantParams box = QuantParams.perTensor(0.06f, 128);
    QuantParams cls = QuantParams.perTensor(1f / 256, 0);
    QuantParams anc = QuantParams.perTensor(0.005f, 0);
    int boxes = b.addTensor("box_encodings", TensorType.UINT8, new int[] {1, numBoxes, 4}, box);
    int classes = b.addTensor("class_predictions", TensorType.UINT8,
        new int[] {1, numBoxes, numClasses + 1}, cls);
    byte[] anchorBytes = new byte[anchorRows * 4];
    rnd.nextBytes(anchorBytes);
    int anchors = b.addConstantTensor("anchors", TensorType.UINT8, new int[] {anchorRows, 4},
        anc, anchorBytes);
    int[][] shapes = rows == null ? new int[][] {{}, {}, {}, {}}
        : new int[][] {{1, rows, 4}, {1, rows}, {1, rows}, {1}};
    int ob = b.addTensor("detection_boxes", TensorType.FLOAT32, shapes[0]);
    int oc = b.addTensor("detection_classes", TensorType.FLOAT32, shapes[1]);
    int os = b.addTensor("detection_scores", TensorType.FLOAT32, shapes[2]);
    int on = b.addTensor("num_detections", TensorType.FLOAT32, shapes[3]);
    b.addCustomOperator(OP, new int[] {boxes, classes, anchors}, new int[] {ob, oc, os, on},
        customOptions);
    return b.inputs(boxes, classes).outputs(ob, oc, os, on).build();
  }

  /** A valid random detection model. */
  static byte[] valid(Random rnd) {
    int numBoxes = 1 + rnd.nextInt(40);
    int numClasses = 1 + rnd.nextInt(6);
    int maxDetections = 1 + rnd.nextInt(10);
    int maxClasses = 1 + rnd.nextInt(numClasses);
    boolean regular = rnd.nextBoolean();
    return model(numBoxes, numClasses, options(maxDetections, regular ? 1 : maxClasses, regular,
        numClasses), numBoxes, rnd.nextBoolean() ? null : maxDetections * (regular ? 1 : maxClasses),
        rnd);
  }
}

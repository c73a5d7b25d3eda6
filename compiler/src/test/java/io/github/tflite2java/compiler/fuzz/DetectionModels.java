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

  /**
   * A model with {@code numBoxes} boxes whose anchors have shape {@code anchorShape} and hold
   * {@code anchorBytes} bytes of constant data, or (null) are a run-time tensor without data.
   */
  public static byte[] model(int numBoxes, int numClasses, byte[] customOptions,
      int[] anchorShape, Integer anchorBytes, Random rnd) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int boxes = b.addTensor("box_encodings", TensorType.UINT8, new int[] {1, numBoxes, 4},
        QuantParams.perTensor(0.06f, 128));
    int classes = b.addTensor("class_predictions", TensorType.UINT8,
        new int[] {1, numBoxes, numClasses + 1}, QuantParams.perTensor(1f / 256, 0));
    QuantParams anc = QuantParams.perTensor(0.005f, 0);
    int anchors;
    if (anchorBytes == null) {
      anchors = b.addTensor("anchors", TensorType.UINT8, anchorShape, anc);
    } else {
      byte[] data = new byte[anchorBytes];
      rnd.nextBytes(data);
      anchors = b.addConstantTensor("anchors", TensorType.UINT8, anchorShape, anc, data);
    }
    int[] outs = new int[4];
    for (int k = 0; k < 4; k++) {
      outs[k] = b.addTensor("out" + k, TensorType.FLOAT32, new int[0]);
    }
    b.addCustomOperator(OP, new int[] {boxes, classes, anchors}, outs, customOptions);
    return b.inputs(boxes, classes).outputs(outs).build();
  }

  /**
   * A detection model with hostile parts, each named in {@code log}: custom options with keys
   * missing, of another FlexBuffer type (string, boolean, vector, map, blob, null), out of
   * range, NaN, infinite or huge, or a root that is not a map; and/or anchors of a wrong
   * shape, holding a wrong number of bytes, or not constant.
   */
  static byte[] hostile(Random rnd, StringBuilder log) {
    int numBoxes = 1 + rnd.nextInt(30);
    int numClasses = 1 + rnd.nextInt(5);
    byte[] options;
    if (rnd.nextInt(4) == 0) {
      options = options(1 + rnd.nextInt(10), 1, rnd.nextBoolean(), numClasses);
    } else {
      FlexBuffersBuilder fb = new FlexBuffersBuilder(ByteBuffer.allocate(512),
          FlexBuffersBuilder.BUILDER_FLAG_SHARE_KEYS);
      String[] keys = {"max_detections", "max_classes_per_detection", "detections_per_class",
          "use_regular_nms", "nms_score_threshold", "nms_iou_threshold", "num_classes",
          "y_scale", "x_scale", "h_scale", "w_scale"};
      boolean vectorRoot = rnd.nextInt(12) == 0;
      int start = vectorRoot ? fb.startVector() : fb.startMap();
      log.append(vectorRoot ? " options-root-vector" : "");
      for (String key : keys) {
        String k = vectorRoot ? null : key;
        int how = rnd.nextInt(14);
        if (how < 7) {
          // a sane value of the right type
          if (key.contains("scale") || key.contains("threshold")) {
            fb.putFloat(k, key.contains("iou") ? 0.5f : key.contains("score") ? 0.3f : 10f);
          } else if (key.equals("use_regular_nms")) {
            fb.putBoolean(k, false);
          } else if (key.equals("num_classes")) {
            fb.putInt(k, numClasses);
          } else {
            fb.putInt(k, 1 + rnd.nextInt(5));
          }
          continue;
        }
        log.append(' ').append(key).append('=');
        switch (how) {
          case 7:
            log.append("absent");
            break;
          case 8:
            log.append("string");
            fb.putString(k, rnd.nextBoolean() ? "10" : "ten");
            break;
          case 9:
            log.append("bool");
            fb.putBoolean(k, rnd.nextBoolean());
            break;
          case 10: {
            long[] odd = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
                Long.MIN_VALUE, 1L << 40, 65537};
            long v = odd[rnd.nextInt(odd.length)];
            log.append(v);
            fb.putInt(k, v);
            break;
          }
          case 11: {
            double[] odd = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0,
                -0.0, 1e-320, 1e300, -1, 2, Float.MIN_VALUE};
            double v = odd[rnd.nextInt(odd.length)];
            log.append(v);
            fb.putFloat(k, v);
            break;
          }
          case 12: {
            log.append("vector");
            int v = fb.startVector();
            fb.putInt(1);
            fb.putInt(2);
            fb.endVector(k, v, false, false);
            break;
          }
          default:
            log.append("blob");
            fb.putBlob(k, new byte[] {1, 2, 3});
            break;
        }
      }
      if (vectorRoot) {
        fb.endVector(null, start, false, false);
      } else {
        fb.endMap(null, start);
      }
      ByteBuffer bb = fb.finish();
      options = new byte[bb.remaining()];
      bb.get(options);
    }
    int[] shape = {numBoxes, 4};
    Integer bytes = numBoxes * 4;
    switch (rnd.nextInt(6)) {
      case 0:
        shape = new int[] {numBoxes + (rnd.nextBoolean() ? 1 : -1), 4};
        bytes = shape[0] * 4;
        log.append(" anchors-rows=").append(shape[0]);
        break;
      case 1:
        shape = rnd.nextBoolean() ? new int[] {numBoxes, 3} : new int[] {1, numBoxes, 4};
        bytes = numBoxes * 4;
        log.append(" anchors-shape=").append(java.util.Arrays.toString(shape));
        break;
      case 2:
        bytes = numBoxes * 4 + (rnd.nextBoolean() ? 1 : -1) * (1 + rnd.nextInt(4));
        bytes = Math.max(0, bytes);
        log.append(" anchors-bytes=").append(bytes);
        break;
      case 3:
        bytes = null;
        log.append(" anchors-not-constant");
        break;
      default:
        break;
    }
    return model(numBoxes, numClasses, options, shape, bytes, rnd);
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

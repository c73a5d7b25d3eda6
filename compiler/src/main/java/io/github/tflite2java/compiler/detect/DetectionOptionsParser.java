package io.github.tflite2java.compiler.detect;

import com.google.flatbuffers.FlexBuffers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads {@code TFLite_Detection_PostProcess}'s {@code custom_options} (a FlexBuffer map) with
 * flatbuffers-java's {@link FlexBuffers}, the keys TFLite 2.9's {@code Init} reads, and checks
 * them. TFLite itself turns a missing key into 0 and a string into whatever {@code strtod} makes
 * of it; this parser is stricter: every key TFLite requires must be present with a numeric value
 * ({@code detections_per_class} and {@code use_regular_nms} are optional, as in TFLite: 100 and
 * false), and values TFLite would reject at run time, or that leave output bytes unwritten, are
 * errors now. Floats are narrowed as TFLite's {@code AsFloat} does, {@code (float) double}.
 */
public final class DetectionOptionsParser {

  /** Largest max_detections * max_classes_per_detection accepted (output rows). */
  public static final int MAX_DETECTED_BOXES = 1 << 16;

  private DetectionOptionsParser() {}

  /** Parses and checks; throws {@link DetectionException} naming the field on any problem. */
  public static DetectionOptions parse(byte[] customOptions) {
    if (customOptions == null || customOptions.length == 0) {
      throw new DetectionException("TFLite_Detection_PostProcess has no custom_options; expected a FlexBuffer map "
          + "with max_detections, max_classes_per_detection, nms_score_threshold, nms_iou_threshold, "
          + "num_classes, y_scale, x_scale, h_scale and w_scale");
    }
    FlexBuffers.Map map;
    try {
      if (customOptions.length < 3) {
        throw new IllegalArgumentException(customOptions.length + " bytes");
      }
      FlexBuffers.Reference root = FlexBuffers.getRoot(ByteBuffer.wrap(customOptions).order(ByteOrder.LITTLE_ENDIAN));
      if (!root.isMap()) {
        throw new DetectionException("TFLite_Detection_PostProcess custom_options: the FlexBuffer root is "
            + typeName(root) + ", expected a map");
      }
      map = root.asMap();
      map.keys(); // touch the key vector so that a corrupt one fails here
    } catch (DetectionException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DetectionException("TFLite_Detection_PostProcess custom_options (" + customOptions.length
          + " bytes) is not a valid FlexBuffer: " + e, e);
    }
    try {
      return check(map);
    } catch (DetectionException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DetectionException("TFLite_Detection_PostProcess custom_options (" + customOptions.length
          + " bytes) is not a valid FlexBuffer: " + e, e);
    }
  }

  private static DetectionOptions check(FlexBuffers.Map m) {
    int maxDetections = integer(m, "max_detections", 1, MAX_DETECTED_BOXES);
    int maxClassesPerDetection = integer(m, "max_classes_per_detection", 1, MAX_DETECTED_BOXES);
    if ((long) maxDetections * maxClassesPerDetection > MAX_DETECTED_BOXES) {
      throw new DetectionException("TFLite_Detection_PostProcess custom_options: max_detections ("
          + maxDetections + ") * max_classes_per_detection (" + maxClassesPerDetection
          + ") must be at most " + MAX_DETECTED_BOXES + " output rows");
    }
    boolean regular = false;
    FlexBuffers.Reference r = m.get("use_regular_nms");
    if (!r.isNull()) {
      if (r.isBoolean()) {
        regular = r.asBoolean();
      } else if (r.isIntOrUInt() && (r.asLong() == 0 || r.asLong() == 1)) {
        regular = r.asLong() == 1;
      } else {
        throw new DetectionException("TFLite_Detection_PostProcess custom_options: use_regular_nms is "
            + describe(r) + ", expected a boolean");
      }
    }
    int detectionsPerClass = DetectionOptions.DEFAULT_DETECTIONS_PER_CLASS;
    if (!m.get("detections_per_class").isNull()) {
      detectionsPerClass = integer(m, "detections_per_class", regular ? 1 : Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
    if (regular && maxClassesPerDetection != 1) {
      throw new DetectionException("TFLite_Detection_PostProcess custom_options: max_classes_per_detection is "
          + maxClassesPerDetection + " with use_regular_nms; expected 1 (regular NMS writes max_detections rows "
          + "of the max_detections * max_classes_per_detection rows TFLite allocates, the others stay undefined)");
    }
    float scoreThreshold = real(m, "nms_score_threshold");
    if (Float.isNaN(scoreThreshold)) {
      throw new DetectionException("TFLite_Detection_PostProcess custom_options: nms_score_threshold is NaN, "
          + "expected a number");
    }
    float iouThreshold = real(m, "nms_iou_threshold");
    if (!(iouThreshold > 0f && iouThreshold <= 1f)) {
      throw new DetectionException("TFLite_Detection_PostProcess custom_options: nms_iou_threshold is "
          + iouThreshold + ", expected a value in (0, 1] (TFLite fails at run time otherwise)");
    }
    int numClasses = integer(m, "num_classes", 1, 1 << 20);
    if (maxClassesPerDetection > numClasses) {
      throw new DetectionException("TFLite_Detection_PostProcess custom_options: max_classes_per_detection is "
          + maxClassesPerDetection + ", more than num_classes (" + numClasses + "); expected at most num_classes "
          + "(TFLite leaves the extra columns of every detection undefined)");
    }
    float y = scale(m, "y_scale");
    float x = scale(m, "x_scale");
    float h = scale(m, "h_scale");
    float w = scale(m, "w_scale");
    return new DetectionOptions(maxDetections, maxClassesPerDetection, detectionsPerClass, regular,
        scoreThreshold, iouThreshold, numClasses, y, x, h, w);
  }

  private static FlexBuffers.Reference required(FlexBuffers.Map m, String key) {
    FlexBuffers.Reference r = m.get(key);
    if (r.isNull()) {
      throw new DetectionException("TFLite_Detection_PostProcess custom_options: " + key + " is missing");
    }
    return r;
  }

  private static int integer(FlexBuffers.Map m, String key, int min, int max) {
    FlexBuffers.Reference r = required(m, key);
    long v;
    if (r.isInt()) {
      v = r.asLong();
    } else if (r.isUInt()) {
      v = r.asUInt();
      if (v < 0) {
        v = Long.MAX_VALUE;
      }
    } else {
      throw new DetectionException("TFLite_Detection_PostProcess custom_options: " + key + " is "
          + describe(r) + ", expected an integer");
    }
    if (v < min || v > max) {
      throw new DetectionException("TFLite_Detection_PostProcess custom_options: " + key + " is " + v
          + ", expected " + (max == Integer.MAX_VALUE ? "at least " + min : min + ".." + max));
    }
    return (int) v;
  }

  private static float real(FlexBuffers.Map m, String key) {
    FlexBuffers.Reference r = required(m, key);
    if (r.isFloat()) {
      return (float) r.asFloat();
    }
    if (r.isInt()) {
      return (float) (double) r.asLong();
    }
    if (r.isUInt()) {
      return (float) (double) r.asUInt();
    }
    throw new DetectionException("TFLite_Detection_PostProcess custom_options: " + key + " is "
        + describe(r) + ", expected a number");
  }

  private static float scale(FlexBuffers.Map m, String key) {
    float v = real(m, key);
    if (!(Math.abs(v) >= Float.MIN_NORMAL && Math.abs(v) <= Float.MAX_VALUE)) {
      throw new DetectionException("TFLite_Detection_PostProcess custom_options: " + key + " is " + v
          + ", expected a finite non-zero number (boxes are divided by it)");
    }
    return v;
  }

  private static String describe(FlexBuffers.Reference r) {
    String type = typeName(r);
    if (r.isString()) {
      String s = r.asString();
      return type + " \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }
    return type;
  }

  private static String typeName(FlexBuffers.Reference r) {
    switch (r.getType()) {
      case FlexBuffers.FBT_NULL: return "null";
      case FlexBuffers.FBT_INT: case FlexBuffers.FBT_INDIRECT_INT: return "an integer";
      case FlexBuffers.FBT_UINT: case FlexBuffers.FBT_INDIRECT_UINT: return "an unsigned integer";
      case FlexBuffers.FBT_FLOAT: case FlexBuffers.FBT_INDIRECT_FLOAT: return "a float";
      case FlexBuffers.FBT_BOOL: return "a boolean";
      case FlexBuffers.FBT_STRING: return "a string";
      case FlexBuffers.FBT_KEY: return "a key";
      case FlexBuffers.FBT_MAP: return "a map";
      case FlexBuffers.FBT_BLOB: return "a blob";
      default: return r.isVector() ? "a vector" : "FlexBuffer type " + r.getType();
    }
  }
}

package io.github.tflite2java.compiler.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.flatbuffers.FlexBuffersBuilder;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link DetectionOptionsParser}: the keys TFLite reads, and clean errors for hostile custom_options. */
class DetectionOptionsParserTest {

  /** The SSD MobileNet exporter's options, as a mutable map: value null = key absent. */
  static Map<String, Object> ssd() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("max_detections", 10);
    m.put("max_classes_per_detection", 1);
    m.put("detections_per_class", 100);
    m.put("use_regular_nms", false);
    m.put("nms_score_threshold", 1e-8f);
    m.put("nms_iou_threshold", 0.6f);
    m.put("num_classes", 90);
    m.put("y_scale", 10.0f);
    m.put("x_scale", 10.0f);
    m.put("h_scale", 5.0f);
    m.put("w_scale", 5.0f);
    return m;
  }

  static byte[] flex(Map<String, Object> m) {
    FlexBuffersBuilder fb = new FlexBuffersBuilder(ByteBuffer.allocate(1024), FlexBuffersBuilder.BUILDER_FLAG_SHARE_KEYS);
    int start = fb.startMap();
    for (Map.Entry<String, Object> e : m.entrySet()) {
      Object v = e.getValue();
      if (v == null) {
        continue;
      } else if (v instanceof Integer) {
        fb.putInt(e.getKey(), (Integer) v);
      } else if (v instanceof Float) {
        fb.putFloat(e.getKey(), (Float) v);
      } else if (v instanceof Double) {
        fb.putFloat(e.getKey(), (Double) v);
      } else if (v instanceof Boolean) {
        fb.putBoolean(e.getKey(), (Boolean) v);
      } else if (v instanceof String) {
        fb.putString(e.getKey(), (String) v);
      } else {
        throw new IllegalArgumentException(String.valueOf(v));
      }
    }
    fb.endMap(null, start);
    ByteBuffer bb = fb.finish();
    byte[] b = new byte[bb.remaining()];
    bb.get(b);
    return b;
  }

  static String error(Map<String, Object> m) {
    return assertThrows(DetectionException.class, () -> DetectionOptionsParser.parse(flex(m))).getMessage();
  }

  @Test
  void readsTheExporterOptions() {
    DetectionOptions o = DetectionOptionsParser.parse(flex(ssd()));
    assertEquals(10, o.maxDetections);
    assertEquals(1, o.maxClassesPerDetection);
    assertEquals(100, o.detectionsPerClass);
    assertFalse(o.useRegularNms);
    assertEquals(1e-8f, o.nmsScoreThreshold);
    assertEquals(0.6f, o.nmsIouThreshold);
    assertEquals(90, o.numClasses);
    assertEquals(10f, o.yScale);
    assertEquals(5f, o.wScale);
    assertEquals(10, o.detectedBoxes());
  }

  @Test
  void optionalKeysDefaultAsInTflite() {
    Map<String, Object> m = ssd();
    m.put("detections_per_class", null);
    m.put("use_regular_nms", null);
    DetectionOptions o = DetectionOptionsParser.parse(flex(m));
    assertEquals(DetectionOptions.DEFAULT_DETECTIONS_PER_CLASS, o.detectionsPerClass);
    assertFalse(o.useRegularNms);
  }

  @Test
  void doublesAndIntegersAreNarrowedLikeAsFloat() {
    Map<String, Object> m = ssd();
    m.put("nms_iou_threshold", 0.1);
    m.put("y_scale", 10);
    DetectionOptions o = DetectionOptionsParser.parse(flex(m));
    assertEquals((float) 0.1, o.nmsIouThreshold);
    assertEquals(10f, o.yScale);
  }

  @Test
  void missingRequiredKeysAreNamed() {
    for (String key : new String[] {"max_detections", "max_classes_per_detection", "nms_score_threshold",
        "nms_iou_threshold", "num_classes", "y_scale", "x_scale", "h_scale", "w_scale"}) {
      Map<String, Object> m = ssd();
      m.put(key, null);
      assertEquals("TFLite_Detection_PostProcess custom_options: " + key + " is missing", error(m));
    }
  }

  @Test
  void wrongTypesAreNamed() {
    Map<String, Object> m = ssd();
    m.put("max_detections", "ten");
    assertEquals("TFLite_Detection_PostProcess custom_options: max_detections is a string \"ten\", expected an integer",
        error(m));
    m = ssd();
    m.put("num_classes", 90.0f);
    assertTrue(error(m).contains("num_classes is a float, expected an integer"));
    m = ssd();
    m.put("use_regular_nms", 2);
    assertTrue(error(m).contains("use_regular_nms is an integer, expected a boolean"));
    m = ssd();
    m.put("h_scale", true);
    assertTrue(error(m).contains("h_scale is a boolean, expected a number"));
  }

  @Test
  void outOfRangeValuesAreNamed() {
    Object[][] cases = {
      {"max_detections", 0, "max_detections is 0, expected 1..65536"},
      {"max_detections", -5, "max_detections is -5, expected 1..65536"},
      {"max_classes_per_detection", 0, "max_classes_per_detection is 0, expected 1..65536"},
      {"num_classes", 0, "num_classes is 0, expected 1..1048576"},
      {"nms_iou_threshold", 0f, "nms_iou_threshold is 0.0, expected a value in (0, 1]"},
      {"nms_iou_threshold", 1.5f, "nms_iou_threshold is 1.5, expected a value in (0, 1]"},
      {"nms_iou_threshold", Float.NaN, "nms_iou_threshold is NaN, expected a value in (0, 1]"},
      {"nms_score_threshold", Float.NaN, "nms_score_threshold is NaN, expected a number"},
      {"y_scale", 0f, "y_scale is 0.0, expected a finite non-zero number"},
      {"w_scale", Float.POSITIVE_INFINITY, "w_scale is Infinity, expected a finite non-zero number"},
    };
    for (Object[] c : cases) {
      Map<String, Object> m = ssd();
      m.put((String) c[0], c[1]);
      String message = error(m);
      assertTrue(message.contains((String) c[2]), message);
    }
    Map<String, Object> m = ssd();
    m.put("max_detections", 1000);
    m.put("max_classes_per_detection", 1000);
    assertTrue(error(m).contains("max_detections (1000) * max_classes_per_detection (1000) must be at most 65536"));
  }

  @Test
  void regularNmsNeedsPositiveDetectionsPerClassAndOneClassPerDetection() {
    Map<String, Object> m = ssd();
    m.put("use_regular_nms", true);
    m.put("detections_per_class", 0);
    assertTrue(error(m).contains("detections_per_class is 0, expected at least 1"));
    m = ssd();
    m.put("use_regular_nms", true);
    m.put("max_classes_per_detection", 3);
    assertTrue(error(m).contains("max_classes_per_detection is 3 with use_regular_nms; expected 1"));
    m = ssd();
    m.put("max_classes_per_detection", 91);
    assertTrue(error(m).contains("max_classes_per_detection is 91, more than num_classes (90)"));
    m = ssd();
    m.put("detections_per_class", 0); // fast NMS ignores it, as TFLite does
    assertEquals(0, DetectionOptionsParser.parse(flex(m)).detectionsPerClass);
  }

  @Test
  void malformedBuffersAreCleanErrors() {
    assertTrue(assertThrows(DetectionException.class, () -> DetectionOptionsParser.parse(null)).getMessage()
        .contains("has no custom_options"));
    assertTrue(assertThrows(DetectionException.class, () -> DetectionOptionsParser.parse(new byte[0])).getMessage()
        .contains("has no custom_options"));
    assertTrue(assertThrows(DetectionException.class, () -> DetectionOptionsParser.parse(new byte[] {1, 2}))
        .getMessage().contains("is not a valid FlexBuffer"));
    FlexBuffersBuilder fb = new FlexBuffersBuilder();
    fb.putInt(7);
    ByteBuffer bb = fb.finish();
    byte[] scalar = new byte[bb.remaining()];
    bb.get(scalar);
    assertEquals("TFLite_Detection_PostProcess custom_options: the FlexBuffer root is an integer, expected a map",
        assertThrows(DetectionException.class, () -> DetectionOptionsParser.parse(scalar)).getMessage());
  }

  /** Random corruption of valid options: parse succeeds or throws DetectionException, nothing else. */
  @Test
  void corruptedBuffersNeverEscapeAsOtherExceptions() {
    byte[] valid = flex(ssd());
    Random r = new Random(14);
    int errors = 0;
    for (int i = 0; i < 20000; i++) {
      byte[] b = valid.clone();
      int flips = 1 + r.nextInt(4);
      for (int f = 0; f < flips; f++) {
        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
      }
      if (r.nextInt(10) == 0) {
        b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
      }
      try {
        DetectionOptionsParser.parse(b);
      } catch (DetectionException e) {
        assertTrue(e.getMessage().startsWith("TFLite_Detection_PostProcess"), e.getMessage());
        errors++;
      }
    }
    assertTrue(errors > 1000, "most corruptions are caught: " + errors);
  }
}

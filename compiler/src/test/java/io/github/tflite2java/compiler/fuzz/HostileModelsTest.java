package io.github.tflite2java.compiler.fuzz;

import io.github.tflite2java.compiler.ops.Conv2d;
import io.github.tflite2java.compiler.ops.Pool2d;
import io.github.tflite2java.compiler.ops.Softmax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Problem;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hostile models of issue 6, one by one: each must end in a {@link ModelCompileException}
 * naming the problem, quickly and without a large allocation. Also pins the crashes the fuzzer
 * found.
 */
class HostileModelsTest {

  static final QuantParams ACT = QuantParams.perTensor(0.02f, 128);

  /** Reads and compiles; expects a rejection carrying {@code id}, returns its message. */
  static String rejected(byte[] model, String id) {
    ModelCompileException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertThrows(ModelCompileException.class, () -> compile(model)));
    List<String> ids = e.problems().stream().map(Problem::id).collect(Collectors.toList());
    assertTrue(ids.contains(id), "expected " + id + " in " + ids + ": " + e.getMessage());
    assertEquals(null, FuzzHarness.usefulness(e, "hostile.tflite"), e.getMessage());
    return e.getMessage();
  }

  static GeneratedSource compile(byte[] model) throws ModelCompileException {
    return Tflite2JavaCompiler.compile(TfliteReader.read("hostile.tflite", model),
        "hostile.Model", CompileOptions.defaults());
  }

  static void assertContains(String haystack, String needle) {
    assertTrue(haystack.contains(needle), "'" + needle + "' not in: " + haystack);
  }

  /** input [1,4,4,3] -> CONV_2D 3x3 (2 filters) -> [1,4,4,2], uint8. */
  static TfliteModelBuilder conv(QuantParams in, QuantParams filter, QuantParams out) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.UINT8, new int[] {1, 4, 4, 3}, in);
    int w = b.addConstantTensor("w", TensorType.UINT8, new int[] {2, 3, 3, 3}, filter,
        ModelSpecGenerator.bytes(new Random(1), 54));
    int bias = b.addConstantTensor("b", TensorType.INT32, new int[] {2}, QuantParams.NONE,
        ModelSpecGenerator.int32s(new Random(2), 2));
    int y = b.addTensor("y", TensorType.UINT8, new int[] {1, 4, 4, 2}, out);
    b.addOperator(BuiltinOperator.CONV_2D, new int[] {x, w, bias}, new int[] {y},
        new Conv2d.Options(Padding.SAME, 1, 1, 1, 1, Activation.NONE));
    return b.inputs(x).outputs(y);
  }

  static TfliteModelBuilder conv() {
    return conv(ACT, QuantParams.perTensor(0.01f, 120), ACT);
  }

  @Test
  void theBaseModelCompiles() throws Exception {
    InMemoryJavac.compile(compile(conv().build()));
  }

  @Test
  void aOneMegabyteFileClaimingATrillionElementsFailsFast() {
    TfliteModelBuilder b = conv();
    b.rawShape(0, new int[] {1, 1 << 20, 1 << 20, 1});
    b.addConstantTensor("padding", TensorType.UINT8, new int[] {1 << 20}, QuantParams.NONE,
        new byte[1 << 20]);
    byte[] model = b.build();
    assertTrue(model.length > 1 << 20);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
        java.lang.management.ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();
    ModelCompileException e = assertThrows(ModelCompileException.class, () -> compile(model));
    long millis = (System.nanoTime() - start) / 1_000_000;
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals(TfliteReader.TENSOR_TOO_LARGE, e.problems().get(0).id(), e.getMessage());
    assertContains(e.getMessage(), "[1,1048576,1048576,1]");
    // The model bytes are copied once or twice, nothing in proportion to the claimed shape.
    assertTrue(allocated < 64L << 20, "allocated " + allocated + " bytes");
    assertTrue(millis < 5_000, "took " + millis + " ms");
  }

  @ParameterizedTest
  @ValueSource(strings = {"self", "later", "reversed"})
  void cyclesAndTensorsUsedBeforeTheyAreProduced(String how) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.UINT8, new int[] {1, 4, 4, 3}, ACT);
    int y = b.addTensor("y", TensorType.UINT8, new int[] {1, 4, 4, 3}, ACT);
    int z = b.addTensor("z", TensorType.UINT8, new int[] {1, 4, 4, 3}, ACT);
    OperatorOptions pool = new Pool2d.Options(Padding.SAME, 1, 1, 1, 1,
        Activation.NONE);
    switch (how) {
      case "self":
        b.addOperator(BuiltinOperator.MAX_POOL_2D, new int[] {y}, new int[] {y}, pool);
        b.addOperator(BuiltinOperator.MAX_POOL_2D, new int[] {y}, new int[] {z}, pool);
        break;
      case "later":
        b.addOperator(BuiltinOperator.MAX_POOL_2D, new int[] {z}, new int[] {y}, pool);
        b.addOperator(BuiltinOperator.MAX_POOL_2D, new int[] {y}, new int[] {z}, pool);
        break;
      default:
        b.addOperator(BuiltinOperator.MAX_POOL_2D, new int[] {y}, new int[] {z}, pool);
        b.addOperator(BuiltinOperator.MAX_POOL_2D, new int[] {x}, new int[] {y}, pool);
    }
    String m = rejected(b.inputs(x).outputs(z).build(), "tflite2java/InvalidModel");
    assertContains(m, "before any operator produces it");
  }

  @Test
  void bufferOfTheWrongSizeForItsShape() {
    TfliteModelBuilder b = conv();
    b.rawBufferIndex(1, 2); // the filter points at the bias's 8 bytes
    String m = rejected(b.build(), TfliteReader.CORRUPT);
    assertContains(m, "has 8 bytes of data, expected 54");
  }

  @ParameterizedTest
  @ValueSource(floats = {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
  void badActivationScales(float scale) {
    String m = rejected(conv(QuantParams.perTensor(scale, 128), QuantParams.perTensor(0.01f, 1),
        ACT).build(), "tflite2java/InvalidModel");
    assertContains(m, "expected a positive finite number");
  }

  @ParameterizedTest
  @ValueSource(floats = {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY})
  void badFilterScales(float scale) {
    String m = rejected(conv(ACT, QuantParams.perTensor(scale, 1), ACT).build(),
        "tflite2java/InvalidModel");
    assertContains(m, "filter");
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 256, 1000})
  void zeroPointsOutOfRange(long zp) {
    String m = rejected(conv(ACT, QuantParams.perTensor(0.01f, 1),
        new QuantParams(new float[] {0.02f}, new long[] {zp}, 0)).build(),
        "tflite2java/InvalidModel");
    assertContains(m, "outside the UINT8 range");
  }

  @ParameterizedTest
  @ValueSource(longs = {1L << 32, Long.MIN_VALUE})
  void zeroPointsBeyondThirtyTwoBitsAreCorrupt(long zp) {
    // TFLite would silently truncate these to int32 (2^32 to 0).
    String m = rejected(conv(ACT, QuantParams.perTensor(0.01f, 1),
        new QuantParams(new float[] {0.02f}, new long[] {zp}, 0)).build(),
        TfliteReader.CORRUPT);
    assertContains(m, "outside the 32-bit range");
  }

  @Test
  void perChannelScaleCountThatDoesNotMatch() {
    TfliteModelBuilder b = conv(ACT, new QuantParams(new float[] {0.01f, 0.02f, 0.03f},
        new long[3], 0), ACT);
    String m = rejected(b.build(), TfliteReader.CORRUPT);
    assertContains(m, "3 per-channel scales but dimension 0 of shape [2,3,3,3] is 2");
  }

  @Test
  void perChannelZeroPointCountThatDoesNotMatch() {
    String m = rejected(conv(ACT, new QuantParams(new float[] {0.01f, 0.02f}, new long[1], 0),
        ACT).build(), TfliteReader.CORRUPT);
    assertContains(m, "2 quantization scales but 1 zero points");
  }

  @Test
  void hugeMultiplierFromExtremeScales() {
    // uint8 folds input x filter scale in float32: 1e30 * 1e30 overflows to infinity.
    String m = rejected(conv(QuantParams.perTensor(1e30f, 128), QuantParams.perTensor(1e30f, 1),
        ACT).build(), "tflite2java/InvalidModel");
    assertContains(m, "multiplier");
  }

  @Test
  void softmaxOfAScalar() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    QuantParams prob = QuantParams.perTensor(1f / 256, 0);
    int x = b.addTensor("x", TensorType.UINT8, new int[0], ACT);
    int y = b.addTensor("y", TensorType.UINT8, new int[0], prob);
    b.addOperator(BuiltinOperator.SOFTMAX, new int[] {x}, new int[] {y},
        new Softmax.Options(1f));
    String m = rejected(b.inputs(x).outputs(y).build(), "tflite2java/InvalidModel");
    assertContains(m, "rank");
  }

  @Test
  void softmaxWithAnOutputShapeUnlikeItsInput() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    QuantParams prob = QuantParams.perTensor(1f / 256, 0);
    int x = b.addTensor("x", TensorType.UINT8, new int[] {1, 1001}, ACT);
    int y = b.addTensor("y", TensorType.UINT8, new int[] {1, 10}, prob);
    b.addOperator(BuiltinOperator.SOFTMAX, new int[] {x}, new int[] {y},
        new Softmax.Options(1f));
    String m = rejected(b.inputs(x).outputs(y).build(), "tflite2java/InvalidModel");
    assertContains(m, "shape");
  }

  @Test
  void modelInputPassedStraightToTheOutputWithANanScale() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.UINT8, new int[] {1, 4},
        QuantParams.perTensor(Float.NaN, 0));
    String m = rejected(b.inputs(x).outputs(x).build(), "tflite2java/InvalidModel");
    assertContains(m, "scale NaN");
  }

  @Test
  void thousandsOfBrokenOperatorsGiveAReadableList() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.UINT8, new int[] {1, 4, 4, 3}, ACT);
    int y = b.addTensor("y", TensorType.UINT8, new int[] {1, 4, 4, 3}, ACT);
    for (int i = 0; i < 5000; i++) {
      b.addCustomOperator("Hostile", new int[] {x, x}, new int[] {y}, null);
    }
    ModelCompileException e = assertThrows(ModelCompileException.class,
        () -> compile(b.inputs(x).outputs(y).build()));
    assertTrue(e.getMessage().length() < 20_000, "message of " + e.getMessage().length());
    assertContains(e.getMessage(), "more problems not listed");
    assertEquals(null, FuzzHarness.usefulness(e, "hostile.tflite"), e.getMessage());
  }

  @Test
  void detectionPostProcessWithMalformedCustomOptions() {
    java.util.Random rnd = new java.util.Random(7);
    // Absent, garbage, a truncated FlexBuffer, and a map missing required fields.
    byte[] valid = DetectionModels.options(5, 1, false, 3);
    byte[] truncated = java.util.Arrays.copyOf(valid, valid.length / 2);
    byte[] garbage = new byte[64];
    rnd.nextBytes(garbage);
    com.google.flatbuffers.FlexBuffersBuilder fb = new com.google.flatbuffers.FlexBuffersBuilder();
    int start = fb.startMap();
    fb.putInt("max_detections", 5);
    fb.endMap(null, start);
    java.nio.ByteBuffer bb = fb.finish();
    byte[] missing = new byte[bb.remaining()];
    bb.get(missing);
    String[] expected = {"no custom_options", "malformed custom_options",
        "malformed custom_options", "malformed custom_options"};
    byte[][] options = {null, garbage, truncated, missing};
    for (int k = 0; k < options.length; k++) {
      String m = rejected(DetectionModels.model(10, 3, options[k], 10, null, rnd),
          TfliteReader.CORRUPT);
      assertContains(m, "operator 0 (CUSTOM:TFLite_Detection_PostProcess)");
      assertContains(m, expected[k]);
    }
  }

  @Test
  void detectionPostProcessWithWrongSizeAnchors() {
    java.util.Random rnd = new java.util.Random(8);
    byte[] options = DetectionModels.options(5, 1, false, 3);
    for (int anchorRows : new int[] {9, 11, 1}) {
      String m = rejected(DetectionModels.model(10, 3, options, anchorRows, null, rnd),
          "tflite2java/InvalidModel");
      assertContains(m, "operator 0 (CUSTOM:TFLite_Detection_PostProcess)");
      assertContains(m, "anchors (input 2) have shape [" + anchorRows + ", 4], expected [10, 4]");
    }
    // Output shapes that contradict the options.
    String m = rejected(DetectionModels.model(10, 3, options, 10, 7, rnd),
        "tflite2java/InvalidModel");
    assertContains(m, "should be FLOAT32 of shape [1,5,4]");
  }

  @Test
  void detectionPostProcessWithAnchorsOfTheWrongSizeOrNotConstant() {
    java.util.Random rnd = new java.util.Random(10);
    byte[] options = DetectionModels.options(5, 1, false, 3);
    // The right shape, the wrong number of bytes: the reader names the tensor.
    for (int bytes : new int[] {39, 41, 1}) {
      String m = rejected(DetectionModels.model(10, 3, options, new int[] {10, 4}, bytes, rnd),
          TfliteReader.CORRUPT);
      assertContains(m, "tensor 2 'anchors' has " + bytes
          + " bytes of data, expected 40 for UINT8[10,4]");
    }
    // Not a constant.
    String m = rejected(DetectionModels.model(10, 3, options, new int[] {10, 4}, null, rnd),
        "tflite2java/InvalidModel");
    assertContains(m, "the anchors must be a constant tensor");
    // Another rank or width.
    for (int[] shape : new int[][] {{10, 3}, {1, 10, 4}, {40}}) {
      m = rejected(DetectionModels.model(10, 3, options, shape,
          java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y), rnd),
          "tflite2java/InvalidModel");
      assertContains(m, "anchors (input 2) have shape "
          + java.util.Arrays.toString(shape) + ", expected [10, 4]");
    }
  }

  /**
   * Custom options with values of the wrong FlexBuffer type, missing, out of range or not
   * finite, and a root that is not a map, through the whole compiler: a clean error naming the
   * operator and the field.
   */
  @Test
  void detectionPostProcessWithHostileOptionValues() {
    java.util.Random rnd = new java.util.Random(11);
    Object[][] cases = {
        {"num_classes", "str", "num_classes is a string \"str\", expected an integer"},
        {"max_detections", Long.MAX_VALUE, "max_detections is " + Long.MAX_VALUE},
        {"max_detections", 0L, "max_detections is 0, expected 1..65536"},
        {"nms_score_threshold", Double.NaN, "nms_score_threshold is NaN"},
        {"nms_iou_threshold", 0.0, "nms_iou_threshold is 0.0, expected a value in (0, 1]"},
        {"nms_iou_threshold", Double.POSITIVE_INFINITY, "nms_iou_threshold is Infinity"},
        {"h_scale", 0.0, "h_scale is 0.0, expected a finite non-zero number"},
        {"y_scale", 1e300, "y_scale is Infinity, expected a finite non-zero number"},
        {"x_scale", 1e-320, "expected a finite non-zero number"},
        {"use_regular_nms", "yes", "use_regular_nms is a string \"yes\", expected a boolean"},
        {"w_scale", new byte[] {1}, "w_scale is a blob, expected a number"},
    };
    for (Object[] c : cases) {
      com.google.flatbuffers.FlexBuffersBuilder fb = new com.google.flatbuffers.FlexBuffersBuilder(
          java.nio.ByteBuffer.allocate(512),
          com.google.flatbuffers.FlexBuffersBuilder.BUILDER_FLAG_SHARE_KEYS);
      int start = fb.startMap();
      java.util.Map<String, Object> values = new java.util.TreeMap<>(java.util.Map.of(
          "max_detections", 5L, "max_classes_per_detection", 1L, "nms_score_threshold", 0.3,
          "nms_iou_threshold", 0.5, "num_classes", 3L, "y_scale", 10.0, "x_scale", 10.0,
          "h_scale", 5.0, "w_scale", 5.0));
      values.put((String) c[0], c[1]);
      values.forEach((k, v) -> {
        if (v instanceof Long l) {
          fb.putInt(k, l.longValue());
        } else if (v instanceof Double d) {
          fb.putFloat(k, d.doubleValue());
        } else if (v instanceof String str) {
          fb.putString(k, str);
        } else {
          fb.putBlob(k, (byte[]) v);
        }
      });
      fb.endMap(null, start);
      java.nio.ByteBuffer bb = fb.finish();
      byte[] options = new byte[bb.remaining()];
      bb.get(options);
      String m = rejected(DetectionModels.model(10, 3, options, 10, null, rnd),
          TfliteReader.CORRUPT);
      assertContains(m, "operator 0 (CUSTOM:TFLite_Detection_PostProcess)");
      assertContains(m, "malformed custom_options");
      assertContains(m, (String) c[2]);
    }
  }

  /**
   * The fuzzer's hostile detection models ({@link DetectionModels#hostile}): each compiles (its
   * odd values are ones TFLite accepts too) or is rejected with a useful message naming the
   * operator or the anchor tensor; most are rejected.
   */
  @Test
  void hostileDetectionModelsAreCleanErrors() {
    int rejected = 0;
    int n = 300;
    for (int i = 0; i < n; i++) {
      java.util.Random rnd = new java.util.Random(0xDE7EC7L + i);
      StringBuilder log = new StringBuilder();
      byte[] model = DetectionModels.hostile(rnd, log);
      try {
        compile(model);
      } catch (ModelCompileException e) {
        assertEquals(null, FuzzHarness.usefulness(e, "hostile.tflite"), log + ": "
            + e.getMessage());
        assertTrue(e.getMessage().contains("TFLite_Detection_PostProcess")
            || e.getMessage().contains("'anchors'"), log + ": " + e.getMessage());
        rejected++;
      } catch (RuntimeException e) {
        throw new AssertionError("case " + i + log + ": " + e, e);
      }
    }
    assertTrue(rejected > n / 2, rejected + " of " + n + " rejected");
  }

  @Test
  void validDetectionModelsCompileToJava8() throws Exception {
    java.util.Random rnd = new java.util.Random(9);
    for (int i = 0; i < 3; i++) {
      GeneratedSource src = compile(DetectionModels.valid(rnd));
      assertContains(src.source(), "private static final class DetectionPostProcess");
      assertContains(src.source(), "private static final class GlibcExp");
      io.github.tflite2java.compiler.testing.InMemoryJavac.compile(src);
    }
  }
}

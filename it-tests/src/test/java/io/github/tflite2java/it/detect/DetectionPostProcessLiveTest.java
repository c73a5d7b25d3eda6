package io.github.tflite2java.it.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.flatbuffers.FlexBuffersBuilder;
import io.github.tflite2java.compiler.detect.DetectionException;
import io.github.tflite2java.compiler.detect.DetectionOptions;
import io.github.tflite2java.compiler.detect.DetectionOptionsParser;
import io.github.tflite2java.compiler.detect.DetectionPostProcess;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.TflModel;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflSubGraph;
import io.github.tflite2java.compiler.tflite.TflTensor;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.TfliteVersion;
import io.github.tflite2java.it.Golden;
import io.github.tflite2java.it.tflite.LiveTflite;
import io.github.tflite2java.it.tflite.LiveTfliteC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One-operator models holding only TFLite's CUSTOM {@code TFLite_Detection_PostProcess} (box
 * encodings and class predictions as model inputs, anchors a constant), run by live TFLite 2.9 C
 * on random inputs, against the Java reference {@link DetectionPostProcess}: every byte of the four
 * float32 outputs. Uint8 and float32 inputs, fast and regular NMS, several option sets, random
 * anchors and the real SSD MobileNet v2 model's anchors and options. Every uint8 case also
 * runs through the class tflite2java generates for the model ({@link GeneratedDetection}),
 * compared with TFLite on the rows TFLite writes.
 */
class DetectionPostProcessLiveTest {
  private static final String OP = "TFLite_Detection_PostProcess";
  private static final String SSD = "ssd_mobilenet_v2_coco_quant_postprocess";

  @BeforeAll
  static void library() {
    LiveTfliteC.require();
  }

  /** Options as the TF object detection exporter writes them (floats as float32). */
  static byte[] options(int maxDetections, int maxClassesPerDetection, Integer detectionsPerClass,
      Boolean regular, float scoreThreshold, float iouThreshold, int numClasses, float y, float x, float h, float w) {
    FlexBuffersBuilder fb = new FlexBuffersBuilder(ByteBuffer.allocate(1024), FlexBuffersBuilder.BUILDER_FLAG_SHARE_KEYS);
    int start = fb.startMap();
    fb.putInt("max_detections", maxDetections);
    fb.putInt("max_classes_per_detection", maxClassesPerDetection);
    if (detectionsPerClass != null) {
      fb.putInt("detections_per_class", detectionsPerClass.intValue());
    }
    if (regular != null) {
      fb.putBoolean("use_regular_nms", regular.booleanValue());
    }
    fb.putFloat("nms_score_threshold", scoreThreshold);
    fb.putFloat("nms_iou_threshold", iouThreshold);
    fb.putInt("num_classes", numClasses);
    fb.putFloat("y_scale", y);
    fb.putFloat("x_scale", x);
    fb.putFloat("h_scale", h);
    fb.putFloat("w_scale", w);
    fb.endMap(null, start);
    ByteBuffer bb = fb.finish();
    byte[] bytes = new byte[bb.remaining()];
    bb.get(bytes);
    return bytes;
  }

  /** A uint8 (or float32) one-operator detection model and its Java reference. */
  static final class Case {
    final String name;
    final byte[] options;
    final DetectionOptions parsed;
    final int numBoxes;
    final int classesWithBackground;
    final boolean floats;
    final QuantParams boxQuant;
    final QuantParams classQuant;
    final QuantParams anchorQuant;
    final byte[] anchorBytes; // uint8, or float32 little-endian
    int codeLength = 4; // box encoding length: y, x, h, w, then e.g. keypoints TFLite ignores
    boolean tieHeavy; // uint8 class predictions from four codes only: ties everywhere

    Case(String name, byte[] options, int numBoxes, int classesWithBackground, boolean floats, QuantParams boxQuant,
        QuantParams classQuant, QuantParams anchorQuant, byte[] anchorBytes) {
      this.name = name;
      this.options = options;
      this.parsed = DetectionOptionsParser.parse(options);
      this.numBoxes = numBoxes;
      this.classesWithBackground = classesWithBackground;
      this.floats = floats;
      this.boxQuant = boxQuant;
      this.classQuant = classQuant;
      this.anchorQuant = anchorQuant;
      this.anchorBytes = anchorBytes;
    }

    byte[] model() {
      TensorType t = floats ? TensorType.FLOAT32 : TensorType.UINT8;
      TfliteModelBuilder b = new TfliteModelBuilder();
      int boxes = b.addTensor("box_encodings", t, new int[] {1, numBoxes, codeLength},
          floats ? QuantParams.NONE : boxQuant);
      int classes = b.addTensor("class_predictions", t, new int[] {1, numBoxes, classesWithBackground},
          floats ? QuantParams.NONE : classQuant);
      int anchors = b.addConstantTensor("anchors", t, new int[] {numBoxes, 4}, floats ? QuantParams.NONE : anchorQuant,
          anchorBytes);
      int rows = parsed.detectedBoxes();
      int ob = b.addTensor("detection_boxes", TensorType.FLOAT32, new int[] {1, rows, 4});
      int oc = b.addTensor("detection_classes", TensorType.FLOAT32, new int[] {1, rows});
      int os = b.addTensor("detection_scores", TensorType.FLOAT32, new int[] {1, rows});
      int on = b.addTensor("num_detections", TensorType.FLOAT32, new int[] {1});
      b.addCustomOperator(OP, new int[] {boxes, classes, anchors}, new int[] {ob, oc, os, on}, options);
      return b.inputs(boxes, classes).outputs(ob, oc, os, on).build();
    }

    /** The Java reference's four outputs as little-endian float32 bytes. */
    byte[][] reference(byte[] boxBytes, byte[] classBytes) {
      return reference(boxBytes, classBytes, false);
    }

    /** As {@link #reference(byte[], byte[])}; with {@code tflite26}, regular NMS as TFLite 2.6.2. */
    byte[][] reference(byte[] boxBytes, byte[] classBytes, boolean tflite26) {
      float[] enc;
      float[] anchors;
      float[] scores;
      if (floats) {
        enc = floats(boxBytes);
        anchors = floats(anchorBytes);
        scores = floats(classBytes);
      } else {
        enc = DetectionPostProcess.dequantizeBoxes(boxBytes, boxQuant.zeroPoint(), boxQuant.scale());
        anchors = DetectionPostProcess.dequantizeBoxes(anchorBytes, anchorQuant.zeroPoint(), anchorQuant.scale());
        scores = DetectionPostProcess.dequantizeScores(classBytes, classQuant.zeroPoint(), classQuant.scale());
      }
      float[] decoded = DetectionPostProcess.decodeBoxes(parsed, enc, numBoxes, codeLength, anchors);
      int rows = parsed.detectedBoxes();
      float[] ob = new float[rows * 4];
      float[] oc = new float[rows];
      float[] os = new float[rows];
      float[] on = new float[1];
      if (tflite26) {
        DetectionPostProcess.runTflite26(parsed, decoded, numBoxes, scores, classesWithBackground, ob, oc, os, on);
      } else {
        DetectionPostProcess.run(parsed, decoded, numBoxes, scores, classesWithBackground, ob, oc, os, on);
      }
      return new byte[][] {bytes(ob), bytes(oc), bytes(os), bytes(on)};
    }
  }

  static float[] floats(byte[] b) {
    float[] f = new float[b.length / 4];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
    return f;
  }

  static byte[] bytes(float[] f) {
    ByteBuffer bb = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bb.asFloatBuffer().put(f);
    return bb.array();
  }

  static byte[] randomBytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  /** Random float box encodings (gaussian-ish, some large) and scores in [0, 1) with ties. */
  static byte[] randomFloats(Random r, int n, boolean scores) {
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = scores ? (r.nextInt(64) / 64f) : (float) (r.nextGaussian() * (r.nextInt(8) == 0 ? 12 : 2));
    }
    return bytes(f);
  }

  static byte[] randomAnchors(Random r, int numBoxes, boolean floats) {
    if (!floats) {
      return randomBytes(r, numBoxes * 4);
    }
    float[] a = new float[numBoxes * 4];
    for (int i = 0; i < numBoxes; i++) {
      a[4 * i] = r.nextFloat();
      a[4 * i + 1] = r.nextFloat();
      a[4 * i + 2] = 0.01f + r.nextFloat() * 0.5f;
      a[4 * i + 3] = 0.01f + r.nextFloat() * 0.5f;
    }
    return bytes(a);
  }

  /** Runs {@code runs} random inputs on fresh interpreters; returns how many detections TFLite made in all. */
  static long check(Case c, int runs, long seed) {
    byte[] model = c.model();
    // uint8 cases also run through the class tflite2java generates for the model.
    GeneratedDetection generated = c.floats ? null : new GeneratedDetection(model,
        c.parsed.detectedBoxes());
    Random r = new Random(seed);
    long detections = 0;
    for (int run = 0; run < runs; run++) {
      byte[] boxes = c.floats ? randomFloats(r, c.numBoxes * c.codeLength, false)
          : randomBytes(r, c.numBoxes * c.codeLength);
      byte[] classes = c.floats ? randomFloats(r, c.numBoxes * c.classesWithBackground, true)
          : randomBytes(r, c.numBoxes * c.classesWithBackground);
      if (c.tieHeavy) {
        for (int i = 0; i < classes.length; i++) {
          classes[i] = (byte) (180 + 20 * r.nextInt(4));
        }
      }
      byte[][] want;
      try (LiveTfliteC tflite = new LiveTfliteC(model)) {
        want = tflite.runAll(boxes, classes);
      }
      byte[][] got = c.reference(boxes, classes);
      // Fast NMS writes count * max_classes_per_detection rows; TFLite leaves the others as the arena
      // had them (not necessarily zero), the reference zeroes them. Regular NMS writes every row.
      int written = c.parsed.useRegularNms ? c.parsed.detectedBoxes()
          : (int) floats(want[3])[0] * c.parsed.maxClassesPerDetection;
      compare(c.name + " run " + run + " (seed " + seed + ")", want, got, written);
      if (generated != null) {
        compare(c.name + " run " + run + " (seed " + seed + "), generated class", want,
            generated.run(boxes, classes), written);
      }
      detections += (long) floats(want[3])[0];
    }
    return detections;
  }

  static void compare(String what, byte[][] want, byte[][] got, int writtenRows) {
    String[] names = {"boxes", "classes", "scores", "count"};
    for (int o = 0; o < 4; o++) {
      assertEquals(want[o].length, got[o].length, what + ": " + names[o] + " size");
      float[] w = floats(want[o]);
      float[] g = floats(got[o]);
      int n = o == 3 ? 1 : writtenRows * (o == 0 ? 4 : 1);
      for (int i = 0; i < n; i++) {
        if (Float.floatToRawIntBits(w[i]) != Float.floatToRawIntBits(g[i])) {
          fail(what + ": " + names[o] + "[" + i + "] TFLite " + w[i] + " (0x" + Integer.toHexString(Float.floatToRawIntBits(w[i]))
              + "), Java " + g[i] + " (0x" + Integer.toHexString(Float.floatToRawIntBits(g[i])) + "); count TFLite "
              + floats(want[3])[0] + ", Java " + floats(got[3])[0]);
        }
      }
    }
  }

  static Case randomCase(String name, byte[] options, int numBoxes, int classesWithBackground, boolean floats, long seed) {
    Random r = new Random(seed);
    return new Case(name, options, numBoxes, classesWithBackground, floats,
        QuantParams.perTensor(0.05f + r.nextFloat() * 0.1f, 100 + r.nextInt(56)),
        QuantParams.perTensor(1f / 256 + r.nextFloat() * 0.001f, r.nextInt(20)),
        QuantParams.perTensor(0.004f + r.nextFloat() * 0.002f, 0), randomAnchors(r, numBoxes, floats));
  }

  @Test
  void fastNmsOneClassPerDetection() {
    for (int s = 0; s < 6; s++) {
      Case c = randomCase("fast 1 class", options(10, 1, null, null, 0.3f, 0.5f, 6, 10, 10, 5, 5), 80, 7, false, s);
      assertTrue(check(c, 3, s) > 0);
    }
  }

  @Test
  void fastNmsSeveralClassesPerDetection() {
    for (int s = 0; s < 6; s++) {
      Case c = randomCase("fast 3 classes", options(8, 3, 7, false, 0.2f, 0.45f, 5, 10, 10, 5, 5), 64, 6, false, s);
      check(c, 3, 100 + s);
      Case all = randomCase("fast all 4 classes, no background", options(6, 4, null, false, 0.5f, 0.6f, 4, 8, 9, 4, 6),
          50, 4, false, s);
      check(all, 3, 200 + s);
    }
  }

  /**
   * Scores from four uint8 codes: the tie order of std::partial_sort (fast NMS, several classes),
   * std::stable_sort (per-class NMS) and std::inplace_merge (regular NMS across classes) decides
   * which detections come out and in which rows.
   */
  @Test
  void tieHeavyScores() {
    for (int s = 0; s < 8; s++) {
      Case fast = randomCase("ties, fast", options(12, 3, null, false, 0.1f, 0.5f, 8, 10, 10, 5, 5), 50, 9, false, s);
      fast.tieHeavy = true;
      check(fast, 3, 1300 + s);
      Case fastOne = randomCase("ties, fast, 1 class", options(12, 1, null, false, 0.1f, 0.5f, 8, 10, 10, 5, 5), 50, 9,
          false, s);
      fastOne.tieHeavy = true;
      check(fastOne, 3, 1400 + s);
      Case regular = randomCase("ties, regular", options(15, 1, 4, true, 0.1f, 0.4f, 6, 10, 10, 5, 5), 50, 6, false, s);
      regular.tieHeavy = true;
      check(regular, 3, 1500 + s);
    }
  }

  /** Box encodings longer than 4 (keypoint box coders): TFLite decodes the first four of each. */
  @Test
  void longerBoxEncodings() {
    for (int s = 0; s < 4; s++) {
      for (boolean floats : new boolean[] {false, true}) {
        Case c = randomCase("encodings of 6", options(10, 2, 3, false, 0.3f, 0.5f, 4, 10, 10, 5, 5), 40, 5, floats, s);
        c.codeLength = 6;
        check(c, 2, 1100 + s);
        Case regular = randomCase("encodings of 10, regular", options(10, 1, 3, true, 0.3f, 0.5f, 4, 10, 10, 5, 5), 40,
            5, floats, s);
        regular.codeLength = 10;
        check(regular, 2, 1200 + s);
      }
    }
  }

  @Test
  void regularNms() {
    for (int s = 0; s < 6; s++) {
      Case c = randomCase("regular", options(12, 1, 5, true, 0.25f, 0.5f, 7, 10, 10, 5, 5), 100, 8, false, s);
      assertTrue(check(c, 3, 300 + s) > 0);
      Case noBackground = randomCase("regular, no background", options(20, 1, 100, true, 0.6f, 0.3f, 3, 10, 10, 5, 5),
          40, 3, false, s);
      check(noBackground, 3, 400 + s);
    }
  }

  /**
   * High score thresholds: fewer detections than max_detections, so TFLite leaves rows unwritten in
   * fast NMS (not compared: they hold whatever the arena held) and pads with zeros in regular NMS.
   */
  @Test
  void sparseDetections() {
    long cases = 0;
    long partial = 0;
    for (int s = 0; s < 8; s++) {
      for (Case c : new Case[] {sparse("sparse fast", 10, 2, false, s), sparse("sparse fast, 3 classes", 5, 3, false, s),
          sparse("sparse regular", 10, 1, true, s)}) {
        long detections = check(c, 2, 900 + s);
        cases++;
        if (detections < 2L * c.parsed.maxDetections) {
          partial++;
        }
      }
    }
    assertTrue(partial > cases / 2, "cases with fewer detections than max_detections: " + partial + " of " + cases);
  }

  /** 20 boxes, 6 classes, a score threshold only the top 7 uint8 codes reach: a few detections. */
  static Case sparse(String name, int maxDetections, int maxClasses, boolean regular, long seed) {
    Case probe = randomCase(name, options(maxDetections, maxClasses, 3, regular, 0.5f, 0.5f, 6, 10, 10, 5, 5), 20, 7,
        false, seed);
    float threshold = probe.classQuant.scale() * (248 - probe.classQuant.zeroPoint());
    return new Case(name, options(maxDetections, maxClasses, 3, regular, threshold, 0.5f, 6, 10, 10, 5, 5), 20, 7,
        false, probe.boxQuant, probe.classQuant, probe.anchorQuant, probe.anchorBytes);
  }

  @Test
  void floatInputs() {
    for (int s = 0; s < 4; s++) {
      check(randomCase("float fast", options(10, 2, null, false, 0.4f, 0.5f, 5, 10, 10, 5, 5), 60, 6, true, s), 3, 500 + s);
      check(randomCase("float regular", options(10, 1, 4, true, 0.4f, 0.5f, 5, 10, 10, 5, 5), 60, 6, true, s), 3, 600 + s);
    }
  }

  /**
   * Float inputs at the edges of glibc's exp: encodings up to +-5000 (exp arguments past 512 and
   * 709, boxes of infinite size), subnormals, infinities and NaN; scores with NaN, negatives and
   * values above 1.
   */
  @Test
  void extremeFloatInputs() {
    float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -0f, 0f,
        3000f, -3000f, 3550f, -3740f, 2600f, -2600f, 5000f, 1e-30f};
    for (int s = 0; s < 6; s++) {
      Random r = new Random(1000 + s);
      for (boolean regular : new boolean[] {false, true}) {
        Case c = randomCase(regular ? "extreme regular" : "extreme fast",
            options(8, 1, 4, regular, 0.2f, 0.5f, 3, 10, 10, 5, 5), 30, 4, true, s);
        float[] enc = new float[30 * 4];
        float[] sc = new float[30 * 4];
        for (int i = 0; i < enc.length; i++) {
          int pick = r.nextInt(3);
          enc[i] = pick == 0 ? specials[r.nextInt(specials.length)]
              : pick == 1 ? (float) (r.nextGaussian() * 3000) : (float) r.nextGaussian();
          sc[i] = r.nextInt(10) == 0 ? specials[r.nextInt(specials.length)] : r.nextInt(40) / 16f - 0.5f;
        }
        byte[][] want;
        try (LiveTfliteC tflite = new LiveTfliteC(c.model())) {
          want = tflite.runAll(bytes(enc), bytes(sc));
        }
        byte[][] got = c.reference(bytes(enc), bytes(sc));
        int written = regular ? c.parsed.detectedBoxes() : (int) floats(want[3])[0];
        compare(c.name + " seed " + s, want, got, written);
      }
    }
  }

  /**
   * Four (h, anchor height) pairs, found by search, where {@code 0.5 * exp(h) * anchor_h} narrowed
   * to float differs between Java's {@code Math.exp} and glibc's {@code exp}: TFLite's boxes are
   * glibc's, bit for bit, and a Math.exp decoder would get all four wrong.
   */
  @Test
  void glibcExpDecidesTheseHalfSizes() {
    float[] h = {0x1.5162f6p1f, -0x1.b6378cp-2f, 0x1.c5cc98p-8f, 0x1.025f1p1f};
    float[] ah = {0x1.1dd034p-2f, 0x1.60dadp-2f, 0x1.50fdbcp-2f, 0x1.a21404p-3f};
    int n = h.length;
    float[] enc = new float[n * 4];
    float[] anchors = new float[n * 4];
    float[] scores = new float[n];
    for (int i = 0; i < n; i++) {
      enc[4 * i + 2] = h[i];
      enc[4 * i + 3] = h[i];
      anchors[4 * i + 2] = ah[i];
      anchors[4 * i + 3] = ah[i];
      scores[i] = 0.9f - i * 0.1f;
    }
    // IoU threshold 1: nothing is suppressed; y, x and their anchors 0: ymin = -half, ymax = half.
    Case c = new Case("glibc exp", options(n, 1, null, false, 0.5f, 1f, 1, 10, 10, 1, 1), n, 1, true, null, null, null,
        bytes(anchors));
    byte[][] want;
    try (LiveTfliteC tflite = new LiveTfliteC(c.model())) {
      want = tflite.runAll(bytes(enc), bytes(scores));
    }
    compare(c.name, want, c.reference(bytes(enc), bytes(scores)), n);
    float[] boxes = floats(want[0]);
    for (int i = 0; i < n; i++) {
      float withMathExp = (float) (0.5 * Math.exp((double) h[i] / 1.0) * (double) ah[i]);
      assertEquals(n, floats(want[3])[0]);
      assertTrue(boxes[4 * i + 2] != withMathExp,
          "row " + i + ": TFLite's half height " + boxes[4 * i + 2] + " is not Math.exp's " + withMathExp);
    }
  }

  /**
   * TFLite 2.6.2 (Java Interpreter) on uint8 cases, fast and regular NMS, with ties: its rows
   * equal the reference's (regular NMS with 2.6.2's algorithm, which picks and orders detections
   * unlike 2.9's) and those of the class compiled for TFLite 2.6; the class compiled for 2.9
   * differs from 2.6.2 on some regular-NMS case (so the two algorithms are both needed).
   */
  @Test
  void tflite262FastAndRegularNms() {
    CompileOptions v26 = CompileOptions.defaults().withTfliteVersion(TfliteVersion.V2_6);
    int regularDiffers29 = 0;
    long regularDetections = 0;
    for (int s = 0; s < 4; s++) {
      Case fast = randomCase("2.6.2 fast", options(8, 3, null, false, 0.2f, 0.45f, 5, 10, 10, 5, 5), 64, 6, false, s);
      Case one = randomCase("2.6.2 fast, 1 class", options(10, 1, null, false, 0.3f, 0.5f, 6, 10, 10, 5, 5), 80, 7,
          false, s);
      Case regular = randomCase("2.6.2 regular", options(12, 1, 5, true, 0.25f, 0.5f, 7, 10, 10, 5, 5), 100, 8,
          false, s);
      Case regularMany = randomCase("2.6.2 regular, detections_per_class > max_detections",
          options(6, 1, 20, true, 0.1f, 0.6f, 4, 10, 10, 5, 5), 90, 5, false, s);
      one.tieHeavy = s % 2 == 1;
      fast.tieHeavy = s % 2 == 0;
      regular.tieHeavy = s % 2 == 0;
      regularMany.tieHeavy = s % 2 == 1;
      for (Case c : new Case[] {fast, one, regular, regularMany}) {
        byte[] model = c.model();
        GeneratedDetection generated = new GeneratedDetection(model, c.parsed.detectedBoxes(), v26);
        Random r = new Random(2600 + s);
        for (int run = 0; run < 3; run++) {
          byte[] boxes = randomBytes(r, c.numBoxes * c.codeLength);
          byte[] classes = randomBytes(r, c.numBoxes * c.classesWithBackground);
          if (c.tieHeavy) {
            for (int i = 0; i < classes.length; i++) {
              classes[i] = (byte) (180 + 20 * r.nextInt(4));
            }
          }
          byte[][] want;
          try (LiveTflite tflite = new LiveTflite(model)) {
            want = tflite.runAll(boxes, classes);
          }
          // Regular NMS writes every row (zeros past the count); fast NMS the count's rows.
          int written = c.parsed.useRegularNms ? c.parsed.detectedBoxes()
              : (int) floats(want[3])[0] * c.parsed.maxClassesPerDetection;
          compare(c.name + " run " + run + " seed " + s, want, c.reference(boxes, classes, true), written);
          compare(c.name + " run " + run + " seed " + s + ", generated class", want, generated.run(boxes, classes),
              written);
          if (c.parsed.useRegularNms) {
            regularDetections += (long) floats(want[3])[0];
            byte[][] as29 = c.reference(boxes, classes, false);
            for (int o = 0; o < 4; o++) {
              if (!java.util.Arrays.equals(want[o], as29[o])) {
                regularDiffers29++;
                break;
              }
            }
          }
        }
      }
    }
    assertTrue(regularDetections > 0, "the regular-NMS cases should detect something");
    assertTrue(regularDiffers29 > 0, "TFLite 2.9's regular NMS gave 2.6.2's bytes on every case: the cases"
        + " do not tell the two algorithms apart");
  }

  /** The real SSD MobileNet v2's post-processing: its anchors, options and input quantization. */
  @Test
  void realSsdPostProcessing() throws Exception {
    byte[] modelBytes = Files.readAllBytes(Golden.sharedDir().resolve("models/real/" + SSD + ".tflite"));
    TflModel model = TflModel.root(modelBytes);
    TflSubGraph g = model.subgraph(0);
    TflOperator op = null;
    for (int i = 0; i < g.operatorsLength(); i++) {
      TflOperator candidate = g.operator(i);
      if (OP.equals(model.operatorCode((int) candidate.opcodeIndex()).customCode())) {
        op = candidate;
      }
    }
    assertTrue(op != null, "the SSD model has a " + OP + " operator");
    int[] in = op.inputs();
    TflTensor boxes = g.tensor(in[0]);
    TflTensor classes = g.tensor(in[1]);
    TflTensor anchors = g.tensor(in[2]);
    byte[] anchorBytes = model.buffer((int) anchors.buffer()).data();
    int numBoxes = boxes.shape()[1];
    DetectionOptions real = DetectionOptionsParser.parse(op.customOptions());
    System.out.println("SSD " + OP + ": " + numBoxes + " anchors (type " + anchors.type() + "), " + real);
    Case c = new Case("real SSD", op.customOptions(), numBoxes, classes.shape()[2], false, quant(boxes),
        quant(classes), quant(anchors), anchorBytes);
    check(c, 4, 700);
    // How often would Math.exp have changed a decoded box? Every uint8 h (and w) code against every anchor.
    float[] anchorsF = DetectionPostProcess.dequantizeBoxes(anchorBytes, quant(anchors).zeroPoint(), quant(anchors).scale());
    long differ = 0;
    for (int q = 0; q < 256; q++) {
      double h = ((float) q - (float) quant(boxes).zeroPoint()) * quant(boxes).scale();
      for (int i = 0; i < numBoxes; i++) {
        for (int k = 2; k < 4; k++) {
          double x = h / (k == 2 ? (double) real.hScale : (double) real.wScale);
          if ((float) (0.5 * Math.exp(x) * anchorsF[4 * i + k])
              != (float) (0.5 * io.github.tflite2java.compiler.floatmath.GlibcExp.exp(x) * anchorsF[4 * i + k])) {
            differ++;
          }
        }
      }
    }
    System.out.println("SSD half sizes (256 codes x " + numBoxes + " anchors x h,w) where Math.exp instead of glibc exp "
        + "changes the float: " + differ);
    // The model's detections_per_class is 0, which regular NMS rejects (see regularNmsWithoutDetectionsPerClassFails).
    byte[] flipped = options(real.maxDetections, real.maxClassesPerDetection, 100, !real.useRegularNms, real.nmsScoreThreshold, real.nmsIouThreshold, real.numClasses, real.yScale, real.xScale,
        real.hScale, real.wScale);
    check(new Case("real SSD, other NMS", flipped, numBoxes, classes.shape()[2], false, quant(boxes), quant(classes),
        quant(anchors), anchorBytes), 4, 800);
  }

  /**
   * What the parser rejects, TFLite rejects too: regular NMS with detections_per_class 0 fails the
   * invocation, and so does a decoded box with ymin > ymax (a negative anchor height).
   */
  @Test
  void tfliteFailsWhereTheReferenceRefuses() {
    Random r = new Random(9);
    byte[] bad = options(10, 1, 0, true, 0.3f, 0.5f, 4, 10, 10, 5, 5);
    Case template = randomCase("fast", options(10, 1, 0, false, 0.3f, 0.5f, 4, 10, 10, 5, 5), 20, 5, true, 9);
    assertEquals("TFLite_Detection_PostProcess custom_options: detections_per_class is 0, expected at least 1",
        assertThrows(DetectionException.class, () -> DetectionOptionsParser.parse(bad)).getMessage());
    TfliteModelBuilder b = new TfliteModelBuilder();
    int boxes = b.addTensor("box_encodings", TensorType.FLOAT32, new int[] {1, 20, 4});
    int classes = b.addTensor("class_predictions", TensorType.FLOAT32, new int[] {1, 20, 5});
    int anchors = b.addConstantTensor("anchors", TensorType.FLOAT32, new int[] {20, 4}, QuantParams.NONE,
        template.anchorBytes);
    int ob = b.addTensor("detection_boxes", TensorType.FLOAT32, new int[] {1, 10, 4});
    int oc = b.addTensor("detection_classes", TensorType.FLOAT32, new int[] {1, 10});
    int os = b.addTensor("detection_scores", TensorType.FLOAT32, new int[] {1, 10});
    int on = b.addTensor("num_detections", TensorType.FLOAT32, new int[] {1});
    b.addCustomOperator(OP, new int[] {boxes, classes, anchors}, new int[] {ob, oc, os, on}, bad);
    byte[] model = b.inputs(boxes, classes).outputs(ob, oc, os, on).build();
    try (LiveTfliteC tflite = new LiveTfliteC(model)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> tflite.runAll(randomFloats(r, 80, false), randomFloats(r, 100, true)));
      assertTrue(e.getMessage().contains("TfLiteInterpreterInvoke"), e.getMessage());
    }
    // Negative anchor heights: TFLite's ValidateBoxes fails, DetectionPostProcess.run throws.
    float[] a = floats(template.anchorBytes);
    a[4 * 3 + 2] = -0.2f;
    Case negative = new Case("negative anchor", template.options, 20, 5, true, null, null, null, bytes(a));
    byte[] boxBytes = randomFloats(r, 80, false);
    byte[] classBytes = randomFloats(r, 100, true);
    try (LiveTfliteC tflite = new LiveTfliteC(negative.model())) {
      assertThrows(IllegalStateException.class, () -> tflite.runAll(boxBytes, classBytes));
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> negative.reference(boxBytes, classBytes));
    assertTrue(e.getMessage().startsWith("decoded box 3 has ymin > ymax or xmin > xmax"), e.getMessage());
  }

  static QuantParams quant(TflTensor t) {
    return QuantParams.perTensor(t.quantization().scale()[0], t.quantization().zeroPoint()[0]);
  }


}

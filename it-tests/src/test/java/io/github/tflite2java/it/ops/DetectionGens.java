package io.github.tflite2java.it.ops;

import static io.github.tflite2java.it.ops.OpGenerators.fmt;

import com.google.flatbuffers.FlexBuffersBuilder;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.TfliteDetectionPostProcess;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The randomized suite's {@code TFLite_Detection_PostProcess} rows (issue 14): one-operator
 * models of TFLite's CUSTOM detection post-processing, one row per NMS mode so that every run
 * has both, each compared with TFLite 2.9.0 C and 2.6.2 Java (regular NMS differs between the
 * two; {@code tfliteVersion 2.6} compiles 2.6.2's).
 */
final class DetectionGens {
  private DetectionGens() {}

  /** The CUSTOM operator's code ({@code OperatorRegistry} names it CUSTOM:code). */
  static final String CODE = TfliteDetectionPostProcess.CUSTOM_CODE;

  static final String FAST_ROW = "TFLITE_DETECTION_POSTPROCESS/FAST_NMS";
  static final String REGULAR_ROW = "TFLITE_DETECTION_POSTPROCESS/REGULAR_NMS";
  /** The rows of these generators. */
  static final List<String> ROWS = List.of(FAST_ROW, REGULAR_ROW);
  /**
   * The rows compiled differently for the two TFLite builds (regular NMS), whose cases must tell
   * the builds apart (OpFuzzTest's sensitivity check; every output byte of these is specified).
   */
  static final List<String> VERSIONED_ROWS = List.of(REGULAR_ROW);

  private static final Pattern OPTIONS = Pattern.compile("(\\d+) classes.*max_detections=(\\d+),"
      + ".*detections_per_class=(-?\\d+|absent),.*score>=([^,]+),");

  /**
   * The row's cases exercise the operator: over the input sets TFLite ran, some detect nothing,
   * some fewer than max_detections (fast NMS: rows left unwritten), some exactly
   * max_detections, in some NMS suppressed a box that scored above the threshold (fewer
   * detections than the boxes above it allowed), and among the detections of some, two scores
   * are tied.
   */
  static void coverage(String row, List<FuzzRunner.Prepared> batch) {
    int sets = 0;
    int none = 0;
    int partial = 0;
    int full = 0;
    int tied = 0;
    int suppressed = 0;
    for (FuzzRunner.Prepared p : batch) {
      byte[][][] out = p.expected().get(Target.TFLITE_2_9);
      out = out != null ? out : p.expected().get(Target.TFLITE_2_6);
      Matcher m = OPTIONS.matcher(p.c().description());
      if (out == null || p.c().deliberatelyUnsupported() || !m.find()) {
        continue;
      }
      int numClasses = Integer.parseInt(m.group(1));
      int maxDetections = Integer.parseInt(m.group(2));
      int perClass = m.group(3).equals("absent") ? 100 : Integer.parseInt(m.group(3));
      float threshold = Float.parseFloat(m.group(4));
      Act classAct = p.c().inputs().get(1);
      int boxes = classAct.dim(1);
      int columns = classAct.dim(2);
      for (int k = 0; k < out.length; k++) {
        byte[][] set = out[k];
        if (set == null) {
          continue;
        }
        // The most detections without suppression: boxes (fast NMS) or boxes per class up to
        // detections_per_class (regular NMS) scoring at or above the threshold.
        byte[] q = p.c().inputs(k)[1];
        int bound = 0;
        for (int c = 0; c < numClasses; c++) {
          int candidates = 0;
          for (int b = 0; b < boxes; b++) {
            boolean above = false;
            for (int cc = row.equals(FAST_ROW) ? 0 : c; cc < (row.equals(FAST_ROW) ? numClasses
                : c + 1); cc++) {
              int code = q[b * columns + columns - numClasses + cc] & 0xff;
              above |= (float) ((double) classAct.scale() * (code - classAct.zeroPoint()))
                  >= threshold;
            }
            candidates += above ? 1 : 0;
          }
          bound += row.equals(FAST_ROW) ? candidates : Math.min(candidates, perClass);
          if (row.equals(FAST_ROW)) {
            break;
          }
        }
        int count = (int) floats(set[3])[0];
        float[] scores = floats(set[2]);
        int perDetection = scores.length / maxDetections;
        sets++;
        none += count == 0 ? 1 : 0;
        partial += count > 0 && count < maxDetections ? 1 : 0;
        full += count == maxDetections ? 1 : 0;
        suppressed += count < Math.min(maxDetections, bound) ? 1 : 0;
        java.util.Set<Float> seen = new java.util.HashSet<>();
        boolean tie = false;
        for (int i = 0; i < count * perDetection; i += perDetection) {
          tie |= !seen.add(scores[i]);
        }
        tied += tie ? 1 : 0;
      }
    }
    String summary = String.format(java.util.Locale.ROOT, "%s: of %d input sets TFLite ran, %d"
        + " detect nothing, %d fewer than max_detections, %d max_detections; in %d NMS"
        + " suppressed a box above the threshold; %d have tied scores among their detections",
        row, sets, none, partial, full, suppressed, tied);
    System.out.println("[op-fuzz] " + summary);
    org.junit.jupiter.api.Assertions.assertTrue(
        sets >= 30 && none > 0 && partial > 0 && full > 0 && suppressed > 0 && tied > 0,
        summary);
  }

  private static float[] floats(byte[] b) {
    float[] f = new float[b.length / 4];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
    return f;
  }

  /**
   * Random detection post-processing: 1 to 64 boxes (now and then up to 160), box encodings of
   * 4 (sometimes 5 to 10) values, 1 to 12 classes with or without a background column, uint8
   * box encodings and class predictions (the inputs, random scales and zero points) and a
   * constant uint8 anchor tensor (random scale and zero point; heights and widths at or above
   * the zero point, as TFLite fails the invocation on a negative one). Options drawn at random:
   * max_detections 1 to 20 or (40%) from the number of boxes to 5 more, max_classes_per_detection
   * 1 to num_classes (fast NMS), detections_per_class (absent: 100; regular NMS 1 to 40),
   * use_regular_nms (written as a boolean or an integer; absent is false), score thresholds on
   * an exact quantized score (scores equal to it are kept; half of them a few codes above the
   * zero point), between two, at or below zero, or above every score, IoU thresholds in (0, 1] including 1 and tiny ones, y/x/h/w scales from
   * 0.5 to 20 of either sign, floats written as float32 or float64 FlexBuffer values.
   *
   * <p>Ties, scores below the threshold and heavy overlap all happen: scores are uint8 codes
   * (the suite's "extremes" input set has three codes only, "near zero point" mostly scores
   * near 0); half the cases have box encodings of small scale (boxes near their anchors), and
   * of those 80% (of the others 30%) have every anchor one of up to three anchors jittered by a
   * code or two, so that most boxes overlap most others.
   *
   * <p><b>What is compared.</b> Regular NMS writes every output row (zeros past the count, in
   * both TFLite builds and in tflite2java): every byte is compared. Fast NMS writes the first
   * {@code count * max_classes_per_detection} rows only; TFLite leaves the others as its arena
   * held them (earlier invocations' results, or uninitialized memory; see
   * docs/tflite-versions.md), so of the boxes, classes and scores only those rows are compared
   * (and the count, in full); everything TFLite specifies is compared byte for byte.
   *
   * <p>Deliberately unsupported variants (the compile error must name the problem, TFLite runs
   * them): float32 inputs and anchors (tflite2java takes uint8 only), max_classes_per_detection
   * above num_classes (TFLite leaves columns of every detection unwritten), and regular NMS
   * with max_classes_per_detection above 1 (TFLite leaves rows unwritten).
   */
  static final class DetectionGen extends GenBase {
    private final boolean regular;

    DetectionGen(boolean regular) {
      super("CUSTOM:" + CODE, regular ? REGULAR_ROW : FAST_ROW, TensorType.UINT8);
      this.regular = regular;
    }

    @Override
    public boolean inChains() {
      return false;
    }

    @Override
    public boolean accepts(Act in) {
      return false;
    }

    /** The box encodings {@code [1, boxes, 4 or more]}: uint8, or (rarely) float32. */
    @Override
    public Act input(Net n, TensorType type) {
      Rnd r = n.rnd;
      int boxes = r.chance(0.1) ? r.between(65, 160) : r.chance(0.3) ? r.between(1, 6)
          : r.between(1, 64);
      int codeLength = r.chance(0.8) ? 4 : r.between(5, 10);
      int[] shape = {1, boxes, codeLength};
      if (r.chance(0.07)) {
        return n.input(TensorType.FLOAT32, shape, (float) r.logUniform(0.5, 4), 0);
      }
      // Half the cases with small encodings: boxes stay near their anchors (and overlap).
      return n.input(TensorType.UINT8, shape, (float) (r.chance(0.5) ? r.logUniform(0.002, 0.02)
          : r.logUniform(0.02, 0.3)), r.zeroPoint(TensorType.UINT8));
    }

    @Override
    public Act append(Net n, Act in) {
      return appendOutputs(n, in).get(0);
    }

    @Override
    public List<Act> appendOutputs(Net n, Act in) {
      Rnd r = n.rnd;
      boolean floats = in.type() == TensorType.FLOAT32;
      int boxes = in.dim(1);
      int numClasses = r.chance(0.4) ? r.between(1, 3) : r.between(1, 12);
      int columns = numClasses + (r.chance(0.6) ? 1 : 0);
      Act classes;
      float classScale = 0;
      int classZp = 0;
      if (floats) {
        classes = n.input(TensorType.FLOAT32, new int[] {1, boxes, columns}, 1f, 0);
        n.unsupported("must be uint8", "float32 inputs");
      } else {
        classScale = r.chance(0.3) ? 1f / 256 : (float) r.logUniform(1e-3, 0.05);
        classZp = r.chance(0.5) ? 0 : r.chance(0.6) ? r.between(1, 30)
            : r.zeroPoint(TensorType.UINT8);
        classes = n.input(TensorType.UINT8, new int[] {1, boxes, columns}, classScale, classZp);
      }

      int maxDetections = r.chance(0.4) ? r.between(boxes, boxes + 5) : r.between(1, 20);
      int maxClasses = 1;
      if (!regular && numClasses > 1 && r.chance(0.6)) {
        maxClasses = r.between(2, numClasses);
      }
      if (!floats && r.chance(0.06)) {
        if (regular) {
          maxClasses = r.between(2, 3);
          n.unsupported("with use_regular_nms; expected 1",
              "regular NMS with max_classes_per_detection " + maxClasses);
        } else {
          maxClasses = numClasses + r.between(1, 2);
          n.unsupported("more than num_classes",
              "max_classes_per_detection above num_classes");
        }
      }
      Integer perClass = regular
          ? (r.chance(0.2) ? null : r.chance(0.5) ? r.between(1, 4) : r.between(1, 40))
          : (r.chance(0.5) ? null : r.between(-3, 30));
      // Real values: written as float64 they are narrowed by the reader (as TFLite's AsFloat).
      double scoreThreshold = scoreThreshold(r, floats, classScale, classZp);
      double iouThreshold = r.chance(0.15) ? 1 : r.chance(0.1) ? r.logUniform(1e-6, 0.01)
          : r.chance(0.15) ? 0.5 : r.uniform(0.05, 0.95);
      double[] scales = new double[4];
      for (int k = 0; k < 4; k++) {
        scales[k] = r.chance(0.4) ? (k < 2 ? 10 : 5) : r.logUniform(0.5, 20);
        if (r.chance(0.08)) {
          scales[k] = -scales[k];
        }
      }
      boolean doubles = r.chance(0.3);
      int regularAs = regular ? 1 : r.chance(0.4) ? -1 : 0; // -1: absent
      boolean regularAsInt = r.chance(0.25);
      byte[] options = options(maxDetections, maxClasses, perClass, regularAs, regularAsInt,
          scoreThreshold, iouThreshold, numClasses, scales, doubles);

      int anchors = anchors(n, boxes, floats, in.scale() < 0.02 ? 0.8 : 0.3);
      int rows = maxDetections * maxClasses;
      Act ob = n.tensor(TensorType.FLOAT32, new int[] {1, rows, 4}, 0, 0);
      Act oc = n.tensor(TensorType.FLOAT32, new int[] {1, rows}, 0, 0);
      Act os = n.tensor(TensorType.FLOAT32, new int[] {1, rows}, 0, 0);
      Act on = n.tensor(TensorType.FLOAT32, new int[] {1}, 0, 0);
      n.customOp(CODE, new int[] {in.index(), classes.index(), anchors},
          new int[] {ob.index(), oc.index(), os.index(), on.index()}, options,
          fmt("%s NMS, %d classes%s, max_detections=%d, max_classes_per_detection=%d,"
              + " detections_per_class=%s, use_regular_nms %s%s, score>=%s, iou>%s,"
              + " scales y=%s x=%s h=%s w=%s (%s) -> 4 x f32[%d rows]",
              regular ? "regular" : "fast", numClasses, columns > numClasses ? "+background" : "",
              maxDetections, maxClasses, perClass == null ? "absent" : perClass,
              regularAs < 0 ? "absent" : regularAs == 1 ? "true" : "false",
              regularAs >= 0 && regularAsInt ? " (as int)" : "", (float) scoreThreshold,
              (float) iouThreshold, (float) scales[0], (float) scales[1], (float) scales[2],
              (float) scales[3], doubles ? "float64" : "float32",
              rows));
      if (!regular) {
        int perDetection = maxClasses;
        // Fast NMS writes count * max_classes_per_detection rows; the rest is TFLite's arena.
        n.specifiedBytes(expected -> {
          float count = ByteBuffer.wrap(expected[3]).order(ByteOrder.LITTLE_ENDIAN).getFloat(0);
          int written = Math.max(0, Math.min(rows, (int) count * perDetection));
          return new int[] {written * 16, written * 4, written * 4, 4};
        });
      }
      return List.of(ob, oc, os, on);
    }

    /**
     * A score threshold: an exact dequantized score (a tie with the threshold, kept), between
     * two codes, zero or below (every score kept), or above the highest score (nothing kept).
     */
    private static double scoreThreshold(Rnd r, boolean floats, float scale, int zp) {
      if (floats) {
        return r.uniform(-0.2, 0.8);
      }
      double p = r.uniform(0, 1);
      if (p < 0.1) {
        return r.chance(0.5) ? 0 : -r.uniform(0.001, 1);
      }
      if (p < 0.15) {
        return (double) scale * (256 - zp); // above every score
      }
      // Half the thresholds a few codes above the zero point (where the "near zero point"
      // input set's scores are), half anywhere.
      int code = Math.min(255, Math.max(0, zp + (r.chance(0.5) ? r.between(-1, 12)
          : r.between(-1, 255 - zp))));
      // TFLite dequantizes class predictions as (float) ((double) scale * (q - zp)): narrowed,
      // this threshold equals the score of the code exactly.
      return (double) scale * (code - zp + (p < 0.6 ? 0 : 0.5));
    }

    /**
     * The constant anchors {@code [boxes, 4]} (y, x, h, w): uint8 with a random scale and zero
     * point, or float32 for the float variant; with probability {@code clustered} up to three
     * anchors, each jittered by a code or two, so that boxes overlap heavily.
     */
    private static int anchors(Net n, int boxes, boolean floats, double clustered) {
      Rnd r = n.rnd;
      float scale = (float) r.logUniform(0.002, 0.02);
      int zp = r.chance(0.5) ? 0 : r.between(0, 64);
      int[][] pool = null;
      if (r.chance(clustered)) {
        pool = new int[r.between(1, 3)][];
        for (int k = 0; k < pool.length; k++) {
          pool[k] = new int[] {r.between(0, 255), r.between(0, 255), r.between(zp, 255),
              r.between(zp, 255)};
        }
      }
      int[] q = new int[boxes * 4];
      for (int i = 0; i < boxes; i++) {
        for (int k = 0; k < 4; k++) {
          int lo = k < 2 ? 0 : zp;
          int v = pool != null ? pool[r.between(0, pool.length - 1)][k] + r.between(-2, 2)
              : r.between(lo, 255);
          q[4 * i + k] = Math.max(lo, Math.min(255, v));
        }
      }
      if (floats) {
        ByteBuffer bb = ByteBuffer.allocate(16 * boxes).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : q) {
          bb.putFloat(v / 256f);
        }
        return n.constant(TensorType.FLOAT32, new int[] {boxes, 4}, QuantParams.NONE,
            bb.array());
      }
      byte[] data = new byte[q.length];
      for (int i = 0; i < q.length; i++) {
        data[i] = (byte) q[i];
      }
      return n.constant(TensorType.UINT8, new int[] {boxes, 4}, QuantParams.perTensor(scale, zp),
          data);
    }
  }

  /**
   * The FlexBuffer {@code custom_options}. {@code regular}: 1 true, 0 false, -1 absent; written
   * as an integer with {@code regularAsInt}. Floats as float32 or, with {@code doubles}, float64.
   */
  static byte[] options(int maxDetections, int maxClasses, Integer perClass, int regular,
      boolean regularAsInt, double scoreThreshold, double iouThreshold, int numClasses,
      double[] scales, boolean doubles) {
    FlexBuffersBuilder fb = new FlexBuffersBuilder(ByteBuffer.allocate(512),
        FlexBuffersBuilder.BUILDER_FLAG_SHARE_KEYS);
    int start = fb.startMap();
    fb.putInt("max_detections", maxDetections);
    fb.putInt("max_classes_per_detection", maxClasses);
    if (perClass != null) {
      fb.putInt("detections_per_class", perClass.intValue());
    }
    if (regular >= 0) {
      if (regularAsInt) {
        fb.putInt("use_regular_nms", regular);
      } else {
        fb.putBoolean("use_regular_nms", regular == 1);
      }
    }
    String[] names = {"y_scale", "x_scale", "h_scale", "w_scale"};
    double[] values = {scoreThreshold, iouThreshold, scales[0], scales[1], scales[2], scales[3]};
    String[] keys = {"nms_score_threshold", "nms_iou_threshold", names[0], names[1], names[2],
        names[3]};
    for (int k = 0; k < keys.length; k++) {
      if (doubles) {
        fb.putFloat(keys[k], values[k]);
      } else {
        fb.putFloat(keys[k], (float) values[k]);
      }
    }
    fb.putInt("num_classes", numClasses);
    fb.endMap(null, start);
    ByteBuffer bb = fb.finish();
    byte[] bytes = new byte[bb.remaining()];
    bb.get(bytes);
    return bytes;
  }
}

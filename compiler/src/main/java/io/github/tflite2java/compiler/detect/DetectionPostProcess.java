package io.github.tflite2java.compiler.detect;

import io.github.tflite2java.compiler.floatmath.GlibcExp;

/**
 * A Java 8 reference of TFLite 2.9's {@code TFLite_Detection_PostProcess}
 * (tensorflow/lite/kernels/detection_postprocess.cc, the version with
 * {@code NonMaxSuppressionWorkerTask}, run on one thread), float for float:
 *
 * <ul>
 *   <li>dequantization: box encodings and anchors {@code ((float) q - (float) zp) * scale}, class
 *       predictions {@code (float) ((double) scale * (q - zp))};
 *   <li>{@link #decodeBoxes}: centre in double {@code y / y_scale * anchor_h + anchor_y}, half
 *       size {@code 0.5 * exp(h / h_scale) * anchor_h} in double with glibc's {@code exp}
 *       ({@link GlibcExp}), each narrowed to float, corners in float;
 *   <li>single-class NMS: scores {@code >=} threshold, a stable sort by decreasing score (ties in
 *       anchor order, std::stable_sort), greedy suppression when IoU {@code >} the threshold,
 *       IoU in float as TFLite computes it;
 *   <li>fast NMS: per anchor the top classes by libstdc++'s {@code std::partial_sort} (a heap:
 *       tie order is the heap's) or, for one class, the first maximum; NMS on the best score;
 *   <li>regular NMS: NMS per class, then the selections merged by libstdc++'s
 *       {@code std::inplace_merge} with TFLite's comparator {@code a.score >= b.score} (on equal
 *       scores the later class comes first), truncated to max_detections after every class.
 * </ul>
 *
 * <p>{@link Workspace} with {@code tflite26}: regular NMS as TFLite 2.6.2 computes it (after every
 * class, a heap partial sort of all kept detections; see {@code regularTflite26}).
 *
 * <p>Rows TFLite leaves unwritten (fast NMS with fewer detections than max_detections) are zero
 * here; in TFLite they keep whatever the output's arena memory held (seen: leftover non-zero
 * bytes in a fresh one-operator interpreter), so only the first {@code count *
 * max_classes_per_detection} rows are TFLite's bytes. TFLite fails the invocation when
 * a decoded box has ymin > ymax or xmin > xmax; so does {@link #run}, with
 * {@link IllegalStateException}.
 */
public final class DetectionPostProcess {

  private DetectionPostProcess() {}

  /**
   * Every working array of one post-processing layer, allocated once (the generated class keeps
   * one per instance), so that {@link #run(DetectionOptions, Workspace, int, int)} allocates
   * nothing: the dequantized inputs the caller fills ({@link #encodings}, {@link #scores}), the
   * decoded boxes, the NMS scratch and the four outputs.
   */
  public static final class Workspace {
    /** Dequantized box encodings, {@code [numBoxes][codeLength]}; filled by the caller. */
    public final float[] encodings;
    /** Dequantized class scores, {@code [numBoxes][numClassesWithBackground]}; filled by the caller. */
    public final float[] scores;
    /** Decoded corner boxes, {@code [numBoxes][4]}. */
    public final float[] decoded;
    /** The outputs: boxes {@code [rows][4]}, classes, scores {@code [rows]}, count {@code [1]}. */
    public final float[] outBoxes;
    public final float[] outClasses;
    public final float[] outScores;
    public final float[] outCount;
    final float[] maxScores;
    final int[] classIndices;
    final int[] work;
    final int[] index;
    final float[] score;
    final int[] tmpIndex;
    final float[] tmpScore;
    final float[] classScores;
    final int[] keep;
    final float[] keepScores;
    final int[] sorted;
    final int[] sortTmp;
    final int[] selected;
    final boolean[] active;
    /** Regular NMS as TFLite 2.6.2 computes it (else 2.9's). */
    final boolean tflite26;

    public Workspace(DetectionOptions o, int numBoxes, int codeLength, int numClassesWithBackground) {
      this(o, numBoxes, codeLength, numClassesWithBackground, false);
    }

    /**
     * With {@code tflite26}, regular NMS picks and orders detections as TFLite 2.6.2 does
     * ({@link #regularTflite26}); fast NMS is the same in both.
     */
    public Workspace(DetectionOptions o, int numBoxes, int codeLength, int numClassesWithBackground,
        boolean tflite26) {
      this.tflite26 = tflite26;
      int rows = o.detectedBoxes();
      encodings = new float[numBoxes * codeLength];
      scores = new float[numBoxes * numClassesWithBackground];
      decoded = new float[numBoxes * 4];
      outBoxes = new float[rows * 4];
      outClasses = new float[rows];
      outScores = new float[rows];
      outCount = new float[1];
      int perAnchor = Math.max(0, Math.min(o.maxClassesPerDetection, o.numClasses));
      maxScores = new float[numBoxes];
      classIndices = new int[numBoxes * perAnchor];
      work = new int[Math.max(1, o.numClasses)];
      int perClass = Math.max(0, Math.min(o.detectionsPerClass, o.maxDetections));
      // 2.9 merges at most max_detections + per-class selections; 2.6.2 sorts up to
      // max_detections + num_boxes.
      int capacity = Math.max(0, o.maxDetections) + Math.max(perClass, numBoxes);
      index = new int[capacity];
      score = new float[capacity];
      tmpIndex = new int[capacity];
      tmpScore = new float[capacity];
      classScores = new float[numBoxes];
      keep = new int[numBoxes];
      keepScores = new float[numBoxes];
      sorted = new int[numBoxes];
      sortTmp = new int[numBoxes];
      selected = new int[numBoxes];
      active = new boolean[numBoxes];
    }
  }

  /** Dequantizes uint8 box encodings or anchors as TFLite's {@code Dequantizer} does. */
  public static float[] dequantizeBoxes(byte[] q, int zeroPoint, float scale) {
    float zp = (float) zeroPoint;
    float[] out = new float[q.length];
    for (int i = 0; i < q.length; i++) {
      out[i] = ((float) (q[i] & 0xff) - zp) * scale;
    }
    return out;
  }

  /** Dequantizes uint8 class predictions as TFLite's {@code optimized_ops::Dequantize} does. */
  public static float[] dequantizeScores(byte[] q, int zeroPoint, float scale) {
    double s = scale;
    float[] out = new float[q.length];
    for (int i = 0; i < q.length; i++) {
      out[i] = (float) (s * ((q[i] & 0xff) - zeroPoint));
    }
    return out;
  }

  /**
   * Decodes centre-size box encodings ({@code [numBoxes][codeLength]}, y, x, h, w first) with
   * anchors ({@code [numBoxes][4]}: y, x, h, w) into corners {@code [numBoxes][4]}: ymin, xmin,
   * ymax, xmax.
   */
  public static float[] decodeBoxes(DetectionOptions o, float[] encodings, int numBoxes, int codeLength,
      float[] anchors) {
    float[] boxes = new float[numBoxes * 4];
    decodeBoxes(o, encodings, numBoxes, codeLength, anchors, boxes);
    return boxes;
  }

  /** {@link #decodeBoxes(DetectionOptions, float[], int, int, float[])} into {@code boxes}. */
  public static void decodeBoxes(DetectionOptions o, float[] encodings, int numBoxes, int codeLength,
      float[] anchors, float[] boxes) {
    double ys = o.yScale;
    double xs = o.xScale;
    double hs = o.hScale;
    double ws = o.wScale;
    for (int i = 0; i < numBoxes; i++) {
      int e = i * codeLength;
      int a = i * 4;
      double ay = anchors[a];
      double ax = anchors[a + 1];
      double ah = anchors[a + 2];
      double aw = anchors[a + 3];
      float yc = (float) ((double) encodings[e] / ys * ah + ay);
      float xc = (float) ((double) encodings[e + 1] / xs * aw + ax);
      float halfH = (float) (0.5 * GlibcExp.exp((double) encodings[e + 2] / hs) * ah);
      float halfW = (float) (0.5 * GlibcExp.exp((double) encodings[e + 3] / ws) * aw);
      boxes[a] = yc - halfH;
      boxes[a + 1] = xc - halfW;
      boxes[a + 2] = yc + halfH;
      boxes[a + 3] = xc + halfW;
    }
  }

  /**
   * Runs NMS on decoded boxes ({@link #decodeBoxes}) and float scores
   * ({@code [numBoxes][numClassesWithBackground]}) and writes the four outputs: boxes
   * ({@code [rows][4]}), classes, scores ({@code [rows]}), count ({@code [1]}), rows =
   * {@link DetectionOptions#detectedBoxes()}.
   */
  public static void run(DetectionOptions o, float[] boxes, int numBoxes, float[] scores,
      int numClassesWithBackground, float[] outBoxes, float[] outClasses, float[] outScores, float[] outCount) {
    run(o, new Workspace(o, numBoxes, 0, 0), boxes, numBoxes, scores, numClassesWithBackground, outBoxes,
        outClasses, outScores, outCount);
  }

  /** As {@link #run(DetectionOptions, float[], int, float[], int, float[], float[], float[], float[])}, regular NMS as TFLite 2.6.2. */
  public static void runTflite26(DetectionOptions o, float[] boxes, int numBoxes, float[] scores,
      int numClassesWithBackground, float[] outBoxes, float[] outClasses, float[] outScores, float[] outCount) {
    run(o, new Workspace(o, numBoxes, 0, 0, true), boxes, numBoxes, scores, numClassesWithBackground, outBoxes,
        outClasses, outScores, outCount);
  }

  /**
   * The allocation-free form: decodes {@code w.encodings} with {@code anchors} into
   * {@code w.decoded}, runs NMS on them and {@code w.scores}, and writes {@code w.outBoxes},
   * {@code w.outClasses}, {@code w.outScores} and {@code w.outCount}.
   */
  public static void run(DetectionOptions o, Workspace w, float[] anchors, int numBoxes, int codeLength,
      int numClassesWithBackground) {
    decodeBoxes(o, w.encodings, numBoxes, codeLength, anchors, w.decoded);
    run(o, w, w.decoded, numBoxes, w.scores, numClassesWithBackground, w.outBoxes, w.outClasses, w.outScores,
        w.outCount);
  }

  private static void run(DetectionOptions o, Workspace w, float[] boxes, int numBoxes, float[] scores,
      int numClassesWithBackground, float[] outBoxes, float[] outClasses, float[] outScores, float[] outCount) {
    int labelOffset = numClassesWithBackground - o.numClasses;
    if (labelOffset < 0 || labelOffset > 1) {
      throw new IllegalArgumentException("class predictions have " + numClassesWithBackground
          + " classes for num_classes " + o.numClasses);
    }
    java.util.Arrays.fill(outBoxes, 0f);
    java.util.Arrays.fill(outClasses, 0f);
    java.util.Arrays.fill(outScores, 0f);
    validateBoxes(boxes, numBoxes);
    if (o.useRegularNms && w.tflite26) {
      regularTflite26(o, w, boxes, numBoxes, scores, numClassesWithBackground, labelOffset, outBoxes, outClasses,
          outScores, outCount);
    } else if (o.useRegularNms) {
      regular(o, w, boxes, numBoxes, scores, numClassesWithBackground, labelOffset, outBoxes, outClasses,
          outScores, outCount);
    } else {
      fast(o, w, boxes, numBoxes, scores, numClassesWithBackground, labelOffset, outBoxes, outClasses, outScores,
          outCount);
    }
  }

  private static void validateBoxes(float[] boxes, int numBoxes) {
    for (int i = 0; i < numBoxes; i++) {
      int b = i * 4;
      if (boxes[b] > boxes[b + 2] || boxes[b + 1] > boxes[b + 3]) {
        throw new IllegalStateException("decoded box " + i + " has ymin > ymax or xmin > xmax (" + boxes[b] + ", "
            + boxes[b + 1] + ", " + boxes[b + 2] + ", " + boxes[b + 3]
            + "): TFLite fails the invocation (negative anchor height or width?)");
      }
    }
  }

  private static void fast(DetectionOptions o, Workspace w, float[] boxes, int numBoxes, float[] scores,
      int ncwb, int labelOffset, float[] outBoxes, float[] outClasses, float[] outScores, float[] outCount) {
    int numClasses = o.numClasses;
    int maxPerAnchor = o.maxClassesPerDetection;
    int perAnchor = Math.min(maxPerAnchor, numClasses);
    float[] maxScores = w.maxScores;
    int[] classIndices = w.classIndices;
    int[] work = w.work;
    for (int row = 0; row < numBoxes; row++) {
      int base = row * ncwb + labelOffset;
      decreasingPartialArgSort(scores, base, numClasses, perAnchor, work);
      System.arraycopy(work, 0, classIndices, row * perAnchor, perAnchor);
      maxScores[row] = scores[base + work[0]];
    }
    int count = singleClassNms(o, w, boxes, maxScores, numBoxes, o.maxDetections);
    int[] selected = w.selected;
    for (int k = 0; k < count; k++) {
      int anchor = selected[k];
      int base = anchor * ncwb + labelOffset;
      for (int col = 0; col < perAnchor; col++) {
        int offset = maxPerAnchor * k + col;
        System.arraycopy(boxes, anchor * 4, outBoxes, offset * 4, 4);
        int cls = classIndices[anchor * perAnchor + col];
        outClasses[offset] = (float) cls;
        outScores[offset] = scores[base + cls];
      }
    }
    outCount[0] = (float) count;
  }

  private static void regular(DetectionOptions o, Workspace w, float[] boxes, int numBoxes, float[] scores,
      int ncwb, int labelOffset, float[] outBoxes, float[] outClasses, float[] outScores, float[] outCount) {
    int maxDetections = o.maxDetections;
    int perClass = Math.min(o.detectionsPerClass, maxDetections);
    if (perClass <= 0) {
      throw new IllegalStateException("detections_per_class must be positive: TFLite fails the invocation");
    }
    int[] index = w.index;
    float[] score = w.score;
    int[] tmpIndex = w.tmpIndex;
    float[] tmpScore = w.tmpScore;
    float[] classScores = w.classScores;
    int[] selected = w.selected;
    int size = 0;
    for (int col = 0; col < o.numClasses; col++) {
      for (int row = 0; row < numBoxes; row++) {
        classScores[row] = scores[row * ncwb + col + labelOffset];
      }
      int n = singleClassNms(o, w, boxes, classScores, numBoxes, perClass);
      if (n == 0) {
        continue;
      }
      for (int i = 0; i < n; i++) {
        score[size + i] = classScores[selected[i]];
        index[size + i] = selected[i] * ncwb + col + labelOffset;
      }
      inplaceMerge(index, score, size, size + n, tmpIndex, tmpScore);
      size = Math.min(size + n, maxDetections);
    }
    for (int k = 0; k < size; k++) {
      int anchor = index[k] / ncwb;
      int cls = index[k] - anchor * ncwb - labelOffset;
      System.arraycopy(boxes, anchor * 4, outBoxes, k * 4, 4);
      outClasses[k] = (float) cls;
      outScores[k] = score[k];
    }
    outCount[0] = (float) size;
  }

  /**
   * TFLite 2.6.2's NonMaxSuppressionMultiClassRegularHelper: per class, NMS keeps up to
   * detections_per_class boxes (not capped by max_detections); they are appended to the kept
   * ones and all of them re-sorted by DecreasingPartialArgSort (libstdc++'s std::partial_sort, a
   * heap: not stable, so equal scores may change order at every class, even a class that selects
   * nothing; one to sort: the first maximum), keeping the first max_detections. Rows past the
   * count are zero, as TFLite writes them.
   */
  private static void regularTflite26(DetectionOptions o, Workspace w, float[] boxes, int numBoxes,
      float[] scores, int ncwb, int labelOffset, float[] outBoxes, float[] outClasses, float[] outScores,
      float[] outCount) {
    int maxDetections = o.maxDetections;
    int perClass = o.detectionsPerClass;
    if (perClass <= 0) {
      throw new IllegalStateException("detections_per_class must be positive: TFLite fails the invocation");
    }
    int[] index = w.index;
    float[] score = w.score;
    int[] sortedIndices = w.tmpIndex;
    float[] sortedValues = w.tmpScore;
    float[] classScores = w.classScores;
    int[] selected = w.selected;
    int size = 0;
    for (int col = 0; col < o.numClasses; col++) {
      for (int row = 0; row < numBoxes; row++) {
        classScores[row] = scores[row * ncwb + col + labelOffset];
      }
      int n = singleClassNms(o, w, boxes, classScores, numBoxes, perClass);
      int outputIndex = size;
      for (int i = 0; i < n; i++) {
        index[outputIndex] = selected[i] * ncwb + col + labelOffset;
        score[outputIndex] = classScores[selected[i]];
        outputIndex++;
      }
      int toSort = Math.min(outputIndex, maxDetections);
      if (toSort > 0) {
        decreasingPartialArgSort(score, 0, outputIndex, toSort, sortedIndices);
      }
      for (int row = 0; row < toSort; row++) {
        int temp = sortedIndices[row];
        sortedIndices[row] = index[temp];
        sortedValues[row] = score[temp];
      }
      for (int row = 0; row < toSort; row++) {
        index[row] = sortedIndices[row];
        score[row] = sortedValues[row];
      }
      size = toSort;
    }
    for (int k = 0; k < size; k++) {
      int anchor = index[k] / ncwb;
      int cls = index[k] - anchor * ncwb - labelOffset;
      System.arraycopy(boxes, anchor * 4, outBoxes, k * 4, 4);
      outClasses[k] = (float) cls;
      outScores[k] = score[k];
    }
    outCount[0] = (float) size;
  }

  /**
   * libstdc++'s std::inplace_merge of [0, mid) and [mid, end) (with its temporary buffer) under
   * TFLite's comparator {@code comp(a, b) = a.score >= b.score}: an element of the second range
   * goes first when {@code comp(second, first)}, so on equal scores the second range leads.
   */
  static void inplaceMerge(int[] index, float[] score, int mid, int end, int[] tmpIndex, float[] tmpScore) {
    if (mid == 0 || mid == end) {
      return;
    }
    int len1 = mid;
    int len2 = end - mid;
    if (len1 <= len2) {
      // __move_merge_adaptive: first range to the buffer, merge forward.
      System.arraycopy(index, 0, tmpIndex, 0, len1);
      System.arraycopy(score, 0, tmpScore, 0, len1);
      int f1 = 0;
      int f2 = mid;
      int out = 0;
      while (f1 < len1 && f2 < end) {
        if (score[f2] >= tmpScore[f1]) {
          index[out] = index[f2];
          score[out] = score[f2];
          f2++;
        } else {
          index[out] = tmpIndex[f1];
          score[out] = tmpScore[f1];
          f1++;
        }
        out++;
      }
      while (f1 < len1) {
        index[out] = tmpIndex[f1];
        score[out] = tmpScore[f1];
        f1++;
        out++;
      }
    } else {
      // __move_merge_adaptive_backward: second range to the buffer, merge backward.
      System.arraycopy(index, mid, tmpIndex, 0, len2);
      System.arraycopy(score, mid, tmpScore, 0, len2);
      int l1 = mid - 1;
      int l2 = len2 - 1;
      int out = end;
      while (true) {
        if (tmpScore[l2] >= score[l1]) {
          out--;
          index[out] = index[l1];
          score[out] = score[l1];
          if (l1 == 0) {
            System.arraycopy(tmpIndex, 0, index, out - (l2 + 1), l2 + 1);
            System.arraycopy(tmpScore, 0, score, out - (l2 + 1), l2 + 1);
            return;
          }
          l1--;
        } else {
          out--;
          index[out] = tmpIndex[l2];
          score[out] = tmpScore[l2];
          if (l2 == 0) {
            return;
          }
          l2--;
        }
      }
    }
  }

  /**
   * TFLite's NonMaxSuppressionSingleClassHelper; writes the selected anchor indices, in selection
   * order, to {@code w.selected} and returns how many.
   */
  static int singleClassNms(DetectionOptions o, Workspace w, float[] boxes, float[] scores, int numBoxes,
      int maxDetections) {
    float threshold = o.nmsScoreThreshold;
    float iouThreshold = o.nmsIouThreshold;
    int[] keep = w.keep;
    float[] keepScores = w.keepScores;
    int kept = 0;
    for (int i = 0; i < numBoxes; i++) {
      if (scores[i] >= threshold) {
        keepScores[kept] = scores[i];
        keep[kept] = i;
        kept++;
      }
    }
    int[] sorted = w.sorted;
    decreasingStableArgSort(keepScores, kept, sorted, w.sortTmp);
    int outputSize = Math.min(kept, maxDetections);
    int[] selected = w.selected;
    int count = 0;
    boolean[] active = w.active;
    java.util.Arrays.fill(active, 0, kept, true);
    int numActive = kept;
    for (int i = 0; i < kept; i++) {
      if (numActive == 0 || count >= outputSize) {
        break;
      }
      if (!active[i]) {
        continue;
      }
      int bi = keep[sorted[i]];
      selected[count++] = bi;
      active[i] = false;
      numActive--;
      for (int j = i + 1; j < kept; j++) {
        if (active[j] && iou(boxes, bi, keep[sorted[j]]) > iouThreshold) {
          active[j] = false;
          numActive--;
        }
      }
    }
    return count;
  }

  /** TFLite's ComputeIntersectionOverUnion, in float, with std::max/std::min semantics. */
  static float iou(float[] boxes, int i, int j) {
    int a = i * 4;
    int b = j * 4;
    float areaI = (boxes[a + 2] - boxes[a]) * (boxes[a + 3] - boxes[a + 1]);
    float areaJ = (boxes[b + 2] - boxes[b]) * (boxes[b + 3] - boxes[b + 1]);
    if (areaI <= 0 || areaJ <= 0) {
      return 0.0f;
    }
    float ymin = max(boxes[a], boxes[b]);
    float xmin = max(boxes[a + 1], boxes[b + 1]);
    float ymax = min(boxes[a + 2], boxes[b + 2]);
    float xmax = min(boxes[a + 3], boxes[b + 3]);
    float intersection = max(ymax - ymin, 0.0f) * max(xmax - xmin, 0.0f);
    return intersection / (areaI + areaJ - intersection);
  }

  /** std::max(a, b): {@code (a < b) ? b : a}. */
  private static float max(float a, float b) {
    return (a < b) ? b : a;
  }

  /** std::min(a, b): {@code (b < a) ? b : a}. */
  private static float min(float a, float b) {
    return (b < a) ? b : a;
  }

  /** Indices 0..n-1 sorted by decreasing value, equal values in index order (std::stable_sort). */
  static int[] decreasingStableArgSort(float[] values, int n) {
    int[] idx = new int[n];
    decreasingStableArgSort(values, n, idx, new int[n]);
    return idx;
  }

  /** {@link #decreasingStableArgSort(float[], int)} into {@code idx}, {@code tmp} as scratch. */
  static void decreasingStableArgSort(float[] values, int n, int[] idx, int[] tmp) {
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n - width; lo += 2 * width) {
        int mid = lo + width;
        int hi = Math.min(lo + 2 * width, n);
        int p = lo;
        int q = mid;
        int k = lo;
        while (p < mid && q < hi) {
          // take from the right only when strictly greater: stable
          if (values[idx[q]] > values[idx[p]]) {
            tmp[k++] = idx[q++];
          } else {
            tmp[k++] = idx[p++];
          }
        }
        while (p < mid) {
          tmp[k++] = idx[p++];
        }
        while (q < hi) {
          tmp[k++] = idx[q++];
        }
        System.arraycopy(tmp, lo, idx, lo, hi - lo);
      }
    }
  }

  /**
   * TFLite's DecreasingPartialArgSort over {@code values[base .. base+n)}: the first {@code k}
   * entries of {@code out} are the indices of the k largest, in libstdc++'s std::partial_sort
   * order (heap select, then sort_heap, comparator {@code values[i] > values[j]}); for k == 1
   * the first maximum (optimized_ops::ArgMaxVector).
   */
  static void decreasingPartialArgSort(float[] values, int base, int n, int k, int[] out) {
    if (k == 1) {
      float max = values[base];
      int maxIndex = 0;
      for (int i = 0; i < n; i++) {
        float v = values[base + i];
        if (v > max) {
          max = v;
          maxIndex = i;
        }
      }
      out[0] = maxIndex;
      return;
    }
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    // __heap_select(first, middle, last)
    makeHeap(values, base, out, k);
    for (int i = k; i < n; i++) {
      if (values[base + out[i]] > values[base + out[0]]) {
        // __pop_heap(first, middle, i)
        int value = out[i];
        out[i] = out[0];
        adjustHeap(values, base, out, 0, k, value);
      }
    }
    // __sort_heap(first, middle)
    for (int last = k; last > 1; ) {
      last--;
      int value = out[last];
      out[last] = out[0];
      adjustHeap(values, base, out, 0, last, value);
    }
  }

  private static void makeHeap(float[] values, int base, int[] heap, int len) {
    if (len < 2) {
      return;
    }
    for (int parent = (len - 2) / 2; ; parent--) {
      adjustHeap(values, base, heap, parent, len, heap[parent]);
      if (parent == 0) {
        return;
      }
    }
  }

  /** libstdc++'s __adjust_heap with comp(i, j) = values[i] > values[j], then __push_heap. */
  private static void adjustHeap(float[] values, int base, int[] heap, int hole, int len, int value) {
    int top = hole;
    int child = hole;
    while (child < (len - 1) / 2) {
      child = 2 * (child + 1);
      if (values[base + heap[child]] > values[base + heap[child - 1]]) {
        child--;
      }
      heap[hole] = heap[child];
      hole = child;
    }
    if ((len & 1) == 0 && child == (len - 2) / 2) {
      child = 2 * (child + 1);
      heap[hole] = heap[child - 1];
      hole = child - 1;
    }
    int parent = (hole - 1) / 2;
    float v = values[base + value];
    while (hole > top && values[base + heap[parent]] > v) {
      heap[hole] = heap[parent];
      hole = parent;
      parent = (hole - 1) / 2;
    }
    heap[hole] = value;
  }
}

package io.github.tflite2java.compiler.detect;

/**
 * The options of TFLite's {@code TFLite_Detection_PostProcess} custom operator, as its
 * {@code Init} reads them from the operator's FlexBuffer {@code custom_options} (see
 * {@link DetectionOptionsParser}). Java 8, immutable.
 */
public final class DetectionOptions {
  /** Default of {@code detections_per_class} when absent (TFLite's kNumDetectionsPerClass). */
  public static final int DEFAULT_DETECTIONS_PER_CLASS = 100;

  public final int maxDetections;
  public final int maxClassesPerDetection;
  public final int detectionsPerClass;
  public final boolean useRegularNms;
  public final float nmsScoreThreshold;
  public final float nmsIouThreshold;
  public final int numClasses;
  public final float yScale;
  public final float xScale;
  public final float hScale;
  public final float wScale;

  public DetectionOptions(int maxDetections, int maxClassesPerDetection, int detectionsPerClass,
      boolean useRegularNms, float nmsScoreThreshold, float nmsIouThreshold, int numClasses,
      float yScale, float xScale, float hScale, float wScale) {
    this.maxDetections = maxDetections;
    this.maxClassesPerDetection = maxClassesPerDetection;
    this.detectionsPerClass = detectionsPerClass;
    this.useRegularNms = useRegularNms;
    this.nmsScoreThreshold = nmsScoreThreshold;
    this.nmsIouThreshold = nmsIouThreshold;
    this.numClasses = numClasses;
    this.yScale = yScale;
    this.xScale = xScale;
    this.hScale = hScale;
    this.wScale = wScale;
  }

  /** Rows of the boxes, classes and scores outputs: max_detections * max_classes_per_detection. */
  public int detectedBoxes() {
    return maxDetections * maxClassesPerDetection;
  }

  @Override
  public String toString() {
    return "max_detections=" + maxDetections + ", max_classes_per_detection=" + maxClassesPerDetection
        + ", detections_per_class=" + detectionsPerClass + ", use_regular_nms=" + useRegularNms
        + ", nms_score_threshold=" + nmsScoreThreshold + ", nms_iou_threshold=" + nmsIouThreshold
        + ", num_classes=" + numClasses + ", y_scale=" + yScale + ", x_scale=" + xScale
        + ", h_scale=" + hScale + ", w_scale=" + wScale;
  }
}

package io.github.tflite2java.compiler.ops;

/** How the build report groups and colours an operator. */
public enum ReportCategory {
  CONVOLUTION("convolution"),
  DEPTHWISE("depthwise convolution"),
  FULLY_CONNECTED("fully connected"),
  POOLING("pooling"),
  ELEMENTWISE("element-wise"),
  ACTIVATION("activation"),
  NORMALIZATION("softmax"),
  REDUCTION("reduction"),
  DATA_MOVEMENT("data movement"),
  /** Operators whose output shares the input's storage: no code, no copy. */
  RESHAPE("reshape (no code)"),
  QUANTIZATION("quantization"),
  RECURRENT("recurrent"),
  POST_PROCESSING("post-processing");

  private final String label;

  ReportCategory(String label) {
    this.label = label;
  }

  /** Lower-case label for legends. */
  public String label() {
    return label;
  }
}

package io.github.tflite2java.compiler;

/**
 * Measured thresholds that choose between kernel shapes. They change the generated source (never
 * its results), so they are part of {@link CompileOptions}; leave them at {@link #defaults()}
 * outside experiments.
 *
 * @param rowKernelChannels CONV_2D layers with fewer output channels than this (and output rows
 *     of at least 8 pixels) use the output-row kernel; measured on MobileNet v1 0.25_128, layers
 *     with 8 and 16 channels ran 2x faster that way, 32 slower. 0 means never, a huge value
 *     always.
 */
public record KernelTuning(int rowKernelChannels) {

  /** The default of {@link #rowKernelChannels()}. */
  public static final int DEFAULT_ROW_KERNEL_CHANNELS = 32;

  public KernelTuning {
    if (rowKernelChannels < 0) {
      throw new IllegalArgumentException(
          "rowKernelChannels must be 0 or more, not " + rowKernelChannels);
    }
  }

  /** The measured defaults. */
  public static KernelTuning defaults() {
    return new KernelTuning(DEFAULT_ROW_KERNEL_CHANNELS);
  }

  public boolean isDefault() {
    return equals(defaults());
  }

  /**
   * Whether the output-row kernel is faster than the per-pixel one. The per-pixel kernel's inner
   * loop runs over the output channels; with few of them a vector register is barely filled and
   * the loop overhead dominates. The row kernel's inner loop runs over a whole output row.
   */
  public boolean useRowKernel(int outC, int outW) {
    return outC < rowKernelChannels && outW >= 8;
  }

  /** A stable text form, e.g. {@code rowKernelChannels=32}. */
  public String describe() {
    return "rowKernelChannels=" + rowKernelChannels;
  }
}

package io.github.tflite2java.compiler.ops;

/**
 * Measured thresholds that choose between kernel shapes. They are constants; tests and
 * experiments may override them with system properties in the JVM that runs the compiler,
 * which changes the generated source, so build tools fold {@link #describe()} into their
 * up-to-date checks.
 */
public final class KernelTuning {

  /** System property overriding {@link #ROW_KERNEL_MAX_CHANNELS}. */
  public static final String ROW_KERNEL_CHANNELS_PROPERTY = "tflite2java.rowKernelChannels";

  /**
   * CONV_2D layers with fewer output channels than this use the output-row kernel (measured on
   * MobileNet v1 0.25_128: 8 and 16 channels ran 2x faster that way, 32 slower).
   */
  public static final int ROW_KERNEL_MAX_CHANNELS =
      Integer.getInteger(ROW_KERNEL_CHANNELS_PROPERTY, 32);

  private KernelTuning() {}

  /** A stable text form of the thresholds in effect. */
  public static String describe() {
    return "rowKernelChannels=" + ROW_KERNEL_MAX_CHANNELS;
  }
}

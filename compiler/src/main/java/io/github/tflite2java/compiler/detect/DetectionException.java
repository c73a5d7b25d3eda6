package io.github.tflite2java.compiler.detect;

/**
 * A {@code TFLite_Detection_PostProcess} operator the compiler cannot reproduce: malformed or
 * out-of-range {@code custom_options}, or tensors of the wrong type or shape. The message names
 * the option or tensor and what is expected.
 */
public final class DetectionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public DetectionException(String message) {
    super(message);
  }

  public DetectionException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.github.tflite2java.compiler.quant;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.TensorType;

/**
 * The clamp bounds of a fused activation on a quantized output, as TFLite's {@code
 * CalculateActivationRangeQuantized} computes them (in raw quantized units, zero point
 * included).
 */
public record ActivationRange(int min, int max) {

  /**
   * Bounds for {@code activation} on an output of {@code type} with this scale and zero point.
   *
   * @throws IllegalArgumentException for activations without a quantized range (TANH, SIGN_BIT)
   */
  public static ActivationRange of(
      Activation activation, TensorType type, float scale, int zeroPoint) {
    int qmin = type.qmin();
    int qmax = type.qmax();
    switch (activation) {
      case NONE:
        return new ActivationRange(qmin, qmax);
      case RELU:
        return new ActivationRange(Math.max(qmin, quantize(0f, scale, zeroPoint)), qmax);
      case RELU6:
        return new ActivationRange(
            Math.max(qmin, quantize(0f, scale, zeroPoint)),
            Math.min(qmax, quantize(6f, scale, zeroPoint)));
      case RELU_N1_TO_1:
        return new ActivationRange(
            Math.max(qmin, quantize(-1f, scale, zeroPoint)),
            Math.min(qmax, quantize(1f, scale, zeroPoint)));
      default:
        throw new IllegalArgumentException(
            "fused activation " + activation + " has no quantized range");
    }
  }

  /** {@code zero_point + static_cast<int32_t>(TfLiteRound(f / scale))}, in float32. */
  static int quantize(float f, float scale, int zeroPoint) {
    float q = FixedPoint.roundHalfAwayFromZero(f / scale);
    return zeroPoint + (int) q;
  }
}

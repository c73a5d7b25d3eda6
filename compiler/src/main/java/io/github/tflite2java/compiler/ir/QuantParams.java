package io.github.tflite2java.compiler.ir;

import java.util.Arrays;

/**
 * Affine quantization of a tensor: {@code real = scale * (q - zeroPoint)}, one (scale, zero point)
 * pair per tensor or one per slice along {@code quantizedDimension}.
 */
public record QuantParams(float[] scales, long[] zeroPoints, int quantizedDimension) {

  /** No quantization parameters present. */
  public static final QuantParams NONE = new QuantParams(new float[0], new long[0], 0);

  public QuantParams {
    scales = scales.clone();
    zeroPoints = zeroPoints.clone();
  }

  /** Per-tensor quantization with one scale and zero point. */
  public static QuantParams perTensor(float scale, long zeroPoint) {
    return new QuantParams(new float[] {scale}, new long[] {zeroPoint}, 0);
  }

  public boolean isPresent() {
    return scales.length > 0;
  }

  public boolean isPerTensor() {
    return scales.length == 1;
  }

  /** Number of (scale, zero point) pairs. */
  public int count() {
    return scales.length;
  }

  /** The per-tensor scale; only valid when {@link #isPerTensor()}. */
  public float scale() {
    return scales[0];
  }

  /** The per-tensor zero point (or the first, for per-channel tensors). */
  public int zeroPoint() {
    return zeroPoints.length == 0 ? 0 : (int) zeroPoints[0];
  }

  public float scale(int channel) {
    return scales[channel];
  }

  public int zeroPoint(int channel) {
    return zeroPoints.length == 1 ? (int) zeroPoints[0] : (int) zeroPoints[channel];
  }

  @Override
  public float[] scales() {
    return scales.clone();
  }

  @Override
  public long[] zeroPoints() {
    return zeroPoints.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuantParams q
        && Arrays.equals(scales, q.scales)
        && Arrays.equals(zeroPoints, q.zeroPoints)
        && quantizedDimension == q.quantizedDimension;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(scales) + Arrays.hashCode(zeroPoints) + quantizedDimension;
  }

  @Override
  public String toString() {
    if (!isPresent()) {
      return "none";
    }
    if (isPerTensor()) {
      return "scale=" + scales[0] + " zp=" + zeroPoints[0];
    }
    return scales.length + " channels on dim " + quantizedDimension;
  }
}

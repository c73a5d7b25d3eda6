package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import java.util.Arrays;
import java.util.Locale;

/**
 * A tensor computed at run time in a model under construction: its index in the model, type,
 * shape and per-tensor quantization. For a float32 tensor {@code scale} is not a quantization
 * but the typical magnitude of the values generated for it (as a model input).
 */
record Act(int index, TensorType type, int[] shape, float scale, int zeroPoint) {

  Act {
    shape = shape.clone();
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  int rank() {
    return shape.length;
  }

  int dim(int i) {
    return shape[i];
  }

  /** Number of elements. */
  int elements() {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** Size in bytes. */
  int bytes() {
    return elements() * type.byteSize();
  }

  boolean isQuantized8() {
    return type.isQuantized8();
  }

  /**
   * Whether the tensor is quantized: 8-bit, or int16 with a scale (16x8, zero point 0); an int16
   * without one holds raw values (e.g. CAST's output).
   */
  boolean isQuantized() {
    return isQuantized8() || type == TensorType.INT16 && scale > 0;
  }

  QuantParams quant() {
    return isQuantized() ? QuantParams.perTensor(scale, zeroPoint) : QuantParams.NONE;
  }

  /** Whether the two tensors share type, scale and zero point. */
  boolean sameQuant(Act o) {
    return type == o.type && scale == o.scale && zeroPoint == o.zeroPoint;
  }

  /** Short form for case descriptions, e.g. {@code u8[1,4,4,3](s=0.0123,zp=7)}. */
  String describe() {
    String t = type == TensorType.UINT8 ? "u8" : type == TensorType.INT8 ? "i8"
        : type == TensorType.INT16 ? "i16" : type.name().toLowerCase(Locale.ROOT);
    String s = Arrays.toString(shape).replace(" ", "");
    return !isQuantized() ? t + s + (scale == 0 ? "" : String.format(Locale.ROOT, "(|x|~%.3g)",
        scale))
        : t + s + String.format(Locale.ROOT, "(s=%.4g,zp=%d)", scale, zeroPoint);
  }

  static String shapeString(int[] shape) {
    return Arrays.toString(shape).replace(" ", "");
  }
}

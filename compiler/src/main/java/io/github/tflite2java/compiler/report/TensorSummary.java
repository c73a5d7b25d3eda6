package io.github.tflite2java.compiler.report;

import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.Tensor;
import java.util.Locale;

/**
 * One tensor as a report shows it: index, name, element type, shape and quantization.
 *
 * @param index the tensor's index in the model
 * @param name the model's name for it (untrusted text: writers escape it)
 * @param type element type in lower case, e.g. {@code uint8}
 * @param shape the static shape
 * @param bytes bytes of the tensor in the model's own element type
 * @param scales number of quantization scales: 0 none, 1 per tensor, more per channel
 * @param scale the scale when per tensor, else NaN
 * @param zeroPoint the (first) zero point
 * @param quantizedDimension the channel dimension of per-channel quantization
 */
public record TensorSummary(int index, String name, String type, int[] shape, long bytes,
    int scales, float scale, int zeroPoint, int quantizedDimension) {

  public TensorSummary {
    shape = shape.clone();
  }

  /** Summarizes a tensor of a model. */
  public static TensorSummary of(Tensor t) {
    QuantParams q = t.quant();
    int size = Math.max(t.type().byteSize(), 0);
    return new TensorSummary(t.index(), t.name() == null ? "" : t.name(),
        t.type().name().toLowerCase(Locale.ROOT), t.shape(), t.elementCount() * size, q.count(),
        q.isPerTensor() ? q.scale() : Float.NaN, q.zeroPoint(), q.quantizedDimension());
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** Shape as TFLite prints it, e.g. {@code [1,224,224,3]}. */
  public String shapeString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ",").append(shape[i]);
    }
    return sb.append(']').toString();
  }

  /** Quantization in words: {@code scale 0.0078125, zero point 128}, per channel, or none. */
  public String quantization() {
    if (scales == 0) {
      return "none";
    }
    if (scales == 1) {
      return "scale " + scale + ", zero point " + zeroPoint;
    }
    return scales + " scales on dim " + quantizedDimension;
  }
}

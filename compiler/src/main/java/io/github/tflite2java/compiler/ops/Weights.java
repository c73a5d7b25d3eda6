package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Checks and decoding of constant filter and bias tensors. */
final class Weights {

  private Weights() {}

  /**
   * A constant 8-bit filter of the input's type: uint8 with one scale and zero point, or int8
   * with zero points 0 and one scale per tensor or per slice of {@code channelDim}.
   */
  static boolean filter(
      ModelGraph g, ProblemCollector p, Operator op, Tensor f, TensorType inputType,
      int channelDim) {
    if (!f.isConstant()) {
      p.add(UNSUPPORTED_TYPE, op, "filter " + p.describe(f.index())
          + " is computed at run time; tflite2java needs constant weights");
      return false;
    }
    if (f.type() != inputType) {
      p.add(UNSUPPORTED_TYPE, op, "filter " + p.describe(f.index()) + " is " + f.type()
          + " while the input is " + inputType + "; supported: uint8 weights with uint8 "
          + "activations, int8 weights with int8 activations (hybrid models are not)");
      return false;
    }
    QuantParams q = f.quant();
    if (!q.isPresent()) {
      p.add(UNSUPPORTED_TYPE, op, "filter " + p.describe(f.index()) + " has no quantization");
      return false;
    }
    for (int i = 0; i < q.count(); i++) {
      if (!OpChecks.validScale(q.scale(i))) {
        p.add(INVALID_MODEL, op, "filter " + p.describe(f.index()) + " has scale "
            + q.scale(i) + " at channel " + i + "; expected a positive finite number");
        return false;
      }
    }
    if (f.type() == TensorType.UINT8) {
      if (!q.isPerTensor()) {
        p.add(UNSUPPORTED_TYPE, op, "filter " + p.describe(f.index())
            + " is uint8 with per-channel scales; supported: per-tensor uint8, or int8");
        return false;
      }
      return true;
    }
    if (!q.isPerTensor()) {
      if (q.quantizedDimension() != channelDim || q.count() != f.dim(channelDim)) {
        p.add(INVALID_MODEL, op, "filter " + p.describe(f.index()) + " has " + q.count()
            + " scales on dimension " + q.quantizedDimension() + "; expected "
            + f.dim(channelDim) + " on dimension " + channelDim);
        return false;
      }
    }
    for (int i = 0; i < q.count(); i++) {
      if (q.zeroPoint(i) != 0) {
        p.add(UNSUPPORTED_TYPE, op, "filter " + p.describe(f.index()) + " has zero point "
            + q.zeroPoint(i) + "; int8 weights must be symmetric (zero point 0)");
        return false;
      }
    }
    return true;
  }

  /** An optional int32 constant bias of {@code channels} elements. */
  static boolean bias(ModelGraph g, ProblemCollector p, Operator op, int index, int channels) {
    if (index < 0) {
      return true;
    }
    Tensor b = g.tensor(index);
    if (b.type() != TensorType.INT32 || !b.isConstant()) {
      p.add(UNSUPPORTED_TYPE, op, "bias " + p.describe(index)
          + " must be a constant INT32 tensor");
      return false;
    }
    if (b.elementCount() != channels) {
      p.add(INVALID_MODEL, op, "bias " + p.describe(index) + " has " + b.elementCount()
          + " elements; expected " + channels);
      return false;
    }
    return true;
  }

  /** The bias values (zeros when the bias is omitted). */
  static int[] biasValues(ModelGraph g, int index, int channels) {
    int[] v = new int[channels];
    if (index >= 0) {
      ByteBuffer bb = ByteBuffer.wrap(g.tensor(index).data()).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < channels; i++) {
        v[i] = bb.getInt(i * 4);
      }
    }
    return v;
  }
}

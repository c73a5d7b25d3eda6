package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.validate.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.validate.ProblemCollector;

/**
 * DEQUANTIZE from uint8 or int8 to float32, as TFLite computes it: {@code (float) (scale *
 * (q - zp))} with the product in double precision (which equals the float32 product: it is
 * exact in double). The float32 result lives in the arena as its bits and leaves the model
 * through a {@code float[]} output; float arithmetic inside the graph is not supported.
 */
public final class Dequantize implements OperatorLowering {

  @Override
  public String kind() {
    return "DEQUANTIZE";
  }

  @Override
  public void validate(ModelGraph g, Operator op, ProblemCollector p) {
    if (!OpChecks.arity(p, op, 1, 1, 1)
        || !OpChecks.activation(g, p, op, op.input(0), "input", -1)) {
      return;
    }
    Tensor out = g.tensor(op.output(0));
    if (out.type() != TensorType.FLOAT32) {
      p.add(UNSUPPORTED_TYPE, op, "output " + p.describe(out.index()) + " is " + out.type()
          + "; supported: float32");
      return;
    }
    LookupTables.sameShape(g, p, op);
  }

  /** The float32 value of one raw quantized value. */
  static float dequantize(Tensor in, int raw) {
    return (float) ((double) in.quant().scale() * (raw - in.quant().zeroPoint()));
  }

  @Override
  public MethodSpec emit(ModelGraph g, Operator op, LoweringContext ctx) {
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    int qmin = in.type().qmin();
    int[] table = new int[256];
    for (int raw = qmin; raw < qmin + 256; raw++) {
      table[raw - qmin] = Float.floatToRawIntBits(dequantize(in, raw));
    }
    return LookupTables.emit(op, ctx, "Dequantize", in, out, table,
        "float32 bits of " + in.quant().scale() + " * (q - " + in.quant().zeroPoint() + ")");
  }
}

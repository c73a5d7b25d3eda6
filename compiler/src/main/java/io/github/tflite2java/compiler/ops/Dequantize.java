package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;

/**
 * DEQUANTIZE from uint8 or int8 (int16: {@link Int16Quantization}) to float32, as TFLite computes it: {@code (float) (scale *
 * (q - zp))} with the product in double precision (which equals the float32 product: it is
 * exact in double). The float32 result lives in the arena as its bits and leaves the model
 * through a {@code float[]} output; float arithmetic inside the graph is not supported.
 */
public final class Dequantize extends OperatorKernel<OperatorOptions.None, LayerPlan> {

  public Dequantize() {
    super("DEQUANTIZE", BuiltinOperator.DEQUANTIZE, OperatorOptions.None.class,
        ReportCategory.QUANTIZATION);
  }

  @Override
  public MethodSpec emit(LayerPlan plan, EmitContext ctx) {
    return plan instanceof Int16Quantization.DequantizePlan int16
        ? Int16Quantization.emitDequantize(int16, ctx)
        : LookupTables.emit((LookupTables.TablePlan) plan, ctx);
  }

  @Override
  public LayerPlan prepare(PrepareContext ctx, Operator op, OperatorOptions.None options) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 1, 1, 1)) {
      return null;
    }
    if (OpChecks.int16Input(g, op)) {
      return Int16Quantization.prepareDequantize(ctx, op);
    }
    if (!OpChecks.activation(g, p, op, op.input(0), "input", -1)) {
      return null;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    if (out.type() != TensorType.FLOAT32) {
      p.add(UNSUPPORTED_TYPE, op, "output " + p.describe(out.index()) + " is " + out.type()
          + "; supported: float32");
      return null;
    }
    if (!LookupTables.sameShape(g, p, op)) {
      return null;
    }
    int qmin = in.type().qmin();
    int[] table = new int[256];
    for (int raw = qmin; raw < qmin + 256; raw++) {
      table[raw - qmin] = Float.floatToRawIntBits(dequantize(in, raw));
    }
    return new LookupTables.TablePlan(op, in, out, "Dequantize", table,
        "float32 bits of " + in.quant().scale() + " * (q - " + in.quant().zeroPoint() + ")");
  }

  /** The float32 value of one raw quantized value. */
  static float dequantize(Tensor in, int raw) {
    return (float) ((double) in.quant().scale() * (raw - in.quant().zeroPoint()));
  }

}

package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.quant.FixedPoint;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;

/**
 * LOGISTIC (sigmoid) on uint8 and int8, as TFLite's optimized kernel computes it: a 256-entry
 * table filled in float32, {@code round(1 / (1 + expf(-s_in * (q - zp_in))) / s_out) + zp_out},
 * clamped. TFLite requires the output scale 1/256. On int16: {@link Int16LogisticTanh}; on
 * float32: {@link FloatLogistic}.
 */
public final class Logistic extends OperatorKernel<OperatorOptions.None, LayerPlan> {

  public Logistic() {
    super("LOGISTIC", BuiltinOperator.LOGISTIC, OperatorOptions.None.class,
        ReportCategory.ACTIVATION);
  }

  @Override
  public boolean readsFloat32Inputs() {
    return true;
  }

  @Override
  public boolean writesFloat32Outputs() {
    return true;
  }

  @Override
  public MethodSpec emit(LayerPlan plan, EmitContext ctx) {
    if (plan instanceof Int16LogisticTanh.Plan p16) {
      return Int16LogisticTanh.emit(p16, ctx);
    }
    return plan instanceof FloatLogistic.Plan f ? FloatLogistic.emit(f, ctx)
        : LookupTables.emit((LookupTables.TablePlan) plan, ctx);
  }

  @Override
  public LayerPlan prepare(PrepareContext ctx, Operator op, OperatorOptions.None options) {
    ProblemCollector p = ctx.problems();
    if (OpChecks.int16Input(ctx.graph(), op)) {
      return OpChecks.arity(p, op, 1, 1, 1)
          ? Int16LogisticTanh.prepare(ctx, op, Int16LogisticTanh.Function.LOGISTIC) : null;
    }
    if (op.inputCount() == 1 && op.input(0) >= 0
        && ctx.tensor(op.input(0)).type() == TensorType.FLOAT32) {
      return FloatLogistic.prepare(ctx, op);
    }
    if (!LookupTables.validateUnary(ctx.graph(), p, op, false)) {
      return null;
    }
    Tensor in = ctx.tensor(op.input(0));
    Tensor out = ctx.tensor(op.output(0));
    if (out.quant().scale() != 1f / 256) {
      p.add(UNSUPPORTED_TYPE, op, "output " + p.describe(out.index()) + " has scale "
          + out.quant().scale() + "; TFLite requires 1/256 (0.00390625)");
      return null;
    }
    int[] table = LookupTables.centered(in, out, raw -> apply(in, out, raw));
    return new LookupTables.TablePlan(op, in, out, "Logistic", table,
        "1 / (1 + exp(-x)) in float32");
  }

  /** TFLite's {@code PopulateLookupTable} entry for one raw input value. */
  static int apply(Tensor in, Tensor out, int raw) {
    float inverseScale = 1 / out.quant().scale();
    float dequantized = in.quant().scale() * (raw - in.quant().zeroPoint());
    float transformed = 1.0f / (1.0f + expf(-dequantized));
    float rescaled = FixedPoint.roundHalfAwayFromZero(transformed * inverseScale);
    int quantized = (int) (rescaled + out.quant().zeroPoint());
    return LookupTables.clamp(out, quantized);
  }

  /** C's expf: exp correctly rounded to float32. */
  static float expf(float x) {
    return (float) StrictMath.exp(x);
  }

}

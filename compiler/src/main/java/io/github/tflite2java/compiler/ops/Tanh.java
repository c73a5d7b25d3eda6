package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;

/**
 * TANH on int16 (zero point 0, output scale 2^-15), as TFLite's optimized build computes it
 * ({@link Int16LogisticTanh}). uint8, int8 and float32 TANH are refused: TFLite fills their
 * tables with {@code std::tanh} in float32, which is not reproduced bit for bit yet.
 */
public final class Tanh extends OperatorKernel<OperatorOptions.None, LayerPlan> {

  public Tanh() {
    super("TANH", BuiltinOperator.TANH, OperatorOptions.None.class, ReportCategory.ACTIVATION);
  }

  @Override
  public LayerPlan prepare(PrepareContext ctx, Operator op,
      OperatorOptions.None options) {
    if (!OpChecks.arity(ctx.problems(), op, 1, 1, 1)) {
      return null;
    }
    if (!OpChecks.int16Input(ctx.graph(), op)) {
      ctx.problems().add(UNSUPPORTED_TYPE, op, "input " + ctx.problems().describe(op.input(0))
          + " is " + ctx.tensor(op.input(0)).type() + "; tflite2java supports TANH on int16"
          + " only (TFLite's uint8/int8/float32 TANH uses float32 tanh, not reproduced bit for"
          + " bit yet)");
      return null;
    }
    return Int16LogisticTanh.prepare(ctx, op, Int16LogisticTanh.Function.TANH);
  }

  @Override
  public MethodSpec emit(LayerPlan plan, EmitContext ctx) {
    return Int16LogisticTanh.emit((Int16LogisticTanh.Plan) plan, ctx);
  }
}

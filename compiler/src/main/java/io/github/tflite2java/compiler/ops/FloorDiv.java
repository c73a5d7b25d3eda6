package io.github.tflite2java.compiler.ops;

import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;

/**
 * FLOOR_DIV on float32 and int32, with broadcasting ({@link Arithmetic}), as TFLite's {@code
 * FloorDiv}: {@code std::floor((double) x / (double) y)} converted back to the element type
 * (int32 rounds toward -infinity); an int32 division by zero fails, as TFLite.
 */
public final class FloorDiv extends OperatorKernel<OperatorOptions.None, Arithmetic.Plan> {

  public FloorDiv() {
    super("FLOOR_DIV", BuiltinOperator.code("FLOOR_DIV"), OperatorOptions.None.class,
        ReportCategory.ELEMENTWISE);
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
  public Arithmetic.Plan prepare(PrepareContext ctx, Operator op, OperatorOptions.None o) {
    return Arithmetic.prepare(ctx, op, Arithmetic.Kind.FLOOR_DIV, Activation.NONE,
        TensorType.FLOAT32, TensorType.INT32);
  }

  @Override
  public MethodSpec emit(Arithmetic.Plan plan, EmitContext ctx) {
    return Arithmetic.emit(plan, ctx, "FloorDiv");
  }
}

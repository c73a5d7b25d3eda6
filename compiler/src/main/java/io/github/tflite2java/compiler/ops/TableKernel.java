package io.github.tflite2java.compiler.ops;

import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.OperatorOptions;

/**
 * A unary operator without options whose plan is a 256-entry lookup table ({@link
 * LookupTables}): subclasses check the operator and fill the table in {@code prepare}.
 */
abstract class TableKernel extends OperatorKernel<OperatorOptions.None, LookupTables.TablePlan> {

  TableKernel(String name, int builtinCode, ReportCategory category) {
    super(name, builtinCode, OperatorOptions.None.class, category);
  }

  @Override
  public final MethodSpec emit(LookupTables.TablePlan plan, EmitContext ctx) {
    return LookupTables.emit(plan, ctx);
  }
}

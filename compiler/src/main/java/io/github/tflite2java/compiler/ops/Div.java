package io.github.tflite2java.compiler.ops;

import com.google.flatbuffers.FlatBufferBuilder;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.CheckedTable;
import io.github.tflite2java.compiler.tflite.TflOperator;

/**
 * DIV on float32 and int32, with broadcasting and a fused activation ({@link Arithmetic}): a
 * float32 quotient is clamped to the activation range (a division by zero gives {@code
 * ±FLT_MAX}, as TFLite); an int32 division by zero fails, as TFLite's {@code CheckNonZero}.
 */
public final class Div extends OperatorKernel<Div.Options, Arithmetic.Plan> {

  /** The schema's BuiltinOptions union index of DivOptions. */
  static final int DIV_OPTIONS = 29;

  /** DivOptions. */
  public record Options(Activation activation) implements OperatorOptions {}

  /** The DivOptions table. */
  static final class Table extends CheckedTable {
    byte fusedActivationFunction() {
      return getByte(0, (byte) 0);
    }
  }

  public Div() {
    super("DIV", BuiltinOperator.code("DIV"), Options.class, ReportCategory.ELEMENTWISE);
  }

  @Override
  public int optionsTable() {
    return DIV_OPTIONS;
  }

  @Override
  public Options decodeOptions(TflOperator raw, OptionEnums e) {
    Table t = raw.builtinOptions(new Table());
    return t == null ? absentOptions() : new Options(e.activation(t.fusedActivationFunction()));
  }

  /** The schema's defaults. */
  @Override
  public Options absentOptions() {
    return new Options(Activation.NONE);
  }

  @Override
  public int encodeOptions(FlatBufferBuilder fbb, Options o) {
    fbb.startTable(1);
    fbb.addByte(0, (byte) o.activation().code(), 0);
    return fbb.endTable();
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
  public Arithmetic.Plan prepare(PrepareContext ctx, Operator op, Options o) {
    return Arithmetic.prepare(ctx, op, Arithmetic.Kind.DIV, o.activation(), TensorType.FLOAT32,
        TensorType.INT32);
  }

  @Override
  public MethodSpec emit(Arithmetic.Plan plan, EmitContext ctx) {
    return Arithmetic.emit(plan, ctx, "Div");
  }
}

package io.github.tflite2java.compiler.ops;

import com.google.flatbuffers.FlatBufferBuilder;
import com.squareup.javapoet.CodeBlock;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.CheckedTable;
import io.github.tflite2java.compiler.tflite.TflOperator;

/**
 * SUB, with broadcasting: on uint8 and int8 as TFLite 2.6 and 2.9 compute it, which is their
 * ADD kernel with the second input's multiplier negated (so {@link Add}'s plan and code, with
 * that multiplier); on float32 and int32 through {@link Arithmetic}.
 */
public final class Sub extends BinaryElementwise<Sub.Options, Add.Plan> {

  /** The schema's BuiltinOptions union index of SubOptions. */
  static final int SUB_OPTIONS = 28;

  private static final Add ADD = new Add();

  /** SubOptions ({@code pot_scale_int16}, schema default true, concerns int16 only). */
  public record Options(Activation activation, boolean potScaleInt16)
      implements OperatorOptions {
    /** With the schema's default {@code pot_scale_int16 = true}. */
    public Options(Activation activation) {
      this(activation, true);
    }
  }

  /** The SubOptions table. */
  static final class Table extends CheckedTable {
    byte fusedActivationFunction() {
      return getByte(0, (byte) 0);
    }

    boolean potScaleInt16() {
      return getBool(1, true);
    }
  }

  public Sub() {
    super("SUB", BuiltinOperator.SUB, Options.class);
  }

  @Override
  public int optionsTable() {
    return SUB_OPTIONS;
  }

  @Override
  public Options decodeOptions(TflOperator raw, OptionEnums e) {
    Table t = raw.builtinOptions(new Table());
    return t == null ? absentOptions()
        : new Options(e.activation(t.fusedActivationFunction()), t.potScaleInt16());
  }

  /** No options table: TFLite's zero-initialized parameters ({@code pot_scale_int16} false). */
  @Override
  public Options absentOptions() {
    return new Options(Activation.NONE, false);
  }

  @Override
  public int encodeOptions(FlatBufferBuilder fbb, Options o) {
    fbb.startTable(2);
    fbb.addByte(0, (byte) o.activation().code(), 0);
    fbb.addBoolean(1, o.potScaleInt16(), true);
    return fbb.endTable();
  }

  @Override
  boolean potScaleInt16(Options o) {
    return o.potScaleInt16();
  }

  @Override
  Int16Arithmetic.Kind int16Kind() {
    return Int16Arithmetic.Kind.SUB;
  }

  @Override
  Activation activation(Options o) {
    return o.activation();
  }

  @Override
  Arithmetic.Kind arithmetic() {
    return Arithmetic.Kind.SUB;
  }

  @Override
  Add.Plan plan(PrepareContext ctx, Operator op, Options o, Tensor a, Tensor b, Tensor out,
      Broadcast bc) {
    return Add.quantized(ctx, op, new Add.Options(o.activation()), a, b, out, bc, true);
  }

  @Override
  CodeBlock declare(Add.Plan plan, EmitContext ctx, String constants) {
    return ADD.declare(plan, ctx, constants);
  }

  @Override
  CodeBlock element(Add.Plan plan, EmitContext ctx, Operand a, Operand b) {
    return ADD.element(plan, ctx, a, b);
  }
}

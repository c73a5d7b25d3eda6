package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.google.flatbuffers.FlatBufferBuilder;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflOptions;

/**
 * RESHAPE: the same elements under another shape (uint8/int8 activations, or int32, int64,
 * float32 and bool tensors). The output shares the input's storage, so no
 * code runs. The shape input and the options' new shape are not read: shapes are static.
 */
public final class Reshape extends OperatorKernel<Reshape.Options, Reshape.AliasPlan> {

  /** ReshapeOptions: the optional new shape (may be empty). */
  public record Options(int[] newShape) implements OperatorOptions {
    public Options {
      newShape = newShape.clone();
    }

    @Override
    public int[] newShape() {
      return newShape.clone();
    }
  }

  /** An operator whose output is its input under another shape. */
  public record AliasPlan(Operator op, Tensor in, Tensor out) implements LayerPlan {
    @Override
    public boolean aliasesInput() {
      return true;
    }
  }

  public Reshape() {
    super("RESHAPE", BuiltinOperator.RESHAPE, Options.class, ReportCategory.RESHAPE);
  }

  /** Float32 tensors are moved as they are (see {@link Arithmetic}). */
  @Override
  public boolean readsFloat32Inputs() {
    return true;
  }

  /** A float32 tensor reshaped may be a model output. */
  @Override
  public boolean writesFloat32Outputs() {
    return true;
  }

  @Override
  public int optionsTable() {
    return TflOptions.RESHAPE_OPTIONS;
  }

  @Override
  public Options decodeOptions(TflOperator raw, OptionEnums enums) {
    TflOptions.Reshape o = raw.builtinOptions(new TflOptions.Reshape());
    int[] shape = o == null ? null : o.newShape();
    return new Options(shape == null ? new int[0] : shape);
  }

  @Override
  public Options absentOptions() {
    return new Options(new int[0]);
  }

  @Override
  public int encodeOptions(FlatBufferBuilder fbb, Options o) {
    int shape = intVector(fbb, o.newShape());
    fbb.startTable(1);
    fbb.addOffset(0, shape, 0);
    return fbb.endTable();
  }

  @Override
  public AliasPlan prepare(PrepareContext ctx, Operator op, Options options) {
    return alias(ctx, op, name(), 2);
  }

  /**
   * Checks an operator whose output is its input reinterpreted: same type, quantization and
   * element count.
   */
  static AliasPlan alias(PrepareContext ctx, Operator op, String name, int maxInputs) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 1, maxInputs, 1)) {
      return null;
    }
    // uint8/int8 activations, or int32/int64/float32/bool tensors (MoveNet reshapes int32).
    boolean plain = Concatenation.PLAIN.contains(g.tensor(op.input(0)).type());
    if (plain ? !Slots.check(g, p, op, op.input(0), "input", Concatenation.PLAIN)
            || !Slots.check(g, p, op, op.output(0), "output", Concatenation.PLAIN)
        : !OpChecks.activationOrInt16(g, p, op, op.input(0), "input", -1)
            || !OpChecks.activationOrInt16(g, p, op, op.output(0), "output", -1)) {
      return null;
    }
    if (!OpChecks.sameType(g, p, op, op.input(0), op.output(0))) {
      return null;
    }
    if (plain && g.tensor(op.input(0)).isConstant()) {
      p.add(UNSUPPORTED_TYPE, op, op.input(0), "input " + p.describe(op.input(0))
          + " is a constant; tflite2java expects a computed tensor here");
      return null;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    if (!in.quant().equals(out.quant())) {
      p.add(UNSUPPORTED_TYPE, op, "input (" + in.quant() + ") and output (" + out.quant()
          + ") quantization differ; " + name + " must not change it");
      return null;
    }
    if (in.elementCount() != out.elementCount()) {
      p.add(INVALID_MODEL, op, "input " + p.describe(in.index()) + " and output "
          + p.describe(out.index()) + " differ in element count");
      return null;
    }
    return new AliasPlan(op, in, out);
  }

  @Override
  public MethodSpec emit(AliasPlan plan, EmitContext ctx) {
    throw new IllegalStateException(name() + " shares storage and emits no code");
  }

  /** A vector of int32 in a FlatBuffer. */
  static int intVector(FlatBufferBuilder fbb, int[] values) {
    fbb.startVector(4, values.length, 4);
    for (int i = values.length - 1; i >= 0; i--) {
      fbb.addInt(values[i]);
    }
    return fbb.endVector();
  }
}

package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_OPTION;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.google.flatbuffers.FlatBufferBuilder;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.CheckedTable;
import io.github.tflite2java.compiler.tflite.TflOperator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import javax.lang.model.element.Modifier;

/**
 * ARG_MAX of a uint8 or int8 tensor along one axis given by a constant int32/int64 input, with
 * an int32 or int64 output (TFLite 2.9's {@code arg_min_max.cc}). Ties go to the first maximum:
 * TFLite replaces the running maximum only on a strictly greater value. The indices are stored
 * in the arena as {@code int} (an axis has fewer than 2^31 elements), also for int64 outputs.
 * Comparing the arena's centered values orders them as the raw ones (one zero point).
 */
public final class ArgMax extends OperatorKernel<ArgMax.Options, ArgMax.Plan> {

  /** The schema's BuiltinOptions union index of ArgMaxOptions. */
  static final int ARG_MAX_OPTIONS = 40;

  /** ArgMaxOptions: the output element type (a TFLite tensor type). */
  public record Options(TensorType outputType) implements OperatorOptions {}

  /** One ARG_MAX layer: {@code outer} x {@code axisSize} x {@code inner} in, indices out. */
  public record Plan(Operator op, Tensor in, Tensor out, int axis, int outer, int axisSize,
      int inner) implements LayerPlan {}

  /** The ArgMaxOptions table. */
  static final class Table extends CheckedTable {
    int outputType() {
      return getByte(0, (byte) TensorType.FLOAT32.code());
    }
  }

  public ArgMax() {
    super("ARG_MAX", BuiltinOperator.code("ARG_MAX"), Options.class, ReportCategory.REDUCTION);
  }

  @Override
  public int optionsTable() {
    return ARG_MAX_OPTIONS;
  }

  @Override
  public Options decodeOptions(TflOperator raw, OptionEnums enums) {
    Table t = raw.builtinOptions(new Table());
    if (t == null) {
      return absentOptions();
    }
    TensorType type = TensorType.ofCode(t.outputType());
    return new Options(type == null ? TensorType.FLOAT32 : type);
  }

  /** The schema default output_type is FLOAT32, which TFLite refuses; prepare reports it. */
  @Override
  public Options absentOptions() {
    return new Options(TensorType.FLOAT32);
  }

  @Override
  public int encodeOptions(FlatBufferBuilder fbb, Options o) {
    fbb.startTable(1);
    fbb.addByte(0, (byte) o.outputType().code(), (byte) TensorType.FLOAT32.code());
    return fbb.endTable();
  }

  @Override
  public Plan prepare(PrepareContext ctx, Operator op, Options options) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 2, 2, 1)
        || !OpChecks.activation(g, p, op, op.input(0), "input", -1)) {
      return null;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor axisTensor = g.tensor(op.input(1));
    Tensor out = g.tensor(op.output(0));
    if (out.type() != TensorType.INT32 && out.type() != TensorType.INT64) {
      p.add(UNSUPPORTED_TYPE, op, op.output(0), "output " + p.describe(out.index()) + " is "
          + out.type() + "; ARG_MAX writes int32 or int64 indices");
      return null;
    }
    if (options.outputType() != out.type()) {
      p.add(UNSUPPORTED_OPTION, op, "output_type " + options.outputType() + " differs from"
          + " output " + p.describe(out.index()) + " of type " + out.type());
      return null;
    }
    if (!axisTensor.isConstant() || axisTensor.elementCount() != 1
        || (axisTensor.type() != TensorType.INT32 && axisTensor.type() != TensorType.INT64)) {
      p.add(UNSUPPORTED_TYPE, op, op.input(1), "axis " + p.describe(axisTensor.index())
          + " must be a constant int32 or int64 tensor of one element");
      return null;
    }
    ByteBuffer bb = ByteBuffer.wrap(axisTensor.data()).order(ByteOrder.LITTLE_ENDIAN);
    long rawAxis = axisTensor.type() == TensorType.INT32 ? bb.getInt(0) : bb.getLong(0);
    int rank = in.rank();
    long axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
    if (rank == 0 || axis < 0 || axis >= rank) {
      p.add(INVALID_MODEL, op, op.input(1), "axis " + rawAxis + " is out of range for input "
          + p.describe(in.index()) + " of rank " + rank);
      return null;
    }
    int a = (int) axis;
    int[] expected = new int[rank - 1];
    int outer = 1;
    int inner = 1;
    for (int d = 0, k = 0; d < rank; d++) {
      if (d == a) {
        continue;
      }
      expected[k++] = in.dim(d);
      if (d < a) {
        outer *= in.dim(d);
      } else {
        inner *= in.dim(d);
      }
    }
    if (!Arrays.equals(expected, out.shape())) {
      p.add(INVALID_MODEL, op, op.output(0), "output " + p.describe(out.index())
          + " should have shape " + Arrays.toString(expected).replace(" ", "")
          + " (the input without dimension " + a + ")");
      return null;
    }
    return new Plan(op, in, out, a, outer, in.dim(a), inner);
  }

  @Override
  public MethodSpec emit(Plan plan, EmitContext ctx) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] t = arena");
    b.addStatement("int out = $L", ctx.arenaOffset(plan.out().index()));
    int inBase = ctx.arenaOffset(plan.in().index());
    int inner = plan.inner();
    b.beginControlFlow("for (int o = 0; o < $L; o++)", plan.outer());
    b.beginControlFlow("for (int k = 0; k < $L; k++)", inner);
    b.addStatement("int at = $L + o * $L + k", inBase, (long) plan.axisSize() * inner);
    b.addStatement("int best = t[at]");
    b.addStatement("int index = 0");
    b.beginControlFlow("for (int i = 1; i < $L; i++)", plan.axisSize());
    b.addStatement("at += $L", inner);
    b.add("// Strictly greater: ties keep the first maximum, as TFLite.\n");
    b.beginControlFlow("if (t[at] > best)");
    b.addStatement("best = t[at]");
    b.addStatement("index = i");
    b.endControlFlow();
    b.endControlFlow();
    b.addStatement("t[out++] = index");
    b.endControlFlow();
    b.endControlFlow();
    return MethodSpec.methodBuilder(ctx.prefix(plan.op()) + "ArgMax")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: ARG_MAX along axis $L, $L indices.\n", plan.op().index(),
            plan.axis(), plan.out().type().name().toLowerCase(java.util.Locale.ROOT))
        .addJavadoc("$L\n", Layers.describe(plan.in(), plan.out()))
        .addCode(b.build())
        .build();
  }
}

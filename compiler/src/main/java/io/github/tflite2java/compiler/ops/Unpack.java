package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
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
import io.github.tflite2java.compiler.tflite.TflOperator;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * UNPACK ({@code tf.unstack}): splits a tensor along {@code axis} (negative counts from the
 * end) into {@code num} tensors of rank - 1, as TFLite 2.9's {@code unpack.cc}: float32, int32,
 * uint8, int8, int16 or bool, every output quantized exactly as the input.
 */
public final class Unpack extends OperatorKernel<Unpack.Options, Unpack.Plan> {

  /** The schema's BuiltinOptions union index of UnpackOptions. */
  static final int UNPACK_OPTIONS = 64;

  static final Set<TensorType> TYPES = EnumSet.of(TensorType.FLOAT32, TensorType.INT32,
      TensorType.UINT8, TensorType.INT8, TensorType.INT16, TensorType.BOOL);

  /** UnpackOptions: the number of outputs and the axis. */
  public record Options(int num, int axis) implements OperatorOptions {}

  /**
   * One UNPACK layer: the input is {@code outer} runs of {@code num} blocks of {@code inner}
   * elements; output i takes block i of every run. {@code constant} holds the input's slots
   * when it is a constant.
   */
  public record Plan(Operator op, Tensor in, List<Tensor> outs, int axis, long outer,
      long inner, int[] constant) implements LayerPlan {
    public Plan {
      outs = List.copyOf(outs);
      constant = constant == null ? null : constant.clone();
    }

    @Override
    public int[] constant() {
      return constant == null ? null : constant.clone();
    }
  }

  public Unpack() {
    super("UNPACK", BuiltinOperator.code("UNPACK"), Options.class, ReportCategory.DATA_MOVEMENT);
  }

  /** Float32 tensors are moved as they are: a float32 model input may be read here. */
  @Override
  public boolean readsFloat32Inputs() {
    return true;
  }

  @Override
  public boolean writesFloat32Outputs() {
    return true;
  }

  @Override
  public int optionsTable() {
    return UNPACK_OPTIONS;
  }

  @Override
  public Options decodeOptions(TflOperator raw, OptionEnums enums) {
    return IntPairOptions.decode(raw, Options::new, absentOptions());
  }

  @Override
  public Options absentOptions() {
    return new Options(0, 0);
  }

  @Override
  public int encodeOptions(FlatBufferBuilder fbb, Options o) {
    return IntPairOptions.encode(fbb, o.num(), o.axis());
  }

  @Override
  public Plan prepare(PrepareContext ctx, Operator op, Options o) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (op.inputCount() != 1 || op.outputCount() != o.num() || o.num() < 1) {
      p.add(INVALID_MODEL, op, "has " + op.inputCount() + " inputs and " + op.outputCount()
          + " outputs; expected 1 input and num (" + o.num() + ") outputs");
      return null;
    }
    if (o.num() > Pack.MAX_VALUES) {
      p.add(UNSUPPORTED_TYPE, op, "unpacks into " + o.num() + " tensors; tflite2java unpacks"
          + " into at most " + Pack.MAX_VALUES + " (one copy statement each, within the JIT's"
          + " method size)");
      return null;
    }
    if (!Slots.check(g, p, op, op.input(0), "input", TYPES)) {
      return null;
    }
    Tensor in = g.tensor(op.input(0));
    int rank = in.rank();
    int axis = o.axis() < 0 ? o.axis() + rank : o.axis();
    if (axis < 0 || axis >= rank) {
      p.add(INVALID_MODEL, op, "axis " + o.axis() + " is outside the input's " + rank
          + " dimensions");
      return null;
    }
    if (in.dim(axis) != o.num()) {
      p.add(INVALID_MODEL, op, "num " + o.num() + " differs from dimension " + axis
          + " of input " + p.describe(in.index()));
      return null;
    }
    int[] expected = new int[rank - 1];
    long outer = 1;
    long inner = 1;
    for (int d = 0, k = 0; d < rank; d++) {
      if (d < axis) {
        outer *= in.dim(d);
      } else if (d > axis) {
        inner *= in.dim(d);
      }
      if (d != axis) {
        expected[k++] = in.dim(d);
      }
    }
    Tensor[] outs = new Tensor[o.num()];
    for (int i = 0; i < o.num(); i++) {
      if (!Slots.check(g, p, op, op.output(i), "output " + i, TYPES)) {
        return null;
      }
      Tensor out = g.tensor(op.output(i));
      if (out.type() != in.type() || !out.quant().equals(in.quant())) {
        p.add(UNSUPPORTED_TYPE, op, out.index(), "output " + i + " " + p.describe(out.index())
            + " (" + out.type() + ", " + out.quant() + ") differs from the input (" + in.type()
            + ", " + in.quant() + "); TFLite requires UNPACK's outputs typed and quantized"
            + " exactly as its input");
        return null;
      }
      if (!Arrays.equals(expected, out.shape())) {
        p.add(INVALID_MODEL, op, out.index(), "output " + i + " " + p.describe(out.index())
            + " should have shape " + Arrays.toString(expected).replace(" ", "")
            + " (the input without dimension " + axis + ")");
        return null;
      }
      outs[i] = out;
    }
    int[] constant = null;
    if (in.isConstant()) {
      constant = Slots.constant(p, op, in, "input");
      if (constant == null) {
        return null;
      }
    }
    return new Plan(op, in, List.of(outs), axis, outer, inner, constant);
  }

  @Override
  public MethodSpec emit(Plan plan, EmitContext ctx) {
    int n = plan.outs().size();
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] t = arena");
    int[] constant = plan.constant();
    String src = constant == null ? "t"
        : ctx.intArray(ctx.prefix(plan.op()).toUpperCase(Locale.ROOT) + "_INPUT", constant);
    long inBase = constant == null ? ctx.arenaOffset(plan.in().index()) : 0;
    Stacking stacking = new Stacking(plan.outer(), n, plan.inner());
    stacking.emit(b, i -> src, i -> stacking.stacked(inBase, i),
        i -> stacking.separate(ctx.arenaOffset(plan.outs().get(i).index())));
    StringBuilder names = new StringBuilder();
    for (Tensor out : plan.outs()) {
      names.append(names.length() == 0 ? "" : ", ").append(Layers.tensor(out));
    }
    return MethodSpec.methodBuilder(ctx.prefix(plan.op()) + "Unpack")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: UNPACK into $L outputs along axis $L.\n", plan.op().index(),
            n, plan.axis())
        .addJavadoc("$L -> $L.\n", Layers.tensor(plan.in()), names)
        .addCode(b.build())
        .build();
  }
}

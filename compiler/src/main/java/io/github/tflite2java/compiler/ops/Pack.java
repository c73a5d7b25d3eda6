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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * PACK ({@code tf.stack}) of N tensors of one shape into one of rank + 1, the new dimension of
 * size N at {@code axis} (negative counts from the end of the output), as TFLite 2.9's {@code
 * pack.cc}: float32, int32, int64, uint8, int8 or int16, every input quantized exactly as the
 * output (TFLite refuses to rescale). Constant inputs are folded into the class.
 */
public final class Pack extends OperatorKernel<Pack.Options, Pack.Plan> {

  /** The schema's BuiltinOptions union index of PackOptions. */
  static final int PACK_OPTIONS = 59;

  static final Set<TensorType> TYPES = EnumSet.of(TensorType.FLOAT32, TensorType.INT32,
      TensorType.INT64, TensorType.UINT8, TensorType.INT8, TensorType.INT16);

  /** Most inputs packed: each is one copy statement, and a method stays under 8,000 bytes. */
  static final int MAX_VALUES = 200;

  /** PackOptions: the number of inputs and the axis. */
  public record Options(int valuesCount, int axis) implements OperatorOptions {}

  /**
   * One PACK layer: the output is {@code outer} runs of the inputs' {@code inner}-element
   * blocks in input order. {@code constants[i]} holds input i's slots when it is a constant.
   */
  public record Plan(Operator op, List<Tensor> inputs, Tensor out, int axis, long outer,
      long inner, List<int[]> constants) implements LayerPlan {
    public Plan {
      inputs = List.copyOf(inputs);
      List<int[]> copy = new ArrayList<>();
      for (int[] c : constants) {
        copy.add(c == null ? null : c.clone());
      }
      constants = java.util.Collections.unmodifiableList(copy);
    }

    /** Input i's constant slots, or null for a computed input. */
    int[] constant(int i) {
      int[] c = constants.get(i);
      return c == null ? null : c.clone();
    }
  }

  public Pack() {
    super("PACK", BuiltinOperator.code("PACK"), Options.class, ReportCategory.DATA_MOVEMENT);
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
    return PACK_OPTIONS;
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
    return IntPairOptions.encode(fbb, o.valuesCount(), o.axis());
  }

  @Override
  public Plan prepare(PrepareContext ctx, Operator op, Options o) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    int n = op.inputCount();
    if (n < 1 || op.outputCount() != 1 || n != o.valuesCount()) {
      p.add(INVALID_MODEL, op, "has " + n + " inputs and " + op.outputCount() + " outputs;"
          + " expected values_count (" + o.valuesCount() + ") inputs and 1 output");
      return null;
    }
    if (n > MAX_VALUES) {
      p.add(UNSUPPORTED_TYPE, op, "packs " + n + " tensors; tflite2java packs at most "
          + MAX_VALUES + " (one copy statement each, within the JIT's method size)");
      return null;
    }
    if (!Slots.check(g, p, op, op.output(0), "output", TYPES)) {
      return null;
    }
    Tensor out = g.tensor(op.output(0));
    List<Tensor> inputs = new ArrayList<>();
    List<int[]> constants = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!Slots.check(g, p, op, op.input(i), "input " + i, TYPES)) {
        return null;
      }
      Tensor in = g.tensor(op.input(i));
      if (in.type() != out.type()) {
        p.add(UNSUPPORTED_TYPE, op, in.index(), "input " + i + " " + p.describe(in.index())
            + " is " + in.type() + " but the output is " + out.type()
            + "; PACK needs one type");
        return null;
      }
      if (!in.quant().equals(out.quant())) {
        p.add(UNSUPPORTED_TYPE, op, in.index(), "input " + i + " " + p.describe(in.index())
            + " has " + in.quant() + " but the output has " + out.quant()
            + "; TFLite requires PACK's inputs quantized exactly as its output");
        return null;
      }
      if (i > 0 && !Arrays.equals(in.shape(), inputs.get(0).shape())) {
        p.add(INVALID_MODEL, op, in.index(), "input " + i + " " + p.describe(in.index())
            + " differs in shape from input 0 " + p.describe(inputs.get(0).index()));
        return null;
      }
      inputs.add(in);
      int[] c = null;
      if (in.isConstant()) {
        c = Slots.constant(p, op, in, "input " + i);
        if (c == null) {
          return null;
        }
      }
      constants.add(c);
    }
    int rank = inputs.get(0).rank();
    int axis = o.axis() < 0 ? o.axis() + rank + 1 : o.axis();
    if (axis < 0 || axis > rank) {
      p.add(INVALID_MODEL, op, "axis " + o.axis() + " is outside the output's " + (rank + 1)
          + " dimensions");
      return null;
    }
    int[] in0 = inputs.get(0).shape();
    int[] expected = new int[rank + 1];
    long outer = 1;
    long inner = 1;
    for (int d = 0, k = 0; d <= rank; d++) {
      if (d == axis) {
        expected[d] = n;
      } else {
        expected[d] = in0[k++];
        if (d < axis) {
          outer *= expected[d];
        } else {
          inner *= expected[d];
        }
      }
    }
    if (!Arrays.equals(expected, out.shape())) {
      p.add(INVALID_MODEL, op, out.index(), "output " + p.describe(out.index())
          + " should have shape " + Arrays.toString(expected).replace(" ", "")
          + " (the inputs' shape with " + n + " inserted at axis " + axis + ")");
      return null;
    }
    return new Plan(op, inputs, out, axis, outer, inner, constants);
  }

  @Override
  public MethodSpec emit(Plan plan, EmitContext ctx) {
    String constants = ctx.prefix(plan.op()).toUpperCase(Locale.ROOT);
    int n = plan.inputs().size();
    int outBase = ctx.arenaOffset(plan.out().index());
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] t = arena");
    String[] src = new String[n];
    long[] base = new long[n];
    for (int i = 0; i < n; i++) {
      int[] c = plan.constant(i);
      if (c != null) {
        src[i] = ctx.intArray(constants + "_INPUT" + i, c);
      } else {
        src[i] = "t";
        base[i] = ctx.arenaOffset(plan.inputs().get(i).index());
      }
    }
    Stacking stacking = new Stacking(plan.outer(), n, plan.inner());
    stacking.emit(b, i -> src[i], i -> stacking.separate(base[i]),
        i -> stacking.stacked(outBase, i));
    StringBuilder names = new StringBuilder();
    for (Tensor in : plan.inputs()) {
      names.append(names.length() == 0 ? "" : ", ").append(in.isConstant() ? "constant " : "")
          .append(Layers.tensor(in));
    }
    return MethodSpec.methodBuilder(ctx.prefix(plan.op()) + "Pack")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: PACK of $L inputs along axis $L.\n", plan.op().index(), n,
            plan.axis())
        .addJavadoc("$L -> $L.\n", names, Layers.tensor(plan.out()))
        .addCode(b.build())
        .build();
  }
}

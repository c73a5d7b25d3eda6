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
import java.util.Locale;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * GATHER ({@code tf.gather}) of slices of {@code params} along {@code axis} by int32 or int64
 * positions, with {@code batch_dims} leading dimensions shared by params and positions: {@code
 * output.shape = params.shape[:axis] + positions.shape[batch_dims:] + params.shape[axis + 1:]}.
 * Params of type float32, int32, int64, uint8, int8, int16 or bool. TFLite 2.9.0 fails {@code
 * Invoke} on a negative position and reads past the axis (past params, for the last slices)
 * for a position at or beyond its size (later releases fail there too); the generated code
 * throws an {@link IllegalArgumentException} naming the operator and the position in both
 * cases; constant positions are checked at compile time. TFLite copies raw bytes: a quantized
 * output with another zero point gets the centered values shifted by the difference.
 */
public final class Gather extends OperatorKernel<Gather.Options, Gather.Plan> {

  /** The schema's BuiltinOptions union index of GatherOptions. */
  static final int GATHER_OPTIONS = 23;

  static final Set<TensorType> PARAMS = EnumSet.of(TensorType.FLOAT32, TensorType.INT32,
      TensorType.INT64, TensorType.UINT8, TensorType.INT8, TensorType.INT16, TensorType.BOOL);

  /** GatherOptions: the axis and the number of batch dimensions. */
  public record Options(int axis, int batchDims) implements OperatorOptions {}

  /**
   * One GATHER layer: {@code batches} x {@code outer} x {@code coords} copies of {@code inner}
   * elements, from {@code axisSize} candidates each. {@code constantParams}/{@code
   * constantPositions} hold the slots of constant inputs.
   */
  public record Plan(Operator op, Tensor params, Tensor positions, Tensor out, int axis,
      int batchDims, int batches, int outer, int axisSize, int coords, int inner, int shift,
      int[] constantParams, int[] constantPositions) implements LayerPlan {
    public Plan {
      constantParams = constantParams == null ? null : constantParams.clone();
      constantPositions = constantPositions == null ? null : constantPositions.clone();
    }

    @Override
    public int[] constantParams() {
      return constantParams == null ? null : constantParams.clone();
    }

    @Override
    public int[] constantPositions() {
      return constantPositions == null ? null : constantPositions.clone();
    }
  }

  public Gather() {
    super("GATHER", BuiltinOperator.code("GATHER"), Options.class, ReportCategory.DATA_MOVEMENT);
  }

  @Override
  public boolean writesFloat32Outputs() {
    return true;
  }

  @Override
  public int optionsTable() {
    return GATHER_OPTIONS;
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
    return IntPairOptions.encode(fbb, o.axis(), o.batchDims());
  }

  @Override
  public Plan prepare(PrepareContext ctx, Operator op, Options o) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 2, 2, 1)
        || !Slots.check(g, p, op, op.input(0), "params", PARAMS)
        || !Slots.check(g, p, op, op.input(1), "positions", GatherNd.INDICES)
        || !Slots.check(g, p, op, op.output(0), "output", PARAMS)) {
      return null;
    }
    Tensor params = g.tensor(op.input(0));
    Tensor positions = g.tensor(op.input(1));
    Tensor out = g.tensor(op.output(0));
    if (out.type() != params.type()) {
      p.add(UNSUPPORTED_TYPE, op, out.index(), "output " + p.describe(out.index()) + " is "
          + out.type() + " but params " + p.describe(params.index()) + " is " + params.type()
          + "; GATHER outputs the params' type");
      return null;
    }
    int rank = params.rank();
    int axis = o.axis() < 0 ? o.axis() + rank : o.axis();
    int batchDims = o.batchDims() < 0 ? o.batchDims() + positions.rank() : o.batchDims();
    if (axis < 0 || axis >= rank) {
      p.add(INVALID_MODEL, op, "axis " + o.axis() + " is outside params "
          + p.describe(params.index()));
      return null;
    }
    if (batchDims < 0 || batchDims > positions.rank() || batchDims >= rank
        || batchDims > axis) {
      p.add(INVALID_MODEL, op, "batch_dims " + o.batchDims() + " must be at most the axis ("
          + axis + ") and the positions' rank, and below the params' rank");
      return null;
    }
    for (int d = 0; d < batchDims; d++) {
      if (params.dim(d) != positions.dim(d)) {
        p.add(INVALID_MODEL, op, "params and positions differ in batch dimension " + d);
        return null;
      }
    }
    int[] expected = new int[rank + positions.rank() - 1 - batchDims];
    int k = 0;
    for (int d = 0; d < axis; d++) {
      expected[k++] = params.dim(d);
    }
    for (int d = batchDims; d < positions.rank(); d++) {
      expected[k++] = positions.dim(d);
    }
    for (int d = axis + 1; d < rank; d++) {
      expected[k++] = params.dim(d);
    }
    if (!Arrays.equals(expected, out.shape())) {
      p.add(INVALID_MODEL, op, out.index(), "output " + p.describe(out.index())
          + " should have shape " + Arrays.toString(expected).replace(" ", ""));
      return null;
    }
    int batches = 1;
    for (int d = 0; d < batchDims; d++) {
      batches *= params.dim(d);
    }
    int outer = 1;
    for (int d = batchDims; d < axis; d++) {
      outer *= params.dim(d);
    }
    int inner = 1;
    for (int d = axis + 1; d < rank; d++) {
      inner *= params.dim(d);
    }
    int coords = 1;
    for (int d = batchDims; d < positions.rank(); d++) {
      coords *= positions.dim(d);
    }
    int[] constantParams = null;
    if (params.isConstant()) {
      constantParams = Slots.constant(p, op, params, "params");
      if (constantParams == null) {
        return null;
      }
    }
    int[] constantPositions = null;
    if (positions.isConstant()) {
      constantPositions = Slots.constant(p, op, positions, "positions");
      if (constantPositions == null) {
        return null;
      }
      for (int e = 0; e < constantPositions.length; e++) {
        int v = constantPositions[e];
        if (v < 0 || v >= params.dim(axis)) {
          p.add(INVALID_MODEL, op, positions.index(), "constant positions "
              + p.describe(positions.index()) + " element " + e + " is " + v
              + ", outside axis " + axis + " of params " + p.describe(params.index())
              + " (TFLite 2.9.0 would read past the axis)");
          return null;
        }
      }
    }
    int shift = Slots.zeroPoint(params) - Slots.zeroPoint(out);
    return new Plan(op, params, positions, out, axis, batchDims, batches, outer,
        params.dim(axis), coords, inner, shift, constantParams, constantPositions);
  }

  @Override
  public MethodSpec emit(Plan plan, EmitContext ctx) {
    String constants = ctx.prefix(plan.op()).toUpperCase(Locale.ROOT);
    String name = "operator " + plan.op().index() + " (GATHER)";
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] t = arena");
    String src = "t";
    long srcBase = 0;
    if (plan.constantParams() != null) {
      src = ctx.intArray(constants + "_PARAMS", plan.constantParams());
    } else {
      srcBase = ctx.arenaOffset(plan.params().index());
    }
    String pos = "t";
    long posBase = 0;
    boolean check = plan.constantPositions() == null;
    if (!check) {
      pos = ctx.intArray(constants + "_POSITIONS", plan.constantPositions());
      b.add("// Constant positions, checked at compile time.\n");
    } else {
      posBase = ctx.arenaOffset(plan.positions().index());
      long count = (long) plan.batches() * plan.coords();
      b.add("// TFLite fails Invoke on any negative position, before copying.\n");
      b.beginControlFlow("for (int k = 0; k < $L; k++)", count);
      b.beginControlFlow("if (t[$L] < 0)", Layers.plus(posBase, "k"));
      b.addStatement("throw new $T($S + k + $S + t[$L])", IllegalArgumentException.class,
          name + ": positions element ", " is negative: ", Layers.plus(posBase, "k"));
      b.endControlFlow();
      b.endControlFlow();
    }
    if (plan.shift() != 0) {
      b.add("// TFLite copies raw bytes: the centered value moves by the zero-point difference.\n");
    }
    int outBase = ctx.arenaOffset(plan.out().index());
    int inner = plan.inner();
    int coords = plan.coords();
    b.addStatement("int to = $L", outBase);
    b.beginControlFlow("for (int batch = 0; batch < $L; batch++)", plan.batches());
    b.beginControlFlow("for (int o = 0; o < $L; o++)", plan.outer());
    b.addStatement("final int base = $L", Layers.plus(srcBase, "(batch * " + plan.outer()
        + " + o) * " + (long) plan.axisSize() * inner));
    b.beginControlFlow("for (int i = 0; i < $L; i++)", coords);
    b.addStatement("final int coord = $N[$L]", pos, Layers.plus(posBase, "batch * " + coords
        + " + i"));
    if (check) {
      b.beginControlFlow("if (coord >= $L)", plan.axisSize());
      b.addStatement("throw new $T($S + (batch * $L + i) + $S + coord + $S)",
          IllegalArgumentException.class, name + ": positions element ", coords, " is ",
          ", outside axis " + plan.axis() + " of params " + plan.params().shapeString());
      b.endControlFlow();
    }
    String from = inner == 1 ? "base + coord" : "base + coord * " + inner;
    if (inner == 1) {
      if (plan.shift() == 0) {
        b.addStatement("t[to] = $N[$L]", src, from);
      } else {
        b.addStatement("t[to] = $N[$L] + $L", src, from, plan.shift());
      }
    } else if (plan.shift() == 0) {
      b.addStatement("System.arraycopy($N, $L, t, to, $L)", src, from, inner);
    } else {
      b.addStatement("final int at = $L", from);
      b.beginControlFlow("for (int e = 0; e < $L; e++)", inner);
      b.addStatement("t[to + e] = $N[at + e] + $L", src, plan.shift());
      b.endControlFlow();
    }
    b.addStatement("to += $L", inner);
    b.endControlFlow();
    b.endControlFlow();
    b.endControlFlow();
    return MethodSpec.methodBuilder(ctx.prefix(plan.op()) + "Gather")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: GATHER along axis $L, batch_dims $L.\n", plan.op().index(),
            plan.axis(), plan.batchDims())
        .addJavadoc("$L$L, positions $L -> $L.\n", plan.params().isConstant() ? "constant " : "",
            Layers.tensor(plan.params()), Layers.tensor(plan.positions()),
            Layers.tensor(plan.out()))
        .addCode(b.build())
        .build();
  }
}

package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * GATHER_ND as TFLite 2.9 computes it ({@code gather_nd.cc}, {@code reference_ops::GatherNd}):
 * each row of the last dimension of {@code indices} selects a slice of {@code params}, {@code
 * output.shape = indices.shape[:-1] + params.shape[indices.shape[-1]:]}. Params of type
 * float32, int32, int64, uint8, int8 or int16; indices int32 or int64.
 *
 * <p>Bad indices: TFLite 2.9 fails {@code Invoke} when any index element is negative. It reads
 * a row at its flat position {@code sum(index[j] * stride[j])} (int arithmetic) without
 * checking each dimension, so an index past its dimension whose flat position stays inside the
 * params tensor reads that element, and the generated code does the same. A flat position
 * outside the tensor is not checked by TFLite 2.9.0 (it reads past the tensor; later releases
 * fail {@code Invoke}); the generated code throws there. Both throws are {@link
 * IllegalArgumentException}s naming the operator and the index. Constant indices are checked
 * at compile time. TFLite copies raw bytes (no quantization check): a
 * quantized output with another zero point than the params gets the centered values shifted
 * by the difference.
 */
public final class GatherNd extends OperatorKernel<OperatorOptions.None, GatherNd.Plan> {

  static final Set<TensorType> PARAMS = EnumSet.of(TensorType.FLOAT32, TensorType.INT32,
      TensorType.INT64, TensorType.UINT8, TensorType.INT8, TensorType.INT16);
  static final Set<TensorType> INDICES = EnumSet.of(TensorType.INT32, TensorType.INT64);

  /**
   * One GATHER_ND layer: {@code slices} rows of {@code nd} indices, each copying {@code
   * sliceSize} elements; {@code strides[j]} elements per step of params dimension {@code j}.
   * {@code constantParams}/{@code positions} are set when params/indices are constants
   * (positions: the checked flat position of each row).
   */
  public record Plan(Operator op, Tensor params, Tensor indices, Tensor out, int nd, int slices,
      int sliceSize, int[] strides, int shift, int[] constantParams, int[] positions)
      implements LayerPlan {
    public Plan {
      strides = strides.clone();
      constantParams = constantParams == null ? null : constantParams.clone();
      positions = positions == null ? null : positions.clone();
    }

    @Override
    public int[] strides() {
      return strides.clone();
    }

    @Override
    public int[] constantParams() {
      return constantParams == null ? null : constantParams.clone();
    }

    @Override
    public int[] positions() {
      return positions == null ? null : positions.clone();
    }
  }

  public GatherNd() {
    super("GATHER_ND", BuiltinOperator.code("GATHER_ND"), OperatorOptions.None.class,
        ReportCategory.DATA_MOVEMENT);
  }

  /** Float32 tensors are moved as they are: a float32 model input may be read here. */
  @Override
  public boolean readsFloat32Inputs() {
    return true;
  }

  /** Float32 params make a float32 output, which may leave the model as it is. */
  @Override
  public boolean writesFloat32Outputs() {
    return true;
  }

  @Override
  public Plan prepare(PrepareContext ctx, Operator op, OperatorOptions.None options) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 2, 2, 1)
        || !Slots.check(g, p, op, op.input(0), "params", PARAMS)
        || !Slots.check(g, p, op, op.input(1), "indices", INDICES)
        || !Slots.check(g, p, op, op.output(0), "output", PARAMS)) {
      return null;
    }
    Tensor params = g.tensor(op.input(0));
    Tensor indices = g.tensor(op.input(1));
    Tensor out = g.tensor(op.output(0));
    if (out.type() != params.type()) {
      p.add(UNSUPPORTED_TYPE, op, out.index(), "output " + p.describe(out.index()) + " is "
          + out.type() + " but params " + p.describe(params.index()) + " is " + params.type()
          + "; GATHER_ND outputs the params' type");
      return null;
    }
    if (params.rank() < 1 || indices.rank() < 1) {
      p.add(INVALID_MODEL, op, "params and indices must be at least vectors; they have rank "
          + params.rank() + " and " + indices.rank());
      return null;
    }
    int nd = indices.dim(indices.rank() - 1);
    if (nd > params.rank()) {
      p.add(INVALID_MODEL, op, indices.index(), "indices " + p.describe(indices.index())
          + " index " + nd + " dimensions but params " + p.describe(params.index())
          + " has only " + params.rank());
      return null;
    }
    int[] expected = new int[indices.rank() - 1 + params.rank() - nd];
    int k = 0;
    int slices = 1;
    for (int i = 0; i < indices.rank() - 1; i++) {
      expected[k++] = indices.dim(i);
      slices *= indices.dim(i);
    }
    int sliceSize = 1;
    for (int i = nd; i < params.rank(); i++) {
      expected[k++] = params.dim(i);
      sliceSize *= params.dim(i);
    }
    if (!Arrays.equals(expected, out.shape())) {
      p.add(INVALID_MODEL, op, out.index(), "output " + p.describe(out.index())
          + " should have shape " + Arrays.toString(expected).replace(" ", "")
          + " (indices.shape[:-1] + params.shape[" + nd + ":])");
      return null;
    }
    int flat = (int) params.elementCount();
    int[] strides = new int[nd];
    int remain = flat;
    for (int j = 0; j < nd; j++) {
      strides[j] = remain / params.dim(j);
      remain = strides[j];
    }
    int[] constantParams = null;
    if (params.isConstant()) {
      constantParams = Slots.constant(p, op, params, "params");
      if (constantParams == null) {
        return null;
      }
    }
    int[] positions = null;
    if (indices.isConstant()) {
      int[] idx = Slots.constant(p, op, indices, "indices");
      if (idx == null) {
        return null;
      }
      for (int e = 0; e < idx.length; e++) {
        if (idx[e] < 0) {
          p.add(INVALID_MODEL, op, indices.index(), "constant indices "
              + p.describe(indices.index()) + " has the negative element " + idx[e]
              + " (element " + e + "); TFLite 2.9 fails every Invoke of this model");
          return null;
        }
      }
      positions = new int[slices];
      for (int i = 0; i < slices; i++) {
        int from = 0;
        for (int j = 0; j < nd; j++) {
          from += idx[i * nd + j] * strides[j];
        }
        if (from < 0 || from + sliceSize > flat) {
          p.add(INVALID_MODEL, op, indices.index(), "constant indices "
              + p.describe(indices.index()) + " row " + i + " "
              + Arrays.toString(Arrays.copyOfRange(idx, i * nd, i * nd + nd)).replace(" ", "")
              + " is outside params " + p.describe(params.index())
              + " (TFLite 2.9.0 would read past the tensor)");
          return null;
        }
        positions[i] = from;
      }
    }
    int shift = Slots.zeroPoint(params) - Slots.zeroPoint(out);
    return new Plan(op, params, indices, out, nd, slices, sliceSize, strides, shift,
        constantParams, positions);
  }

  @Override
  public MethodSpec emit(Plan plan, EmitContext ctx) {
    String constants = ctx.prefix(plan.op()).toUpperCase(Locale.ROOT);
    int slice = plan.sliceSize();
    int outBase = ctx.arenaOffset(plan.out().index());
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] t = arena");
    String src;
    int srcBase;
    if (plan.constantParams() != null) {
      src = ctx.intArray(constants + "_PARAMS", plan.constantParams());
      srcBase = 0;
    } else {
      src = "t";
      srcBase = ctx.arenaOffset(plan.params().index());
    }
    if (plan.shift() != 0) {
      b.add("// TFLite copies raw bytes: the centered value moves by the zero-point difference.\n");
    }
    if (plan.positions() != null) {
      String from = ctx.intArray(constants + "_FROM", plan.positions());
      b.add("// Constant indices, checked at compile time: the flat position of each row.\n");
      b.beginControlFlow("for (int i = 0; i < $L; i++)", plan.slices());
      copy(b, src, Layers.plus(srcBase, from + "[i]"), Layers.plus(outBase, "i * " + slice), slice,
          plan.shift());
      b.endControlFlow();
    } else {
      int idx = ctx.arenaOffset(plan.indices().index());
      int nd = plan.nd();
      int count = plan.slices() * nd;
      String name = "operator " + plan.op().index() + " (GATHER_ND)";
      b.add("// TFLite 2.9 fails Invoke on any negative index element, before copying.\n");
      b.beginControlFlow("for (int k = 0; k < $L; k++)", count);
      b.beginControlFlow("if (t[$L] < 0)", Layers.plus(idx, "k"));
      b.addStatement("throw new $T($S + k + $S + t[$L] + $S)", IllegalArgumentException.class,
          name + ": indices element ", " is ", Layers.plus(idx, "k"),
          ", a negative index (TFLite 2.9 fails Invoke)");
      b.endControlFlow();
      b.endControlFlow();
      b.beginControlFlow("for (int i = 0; i < $L; i++)", plan.slices());
      b.addStatement("final int row = $L", Layers.plus(idx, "i * " + nd));
      CodeBlock.Builder sum = CodeBlock.builder();
      int[] strides = plan.strides();
      for (int j = 0; j < nd; j++) {
        sum.add(j == 0 ? "" : " + ").add("t[row$L] * $L", j == 0 ? "" : " + " + j, strides[j]);
      }
      b.addStatement("final int from = $L", nd == 0 ? CodeBlock.of("0") : sum.build());
      b.add("// TFLite 2.9.0 reads past params here (later releases fail Invoke): refused.\n");
      b.beginControlFlow("if (from < 0 || from + $L > $L)", slice,
          plan.params().elementCount());
      b.addStatement("final $T s = new $T()", StringBuilder.class, StringBuilder.class);
      b.beginControlFlow("for (int j = 0; j < $L; j++)", nd);
      b.addStatement("s.append(j == 0 ? $S : $S).append(t[row + j])", "", ", ");
      b.endControlFlow();
      b.addStatement("throw new $T($S + s + $S + i + $S)", IllegalArgumentException.class,
          name + ": index [", "] (indices row ", ") is outside params "
              + plan.params().shapeString());
      b.endControlFlow();
      copy(b, src, Layers.plus(srcBase, "from"), Layers.plus(outBase, "i * " + slice), slice,
          plan.shift());
      b.endControlFlow();
    }
    return MethodSpec.methodBuilder(ctx.prefix(plan.op()) + "GatherNd")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: GATHER_ND, $L rows of $L indices, slices of $L elements.\n",
            plan.op().index(), plan.slices(), plan.nd(), slice)
        .addJavadoc("$L$L, indices $L -> $L.\n", plan.params().isConstant() ? "constant " : "",
            Layers.tensor(plan.params()), Layers.tensor(plan.indices()),
            Layers.tensor(plan.out()))
        .addCode(b.build())
        .build();
  }

  /** Copies {@code n} slots from {@code src[from..]} to {@code t[to..]}, plus {@code shift}. */
  static void copy(CodeBlock.Builder b, String src, String from, String to, long n, int shift) {
    if (n == 1) {
      if (shift == 0) {
        b.addStatement("t[$L] = $N[$L]", to, src, from);
      } else {
        b.addStatement("t[$L] = $N[$L] + $L", to, src, from, shift);
      }
    } else if (shift == 0) {
      b.addStatement("System.arraycopy($N, $L, t, $L, $L)", src, from, to, n);
    } else {
      b.addStatement("final int to = $L", to);
      b.addStatement("final int at = $L", from);
      b.beginControlFlow("for (int e = 0; e < $L; e++)", n);
      b.addStatement("t[to + e] = $N[at + e] + $L", src, shift);
      b.endControlFlow();
    }
  }
}

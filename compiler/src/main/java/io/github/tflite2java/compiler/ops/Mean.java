package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.google.flatbuffers.FlatBufferBuilder;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Modifier;

/**
 * MEAN of uint8, int8 or int16 (zero point 0) over constant axes. TFLite has four code paths, chosen by the shapes
 * and quantization, and each rounds its own way; this follows the same choice:
 *
 * <ul>
 *   <li>{@link Path#INT8_SPATIAL} (int8 or int16, 4-D, keep_dims, axes exactly {1, 2}): {@code
 *       MultiplyByQuantizedMultiplier(sum(q - zp_in))} by {@code s_in / s_out}, then divided by
 *       the count with halves away from zero, plus {@code zp_out};
 *   <li>{@link Path#UINT8_SPATIAL} (uint8, same shapes): {@code MultiplyByQuantizedMultiplier(
 *       sum(q))} by the float32 {@code s_in / (n * s_out)}, plus a bias {@code zp_out -
 *       round(zp_in * s_in / s_out)};
 *   <li>{@link Path#SAME_QUANTIZATION} (otherwise, input and output quantized alike): the raw
 *       sum divided by the count, truncated toward zero;
 *   <li>{@link Path#FLOAT} (otherwise): TFLite's {@code QuantizedMeanOrSum} in float32.
 * </ul>
 */
public final class Mean extends OperatorKernel<Mean.Options, Mean.Plan> {

  /** TFLite's code paths for a quantized MEAN. */
  enum Path {
    INT8_SPATIAL, UINT8_SPATIAL, SAME_QUANTIZATION, FLOAT
  }

  /** ReducerOptions. */
  public record Options(boolean keepDims) implements OperatorOptions {}

  /**
   * One MEAN layer: the reduced dimensions (resolved, ascending), how many elements each
   * output averages, and TFLite's code path.
   */
  public record Plan(Operator op, Options o, Tensor in, Tensor out, List<Integer> reduced,
      long count, Path path) implements LayerPlan {
    public Plan {
      reduced = List.copyOf(reduced);
    }
  }

  public Mean() {
    super("MEAN", BuiltinOperator.MEAN, Options.class, ReportCategory.REDUCTION);
  }

  @Override
  public int optionsTable() {
    return TflOptions.REDUCER_OPTIONS;
  }

  @Override
  public Options decodeOptions(TflOperator raw, OptionEnums e) {
    TflOptions.Reducer o = raw.builtinOptions(new TflOptions.Reducer());
    return o == null ? absentOptions() : new Options(o.keepDims());
  }

  /** The schema's default: keep_dims false. */
  @Override
  public Options absentOptions() {
    return new Options(false);
  }

  @Override
  public int encodeOptions(FlatBufferBuilder fbb, Options o) {
    fbb.startTable(1);
    fbb.addBoolean(0, o.keepDims(), false);
    return fbb.endTable();
  }

  @Override
  public Plan prepare(PrepareContext ctx, Operator op, Options o) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 2, 2, 1) || !OpChecks.sameTypeActivationsOrInt16(g, p, op)) {
      return null;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor axes = g.tensor(op.input(1));
    Tensor out = g.tensor(op.output(0));
    if (!axes.isConstant() || axes.type() != TensorType.INT32 || axes.rank() > 1) {
      p.add(UNSUPPORTED_TYPE, op, "axes " + p.describe(axes.index())
          + " must be a constant INT32 scalar or vector");
      return null;
    }
    for (int a : axes(axes)) {
      if (a < -in.rank() || a >= in.rank()) {
        p.add(INVALID_MODEL, op, "axis " + a + " is outside the input's " + in.rank()
            + " dimensions");
        return null;
      }
    }
    TreeSet<Integer> reduced = resolved(in, axes);
    int[] expected = outputShape(in, reduced, o.keepDims());
    if (!Arrays.equals(expected, out.shape())) {
      p.add(INVALID_MODEL, op, "output " + p.describe(op.output(0)) + " should have shape "
          + Arrays.toString(expected).replace(" ", ""));
      return null;
    }
    long count = 1;
    for (int d : reduced) {
      count *= in.dim(d);
    }
    return new Plan(op, o, in, out, new ArrayList<>(reduced), count,
        path(in, out, axes(axes), o.keepDims()));
  }

  static int[] axes(Tensor axes) {
    ByteBuffer bb = ByteBuffer.wrap(axes.data()).order(ByteOrder.LITTLE_ENDIAN);
    int[] v = new int[(int) axes.elementCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = bb.getInt(4 * i);
    }
    return v;
  }

  /** The reduced dimensions, non-negative and without repeats (TFLite's ResolveAxis). */
  static TreeSet<Integer> resolved(Tensor in, Tensor axes) {
    TreeSet<Integer> set = new TreeSet<>();
    for (int a : axes(axes)) {
      set.add(a < 0 ? a + in.rank() : a);
    }
    return set;
  }

  static int[] outputShape(Tensor in, Set<Integer> reduced, boolean keepDims) {
    List<Integer> dims = new ArrayList<>();
    for (int d = 0; d < in.rank(); d++) {
      if (!reduced.contains(d)) {
        dims.add(in.dim(d));
      } else if (keepDims) {
        dims.add(1);
      }
    }
    return dims.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Which of TFLite's code paths runs this operator ({@code axes} as written). */
  static Path path(Tensor in, Tensor out, int[] axes, boolean keepDims) {
    // TFLite compares the axes as written, before resolving negative ones.
    boolean spatial = keepDims && in.rank() == 4 && axes.length == 2
        && ((axes[0] == 1 && axes[1] == 2) || (axes[0] == 2 && axes[1] == 1));
    if (spatial) {
      // int8 and int16 run reference_integer_ops::Mean; uint8 optimized_ops::Mean.
      return in.type() == TensorType.UINT8 ? Path.UINT8_SPATIAL : Path.INT8_SPATIAL;
    }
    return in.quant().equals(out.quant()) ? Path.SAME_QUANTIZATION : Path.FLOAT;
  }

  @Override
  public MethodSpec emit(Plan plan, EmitContext ctx) {
    Tensor in = plan.in();
    Tensor out = plan.out();
    long count = plan.count();
    int outputs = (int) out.elementCount();
    ctx.requireAccumulators(outputs);
    Path path = plan.path();

    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int[] acc = this.acc");
    body.addStatement("$T.fill(acc, 0, $L, 0)", Arrays.class, outputs);
    body.add("// acc[output] = sum of (q - inZeroPoint) over the $L reduced elements\n", count);
    body.add(sumLoops(in, new TreeSet<>(plan.reduced()), ctx.arenaOffset(in.index())));
    if (path == Path.INT8_SPATIAL) {
      // This path scales the centered sum: the input zero point is not read.
      body.addStatement("final int outZeroPoint = $L, count = $L", out.quant().zeroPoint(),
          count);
    } else {
      body.addStatement("final int inZeroPoint = $L, outZeroPoint = $L, count = $L",
          in.quant().zeroPoint(), out.quant().zeroPoint(), count);
    }
    body.addStatement("final int out = $L", ctx.arenaOffset(out.index()));
    body.add(finish(path, in, out, count, ctx));
    return MethodSpec.methodBuilder(ctx.prefix(plan.op()) + "Mean")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: MEAN over axes $L$L (TFLite path $L).\n", plan.op().index(),
            plan.reduced(), plan.o().keepDims() ? ", keep_dims" : "", path)
        .addJavadoc("$L\n", Layers.describe(in, out))
        .addJavadoc("Input $L, output $L.\n", in.quant(), out.quant())
        .addCode(body.build())
        .build();
  }

  /**
   * Loops over the input in memory order, adding each element to {@code acc[o]}; adjacent
   * dimensions that are both reduced or both kept are merged into one loop.
   */
  private static CodeBlock sumLoops(Tensor in, Set<Integer> reduced, int inOffset) {
    List<long[]> dims = new ArrayList<>(); // {size, kept (1) or reduced (0)}
    for (int d = 0; d < in.rank(); d++) {
      long kept = reduced.contains(d) ? 0 : 1;
      long[] last = dims.isEmpty() ? null : dims.get(dims.size() - 1);
      if (in.dim(d) == 1) {
        continue;
      }
      if (last != null && last[1] == kept) {
        last[0] *= in.dim(d);
      } else {
        dims.add(new long[] {in.dim(d), kept});
      }
    }
    if (dims.isEmpty()) {
      dims.add(new long[] {1, 1});
    }
    long[] outStride = new long[dims.size()];
    long stride = 1;
    for (int i = dims.size() - 1; i >= 0; i--) {
      outStride[i] = dims.get(i)[1] == 1 ? stride : 0;
      stride *= dims.get(i)[1] == 1 ? dims.get(i)[0] : 1;
    }
    CodeBlock.Builder b = CodeBlock.builder();
    if (dims.size() == 1 && dims.get(0)[0] == 1) {
      // One element: no loop.
      b.addStatement("acc[0] += t[$L]", inOffset);
      return b.build();
    }
    b.addStatement("int i = $L", inOffset);
    // The output index: "0" until a kept dimension moves it; reduced dimensions keep it.
    String o = "0";
    for (int i = 0; i < dims.size(); i++) {
      String a = "a" + i;
      b.beginControlFlow("for (int $1N = 0; $1N < $2L; $1N++)", a, dims.get(i)[0]);
      if (outStride[i] != 0) {
        String step = outStride[i] == 1 ? a : a + " * " + outStride[i];
        if (o.equals("0") && step.equals(a)) {
          o = a; // the counter itself
        } else {
          String next = "o" + i;
          b.addStatement("final int $N = $L", next, o.equals("0") ? step : o + " + " + step);
          o = next;
        }
      }
    }
    b.addStatement("acc[$L] += t[i++]", o);
    for (int i = 0; i < dims.size(); i++) {
      b.endControlFlow();
    }
    return b.build();
  }

  /** The per-output division and requantization of TFLite's path, after its constants. */
  private static CodeBlock finish(Path path, Tensor in, Tensor out, long count,
      EmitContext ctx) {
    float sIn = in.quant().scale();
    float sOut = out.quant().scale();
    int zpIn = in.quant().zeroPoint();
    int zpOut = out.quant().zeroPoint();
    int qmin = out.type().qmin();
    int qmax = out.type().qmax();
    CodeBlock.Builder b = CodeBlock.builder();
    CodeBlock.Builder loop = CodeBlock.builder();
    switch (path) {
      case INT8_SPATIAL: {
        QuantizedMultiplier m = QuantizedMultiplier.of((double) sIn / (double) sOut);
        b.add("// reference_integer_ops::Mean: scale by s_in / s_out, then divide, halves away"
            + " from zero\n");
        b.addStatement("final int multiplier = $L, shift = $L", m.multiplier(), m.shift());
        loop.addStatement("final int scaled = $L(acc[o], multiplier, shift)",
            ctx.helper(Helper.MULTIPLY_BY_QUANTIZED_MULTIPLIER));
        loop.addStatement("final int v = (scaled > 0 ? (scaled + count / 2) / count"
            + " : (scaled - count / 2) / count) + outZeroPoint");
        break;
      }
      case UINT8_SPATIAL: {
        float temp = zpIn * sIn / sOut;
        temp = temp > 0 ? temp + 0.5f : temp - 0.5f;
        int bias = zpOut - (int) temp;
        float real = sIn / ((float) count * sOut);
        QuantizedMultiplier m = QuantizedMultiplier.of(real);
        b.add("// optimized_ops::Mean: the raw sum scaled by s_in / (count * s_out) = $L, plus"
            + " the bias $L\n", real, bias);
        b.addStatement("final int multiplier = $L, shift = $L, bias = $L", m.multiplier(),
            m.shift(), bias);
        loop.addStatement("final int v = $L(acc[o] + count * inZeroPoint, multiplier, shift)"
            + " + bias", ctx.helper(Helper.MULTIPLY_BY_QUANTIZED_MULTIPLIER));
        break;
      }
      case SAME_QUANTIZATION:
        b.add("// reference_ops::Mean: the raw sum over the count, truncated toward zero\n");
        loop.addStatement("final int v = (acc[o] + count * inZeroPoint) / count");
        break;
      case FLOAT: {
        float scale = sIn / sOut;
        float bias = -zpIn * scale;
        b.add("// QuantizedMeanOrSum, in float32: round(sum / count * scale + bias) + zp\n");
        b.addStatement("final float scale = $Lf, bias = $Lf", Float.toString(scale),
            Float.toString(bias));
        loop.addStatement("final float mean = (float) (acc[o] + count * inZeroPoint) / (float)"
            + " count");
        loop.addStatement("final float r = $L(mean * scale + bias) + outZeroPoint",
            ctx.helper(Helper.ROUND_HALF_AWAY_FROM_ZERO));
        loop.addStatement("final int v = (int) Math.max($Lf, Math.min($Lf, r))", qmin, qmax);
        break;
      }
      default:
        throw new AssertionError(path);
    }
    b.beginControlFlow("for (int o = 0; o < $L; o++)", out.elementCount());
    b.add(loop.build());
    b.addStatement("t[out + o] = Math.max($L, Math.min($L, v)) - outZeroPoint", qmin, qmax);
    b.endControlFlow();
    return b.build();
  }
}

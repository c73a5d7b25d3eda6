package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.lang.model.element.Modifier;

/**
 * PAD on uint8 and int8 with constant paddings: the input's bytes are copied unchanged and the
 * border is filled with the output zero point (TFLite's pad value for quantized tensors), which
 * is 0 in the arena's centered form. No requantization happens.
 */
public final class Pad extends OperatorKernel<OperatorOptions.None, Pad.Plan> {
  /** TFLite 2.6 pads tensors of at most four dimensions. */
  static final int MAX_RANK = 4;

  /** One PAD layer; {@code paddings} is {before0, after0, before1, after1, ...}. */
  public record Plan(Operator op, Tensor in, Tensor out, long[] paddings) implements LayerPlan {
    public Plan {
      paddings = paddings.clone();
    }

    @Override
    public long[] paddings() {
      return paddings.clone();
    }
  }

  public Pad() {
    super("PAD", BuiltinOperator.PAD, OperatorOptions.None.class, ReportCategory.DATA_MOVEMENT);
  }

  @Override
  public Plan prepare(PrepareContext ctx, Operator op, OperatorOptions.None options) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 2, 2, 1) || !OpChecks.sameTypeActivationsOrInt16(g, p, op)) {
      return null;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    Tensor pads = g.tensor(op.input(1));
    if (in.rank() > MAX_RANK) {
      p.add(UNSUPPORTED_TYPE, op, "input " + p.describe(in.index()) + " has rank " + in.rank()
          + "; TFLite pads at most " + MAX_RANK + " dimensions");
      return null;
    }
    if (pads.type() == TensorType.INT64) {
      p.add(UNSUPPORTED_TYPE, op, "paddings " + p.describe(pads.index()) + " are INT64, which"
          + " TFLite 2.6 and 2.9 read as INT32 (sizing the output wrongly); use INT32 paddings");
      return null;
    }
    if (!pads.isConstant() || pads.type() != TensorType.INT32 || pads.rank() != 2
        || pads.dim(0) != in.rank() || pads.dim(1) != 2) {
      p.add(UNSUPPORTED_TYPE, op, "paddings " + p.describe(pads.index()) + " must be a constant"
          + " INT32 tensor of shape [" + in.rank() + ",2]");
      return null;
    }
    long[] v = paddings(pads);
    for (int d = 0; d < in.rank(); d++) {
      if (v[2 * d] < 0 || v[2 * d + 1] < 0) {
        p.add(INVALID_MODEL, op, "paddings of dimension " + d + " are " + v[2 * d] + ", "
            + v[2 * d + 1] + "; they must not be negative");
        return null;
      }
      if (out.rank() != in.rank() || out.dim(d) != in.dim(d) + v[2 * d] + v[2 * d + 1]) {
        p.add(INVALID_MODEL, op, "output " + p.describe(out.index()) + " does not have the"
            + " input's shape plus the paddings");
        return null;
      }
    }
    if (in.quant().zeroPoint() != out.quant().zeroPoint()
        || in.quant().scale() != out.quant().scale()) {
      p.add(UNSUPPORTED_TYPE, op, "input (" + in.quant() + ") and output (" + out.quant()
          + ") quantization differ; PAD must not change it");
      return null;
    }
    return new Plan(op, in, out, v);
  }

  /** The paddings as {before0, after0, before1, after1, ...}. */
  static long[] paddings(Tensor pads) {
    ByteBuffer bb = ByteBuffer.wrap(pads.data()).order(ByteOrder.LITTLE_ENDIAN);
    long[] v = new long[(int) pads.elementCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = bb.getInt(4 * i);
    }
    return v;
  }

  @Override
  public MethodSpec emit(Plan plan, EmitContext ctx) {
    Operator op = plan.op();
    Tensor in = plan.in();
    Tensor out = plan.out();
    long[] pads = plan.paddings();
    int rank = in.rank();
    int inOff = ctx.arenaOffset(in.index());
    int outOff = ctx.arenaOffset(out.index());
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.add("// Padding holds the output zero point: 0 in the arena's centered form.\n");
    body.addStatement("$T.fill(t, $L, $L, 0)", java.util.Arrays.class, outOff,
        outOff + out.elementCount());
    if (rank == 0 || in.elementCount() == 0) {
      return method(op, ctx, in, out, body);
    }
    // Copy each innermost row of the input to its place in the output.
    long[] inStride = new long[rank];
    long[] outStride = new long[rank];
    inStride[rank - 1] = 1;
    outStride[rank - 1] = 1;
    for (int d = rank - 2; d >= 0; d--) {
      inStride[d] = inStride[d + 1] * in.dim(d + 1);
      outStride[d] = outStride[d + 1] * out.dim(d + 1);
    }
    // Positions are a local (the enclosing loop's) plus a constant; size-1 dimensions add
    // only constants and get no loop.
    String inLocal = null;
    String outLocal = null;
    long inConst = inOff;
    long outConst = outOff + pads[2 * (rank - 1)];
    int loops = 0;
    for (int d = 0; d < rank - 1; d++) {
      outConst += pads[2 * d] * outStride[d];
      if (in.dim(d) == 1) {
        continue;
      }
      String i = "i" + d;
      body.beginControlFlow("for (int $1N = 0; $1N < $2L; $1N++)", i, in.dim(d));
      body.addStatement("final int in$1L = $2L, out$1L = $3L", d,
          sum(position(inLocal, inConst), i, inStride[d]),
          sum(position(outLocal, outConst), i, outStride[d]));
      inLocal = "in" + d;
      outLocal = "out" + d;
      inConst = 0;
      outConst = 0;
      loops++;
    }
    body.addStatement("System.arraycopy(t, $L, t, $L, $L)", position(inLocal, inConst),
        position(outLocal, outConst), in.dim(rank - 1));
    for (int d = 0; d < loops; d++) {
      body.endControlFlow();
    }
    return method(op, ctx, in, out, body);
  }

  /** {@code local + constant}, folding a zero constant or an absent local. */
  private static String position(String local, long constant) {
    if (local == null) {
      return String.valueOf(constant);
    }
    return constant == 0 ? local : local + " + " + constant;
  }

  /** {@code base + index * stride}, folding a zero base and a unit stride. */
  private static String sum(String base, String index, long stride) {
    String term = stride == 1 ? index : index + " * " + stride;
    return base.equals("0") ? term : base + " + " + term;
  }

  private static MethodSpec method(Operator op, EmitContext ctx, Tensor in, Tensor out,
      CodeBlock.Builder body) {
    return MethodSpec.methodBuilder(ctx.prefix(op) + "Pad")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: PAD with the output zero point.\n", op.index())
        .addJavadoc("$L\n", Layers.describe(in, out))
        .addCode(body.build())
        .build();
  }
}

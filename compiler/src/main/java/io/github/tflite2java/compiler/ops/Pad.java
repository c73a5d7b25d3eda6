package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.validate.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.validate.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.validate.ProblemCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.lang.model.element.Modifier;

/**
 * PAD on uint8 and int8 with constant paddings: the input's bytes are copied unchanged and the
 * border is filled with the output zero point (TFLite's pad value for quantized tensors), which
 * is 0 in the arena's centered form. No requantization happens.
 */
public final class Pad implements OperatorLowering {
  /** TFLite 2.6 pads tensors of at most four dimensions. */
  static final int MAX_RANK = 4;

  @Override
  public String kind() {
    return "PAD";
  }

  @Override
  public void validate(ModelGraph g, Operator op, ProblemCollector p) {
    if (!OpChecks.arity(p, op, 2, 2, 1) || !OpChecks.sameTypeActivations(g, p, op)) {
      return;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    Tensor pads = g.tensor(op.input(1));
    if (in.rank() > MAX_RANK) {
      p.add(UNSUPPORTED_TYPE, op, "input " + p.describe(in.index()) + " has rank " + in.rank()
          + "; TFLite pads at most " + MAX_RANK + " dimensions");
      return;
    }
    if (pads.type() == TensorType.INT64) {
      p.add(UNSUPPORTED_TYPE, op, "paddings " + p.describe(pads.index()) + " are INT64, which"
          + " TFLite 2.6 and 2.9 read as INT32 (sizing the output wrongly); use INT32 paddings");
      return;
    }
    if (!pads.isConstant() || pads.type() != TensorType.INT32 || pads.rank() != 2
        || pads.dim(0) != in.rank() || pads.dim(1) != 2) {
      p.add(UNSUPPORTED_TYPE, op, "paddings " + p.describe(pads.index()) + " must be a constant"
          + " INT32 tensor of shape [" + in.rank() + ",2]");
      return;
    }
    long[] v = paddings(pads);
    for (int d = 0; d < in.rank(); d++) {
      if (v[2 * d] < 0 || v[2 * d + 1] < 0) {
        p.add(INVALID_MODEL, op, "paddings of dimension " + d + " are " + v[2 * d] + ", "
            + v[2 * d + 1] + "; they must not be negative");
        return;
      }
      if (out.rank() != in.rank() || out.dim(d) != in.dim(d) + v[2 * d] + v[2 * d + 1]) {
        p.add(INVALID_MODEL, op, "output " + p.describe(out.index()) + " does not have the"
            + " input's shape plus the paddings");
        return;
      }
    }
    if (in.quant().zeroPoint() != out.quant().zeroPoint()
        || in.quant().scale() != out.quant().scale()) {
      p.add(UNSUPPORTED_TYPE, op, "input (" + in.quant() + ") and output (" + out.quant()
          + ") quantization differ; PAD must not change it");
    }
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
  public MethodSpec emit(ModelGraph g, Operator op, LoweringContext ctx) {
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    long[] pads = paddings(g.tensor(op.input(1)));
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
    String inPos = String.valueOf(inOff);
    long start = outOff + pads[2 * (rank - 1)];
    String outPos = String.valueOf(start);
    for (int d = 0; d < rank - 1; d++) {
      String i = "i" + d;
      body.beginControlFlow("for (int $1N = 0; $1N < $2L; $1N++)", i, in.dim(d));
      body.addStatement("final int in$1L = $2L + $3N * $4L, out$1L = $5L + ($3N + $6L) * $7L",
          d, inPos, i, inStride[d], outPos, pads[2 * d], outStride[d]);
      inPos = "in" + d;
      outPos = "out" + d;
    }
    body.addStatement("System.arraycopy(t, $L, t, $L, $L)", inPos, outPos, in.dim(rank - 1));
    for (int d = 0; d < rank - 1; d++) {
      body.endControlFlow();
    }
    return method(op, ctx, in, out, body);
  }

  private static MethodSpec method(Operator op, LoweringContext ctx, Tensor in, Tensor out,
      CodeBlock.Builder body) {
    return MethodSpec.methodBuilder(ctx.prefix(op) + "Pad")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: PAD $L $L -> $L.\n", op.index(), in.type(), in.shapeString(),
            out.shapeString())
        .addCode(body.build())
        .build();
  }
}

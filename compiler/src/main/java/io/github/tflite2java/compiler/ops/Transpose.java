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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import javax.lang.model.element.Modifier;

/**
 * TRANSPOSE of a uint8 or int8 tensor of rank 1 to 5 by a constant permutation ({@code
 * output.dim(i) = input.dim(perm[i])}), as PyTorch exports start with (NCHW to NHWC). TFLite
 * copies the raw bytes, so an output zero point that differs from the input's shifts the
 * centered values by the difference.
 */
public final class Transpose extends OperatorKernel<OperatorOptions.None, Transpose.Plan> {
  /** TFLite 2.9's TRANSPOSE handles up to five dimensions (6 only in later builds). */
  static final int MAX_RANK = 5;

  /** One TRANSPOSE layer. */
  public record Plan(Operator op, Tensor in, Tensor out, int[] perm) implements LayerPlan {
    public Plan {
      perm = perm.clone();
    }

    @Override
    public int[] perm() {
      return perm.clone();
    }
  }

  public Transpose() {
    super("TRANSPOSE", BuiltinOperator.code("TRANSPOSE"), OperatorOptions.None.class,
        ReportCategory.DATA_MOVEMENT);
  }

  @Override
  public Plan prepare(PrepareContext ctx, Operator op, OperatorOptions.None options) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 2, 2, 1)
        || !OpChecks.activationOrInt16(g, p, op, op.input(0), "input", -1)
        || !OpChecks.activationOrInt16(g, p, op, op.output(0), "output", -1)
        || !OpChecks.sameType(g, p, op, op.input(0), op.output(0))) {
      return null;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    Tensor permTensor = g.tensor(op.input(1));
    int rank = in.rank();
    if (rank < 1 || rank > MAX_RANK) {
      p.add(UNSUPPORTED_TYPE, op, op.input(0), "input " + p.describe(in.index()) + " has rank "
          + rank + "; TFLite 2.9 transposes 1 to " + MAX_RANK + " dimensions");
      return null;
    }
    if (!permTensor.isConstant() || permTensor.type() != TensorType.INT32
        || permTensor.rank() != 1 || permTensor.dim(0) != rank) {
      p.add(UNSUPPORTED_TYPE, op, op.input(1), "permutation " + p.describe(permTensor.index())
          + " must be a constant INT32 tensor of shape [" + rank + "]");
      return null;
    }
    int[] perm = new int[rank];
    ByteBuffer bb = ByteBuffer.wrap(permTensor.data()).order(ByteOrder.LITTLE_ENDIAN);
    boolean[] seen = new boolean[rank];
    for (int i = 0; i < rank; i++) {
      perm[i] = bb.getInt(4 * i);
      if (perm[i] < 0 || perm[i] >= rank || seen[perm[i]]) {
        p.add(INVALID_MODEL, op, op.input(1), "permutation " + Arrays.toString(perm(bb, rank))
            + " is not a permutation of 0.." + (rank - 1));
        return null;
      }
      seen[perm[i]] = true;
    }
    int[] expected = new int[rank];
    for (int i = 0; i < rank; i++) {
      expected[i] = in.dim(perm[i]);
    }
    if (!Arrays.equals(expected, out.shape())) {
      p.add(INVALID_MODEL, op, op.output(0), "output " + p.describe(out.index())
          + " should have shape " + Arrays.toString(expected).replace(" ", "")
          + " (the input's dimensions permuted by " + Arrays.toString(perm).replace(" ", "")
          + ")");
      return null;
    }
    return new Plan(op, in, out, perm);
  }

  private static int[] perm(ByteBuffer bb, int rank) {
    int[] v = new int[rank];
    for (int i = 0; i < rank; i++) {
      v[i] = bb.getInt(4 * i);
    }
    return v;
  }

  /**
   * Walks the output in order; each output dimension steps the input by the stride of the
   * input dimension it came from. Size-1 dimensions get no loop; the innermost loop copies.
   */
  @Override
  public MethodSpec emit(Plan plan, EmitContext ctx) {
    Tensor in = plan.in();
    Tensor out = plan.out();
    int[] perm = plan.perm();
    int rank = in.rank();
    long[] inStride = new long[rank];
    inStride[rank - 1] = 1;
    for (int d = rank - 2; d >= 0; d--) {
      inStride[d] = inStride[d + 1] * in.dim(d + 1);
    }
    int shift = in.quant().zeroPoint() - out.quant().zeroPoint();
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("int out = $L", ctx.arenaOffset(out.index()));
    String base = String.valueOf(ctx.arenaOffset(in.index()));
    int loops = 0;
    for (int d = 0; d < rank; d++) {
      if (out.dim(d) == 1) {
        continue;
      }
      String i = "i" + d;
      long stride = inStride[perm[d]];
      body.beginControlFlow("for (int $1N = 0; $1N < $2L; $1N++)", i, out.dim(d));
      String term = stride == 1 ? i : i + " * " + stride;
      body.addStatement("final int in$L = $L", d, base.equals("0") ? term : base + " + " + term);
      base = "in" + d;
      loops++;
    }
    if (shift == 0) {
      body.addStatement("t[out++] = t[$L]", base);
    } else {
      body.add("// Raw bytes are copied: the centered value moves by the zero-point difference.\n");
      body.addStatement("t[out++] = t[$L] + $L", base, shift);
    }
    for (int d = 0; d < loops; d++) {
      body.endControlFlow();
    }
    return MethodSpec.methodBuilder(ctx.prefix(plan.op()) + "Transpose")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: TRANSPOSE by $L.\n", plan.op().index(),
            Arrays.toString(perm).replace(" ", ""))
        .addJavadoc("$L\n", Layers.describe(in, out))
        .addCode(body.build())
        .build();
  }
}

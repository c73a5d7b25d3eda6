package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import java.util.Locale;
import java.util.function.IntUnaryOperator;
import javax.lang.model.element.Modifier;

/**
 * Elementwise operators on one 8-bit input: the input takes only 256 values, so the compiler
 * runs TFLite's arithmetic for each of them and the generated code looks the result up.
 */
final class LookupTables {

  private LookupTables() {}

  /**
   * One input and one output, both 8-bit activations with one scale and zero point, of the same
   * shape (and of the same type unless {@code typeMayChange}).
   */
  static boolean validateUnary(
      ModelGraph g, ProblemCollector p, Operator op, boolean typeMayChange) {
    if (!OpChecks.arity(p, op, 1, 1, 1)) {
      return false;
    }
    if (typeMayChange
        ? !OpChecks.activation(g, p, op, op.input(0), "input", -1)
            || !OpChecks.activation(g, p, op, op.output(0), "output", -1)
        : !OpChecks.sameTypeActivations(g, p, op)) {
      return false;
    }
    return sameShape(g, p, op);
  }

  /** Input 0 and output 0 have the same shape. */
  static boolean sameShape(ModelGraph g, ProblemCollector p, Operator op) {
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    if (!java.util.Arrays.equals(in.shape(), out.shape())) {
      p.add(INVALID_MODEL, op, "output " + p.describe(out.index()) + " should have the shape of"
          + " input " + p.describe(in.index()));
      return false;
    }
    return true;
  }

  /**
   * The table of centered outputs ({@code q_out - outZeroPoint}), indexed by {@code q_in - qmin}
   * of the input type, from a function of raw quantized values.
   */
  static int[] centered(Tensor in, Tensor out, IntUnaryOperator rawInToRawOut) {
    int qmin = in.type().qmin();
    int[] table = new int[256];
    for (int raw = qmin; raw < qmin + 256; raw++) {
      table[raw - qmin] = rawInToRawOut.applyAsInt(raw) - out.quant().zeroPoint();
    }
    return table;
  }

  /**
   * A unary operator computed by table lookup.
   *
   * @param methodSuffix the layer method's name after its prefix, e.g. {@code Logistic}
   * @param table centered outputs indexed by {@code q_in - qmin}
   * @param what one line of Javadoc saying what the table holds
   */
  record TablePlan(Operator op, Tensor in, Tensor out, String methodSuffix, int[] table,
      String what) implements LayerPlan {
    TablePlan {
      table = table.clone();
    }

    @Override
    public int[] table() {
      return table.clone();
    }
  }

  /**
   * The layer method {@code t[out + i] = table[t[in + i] + offset]}: the arena holds {@code q -
   * inZeroPoint}, so the offset is {@code inZeroPoint - qmin}.
   */
  static MethodSpec emit(TablePlan plan, EmitContext ctx) {
    Operator op = plan.op();
    Tensor in = plan.in();
    Tensor out = plan.out();
    String prefix = ctx.prefix(op).toUpperCase(Locale.ROOT);
    String field = ctx.intArray(prefix + "_TABLE", plan.table());
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int[] table = $N", field);
    body.addStatement("final int in = $L, out = $L", ctx.arenaOffset(in.index()),
        ctx.arenaOffset(out.index()));
    body.beginControlFlow("for (int i = 0; i < $L; i++)", in.elementCount());
    body.addStatement("t[out + i] = table[t[in + i] + $L]",
        in.quant().zeroPoint() - in.type().qmin());
    body.endControlFlow();
    return MethodSpec.methodBuilder(ctx.prefix(op) + plan.methodSuffix())
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: $L by table lookup ($L).\n", op.index(), op.kind(),
            plan.what())
        .addJavadoc("$L\n", Layers.describe(in, out))
        .addJavadoc("Quantization $L -> $L.\n", in.quant(),
            out.quant().isPresent() ? out.quant() : "float")
        .addCode(body.build())
        .build();
  }

  /** Clamps {@code v} to the range of the tensor's 8-bit type. */
  static int clamp(Tensor t, int v) {
    return Math.max(t.type().qmin(), Math.min(t.type().qmax(), v));
  }
}

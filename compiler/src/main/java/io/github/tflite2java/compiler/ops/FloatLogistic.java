package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.TfliteVersion;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.floatmath.EigenLogistic;
import io.github.tflite2java.compiler.floatmath.EigenLogistic26;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import javax.lang.model.element.Modifier;

/**
 * LOGISTIC on float32, as TFLite's optimized kernel computes it on x86-64: Eigen's {@code
 * scalar_logistic_op<float>}, the elements below {@code size - size % 4} as SSE packets, the last
 * {@code size % 4} through the scalar functor; for {@code tfliteVersion 2.9} TFLite 2.9.0's
 * ({@link EigenLogistic}: {@code exp} then {@code e / (1 + e)}), for {@code 2.6} TFLite 2.6.2's
 * ({@link EigenLogistic26}: a rational function, {@code exp} below -9).
 */
final class FloatLogistic {

  private FloatLogistic() {}

  /** One float32 LOGISTIC layer; {@code tflite26}: TFLite 2.6.2's kernel rather than 2.9.0's. */
  record Plan(Operator op, Tensor in, Tensor out, boolean tflite26) implements LayerPlan {}

  /** Checks a LOGISTIC whose input is float32 and plans it; reports and returns null. */
  static Plan prepare(PrepareContext ctx, Operator op) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 1, 1, 1)) {
      return null;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    if (out.type() != TensorType.FLOAT32) {
      p.add(UNSUPPORTED_TYPE, op, out.index(), "output " + p.describe(out.index()) + " is "
          + out.type() + "; float32 LOGISTIC writes float32 (as TFLite)");
      return null;
    }
    if (in.isConstant()) {
      p.add(UNSUPPORTED_TYPE, op, in.index(), "input " + p.describe(in.index())
          + " is a constant; fold the LOGISTIC into it before conversion");
      return null;
    }
    if (in.variable()) {
      return null; // reported by the graph checks
    }
    return LookupTables.sameShape(g, p, op)
        ? new Plan(op, in, out, ctx.options().tfliteVersion() == TfliteVersion.V2_6) : null;
  }

  static MethodSpec emit(Plan plan, EmitContext ctx) {
    String logistic = ctx.helper(plan.tflite26() ? Helper.EIGEN_LOGISTIC_26
        : Helper.EIGEN_LOGISTIC);
    long n = plan.in().elementCount();
    long packets = n - n % 4;
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] t = arena");
    b.addStatement("final int in = $L, out = $L", ctx.arenaOffset(plan.in().index()),
        ctx.arenaOffset(plan.out().index()));
    b.add("// Eigen's SSE packets of four, then the last size % 4 through the scalar functor.\n");
    if (packets > 0) {
      b.beginControlFlow("for (int i = 0; i < $L; i++)", packets);
      b.addStatement("t[out + i] = $N.packet(t[in + i])", logistic);
      b.endControlFlow();
    }
    for (long i = packets; i < n; i++) {
      b.addStatement("t[out + $L] = $N.scalar(t[in + $L])", i, logistic, i);
    }
    return MethodSpec.methodBuilder(ctx.prefix(plan.op()) + "Logistic")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: LOGISTIC float32 (TFLite $L's Eigen kernel).\n",
            plan.op().index(), plan.tflite26() ? "2.6.2" : "2.9")
        .addJavadoc("$L\n", Layers.describe(plan.in(), plan.out()))
        .addCode(b.build())
        .build();
  }
}

package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.TfliteVersion;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.floatmath.EigenLogistic;
import io.github.tflite2java.compiler.helpers.HelperClass;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import javax.lang.model.element.Modifier;

/**
 * LOGISTIC on float32, as TFLite 2.9.0's optimized kernel computes it on x86-64 ({@link
 * EigenLogistic}): the elements below {@code size - size % 4} through Eigen's packet {@code
 * exp}, the last {@code size % 4} through libm's {@code expf}; DAZ/FTZ; a NaN input quieted.
 */
final class FloatLogistic {

  private FloatLogistic() {}

  /** One float32 LOGISTIC layer. */
  record Plan(Operator op, Tensor in, Tensor out) implements LayerPlan {}

  /** Checks a LOGISTIC whose input is float32 and plans it; reports and returns null. */
  static Plan prepare(PrepareContext ctx, Operator op) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 1, 1, 1)) {
      return null;
    }
    if (ctx.options().tfliteVersion() == TfliteVersion.V2_6) {
      p.add(UNSUPPORTED_TYPE, op, "float32 LOGISTIC is supported for tfliteVersion 2.9 only:"
          + " TFLite 2.6.2's kernel (an older Eigen logistic) is not reproduced, and it differs"
          + " from 2.9.0's on about 1 input in 8 (measured: e.g. 15.724376 gives 1.0 in 2.6.2,"
          + " 0.9999999 in 2.9.0)");
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
    return LookupTables.sameShape(g, p, op) ? new Plan(op, in, out) : null;
  }

  static MethodSpec emit(Plan plan, EmitContext ctx) {
    String logistic = ctx.helperClass(HelperClass.EIGEN_LOGISTIC);
    long n = plan.in().elementCount();
    long packets = n - n % 4;
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] t = arena");
    b.addStatement("final int in = $L, out = $L", ctx.arenaOffset(plan.in().index()),
        ctx.arenaOffset(plan.out().index()));
    b.add("// Eigen's SSE packets of four, then the last size % 4 elements through expf.\n");
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
        .addJavadoc("Operator $L: LOGISTIC float32 (TFLite 2.9's Eigen kernel).\n",
            plan.op().index())
        .addJavadoc("$L\n", Layers.describe(plan.in(), plan.out()))
        .addCode(b.build())
        .build();
  }
}

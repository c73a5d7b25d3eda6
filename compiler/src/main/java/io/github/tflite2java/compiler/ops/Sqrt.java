package io.github.tflite2java.compiler.ops;

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
import javax.lang.model.element.Modifier;

/**
 * SQRT on float32, as TFLite's {@code std::sqrt}: the square root correctly rounded to float
 * (computed in double and rounded once, which is the same value: double has more than twice
 * float's precision). Negative inputs give NaN; a subnormal input is a zero of its sign, as
 * TFLite runs on x86 (denormals-are-zero).
 */
public final class Sqrt extends OperatorKernel<OperatorOptions.None, Sqrt.Plan> {

  /** One SQRT layer. */
  public record Plan(Operator op, Tensor in, Tensor out) implements LayerPlan {}

  public Sqrt() {
    super("SQRT", BuiltinOperator.code("SQRT"), OperatorOptions.None.class,
        ReportCategory.ELEMENTWISE);
  }

  @Override
  public boolean readsFloat32Inputs() {
    return true;
  }

  @Override
  public boolean writesFloat32Outputs() {
    return true;
  }

  @Override
  public Plan prepare(PrepareContext ctx, Operator op, OperatorOptions.None options) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 1, 1, 1)) {
      return null;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    for (Tensor t : new Tensor[] {in, out}) {
      if (t.type() != TensorType.FLOAT32) {
        p.add(UNSUPPORTED_TYPE, op, t.index(), p.describe(t.index()) + " is " + t.type()
            + "; SQRT supports float32 only (as TFLite)");
        return null;
      }
    }
    if (in.isConstant()) {
      p.add(UNSUPPORTED_TYPE, op, in.index(), "input " + p.describe(in.index())
          + " is a constant; fold the SQRT into it before conversion");
      return null;
    }
    return LookupTables.sameShape(g, p, op) ? new Plan(op, in, out) : null;
  }

  @Override
  public MethodSpec emit(Plan plan, EmitContext ctx) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] t = arena");
    b.addStatement("final int in = $L, out = $L", ctx.arenaOffset(plan.in().index()),
        ctx.arenaOffset(plan.out().index()));
    b.beginControlFlow("for (int i = 0; i < $L; i++)", plan.in().elementCount());
    b.add("// A subnormal input is a zero of its sign (x86 DAZ, as TFLite runs).\n");
    b.addStatement("final int xb = $L", Arithmetic.daz("t[in + i]"));
    b.addStatement("final float x = Float.intBitsToFloat(xb)");
    b.add("// NaN as x86's sqrtss makes it: a NaN input quieted, the default NaN below 0.\n");
    b.addStatement("t[out + i] = x != x ? xb | 0x400000 : x < 0f ? 0xFFC00000"
        + " : Float.floatToRawIntBits((float) Math.sqrt(x))");
    b.endControlFlow();
    return MethodSpec.methodBuilder(ctx.prefix(plan.op()) + "Sqrt")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: SQRT float32.\n", plan.op().index())
        .addJavadoc("$L\n", Layers.describe(plan.in(), plan.out()))
        .addCode(b.build())
        .build();
  }
}

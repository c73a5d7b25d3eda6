package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.validate.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.validate.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.validate.ProblemCollector;

/**
 * RESHAPE and SQUEEZE: the same elements under another shape. The output shares the input's
 * storage, so no code runs. The shape input (if any) is not read: shapes are static.
 */
public final class Reshape implements OperatorLowering {
  private final String kind;

  private Reshape(String kind) {
    this.kind = kind;
  }

  public static Reshape reshape() {
    return new Reshape("RESHAPE");
  }

  public static Reshape squeeze() {
    return new Reshape("SQUEEZE");
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public boolean aliasesInput() {
    return true;
  }

  @Override
  public void validate(ModelGraph g, Operator op, ProblemCollector p) {
    if (!OpChecks.arity(p, op, 1, 2, 1)) {
      return;
    }
    if (!OpChecks.activation(g, p, op, op.input(0), "input", -1)
        || !OpChecks.activation(g, p, op, op.output(0), "output", -1)
        || !OpChecks.sameType(g, p, op, op.input(0), op.output(0))) {
      return;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    if (!in.quant().equals(out.quant())) {
      p.add(UNSUPPORTED_TYPE, op, "input (" + in.quant() + ") and output (" + out.quant()
          + ") quantization differ; " + kind + " must not change it");
      return;
    }
    if (in.elementCount() != out.elementCount()) {
      p.add(INVALID_MODEL, op, "input " + p.describe(in.index()) + " and output "
          + p.describe(out.index()) + " differ in element count");
    }
  }

  @Override
  public MethodSpec emit(ModelGraph graph, Operator op, LoweringContext ctx) {
    throw new IllegalStateException(kind + " shares storage and emits no code");
  }
}

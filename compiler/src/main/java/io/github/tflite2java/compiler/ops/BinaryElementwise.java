package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.validate.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.validate.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.validate.ProblemCollector;
import java.util.Arrays;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * The shared part of ADD and MUL on uint8 and int8: two operands of the output's type (either
 * may be a constant, folded at compile time), broadcast against each other, and a fused
 * activation. Subclasses supply the per-element arithmetic.
 */
abstract class BinaryElementwise implements OperatorLowering {
  /** TFLite 2.6's broadcasting kernels handle at most four dimensions. */
  static final int MAX_BROADCAST_RANK = 4;

  /**
   * One input as the emitted loop sees it: element {@code k} is {@code array[base + k]}, where
   * {@code array} is the arena {@code t} or the local copy of the constant {@code field}.
   */
  record Operand(Tensor tensor, String array, int base, String field) {
    boolean isConstant() {
      return tensor.isConstant();
    }
  }

  /** The fused activation in the operator's options. */
  abstract Activation activation(Operator op);

  /** Checks that only this operator needs (multiplier ranges); false after adding a problem. */
  boolean validateQuantization(ModelGraph g, Operator op, ProblemCollector p) {
    return true;
  }

  /** The values stored for a constant operand, from its centered values {@code q - zp}. */
  abstract int[] foldConstant(ModelGraph g, Operator op, int input, int[] centered);

  /** Local declarations (multipliers, tables) for {@link #element}. */
  abstract CodeBlock declare(ModelGraph g, Operator op, LoweringContext ctx, String prefix);

  /**
   * Statements that compute one element: the operands are {@code a.array()[i1]} and {@code
   * b.array()[i2]}; the result, minus the output zero point, goes to {@code t[o]}.
   */
  abstract CodeBlock element(ModelGraph g, Operator op, Operand a, Operand b);

  @Override
  public void validate(ModelGraph g, Operator op, ProblemCollector p) {
    if (!OpChecks.arity(p, op, 2, 2, 1)
        || !OpChecks.activation(g, p, op, op.output(0), "output", -1)
        || !OpChecks.fusedActivation(p, op, activation(op))) {
      return;
    }
    for (int i = 0; i < 2; i++) {
      if (!operand(g, p, op, i)) {
        return;
      }
    }
    if (g.tensor(op.input(0)).isConstant() && g.tensor(op.input(1)).isConstant()) {
      p.add(UNSUPPORTED_TYPE, op, "both inputs are constants; tflite2java expects at least one"
          + " computed input (fold the operation into a constant before conversion)");
      return;
    }
    Tensor a = g.tensor(op.input(0));
    Tensor b = g.tensor(op.input(1));
    Tensor out = g.tensor(op.output(0));
    Broadcast bc = Broadcast.of(a.shape(), b.shape());
    if (bc == null) {
      p.add(INVALID_MODEL, op, "inputs " + p.describe(a.index()) + " and "
          + p.describe(b.index()) + " cannot be broadcast together");
      return;
    }
    if (!Arrays.equals(bc.outputShape(), out.shape())) {
      p.add(INVALID_MODEL, op, "output " + p.describe(out.index()) + " should have shape "
          + Arrays.toString(bc.outputShape()).replace(" ", "") + " from its inputs");
      return;
    }
    if (!Arrays.equals(a.shape(), b.shape()) && out.rank() > MAX_BROADCAST_RANK) {
      p.add(UNSUPPORTED_TYPE, op, "broadcasting over " + out.rank() + " dimensions is not"
          + " supported; TFLite broadcasts at most " + MAX_BROADCAST_RANK);
      return;
    }
    validateQuantization(g, op, p);
  }

  /** An input of the output's type: computed, or a constant with one scale and zero point. */
  private static boolean operand(ModelGraph g, ProblemCollector p, Operator op, int i) {
    Tensor t = g.tensor(op.input(i));
    String role = "input " + (i + 1);
    if (!t.isConstant()) {
      return OpChecks.activation(g, p, op, t.index(), role, -1)
          && OpChecks.sameType(g, p, op, t.index(), op.output(0));
    }
    if (t.type() != g.tensor(op.output(0)).type() || !t.quant().isPresent()
        || !t.quant().isPerTensor()) {
      p.add(UNSUPPORTED_TYPE, op, "constant " + role + " " + p.describe(t.index())
          + " must be of the output's type with one scale and zero point");
      return false;
    }
    if (!OpChecks.validScale(t.quant().scale())
        || t.quant().zeroPoint() < t.type().qmin() || t.quant().zeroPoint() > t.type().qmax()) {
      p.add(INVALID_MODEL, op, "constant " + role + " " + p.describe(t.index()) + " has "
          + t.quant() + "; expected a positive scale and a zero point in range");
      return false;
    }
    return true;
  }

  @Override
  public MethodSpec emit(ModelGraph g, Operator op, LoweringContext ctx) {
    String prefix = ctx.prefix(op).toUpperCase(Locale.ROOT);
    Operand a = operand(g, op, ctx, 0, prefix);
    Operand b = operand(g, op, ctx, 1, prefix);
    Tensor out = g.tensor(op.output(0));
    Broadcast bc = Broadcast.of(a.tensor().shape(), b.tensor().shape());

    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    for (Operand x : new Operand[] {a, b}) {
      if (x.isConstant()) {
        body.addStatement("final int[] $N = $N", x.array(), x.field());
      }
    }
    body.add(declare(g, op, ctx, prefix));
    body.add(bc.loops(a.base(), b.base(), ctx.arenaOffset(out.index()), element(g, op, a, b)));

    String name = kind().charAt(0) + kind().substring(1).toLowerCase(Locale.ROOT);
    return MethodSpec.methodBuilder(ctx.prefix(op) + name)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: $L, $L$L.\n", op.index(), kind(), activation(op),
            bc.isElementwise() ? "" : ", broadcast")
        .addJavadoc("$L $L, $L $L -> $L $L.\n", describe(a), a.tensor().shapeString(),
            describe(b), b.tensor().shapeString(), out.type(), out.shapeString())
        .addCode(body.build())
        .build();
  }

  private static String describe(Operand x) {
    return (x.isConstant() ? "constant " : "") + x.tensor().type();
  }

  private Operand operand(ModelGraph g, Operator op, LoweringContext ctx, int i, String prefix) {
    Tensor t = g.tensor(op.input(i));
    if (!t.isConstant()) {
      return new Operand(t, "t", ctx.arenaOffset(t.index()), null);
    }
    byte[] raw = t.data();
    int zp = t.quant().zeroPoint();
    int[] centered = new int[raw.length];
    for (int k = 0; k < raw.length; k++) {
      centered[k] = (t.type() == TensorType.UINT8 ? raw[k] & 0xFF : raw[k]) - zp;
    }
    String field = ctx.intArray(prefix + "_INPUT" + (i + 1), foldConstant(g, op, i, centered));
    return new Operand(t, "constant" + (i + 1), 0, field);
  }
}

package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntUnaryOperator;
import javax.lang.model.element.Modifier;

/**
 * The shared part of ADD, SUB and MUL on uint8 and int8: two operands of the output's type
 * (either may be a constant, folded at compile time), broadcast against each other, and a fused
 * activation. Subclasses supply the rest of the plan and the per-element arithmetic. Float32 and
 * int32 outputs go to {@link Arithmetic} (plans of type {@link Arithmetic.Plan}).
 *
 * @param <O> the operator's options
 * @param <P> the operator's plan
 */
abstract class BinaryElementwise<O extends OperatorOptions, P extends BinaryElementwise.BinaryPlan>
    extends OperatorKernel<O, LayerPlan> {
  /** TFLite 2.6's broadcasting kernels handle at most four dimensions. */
  static final int MAX_BROADCAST_RANK = 4;

  /** What the plans of ADD and MUL share. */
  interface BinaryPlan extends LayerPlan {
    Operands operands();

    /** The fused activation. */
    Activation activation();
  }

  /**
   * One input: its tensor and, for a constant, its values as the kernel stores them (folded at
   * compile time from the centered values {@code q - zp}); {@code null} for a computed input.
   */
  record Input(Tensor tensor, int[] folded) {
    Input {
      folded = folded == null ? null : folded.clone();
    }

    @Override
    public int[] folded() {
      return folded == null ? null : folded.clone();
    }

    boolean isConstant() {
      return folded != null;
    }

    /** A computed input as it is, a constant folded by {@code fold} from its centered values. */
    static Input of(Tensor t, IntUnaryOperator fold) {
      if (!t.isConstant()) {
        return new Input(t, null);
      }
      byte[] raw = t.data();
      int zp = t.quant().zeroPoint();
      int[] v = new int[raw.length];
      if (t.type() == TensorType.INT16) {
        v = new int[raw.length / 2];
        for (int k = 0; k < v.length; k++) {
          v[k] = fold.applyAsInt((short) ((raw[2 * k] & 0xFF) | (raw[2 * k + 1] << 8)) - zp);
        }
        return new Input(t, v);
      }
      for (int k = 0; k < raw.length; k++) {
        v[k] = fold.applyAsInt((t.type() == TensorType.UINT8 ? raw[k] & 0xFF : raw[k]) - zp);
      }
      return new Input(t, v);
    }
  }

  /** The two inputs, the output and how the inputs broadcast against each other. */
  record Operands(Input a, Input b, Tensor out, Broadcast broadcast) {}

  /**
   * One input as the emitted loop sees it: element {@code k} is {@code array[base + k]}, where
   * {@code array} is the arena {@code t} or the local copy of the constant {@code field}.
   */
  record Operand(Tensor tensor, String array, int base, String field) {
    boolean isConstant() {
      return field != null;
    }
  }

  BinaryElementwise(String name, int builtinCode, Class<O> optionsType) {
    super(name, builtinCode, optionsType, ReportCategory.ELEMENTWISE);
  }

  /** The fused activation in the operator's options. */
  abstract Activation activation(O options);

  /** The float32/int32 operation of this operator. */
  abstract Arithmetic.Kind arithmetic();

  /** The int16 operation of this operator. */
  abstract Int16Arithmetic.Kind int16Kind();

  /** Whether the options ask for TFLite's power-of-two int16 path (ADD and SUB). */
  boolean potScaleInt16(O options) {
    return false;
  }

  @Override
  public boolean readsFloat32Inputs() {
    return true;
  }

  @Override
  public boolean writesFloat32Outputs() {
    return true;
  }

  /**
   * The plan of an operator whose inputs and shapes passed the shared checks, or {@code null}
   * after reporting a problem (multiplier ranges).
   */
  abstract P plan(PrepareContext ctx, Operator op, O options, Tensor a, Tensor b, Tensor out,
      Broadcast bc);

  /** Local declarations (multipliers, tables) for {@link #element}. */
  abstract CodeBlock declare(P plan, EmitContext ctx, String constants);

  /**
   * Statements that compute one element: the operands are {@code a.array()[i1]} and {@code
   * b.array()[i2]}; the result, minus the output zero point, goes to {@code t[o]}.
   */
  abstract CodeBlock element(P plan, EmitContext ctx, Operand a, Operand b);

  @Override
  public final LayerPlan prepare(PrepareContext ctx, Operator op, O options) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (op.outputCount() == 1 && op.output(0) >= 0
        && Arithmetic.handles(g.tensor(op.output(0)).type())) {
      return Arithmetic.prepare(ctx, op, arithmetic(), activation(options), TensorType.FLOAT32,
          TensorType.INT32);
    }
    if (!OpChecks.arity(p, op, 2, 2, 1)
        || !OpChecks.activationOrInt16(g, p, op, op.output(0), "output", -1)
        || !OpChecks.fusedActivation(p, op, activation(options))) {
      return null;
    }
    for (int i = 0; i < 2; i++) {
      if (!operand(g, p, op, i)) {
        return null;
      }
    }
    Tensor a = g.tensor(op.input(0));
    Tensor b = g.tensor(op.input(1));
    if (a.isConstant() && b.isConstant()) {
      p.add(UNSUPPORTED_TYPE, op, "both inputs are constants; tflite2java expects at least one"
          + " computed input (fold the operation into a constant before conversion)");
      return null;
    }
    Tensor out = g.tensor(op.output(0));
    Broadcast bc = Broadcast.checked(p, op, a, b, out);
    if (bc == null) {
      return null;
    }
    if (!Arrays.equals(a.shape(), b.shape()) && out.rank() > MAX_BROADCAST_RANK) {
      p.add(UNSUPPORTED_TYPE, op, "broadcasting over " + out.rank() + " dimensions is not"
          + " supported; TFLite broadcasts at most " + MAX_BROADCAST_RANK);
      return null;
    }
    if (out.type() == TensorType.INT16) {
      return Int16Arithmetic.prepare(ctx, op, int16Kind(), activation(options),
          potScaleInt16(options), a, b, out, bc);
    }
    return plan(ctx, op, options, a, b, out, bc);
  }

  /** An input of the output's type: computed, or a constant with one scale and zero point. */
  private static boolean operand(ModelGraph g, ProblemCollector p, Operator op, int i) {
    Tensor t = g.tensor(op.input(i));
    String role = "input " + (i + 1);
    if (!t.isConstant()) {
      return OpChecks.activationOrInt16(g, p, op, t.index(), role, -1)
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
  public final MethodSpec emit(LayerPlan layer, EmitContext ctx) {
    String name = name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    if (layer instanceof Arithmetic.Plan arithmetic) {
      return Arithmetic.emit(arithmetic, ctx, name);
    }
    BinaryPlan plan = (BinaryPlan) layer;
    Operands io = plan.operands();
    String prefix = ctx.prefix(plan.op());
    String constants = prefix.toUpperCase(Locale.ROOT);
    Operand a = operand(io.a(), ctx, 1, constants);
    Operand b = operand(io.b(), ctx, 2, constants);
    Tensor out = io.out();
    Broadcast bc = io.broadcast();

    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    for (Operand x : new Operand[] {a, b}) {
      if (x.isConstant()) {
        body.addStatement("final int[] $N = $N", x.array(), x.field());
      }
    }
    CodeBlock element;
    if (plan instanceof Int16Arithmetic.Plan int16) {
      body.add(Int16Arithmetic.declare(int16));
      element = Int16Arithmetic.element(int16, ctx, a, b);
    } else {
      @SuppressWarnings("unchecked")
      P p = (P) plan;
      body.add(declare(p, ctx, constants));
      element = element(p, ctx, a, b);
    }
    body.add(bc.loops(a.base(), b.base(), ctx.arenaOffset(out.index()), element));
    CodeBlock code = body.build();
    // kernels=vector: run the vector companion's kernel when the model class loaded it.
    String vector = plan instanceof Add.Plan add && name().equals("ADD")
        ? VectorAdd.emit(add, ctx) : null;
    if (vector != null) {
      code = CodeBlock.builder()
          .beginControlFlow("if ($N && $N != null)", VectorSink.READY, vector)
          .addStatement("$N.accept(arena)", vector).addStatement("return").endControlFlow()
          .add(code).build();
    }

    return MethodSpec.methodBuilder(prefix + name)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: $L, $L$L.\n", plan.op().index(), name(), plan.activation(),
            bc.isElementwise() ? "" : ", broadcast")
        .addJavadoc("$L$L, $L$L\n", a.isConstant() ? "constant " : "", Layers.tensor(a.tensor()),
            b.isConstant() ? "constant " : "", Layers.describe(b.tensor(), out))
        .addCode(code)
        .build();
  }

  /** Input {@code n} (1 or 2): the arena, or its folded values declared as a constant. */
  private static Operand operand(Input x, EmitContext ctx, int n, String constants) {
    Tensor t = x.tensor();
    if (!x.isConstant()) {
      return new Operand(t, "t", ctx.arenaOffset(t.index()), null);
    }
    String field = ctx.intArray(constants + "_INPUT" + n, x.folded());
    return new Operand(t, "constant" + n, 0, field);
  }
}

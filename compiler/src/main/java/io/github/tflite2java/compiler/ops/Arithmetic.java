package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * Binary arithmetic on float32 and int32 tensors (ADD, SUB, MUL, DIV, FLOOR_DIV), with
 * broadcasting, as TFLite 2.9's reference and optimized kernels compute it element by element:
 *
 * <ul>
 *   <li>float32: subnormal inputs and results read as zeros (x86's DAZ and FTZ, which TFLite's
 *       builds run with), one IEEE operation in float ({@code x + y}, {@code x - y}, {@code x * y},
 *       {@code x / y}; Java does no fused multiply-add), then {@code min(max(r, lo), hi)} with
 *       C++'s {@code std::min}/{@code std::max} semantics and the activation range ({@code
 *       -FLT_MAX..FLT_MAX} for NONE, so infinities become {@code FLT_MAX}, as TFLite's
 *       comment on DIV says); FLOOR_DIV is {@code (float) floor((double) x / (double) y)},
 *       unclamped, and fails on a zero divisor as TFLite does. A NaN result is what x86 makes:
 *       the first NaN operand with its quiet bit set, else the default NaN {@code 0xFFC00000}
 *       (Java's own choice of NaN bits depends on the JIT's operand order). With two NaN
 *       operands of different bits, TFLite's ADD and MUL return one or the other depending on
 *       the kernel path (measured); this takes the first.
 *   <li>int32: wrapping {@code +}, {@code -}, {@code *}, truncating {@code /} (a zero divisor
 *       fails as TFLite's {@code CheckNonZero} does), FLOOR_DIV {@code floor((double) x /
 *       (double) y)} converted as x86's {@code cvttsd2si} (out of range: {@code INT32_MIN}),
 *       then the integer activation range.
 * </ul>
 *
 * The arena holds float32 values as their raw bits and int32 values as they are.
 */
final class Arithmetic {

  private Arithmetic() {}

  /** The operation. */
  enum Kind {
    ADD("+"),
    SUB("-"),
    MUL("*"),
    DIV("/"),
    FLOOR_DIV("floor /");

    final String symbol;

    Kind(String symbol) {
      this.symbol = symbol;
    }
  }

  /**
   * One float32 or int32 arithmetic layer. A constant operand's values are in {@code constA} /
   * {@code constB} (float32 as raw bits), {@code null} for a computed one.
   */
  record Plan(Operator op, Kind kind, TensorType type, Tensor a, Tensor b, Tensor out,
      int[] constA, int[] constB, Broadcast broadcast, Activation activation)
      implements LayerPlan {
    Plan {
      constA = constA == null ? null : constA.clone();
      constB = constB == null ? null : constB.clone();
    }

    @Override
    public int[] constA() {
      return constA == null ? null : constA.clone();
    }

    @Override
    public int[] constB() {
      return constB == null ? null : constB.clone();
    }
  }

  /** Whether {@code t} is a type this engine computes with (float32 or int32). */
  static boolean handles(TensorType t) {
    return t == TensorType.FLOAT32 || t == TensorType.INT32;
  }

  /**
   * Checks a float32/int32 binary operator and plans it; reports and returns null on a
   * problem. {@code types} are the output types the operator accepts.
   */
  static Plan prepare(PrepareContext ctx, Operator op, Kind kind, Activation activation,
      TensorType... types) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 2, 2, 1) || !OpChecks.fusedActivation(p, op, activation)) {
      return null;
    }
    Tensor a = g.tensor(op.input(0));
    Tensor b = g.tensor(op.input(1));
    Tensor out = g.tensor(op.output(0));
    if (!Arrays.asList(types).contains(out.type())) {
      p.add(UNSUPPORTED_TYPE, op, op.output(0), "output " + p.describe(out.index()) + " is "
          + out.type() + "; " + op.kind() + " supports " + names(types) + " here");
      return null;
    }
    for (Tensor t : new Tensor[] {a, b}) {
      if (t.type() != out.type()) {
        p.add(UNSUPPORTED_TYPE, op, t.index(), "input " + p.describe(t.index()) + " is "
            + t.type() + "; " + op.kind() + " needs both inputs of the output's type "
            + out.type());
        return null;
      }
      if (t.variable()) {
        return null; // reported by the graph checks
      }
    }
    if (a.isConstant() && b.isConstant()) {
      p.add(UNSUPPORTED_TYPE, op, "both inputs are constants; tflite2java expects at least one"
          + " computed input (fold the operation into a constant before conversion)");
      return null;
    }
    Broadcast bc = Broadcast.checked(p, op, a, b, out);
    if (bc == null) {
      return null;
    }
    if (!Arrays.equals(a.shape(), b.shape())
        && out.rank() > BinaryElementwise.MAX_BROADCAST_RANK) {
      p.add(UNSUPPORTED_TYPE, op, "broadcasting over " + out.rank() + " dimensions is not"
          + " supported; TFLite broadcasts at most " + BinaryElementwise.MAX_BROADCAST_RANK);
      return null;
    }
    int[] constA = values(a);
    int[] constB = values(b);
    if (out.type() == TensorType.INT32 && (kind == Kind.DIV || kind == Kind.FLOOR_DIV)
        && constB != null) {
      for (int v : constB) {
        if (v == 0) {
          p.add(INVALID_MODEL, op, op.input(1), "divisor " + p.describe(b.index())
              + " holds 0; TFLite fails such a model at run time (division by 0)");
          return null;
        }
      }
    }
    return new Plan(op, kind, out.type(), a, b, out, constA, constB, bc, activation);
  }

  private static String names(TensorType... types) {
    StringBuilder s = new StringBuilder();
    for (TensorType t : types) {
      s.append(s.length() == 0 ? "" : ", ").append(t.name().toLowerCase(Locale.ROOT));
    }
    return s.toString();
  }

  /** A constant's elements as the arena would hold them (int32, or float32 bits). */
  static int[] values(Tensor t) {
    if (!t.isConstant()) {
      return null;
    }
    ByteBuffer bb = ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN);
    int[] v = new int[(int) t.elementCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = bb.getInt(4 * i);
    }
    return v;
  }

  /** The layer method of a plan, named {@code <prefix><name>}. */
  static MethodSpec emit(Plan plan, EmitContext ctx, String name) {
    String prefix = ctx.prefix(plan.op());
    String constants = prefix.toUpperCase(Locale.ROOT);
    Broadcast bc = plan.broadcast();
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    String arrayA = "t";
    String arrayB = "t";
    int baseA = 0;
    int baseB = 0;
    if (plan.constA() != null) {
      arrayA = "constant1";
      body.addStatement("final int[] constant1 = $N",
          ctx.intArray(constants + "_INPUT1", plan.constA()));
    } else {
      baseA = ctx.arenaOffset(plan.a().index());
    }
    if (plan.constB() != null) {
      arrayB = "constant2";
      body.addStatement("final int[] constant2 = $N",
          ctx.intArray(constants + "_INPUT2", plan.constB()));
    } else {
      baseB = ctx.arenaOffset(plan.b().index());
    }
    boolean isFloat = plan.type() == TensorType.FLOAT32;
    CodeBlock element = isFloat ? floatElement(plan, arrayA, arrayB, body)
        : intElement(plan, arrayA, arrayB, body);
    body.add(bc.loops(baseA, baseB, ctx.arenaOffset(plan.out().index()), element));
    return MethodSpec.methodBuilder(prefix + name)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: $L on $L ($L), $L$L.\n", plan.op().index(), plan.op().kind(),
            plan.type().name().toLowerCase(Locale.ROOT), plan.kind().symbol, plan.activation(),
            bc.isElementwise() ? "" : ", broadcast")
        .addJavadoc("$L$L, $L$L\n", plan.constA() != null ? "constant " : "",
            Layers.tensor(plan.a()), plan.constB() != null ? "constant " : "",
            Layers.describe(plan.b(), plan.out()))
        .addCode(body.build())
        .build();
  }

  /** The float32 activation range {lo, hi} of TFLite's {@code CalculateActivationRange}. */
  static float[] floatRange(Activation a) {
    switch (a) {
      case RELU:
        return new float[] {0f, Float.MAX_VALUE};
      case RELU6:
        return new float[] {0f, 6f};
      case RELU_N1_TO_1:
        return new float[] {-1f, 1f};
      default:
        return new float[] {-Float.MAX_VALUE, Float.MAX_VALUE};
    }
  }

  /** The int32 activation range {lo, hi}. */
  static int[] intRange(Activation a) {
    switch (a) {
      case RELU:
        return new int[] {0, Integer.MAX_VALUE};
      case RELU6:
        return new int[] {0, 6};
      case RELU_N1_TO_1:
        return new int[] {-1, 1};
      default:
        return new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
    }
  }

  /**
   * The float32 held in the int {@code bits} (an expression) with a subnormal read as a zero of
   * its sign: TFLite's x86 builds run with the MXCSR's denormals-are-zero and flush-to-zero
   * bits set (measured: TFLite 2.6.2 and 2.9.0 both read and write no subnormals).
   */
  static CodeBlock readFloat(String bits) {
    return CodeBlock.of("Float.intBitsToFloat(($1L & 0x7F800000) == 0 ? $1L & 0x80000000 : $1L)",
        bits);
  }

  /** The int expression {@code bits} (float32 bits) with a subnormal made a zero of its sign. */
  static CodeBlock daz(String bits) {
    return CodeBlock.of("($1L & 0x7F800000) == 0 ? $1L & 0x80000000 : $1L", bits);
  }

  /** The float expression {@code r} flushed to a signed zero when subnormal. */
  static CodeBlock flush(String r) {
    return CodeBlock.of("Math.abs($1L) < 0x1p-126f ? $1L * 0f : $1L", r);
  }

  private static CodeBlock floatElement(Plan plan, String arrayA, String arrayB,
      CodeBlock.Builder declarations) {
    CodeBlock.Builder b = CodeBlock.builder();
    declarations.add("// Subnormal inputs and results are zeros (x86 DAZ and FTZ, as TFLite"
        + " runs).\n");
    b.addStatement("final int xb = $L", daz(arrayA + "[i1]"));
    b.addStatement("final int yb = $L", daz(arrayB + "[i2]"));
    b.addStatement("final float x = Float.intBitsToFloat(xb), y = Float.intBitsToFloat(yb)");
    String quotient;
    if (plan.kind() == Kind.FLOOR_DIV) {
      b.beginControlFlow("if (y == 0f)");
      b.addStatement("throw new $T($S)", ArithmeticException.class, "operator "
          + plan.op().index() + " (" + plan.op().kind() + "): division by 0");
      b.endControlFlow();
      b.add("// std::floor of the quotient in double, then converted to float.\n");
      quotient = "(float) Math.floor((double) x / (double) y)";
    } else {
      quotient = "x " + plan.kind().symbol + " y";
    }
    b.addStatement("final float q = $L", quotient);
    b.beginControlFlow("if (q != q)");
    b.add("// NaN as x86 makes it: the first NaN operand, quieted; else the default NaN.\n");
    b.addStatement("t[o] = x != x ? xb | 0x400000 : y != y ? yb | 0x400000 : 0xFFC00000");
    if (plan.kind() == Kind.FLOOR_DIV) {
      b.nextControlFlow("else");
      b.addStatement("t[o] = Float.floatToRawIntBits(q)");
      b.endControlFlow();
      return b.build();
    }
    b.nextControlFlow("else");
    float[] range = floatRange(plan.activation());
    declarations.add("// min(max(r, lo), hi) as std::min/std::max: NaN passes (above),"
        + " infinities clamp.\n");
    declarations.addStatement("final float lo = $Lf, hi = $Lf", Float.toString(range[0]),
        Float.toString(range[1]));
    b.addStatement("final float r = $L", flush("q"));
    b.addStatement("final float v = r < lo ? lo : r");
    b.addStatement("t[o] = Float.floatToRawIntBits(hi < v ? hi : v)");
    b.endControlFlow();
    return b.build();
  }

  private static CodeBlock intElement(Plan plan, String arrayA, String arrayB,
      CodeBlock.Builder declarations) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int x = $N[i1], y = $N[i2]", arrayA, arrayB);
    boolean divides = plan.kind() == Kind.DIV || plan.kind() == Kind.FLOOR_DIV;
    if (divides && plan.constB() == null) {
      b.beginControlFlow("if (y == 0)");
      b.addStatement("throw new $T($S)", ArithmeticException.class, "operator "
          + plan.op().index() + " (" + plan.op().kind() + "): division by 0");
      b.endControlFlow();
    }
    String expr;
    switch (plan.kind()) {
      case FLOOR_DIV:
        b.addStatement("final double q = Math.floor((double) x / (double) y)");
        b.add("// double -> int32 as x86 converts: out of range gives INT32_MIN.\n");
        expr = "q >= -0x1p31 && q < 0x1p31 ? (int) q : Integer.MIN_VALUE";
        break;
      default:
        expr = "x " + plan.kind().symbol + " y";
    }
    int[] range = plan.kind() == Kind.FLOOR_DIV ? intRange(Activation.NONE)
        : intRange(plan.activation());
    if (range[0] == Integer.MIN_VALUE && range[1] == Integer.MAX_VALUE) {
      b.addStatement("t[o] = $L", expr);
    } else {
      declarations.addStatement("final int lo = $L, hi = $L", range[0], range[1]);
      b.addStatement("final int r = $L", expr);
      b.addStatement("t[o] = Math.min(hi, Math.max(lo, r))");
    }
    return b.build();
  }
}

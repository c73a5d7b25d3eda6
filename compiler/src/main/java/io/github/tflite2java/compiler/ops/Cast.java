package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.TfliteVersion;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * CAST between float32, int32, int64, uint8, int8, int16 and bool, as TFLite 2.9's {@code
 * cast.cc} does it: a C++ {@code static_cast} of the stored value (quantization, if any, is
 * ignored: the raw value is cast). Float to integer truncates toward zero as x86's {@code
 * cvttss2si} (out of range and NaN give {@code INT32_MIN}; to 8/16 bits its low bits, as gcc
 * compiles it); integer to float rounds to nearest; to bool is {@code != 0} (NaN is true, a
 * subnormal false: TFLite runs with x86's denormals-are-zero).
 * Float to int64 keeps the int64 in an {@code int} (the arena convention) and fails at run time
 * on a value outside the int range. TFLite 2.6's CAST does not take int8, and with {@code
 * tfliteVersion 2.6} neither does this kernel.
 */
public final class Cast extends OperatorKernel<OperatorOptions.None, Cast.Plan> {

  static final Set<TensorType> TYPES = EnumSet.of(TensorType.FLOAT32, TensorType.INT32,
      TensorType.INT64, TensorType.UINT8, TensorType.INT8, TensorType.INT16, TensorType.BOOL);

  /** One CAST layer. */
  public record Plan(Operator op, Tensor in, Tensor out) implements LayerPlan {}

  public Cast() {
    super("CAST", BuiltinOperator.code("CAST"), OperatorOptions.None.class,
        ReportCategory.QUANTIZATION);
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
      if (!TYPES.contains(t.type())) {
        p.add(UNSUPPORTED_TYPE, op, t.index(), p.describe(t.index()) + " is " + t.type()
            + "; CAST supports float32, int32, int64, uint8, int8, int16 and bool");
        return null;
      }
      if (t.quant().isPresent() && !t.quant().isPerTensor()) {
        p.add(UNSUPPORTED_TYPE, op, t.index(), p.describe(t.index())
            + " has per-channel quantization; CAST casts one tensor's raw values");
        return null;
      }
    }
    if (in.isConstant()) {
      p.add(UNSUPPORTED_TYPE, op, in.index(), "input " + p.describe(in.index())
          + " is a constant; fold the CAST into it before conversion");
      return null;
    }
    if (ctx.options().tfliteVersion() == TfliteVersion.V2_6
        && (in.type() == TensorType.INT8 || out.type() == TensorType.INT8)) {
      p.add(UNSUPPORTED_TYPE, op, "CAST " + in.type() + " -> " + out.type() + ": TFLite 2.6's"
          + " CAST does not take int8 (TFLite 2.9's does; compile for tfliteVersion 2.9)");
      return null;
    }
    return LookupTables.sameShape(g, p, op) ? new Plan(op, in, out) : null;
  }

  /** Whether the arena holds {@code t} minus its zero point. */
  static boolean centered(Tensor t) {
    return (t.type().isQuantized8() || t.type() == TensorType.INT16) && t.quant().isPresent()
        && t.quant().isPerTensor();
  }

  @Override
  public MethodSpec emit(Plan plan, EmitContext ctx) {
    Tensor in = plan.in();
    Tensor out = plan.out();
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] t = arena");
    b.addStatement("final int in = $L, out = $L", ctx.arenaOffset(in.index()),
        ctx.arenaOffset(out.index()));
    b.beginControlFlow("for (int i = 0; i < $L; i++)", in.elementCount());
    int inZp = centered(in) ? in.quant().zeroPoint() : 0;
    int outZp = centered(out) ? out.quant().zeroPoint() : 0;
    if (in.type() == TensorType.FLOAT32) {
      b.add("// A subnormal input is a zero of its sign (x86 DAZ, as TFLite runs).\n");
      b.addStatement("final float x = $L", Arithmetic.readFloat("t[in + i]"));
      switch (out.type()) {
        case FLOAT32:
          b.addStatement("final int r = t[in + i]");
          break;
        case BOOL:
          b.add("// static_cast<bool>: NaN is true.\n");
          b.addStatement("final int r = x != 0f ? 1 : 0");
          break;
        case INT64:
          b.beginControlFlow("if (!(x >= -0x1p31f && x < 0x1p31f))");
          b.addStatement("throw new $T($S + i + $S + x + $S)", ArithmeticException.class,
              "operator " + plan.op().index() + " (CAST): element ", " is ",
              ", outside the int range this model computes int64 with");
          b.endControlFlow();
          b.addStatement("final int r = (int) x");
          break;
        default:
          b.add("// float -> int32 as x86's cvttss2si: out of range or NaN gives INT32_MIN.\n");
          b.addStatement("final int v = x >= -0x1p31f && x < 0x1p31f ? (int) x"
              + " : Integer.MIN_VALUE");
          b.addStatement("final int r = $L", narrow(out.type(), "v"));
      }
    } else {
      b.addStatement("final int v = $L", Layers.plus(inZp, "t[in + i]"));
      switch (out.type()) {
        case FLOAT32:
          b.addStatement("final int r = Float.floatToRawIntBits((float) v)");
          break;
        case BOOL:
          b.addStatement("final int r = v != 0 ? 1 : 0");
          break;
        default:
          b.addStatement("final int r = $L", narrow(out.type(), "v"));
      }
    }
    b.addStatement("t[out + i] = $L", Layers.plus(-outZp, "r"));
    b.endControlFlow();
    return MethodSpec.methodBuilder(ctx.prefix(plan.op()) + "Cast")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: CAST $L -> $L.\n", plan.op().index(),
            in.type().name().toLowerCase(Locale.ROOT), out.type().name().toLowerCase(Locale.ROOT))
        .addJavadoc("$L\n", Layers.describe(in, out))
        .addCode(b.build())
        .build();
  }

  /** {@code v} (an int) converted to an integer type as C's static_cast keeps its low bits. */
  private static String narrow(TensorType type, String v) {
    switch (type) {
      case UINT8:
        return v + " & 0xFF";
      case INT8:
        return "(byte) " + v;
      case INT16:
        return "(short) " + v;
      default:
        return v;
    }
  }
}

package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.quant.FixedPoint;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * QUANTIZE to uint8, int8 or int16 (one scale and zero point), from a float32 tensor or from
 * another 8-bit tensor (int16 to int8/int16: {@link Int16Quantization}).
 *
 * <ul>
 *   <li>8-bit to 8-bit (TFLite's {@code Requantize}): {@code MultiplyByQuantizedMultiplier(q -
 *       zp_in)} by {@code s_in / s_out} in double precision, halves away from zero, plus the
 *       output zero point, clamped; a table lookup at run time.
 *   <li>float32 to 8-bit (TFLite's optimized {@code AffineQuantize}): {@code round(x / scale) +
 *       zp} with the quotient in double precision and halves away from zero, clamped.
 *       Out-of-range and NaN quotients convert to {@code INT32_MIN}, as x86's {@code cvttsd2si}
 *       does (so NaN and +inf give the smallest value).
 * </ul>
 *
 * <p>A float32 input is a model input (the generated class receives it as {@code float[]}) or
 * the result of a float32 operator inside the graph.
 */
public final class Quantize extends OperatorKernel<OperatorOptions.None, LayerPlan> {

  /**
   * One QUANTIZE layer: a lookup table from 8-bit input ({@code table} not null), or the float32
   * to 8-bit conversion ({@code table} null).
   */
  public record Plan(Operator op, Tensor in, Tensor out, LookupTables.TablePlan table)
      implements LayerPlan {}

  public Quantize() {
    super("QUANTIZE", BuiltinOperator.QUANTIZE, OperatorOptions.None.class,
        ReportCategory.QUANTIZATION);
  }

  @Override
  public boolean readsFloat32Inputs() {
    return true;
  }

  @Override
  public LayerPlan prepare(PrepareContext ctx, Operator op, OperatorOptions.None options) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 1, 1, 1)) {
      return null;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    if (in.type() != TensorType.FLOAT32
        && (in.type() == TensorType.INT16 || out.type() == TensorType.INT16)) {
      return Int16Quantization.prepareRequantize(ctx, op);
    }
    if (in.type() != TensorType.FLOAT32) {
      if (!LookupTables.validateUnary(g, p, op, true)) {
        return null;
      }
      int[] table = LookupTables.centered(in, out, raw -> requantize(in, out, raw));
      return new Plan(op, in, out, new LookupTables.TablePlan(op, in, out, "Quantize", table,
          "requantized by " + in.quant().scale() + " / " + out.quant().scale()));
    }
    if (!OpChecks.activationOrInt16(g, p, op, op.output(0), "output", -1)) {
      return null;
    }
    if (in.isConstant()) {
      p.add(UNSUPPORTED_TYPE, op, "input " + p.describe(in.index())
          + " is a float32 constant; quantize constants before conversion");
      return null;
    }
    return LookupTables.sameShape(g, p, op) ? new Plan(op, in, out, null) : null;
  }

  /** TFLite's {@code Requantize} of one raw value. */
  static int requantize(Tensor in, Tensor out, int raw) {
    QuantizedMultiplier m = QuantizedMultiplier.of(
        (double) in.quant().scale() / (double) out.quant().scale());
    int v = FixedPoint.multiplyByQuantizedMultiplier(raw - in.quant().zeroPoint(),
        m.multiplier(), m.shift()) + out.quant().zeroPoint();
    return LookupTables.clamp(out, v);
  }

  /** TFLite's {@code AffineQuantize} of one float, as generated code computes it. */
  static int quantize(float x, float scale, int zeroPoint, TensorType type) {
    double r = FixedPoint.roundHalfAwayFromZero(x / (double) scale);
    int q = (r >= -0x1p31 && r < 0x1p31 ? (int) r : Integer.MIN_VALUE) + zeroPoint;
    return Math.max(type.qmin(), Math.min(type.qmax(), q));
  }

  @Override
  public MethodSpec emit(LayerPlan layer, EmitContext ctx) {
    if (layer instanceof Int16Quantization.RequantizePlan int16) {
      return Int16Quantization.emitRequantize(int16, ctx);
    }
    Plan plan = (Plan) layer;
    if (plan.table() != null) {
      return LookupTables.emit(plan.table(), ctx);
    }
    Operator op = plan.op();
    Tensor in = plan.in();
    Tensor out = plan.out();
    float scale = out.quant().scale();
    int zp = out.quant().zeroPoint();
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int in = $L, out = $L", ctx.arenaOffset(in.index()),
        ctx.arenaOffset(out.index()));
    body.addStatement("final double scale = $Lf", Float.toString(scale));
    body.addStatement("final int zeroPoint = $L, qmin = $L, qmax = $L", zp, out.type().qmin(),
        out.type().qmax());
    body.beginControlFlow("for (int i = 0; i < $L; i++)", in.elementCount());
    body.add("// The arena holds the float's bits.\n");
    body.addStatement("final double d = Float.intBitsToFloat(t[in + i]) / scale");
    body.add("// std::round: halves away from zero.\n");
    body.addStatement("final double a = Math.abs(d), f = Math.floor(a)");
    body.addStatement("final double r = Math.copySign(a - f >= 0.5 ? f + 1 : f, d)");
    body.add("// double -> int32 as x86 converts: out of range or NaN gives INT32_MIN.\n");
    body.addStatement("final int q = (r >= -0x1p31 && r < 0x1p31 ? (int) r"
        + " : Integer.MIN_VALUE) + zeroPoint");
    body.addStatement("t[out + i] = Math.max(qmin, Math.min(qmax, q)) - zeroPoint");
    body.endControlFlow();
    return MethodSpec.methodBuilder(ctx.prefix(op) + "Quantize")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: QUANTIZE float32 -> $L, round(x / $L) + $L.\n", op.index(),
            out.type().name().toLowerCase(Locale.ROOT), scale, zp)
        .addJavadoc("$L\n", Layers.describe(in, out))
        .addCode(body.build())
        .build();
  }
}

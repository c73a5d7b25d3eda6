package io.github.tflite2java.compiler.ops;

import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.quant.ActivationRange;
import io.github.tflite2java.compiler.quant.FixedPoint;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;

/**
 * RELU and RELU6 on uint8 and int8, as TFLite's {@code QuantizedReluX}: the input is rescaled
 * to the output's scale ({@code MultiplyByQuantizedMultiplier} by the float32 quotient {@code
 * s_in / s_out}, halves away from zero), shifted to the output zero point and clamped to the
 * quantized {@code [0, inf)} or {@code [0, 6]}, by a 256-entry table. On int16 (zero point 0)
 * the same arithmetic runs per element ({@link Int16Activations}).
 */
public final class Relu extends OperatorKernel<OperatorOptions.None, LayerPlan> {
  /** RELU. */
  public static final Relu RELU = new Relu(Activation.RELU, BuiltinOperator.RELU);
  /** RELU6. */
  public static final Relu RELU6 = new Relu(Activation.RELU6, BuiltinOperator.RELU6);

  private final Activation activation;

  private Relu(Activation activation, int code) {
    super(activation.name(), code, OperatorOptions.None.class, ReportCategory.ACTIVATION);
    this.activation = activation;
  }

  @Override
  public LayerPlan prepare(PrepareContext ctx, Operator op, OperatorOptions.None options) {
    if (OpChecks.int16Input(ctx.graph(), op)) {
      return OpChecks.arity(ctx.problems(), op, 1, 1, 1)
          ? Int16Activations.prepareRelu(ctx, op, activation) : null;
    }
    if (!LookupTables.validateUnary(ctx.graph(), ctx.problems(), op, false)) {
      return null;
    }
    Tensor in = ctx.tensor(op.input(0));
    Tensor out = ctx.tensor(op.output(0));
    int[] table = LookupTables.centered(in, out, raw -> apply(activation, in, out, raw));
    return new LookupTables.TablePlan(op, in, out,
        activation == Activation.RELU ? "Relu" : "Relu6", table,
        "rescaled by " + in.quant().scale() + " / " + out.quant().scale() + ", clamped");
  }

  @Override
  public MethodSpec emit(LayerPlan plan, EmitContext ctx) {
    if (plan instanceof Int16Activations.ReluPlan p16) {
      return Int16Activations.emitRelu(p16, ctx);
    }
    return LookupTables.emit((LookupTables.TablePlan) plan, ctx);
  }

  /** The raw output for a raw input value. */
  static int apply(Activation activation, Tensor in, Tensor out, int raw) {
    float real = in.quant().scale() / out.quant().scale(); // float32, as TFLite divides
    QuantizedMultiplier m = QuantizedMultiplier.of(real);
    int zp = out.quant().zeroPoint();
    ActivationRange range = ActivationRange.of(activation, out.type(), out.quant().scale(), zp);
    int v = zp + FixedPoint.multiplyByQuantizedMultiplier(raw - in.quant().zeroPoint(),
        m.multiplier(), m.shift());
    return Math.max(range.min(), Math.min(range.max(), v));
  }

}

package io.github.tflite2java.compiler.ops;

import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.quant.ActivationRange;
import io.github.tflite2java.compiler.quant.FixedPoint;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import io.github.tflite2java.compiler.validate.ProblemCollector;

/**
 * RELU and RELU6 on uint8 and int8, as TFLite's {@code QuantizedReluX}: the input is rescaled
 * to the output's scale ({@code MultiplyByQuantizedMultiplier} by the float32 quotient {@code
 * s_in / s_out}, halves away from zero), shifted to the output zero point and clamped to the
 * quantized {@code [0, inf)} or {@code [0, 6]}.
 */
public final class Relu implements OperatorLowering {
  private final Activation activation;

  private Relu(Activation activation) {
    this.activation = activation;
  }

  public static Relu relu() {
    return new Relu(Activation.RELU);
  }

  public static Relu relu6() {
    return new Relu(Activation.RELU6);
  }

  @Override
  public String kind() {
    return activation.name();
  }

  @Override
  public void validate(ModelGraph g, Operator op, ProblemCollector p) {
    LookupTables.validateUnary(g, p, op, false);
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

  @Override
  public MethodSpec emit(ModelGraph g, Operator op, LoweringContext ctx) {
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    int[] table = LookupTables.centered(in, out, raw -> apply(activation, in, out, raw));
    return LookupTables.emit(op, ctx, activation == Activation.RELU ? "Relu" : "Relu6", in, out,
        table, "rescaled by " + in.quant().scale() + " / " + out.quant().scale() + ", clamped");
  }
}

package io.github.tflite2java.compiler.ops;

import com.squareup.javapoet.CodeBlock;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.quant.ActivationRange;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;

/**
 * MUL on uint8 and int8, with broadcasting, as TFLite 2.6 and 2.9 compute it: the product of
 * the centered inputs, {@code MultiplyByQuantizedMultiplier} by {@code s1 * s2 / s_out} (computed
 * in float32; halves away from zero), plus the output zero point, clamped to the fused
 * activation.
 */
public final class Mul extends BinaryElementwise {

  @Override
  public String kind() {
    return "MUL";
  }

  @Override
  Activation activation(Operator op) {
    return ((OperatorOptions.Mul) op.options()).activation();
  }

  /**
   * The real multiplier {@code s1 * s2 / s_out} as TFLite's {@code mul.cc} computes it: in
   * float32 (the scales are floats), widened to double only afterwards. (Measured: the double
   * product differs from TFLite 2.6.2 and 2.9.0 in some last bits.)
   */
  static double realMultiplier(float s1, float s2, float sOut) {
    return s1 * s2 / sOut;
  }

  @Override
  int[] foldConstant(ModelGraph g, Operator op, int input, int[] centered) {
    return centered;
  }

  @Override
  CodeBlock declare(ModelGraph g, Operator op, LoweringContext ctx, String prefix) {
    Tensor out = g.tensor(op.output(0));
    double real = realMultiplier(g.tensor(op.input(0)).quant().scale(),
        g.tensor(op.input(1)).quant().scale(), out.quant().scale());
    QuantizedMultiplier m = QuantizedMultiplier.of(real);
    int zp = out.quant().zeroPoint();
    ActivationRange range = ActivationRange.of(activation(op), out.type(),
        out.quant().scale(), zp);
    CodeBlock.Builder b = CodeBlock.builder();
    b.add(Requantization.declareMultiplier(real, m));
    b.add(Requantization.declareBounds(range, zp));
    return b.build();
  }

  @Override
  CodeBlock element(ModelGraph g, Operator op, Operand a, Operand b) {
    return CodeBlock.builder()
        .addStatement("final int product = $N[i1] * $N[i2]", a.array(), b.array())
        .addStatement("t[o] = Math.max(outMin, Math.min(outMax, "
            + "multiplyByQuantizedMultiplier(product, multiplier, shift)))")
        .build();
  }
}

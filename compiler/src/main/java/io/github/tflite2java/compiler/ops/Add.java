package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.validate.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.quant.ActivationRange;
import io.github.tflite2java.compiler.quant.FixedPoint;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import io.github.tflite2java.compiler.validate.ProblemCollector;

/**
 * ADD on uint8 and int8, with broadcasting, as TFLite 2.6 and 2.9 compute it: both inputs are
 * shifted left by 20 bits and brought to a common scale ({@code 2 * max(s1, s2)}), summed, and
 * scaled to the output, each step through {@code MultiplyByQuantizedMultiplierSmallerThanOneExp}
 * (halves away from zero). An input takes only 256 values, so its scaled value is a table built
 * at compile time; a constant input is scaled at compile time.
 */
public final class Add extends BinaryElementwise {
  static final int LEFT_SHIFT = 20;

  /** The three multipliers of TFLite's {@code PrepareGeneralSubOp} for 8-bit types. */
  record Multipliers(QuantizedMultiplier input1, QuantizedMultiplier input2,
      QuantizedMultiplier output, double realOutput) {

    static Multipliers of(float s1, float s2, float sOut) {
      double twiceMax = 2 * Math.max(s1, s2); // a float product, exact
      double real1 = s1 / twiceMax;
      double real2 = s2 / twiceMax;
      double realOut = twiceMax / (double) ((1 << LEFT_SHIFT) * sOut); // float product
      return new Multipliers(QuantizedMultiplier.of(real1), QuantizedMultiplier.of(real2),
          QuantizedMultiplier.of(realOut), realOut);
    }

    /** TFLite's {@code QuantizeMultiplierSmallerThanOneExp} aborts unless this holds. */
    boolean valid() {
      return realOutput > 0 && realOutput < 1 && output.shift() <= 0;
    }
  }

  @Override
  public String kind() {
    return "ADD";
  }

  @Override
  Activation activation(Operator op) {
    return ((OperatorOptions.Add) op.options()).activation();
  }

  private static Multipliers multipliers(ModelGraph g, Operator op) {
    return Multipliers.of(g.tensor(op.input(0)).quant().scale(),
        g.tensor(op.input(1)).quant().scale(), g.tensor(op.output(0)).quant().scale());
  }

  @Override
  boolean validateQuantization(ModelGraph g, Operator op, ProblemCollector p) {
    Multipliers m = multipliers(g, op);
    if (!m.valid()) {
      p.add(UNSUPPORTED_TYPE, op, "output scale " + g.tensor(op.output(0)).quant().scale()
          + " is too small for the input scales (output multiplier " + m.realOutput()
          + " must be below 1, as TFLite requires)");
      return false;
    }
    return true;
  }

  /** {@code (x << 20)} scaled by the input's multiplier, for a centered input value. */
  static int scaled(int centered, QuantizedMultiplier m) {
    return FixedPoint.multiplyByQuantizedMultiplierSmallerThanOneExp(
        centered * (1 << LEFT_SHIFT), m.multiplier(), m.shift());
  }

  @Override
  int[] foldConstant(ModelGraph g, Operator op, int input, int[] centered) {
    Multipliers m = multipliers(g, op);
    QuantizedMultiplier qm = input == 0 ? m.input1() : m.input2();
    int[] v = new int[centered.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = scaled(centered[i], qm);
    }
    return v;
  }

  @Override
  CodeBlock declare(ModelGraph g, Operator op, LoweringContext ctx, String prefix) {
    Multipliers m = multipliers(g, op);
    CodeBlock.Builder b = CodeBlock.builder();
    for (int i = 0; i < 2; i++) {
      Tensor in = g.tensor(op.input(i));
      if (in.isConstant()) {
        continue;
      }
      QuantizedMultiplier qm = i == 0 ? m.input1() : m.input2();
      int qmin = in.type().qmin();
      int zp = in.quant().zeroPoint();
      int[] table = new int[256];
      for (int raw = qmin; raw < qmin + 256; raw++) {
        table[raw - qmin] = scaled(raw - zp, qm);
      }
      String field = ctx.intArray(prefix + "_SCALED" + (i + 1), table);
      b.add("// scaled$L[x + $L] = (x << $L) * $L * 2^($L - 31), halves away from zero\n",
          i + 1, zp - qmin, LEFT_SHIFT, qm.multiplier(), qm.shift());
      b.addStatement("final int[] scaled$L = $N", i + 1, field);
    }
    Tensor out = g.tensor(op.output(0));
    int zp = out.quant().zeroPoint();
    ActivationRange range = ActivationRange.of(activation(op), out.type(),
        out.quant().scale(), zp);
    b.addStatement("final int outMultiplier = $L, outShift = $L", m.output().multiplier(),
        m.output().shift());
    b.add(Requantization.declareBounds(range, zp));
    return b.build();
  }

  @Override
  CodeBlock element(ModelGraph g, Operator op, Operand a, Operand b) {
    return CodeBlock.builder()
        .addStatement("final int sum = $L + $L", value(a, 1, "i1"), value(b, 2, "i2"))
        .addStatement("t[o] = Math.max(outMin, Math.min(outMax, "
            + "multiplyByQuantizedMultiplier(sum, outMultiplier, outShift)))")
        .build();
  }

  private static CodeBlock value(Operand x, int n, String index) {
    if (x.isConstant()) {
      return CodeBlock.of("$N[$N]", x.array(), index);
    }
    int offset = x.tensor().quant().zeroPoint() - x.tensor().type().qmin();
    return CodeBlock.of("scaled$L[t[$N] + $L]", n, index, offset);
  }
}

package io.github.tflite2java.compiler.ops;

import com.google.flatbuffers.FlatBufferBuilder;
import com.squareup.javapoet.CodeBlock;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.quant.ActivationRange;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflOptions;

/**
 * MUL on uint8 and int8 (float32 and int32: {@link Arithmetic}), with broadcasting, as TFLite
 * 2.6 and 2.9 compute it: the product of
 * the centered inputs, {@code MultiplyByQuantizedMultiplier} by {@code s1 * s2 / s_out} (computed
 * in float32; halves away from zero), plus the output zero point, clamped to the fused
 * activation.
 */
public final class Mul extends BinaryElementwise<Mul.Options, Mul.Plan> {

  /** MulOptions. */
  public record Options(Activation activation) implements OperatorOptions {}

  /** One MUL layer: its operands (constants centered) and the output multiplier. */
  public record Plan(Operator op, Options o, Operands operands, double realMultiplier,
      QuantizedMultiplier multiplier, ActivationRange range) implements BinaryPlan {
    @Override
    public Activation activation() {
      return o.activation();
    }
  }

  public Mul() {
    super("MUL", BuiltinOperator.MUL, Options.class);
  }

  @Override
  public int optionsTable() {
    return TflOptions.MUL_OPTIONS;
  }

  @Override
  public Options decodeOptions(TflOperator raw, OptionEnums e) {
    TflOptions.Mul o = raw.builtinOptions(new TflOptions.Mul());
    return o == null ? absentOptions() : new Options(e.activation(o.fusedActivationFunction()));
  }

  /** The schema's defaults. */
  @Override
  public Options absentOptions() {
    return new Options(Activation.NONE);
  }

  @Override
  public int encodeOptions(FlatBufferBuilder fbb, Options o) {
    fbb.startTable(1);
    fbb.addByte(0, (byte) o.activation().code(), 0);
    return fbb.endTable();
  }

  @Override
  Activation activation(Options o) {
    return o.activation();
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
  Plan plan(PrepareContext ctx, Operator op, Options o, Tensor a, Tensor b, Tensor out,
      Broadcast bc) {
    double real = realMultiplier(a.quant().scale(), b.quant().scale(), out.quant().scale());
    Operands io = new Operands(Input.of(a, x -> x), Input.of(b, x -> x), out, bc);
    ActivationRange range = ActivationRange.of(o.activation(), out.type(), out.quant().scale(),
        out.quant().zeroPoint());
    return new Plan(op, o, io, real, QuantizedMultiplier.of(real), range);
  }

  @Override
  public long macs(LayerPlan plan) {
    return plan instanceof Plan m ? m.operands().out().elementCount()
        : plan instanceof Int16Arithmetic.Plan i ? i.operands().out().elementCount()
        : plan instanceof Arithmetic.Plan a ? a.out().elementCount() : 0;
  }

  @Override
  Arithmetic.Kind arithmetic() {
    return Arithmetic.Kind.MUL;
  }

  @Override
  Int16Arithmetic.Kind int16Kind() {
    return Int16Arithmetic.Kind.MUL;
  }

  @Override
  CodeBlock declare(Plan plan, EmitContext ctx, String constants) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.add(Requantization.declareMultiplier(plan.realMultiplier(), plan.multiplier()));
    b.add(Requantization.declareBounds(plan.range(),
        plan.operands().out().quant().zeroPoint()));
    return b.build();
  }

  @Override
  CodeBlock element(Plan plan, EmitContext ctx, Operand a, Operand b) {
    return CodeBlock.builder()
        .addStatement("final int product = $N[i1] * $N[i2]", a.array(), b.array())
        .addStatement("t[o] = Math.max(outMin, Math.min(outMax, "
            + "$L(product, multiplier, shift)))",
            ctx.helper(Helper.MULTIPLY_BY_QUANTIZED_MULTIPLIER))
        .build();
  }
}

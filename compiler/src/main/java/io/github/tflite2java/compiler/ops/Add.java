package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.google.flatbuffers.FlatBufferBuilder;
import com.squareup.javapoet.CodeBlock;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.quant.ActivationRange;
import io.github.tflite2java.compiler.quant.FixedPoint;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflOptions;

/**
 * ADD on uint8 and int8 (float32 and int32: {@link Arithmetic}), with broadcasting, as TFLite
 * 2.6 and 2.9 compute it: both inputs are
 * shifted left by 20 bits and brought to a common scale ({@code 2 * max(s1, s2)}), summed, and
 * scaled to the output, each step through {@code MultiplyByQuantizedMultiplierSmallerThanOneExp}
 * (halves away from zero). An input takes only 256 values, so its scaled value is a table built
 * at compile time; a constant input is scaled at compile time.
 */
public final class Add extends BinaryElementwise<Add.Options, Add.Plan> {
  static final int LEFT_SHIFT = 20;

  /**
   * AddOptions. {@code potScaleInt16} (schema default true) selects TFLite's power-of-two int16
   * path when all scales are powers of two; it does not concern 8-bit tensors.
   */
  public record Options(Activation activation, boolean potScaleInt16)
      implements OperatorOptions {
    /** With the schema's default {@code pot_scale_int16 = true}. */
    public Options(Activation activation) {
      this(activation, true);
    }
  }

  /**
   * One ADD layer: its operands (constants already scaled), the multipliers, and for each
   * computed input the table of its 256 scaled values ({@code null} for a constant).
   */
  public record Plan(Operator op, Options o, Operands operands, Multipliers multipliers,
      int[] table1, int[] table2, ActivationRange range) implements BinaryPlan {
    public Plan {
      table1 = table1 == null ? null : table1.clone();
      table2 = table2 == null ? null : table2.clone();
    }

    @Override
    public int[] table1() {
      return table1 == null ? null : table1.clone();
    }

    @Override
    public int[] table2() {
      return table2 == null ? null : table2.clone();
    }

    @Override
    public Activation activation() {
      return o.activation();
    }
  }

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

  public Add() {
    super("ADD", BuiltinOperator.ADD, Options.class);
  }

  @Override
  public int optionsTable() {
    return TflOptions.ADD_OPTIONS;
  }

  @Override
  public Options decodeOptions(TflOperator raw, OptionEnums e) {
    TflOptions.Add o = raw.builtinOptions(new TflOptions.Add());
    return o == null ? absentOptions()
        : new Options(e.activation(o.fusedActivationFunction()), o.potScaleInt16());
  }

  /**
   * No options table: TFLite's zero-initialized parameters (so {@code pot_scale_int16} is
   * false).
   */
  @Override
  public Options absentOptions() {
    return new Options(Activation.NONE, false);
  }

  @Override
  public int encodeOptions(FlatBufferBuilder fbb, Options o) {
    fbb.startTable(2);
    fbb.addByte(0, (byte) o.activation().code(), 0);
    fbb.addBoolean(1, o.potScaleInt16(), true);
    return fbb.endTable();
  }

  @Override
  boolean potScaleInt16(Options o) {
    return o.potScaleInt16();
  }

  @Override
  Int16Arithmetic.Kind int16Kind() {
    return Int16Arithmetic.Kind.ADD;
  }

  @Override
  Activation activation(Options o) {
    return o.activation();
  }

  @Override
  Arithmetic.Kind arithmetic() {
    return Arithmetic.Kind.ADD;
  }

  @Override
  Plan plan(PrepareContext ctx, Operator op, Options o, Tensor a, Tensor b, Tensor out,
      Broadcast bc) {
    return quantized(ctx, op, o, a, b, out, bc, false);
  }

  /**
   * The 8-bit plan of ADD, or of SUB when {@code subtract}: TFLite's SUB is its ADD with the
   * second input's multiplier negated ({@code op_sign = -1}).
   */
  static Plan quantized(PrepareContext ctx, Operator op, Options o, Tensor a, Tensor b,
      Tensor out, Broadcast bc, boolean subtract) {
    Multipliers m = Multipliers.of(a.quant().scale(), b.quant().scale(), out.quant().scale());
    if (subtract) {
      m = new Multipliers(m.input1(), new QuantizedMultiplier(-m.input2().multiplier(),
          m.input2().shift()), m.output(), m.realOutput());
    }
    if (!m.valid()) {
      ctx.problems().add(UNSUPPORTED_TYPE, op, "output scale " + out.quant().scale()
          + " is too small for the input scales (output multiplier " + m.realOutput()
          + " must be below 1, as TFLite requires)");
      return null;
    }
    QuantizedMultiplier m1 = m.input1();
    QuantizedMultiplier m2 = m.input2();
    Operands io = new Operands(Input.of(a, x -> scaled(x, m1)), Input.of(b, x -> scaled(x, m2)),
        out, bc);
    ActivationRange range = ActivationRange.of(o.activation(), out.type(), out.quant().scale(),
        out.quant().zeroPoint());
    return new Plan(op, o, io, m, table(a, m.input1()), table(b, m.input2()), range);
  }

  /** {@code scaled[raw - qmin]} for every raw value of a computed input; null for a constant. */
  private static int[] table(Tensor in, QuantizedMultiplier qm) {
    if (in.isConstant()) {
      return null;
    }
    int qmin = in.type().qmin();
    int zp = in.quant().zeroPoint();
    int[] table = new int[256];
    for (int raw = qmin; raw < qmin + 256; raw++) {
      table[raw - qmin] = scaled(raw - zp, qm);
    }
    return table;
  }

  /** {@code (x << 20)} scaled by the input's multiplier, for a centered input value. */
  static int scaled(int centered, QuantizedMultiplier m) {
    return FixedPoint.multiplyByQuantizedMultiplierSmallerThanOneExp(
        centered * (1 << LEFT_SHIFT), m.multiplier(), m.shift());
  }

  @Override
  CodeBlock declare(Plan plan, EmitContext ctx, String constants) {
    Multipliers m = plan.multipliers();
    Operands io = plan.operands();
    CodeBlock.Builder b = CodeBlock.builder();
    for (int i = 0; i < 2; i++) {
      Input x = i == 0 ? io.a() : io.b();
      if (x.isConstant()) {
        continue;
      }
      QuantizedMultiplier qm = i == 0 ? m.input1() : m.input2();
      int qmin = x.tensor().type().qmin();
      int zp = x.tensor().quant().zeroPoint();
      String field = ctx.intArray(constants + "_SCALED" + (i + 1),
          i == 0 ? plan.table1() : plan.table2());
      b.add("// scaled$L[x + $L] = (x << $L) * $L * 2^($L - 31), halves away from zero\n",
          i + 1, zp - qmin, LEFT_SHIFT, qm.multiplier(), qm.shift());
      b.addStatement("final int[] scaled$L = $N", i + 1, field);
    }
    b.addStatement("final int outMultiplier = $L, outShift = $L", m.output().multiplier(),
        m.output().shift());
    b.add(Requantization.declareBounds(plan.range(), io.out().quant().zeroPoint()));
    return b.build();
  }

  @Override
  CodeBlock element(Plan plan, EmitContext ctx, Operand a, Operand b) {
    return CodeBlock.builder()
        .addStatement("final int sum = $L + $L", value(a, 1, "i1"), value(b, 2, "i2"))
        .addStatement("t[o] = Math.max(outMin, Math.min(outMax, "
            + "$L(sum, outMultiplier, outShift)))",
            ctx.helper(Helper.MULTIPLY_BY_QUANTIZED_MULTIPLIER))
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

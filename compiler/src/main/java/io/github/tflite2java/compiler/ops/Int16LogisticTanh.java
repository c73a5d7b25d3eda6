package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * LOGISTIC and TANH on int16 (zero point 0), as TFLite 2.9.0's and 2.6.2's optimized builds
 * (kernel type {@code kGenericOptimized}) compute them. Prepare picks one of two paths:
 *
 * <ul>
 *   <li>a power-of-two input scale ({@code CheckedLog2}, within 1e-3) of 2^-12 (LOGISTIC), or
 *       2^-12 or 2^-11 (TANH): gemmlowp's fixed-point {@code logistic}/{@code tanh} on the raw
 *       value read as Q3.12 (for TANH at 2^-11 first doubled, saturating), result Q0.15
 *       ({@code optimized_ops::Logistic/Tanh} for int16);
 *   <li>any other scale: {@code reference_integer_ops::Logistic/Tanh}: the input is rescaled
 *       by {@code (q * multiplier + round) >> shift} with {@code multiplier = scale * 4096 * 3}
 *       doubled (and the shift counted up) while at most 32767 / 2, then TFLite's 256-entry
 *       table of {@code sigmoid(i / 24)} in 0.16 format is interpolated (TANH uses {@code
 *       tanh(x) = 2 sigmoid(2x) - 1}).
 * </ul>
 *
 * <p>TFLite requires the output scale 2^-15 ({@code CheckedLog2}; LOGISTIC: exactly 1/32768).
 */
final class Int16LogisticTanh {

  private Int16LogisticTanh() {}

  /** The two functions. */
  enum Function {
    LOGISTIC("Logistic"),
    TANH("Tanh");

    private final String method;

    Function(String method) {
      this.method = method;
    }
  }

  /**
   * One int16 LOGISTIC or TANH layer.
   *
   * @param gemmlowp whether gemmlowp's fixed-point function runs (power-of-two input scale)
   * @param doubleInput gemmlowp TANH only: the input is doubled first (scale 2^-11)
   * @param multiplier table path: the input multiplier (positive)
   * @param shift table path: the input right shift
   */
  record Plan(Operator op, Function function, Tensor in, Tensor out, boolean gemmlowp,
      boolean doubleInput, int multiplier, int shift) implements LayerPlan {}

  /**
   * TFLite's {@code sigmoid_table_uint16} ({@code kernels/internal/common.h}): sigmoid(i / 24)
   * in 0.16 format, as the table's constants (they are not all the rounded formula; the last is
   * 65535).
   */
  static final int[] SIGMOID_TABLE_UINT16 = {
      32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149,
      40794, 41432, 42064, 42688, 43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369,
      47911, 48443, 48964, 49475, 49975, 50464, 50942, 51409, 51865, 52311, 52745, 53169,
      53581, 53983, 54374, 54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433,
      57724, 58007, 58280, 58544, 58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370,
      60565, 60753, 60935, 61110, 61279, 61441, 61599, 61750, 61896, 62036, 62172, 62302,
      62428, 62549, 62666, 62778, 62886, 62990, 63090, 63186, 63279, 63368, 63454, 63536,
      63615, 63691, 63765, 63835, 63903, 63968, 64030, 64090, 64148, 64204, 64257, 64308,
      64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652, 64687, 64721, 64754, 64786,
      64816, 64845, 64873, 64900, 64926, 64950, 64974, 64997, 65019, 65039, 65060, 65079,
      65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208, 65221, 65234, 65246, 65258,
      65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360, 65367,
      65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433,
      65438, 65442, 65445, 65449, 65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474,
      65476, 65479, 65481, 65483, 65485, 65488, 65489, 65491, 65493, 65495, 65497, 65498,
      65500, 65501, 65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513,
      65514, 65515, 65516, 65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522,
      65523, 65523, 65524, 65524, 65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528,
      65528, 65528, 65529, 65529, 65529, 65529, 65530, 65530, 65530, 65530, 65531, 65531,
      65531, 65531, 65531, 65532, 65532, 65532, 65532, 65532, 65532, 65533, 65533, 65533,
      65533, 65533, 65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534, 65534, 65534,
      65534, 65534, 65534, 65535};

  /** The plan for an int16 LOGISTIC or TANH (after the arity check), or null after a problem. */
  static Plan prepare(PrepareContext ctx, Operator op, Function f) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.sameTypeActivationsOrInt16(g, p, op) || !LookupTables.sameShape(g, p, op)) {
      return null;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    float outScale = out.quant().scale();
    Integer outLog2 = Int16Arithmetic.checkedLog2(outScale);
    if (f == Function.LOGISTIC ? outScale != 1f / 32768 : outLog2 == null || outLog2 != -15) {
      p.add(UNSUPPORTED_TYPE, op, "output " + p.describe(out.index()) + " has scale "
          + outScale + "; TFLite's int16 " + op.kind() + " requires "
          + (f == Function.LOGISTIC ? "1/32768 (0.000030517578)" : "2^-15 (0.000030517578)")
          + " and refuses other scales");
      return null;
    }
    float inScale = in.quant().scale();
    Integer inLog2 = Int16Arithmetic.checkedLog2(inScale);
    int potShift = inLog2 == null ? 0 : (15 - 3) + inLog2;
    boolean pot = inLog2 != null
        && (potShift == 0 || (f == Function.TANH && potShift == 1));
    if (pot) {
      return new Plan(op, f, in, out, true, potShift == 1, 0, 0);
    }
    // Rescale to 1/(3 * 4096): +-2^17 is +-10.7 (the table covers [-8, 8] scaled by 3/4).
    double multiplier = (double) inScale * 4096.0 * 3.0;
    int shift = 0;
    while (multiplier <= 32767.0 / 2.0 && shift <= 30) {
      shift++;
      multiplier = multiplier * 2.0;
    }
    // static_cast<int32_t> on x86-64 (cvttsd2si): out of range is INT_MIN.
    int m = multiplier >= 0x1p31 ? Integer.MIN_VALUE : (int) multiplier;
    if (m <= 0) {
      // TFLite's Eval then takes the gemmlowp path (input_multiplier > 0 fails), reading the
      // raw value as Q3.12 whatever the scale; TANH doubles it first when the shift is not 0.
      return new Plan(op, f, in, out, true, f == Function.TANH && shift != 0, 0, 0);
    }
    return new Plan(op, f, in, out, false, false, m, shift);
  }

  static MethodSpec emit(Plan plan, EmitContext ctx) {
    Tensor in = plan.in();
    Tensor out = plan.out();
    boolean logistic = plan.function() == Function.LOGISTIC;
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int in = $L, out = $L", ctx.arenaOffset(in.index()),
        ctx.arenaOffset(out.index()));
    String what;
    if (plan.gemmlowp()) {
      what = "gemmlowp's fixed-point " + (logistic ? "logistic" : "tanh") + ", Q3.12 in"
          + (plan.doubleInput() ? " (the input doubled, saturating)" : "") + ", Q0.15 out";
      String fn = ctx.helper(logistic ? Helper.LSTM_LOGISTIC16 : Helper.LSTM_TANH16);
      body.beginControlFlow("for (int i = 0; i < $L; i++)", in.elementCount());
      if (plan.doubleInput()) {
        body.addStatement("t[out + i] = $N($N((short) t[in + i], 1), 3)", fn,
            ctx.helper(Helper.LSTM_SAT_SHIFT_LEFT16));
      } else {
        body.addStatement("t[out + i] = $N((short) t[in + i], 3)", fn);
      }
      body.endControlFlow();
    } else {
      what = "TFLite's interpolated sigmoid table, input times " + plan.multiplier()
          + " >> " + plan.shift();
      String prefix = ctx.prefix(plan.op()).toUpperCase(Locale.ROOT);
      String table = ctx.intArray(prefix + "_SIGMOID_UINT16", SIGMOID_TABLE_UINT16);
      int round = plan.shift() > 0 ? 1 << (plan.shift() - 1) : 0;
      // Logistic interpolates over 9 fractional bits, tanh (sigmoid of 2x) over 8.
      int frac = logistic ? 9 : 8;
      body.addStatement("final int[] lut = $N", table);
      body.beginControlFlow("for (int i = 0; i < $L; i++)", in.elementCount());
      body.addStatement("final int x = (t[in + i] * $L + $L) >> $L", plan.multiplier(), round,
          plan.shift());
      body.addStatement("final int a = Math.abs(x)");
      body.addStatement("final int uh = a >>> $L", frac);
      body.addStatement("int r");
      body.beginControlFlow("if (uh >= 255)");
      body.addStatement("r = $L", logistic ? 0x7FFF << 10 : 0xFFFF << 8);
      body.nextControlFlow("else");
      body.addStatement("final int ua = lut[uh]");
      body.addStatement("r = (ua << $L) + (a & $L) * (lut[uh + 1] - ua)", frac,
          (1 << frac) - 1);
      body.endControlFlow();
      if (logistic) {
        body.addStatement("t[out + i] = (short) ((x >= 0 ? r + $L : $L - r) >>> 10)", 1 << 9,
            (1 << 25) + (1 << 9) - 1);
      } else {
        body.addStatement("t[out + i] = (short) ((x >= 0 ? r - $L : $L - r) >> 8)",
            (1 << 23) - (1 << 7), (1 << 23) + (1 << 7) - 1);
      }
      body.endControlFlow();
    }
    return MethodSpec.methodBuilder(ctx.prefix(plan.op()) + plan.function().method)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: $L on int16 ($L).\n", plan.op().index(), plan.op().kind(),
            what)
        .addJavadoc("$L\n", Layers.describe(in, out))
        .addJavadoc("Quantization $L -> $L.\n", in.quant(), out.quant())
        .addCode(body.build())
        .build();
  }
}

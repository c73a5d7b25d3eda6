package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_OPTION;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.google.flatbuffers.FlatBufferBuilder;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflOptions;
import javax.lang.model.element.Modifier;

/**
 * SOFTMAX on uint8 and int8 over the last dimension, as TFLite's optimized kernel computes it:
 * a float32 table {@code table[255 - d] = expf(-inputScale * beta * d)} built at compile time,
 * a float32 sum in element order, and {@code prob * (1 / (sum * outputScale))} rounded to the
 * output type. int16 (zero point 0, output Q0.15): TFLite's {@code SoftmaxInt16} ({@link
 * Int16Activations}).
 */
public final class Softmax extends OperatorKernel<Softmax.Options, LayerPlan> {

  /** SoftmaxOptions. */
  public record Options(float beta) implements OperatorOptions {}

  /**
   * One SOFTMAX layer.
   *
   * @param expTable {@code expTable[255 - d] = expf(-inputScale * beta * d)}
   */
  public record Plan(Operator op, Tensor in, Tensor out, float beta, float[] expTable)
      implements LayerPlan {
    public Plan {
      expTable = expTable.clone();
    }

    @Override
    public float[] expTable() {
      return expTable.clone();
    }
  }

  public Softmax() {
    super("SOFTMAX", BuiltinOperator.SOFTMAX, Options.class, ReportCategory.NORMALIZATION);
  }

  @Override
  public int optionsTable() {
    return TflOptions.SOFTMAX_OPTIONS;
  }

  @Override
  public Options decodeOptions(TflOperator raw, OptionEnums enums) {
    TflOptions.Softmax o = raw.builtinOptions(new TflOptions.Softmax());
    return o == null ? absentOptions() : new Options(o.beta());
  }

  /** The schema's default beta, 0, which {@link #prepare} then rejects with a clear message. */
  @Override
  public Options absentOptions() {
    return new Options(0f);
  }

  @Override
  public int encodeOptions(FlatBufferBuilder fbb, Options o) {
    fbb.startTable(1);
    fbb.addFloat(0, o.beta(), 0.0);
    return fbb.endTable();
  }

  @Override
  public LayerPlan prepare(PrepareContext ctx, Operator op, Options options) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 1, 1, 1)) {
      return null;
    }
    if (OpChecks.int16Input(g, op)) {
      return Int16Activations.prepareSoftmax(ctx, op, options.beta());
    }
    if (!OpChecks.activation(g, p, op, op.input(0), "input", -1)
        || !OpChecks.activation(g, p, op, op.output(0), "output", -1)
        || !OpChecks.sameType(g, p, op, op.input(0), op.output(0))) {
      return null;
    }
    Tensor in = g.tensor(op.input(0));
    if (in.rank() == 0 || !java.util.Arrays.equals(in.shape(), g.tensor(op.output(0)).shape())) {
      p.add(INVALID_MODEL, op, "input " + p.describe(in.index()) + " and output "
          + p.describe(op.output(0)) + " must have the same shape, of rank 1 or more");
      return null;
    }
    float beta = options.beta();
    if (!(beta > 0) || Float.isInfinite(beta)) {
      p.add(UNSUPPORTED_OPTION, op, "beta " + beta + " is not supported; expected a positive"
          + " finite number");
      return null;
    }
    Tensor out = g.tensor(op.output(0));
    int expectedZp = out.type() == TensorType.UINT8 ? 0 : -128;
    if (out.quant().scale() != 1f / 256 || out.quant().zeroPoint() != expectedZp) {
      p.add(UNSUPPORTED_TYPE, op, "output " + p.describe(out.index()) + " has " + out.quant()
          + "; TFLite requires scale 1/256 and zero point " + expectedZp + " for " + out.type());
      return null;
    }
    float scale = -in.quant().scale() * beta;
    float[] table = new float[256];
    for (int v = 0; v <= 255; v++) {
      table[255 - v] = (float) StrictMath.exp((double) (scale * v));
    }
    return new Plan(op, in, out, beta, table);
  }

  @Override
  public MethodSpec emit(LayerPlan any, EmitContext ctx) {
    if (any instanceof Int16Activations.SoftmaxPlan p16) {
      return Int16Activations.emitSoftmax(p16, ctx);
    }
    Plan plan = (Plan) any;
    Operator op = plan.op();
    Tensor in = plan.in();
    Tensor out = plan.out();
    float beta = plan.beta();
    int depth = in.dim(in.rank() - 1);
    long rows = in.elementCount() / depth;
    String prefix = ctx.prefix(op).toUpperCase(java.util.Locale.ROOT);
    String tableField = ctx.floatArray(prefix + "_EXP_TABLE", plan.expTable());
    boolean uint8 = out.type() == TensorType.UINT8;

    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.add("// table[255 - d] = expf(-inputScale * beta * d), inputScale $L, beta $L\n",
        in.quant().scale(), beta);
    body.addStatement("final float[] table = $N", tableField);
    body.addStatement("final int depth = $L, inZeroPoint = $L, outZeroPoint = $L",
        depth, in.quant().zeroPoint(), out.quant().zeroPoint());
    body.addStatement("final float outScale = $Lf", Float.toString(out.quant().scale()));
    if (rows > 1) {
      body.beginControlFlow("for (int r = 0; r < $L; r++)", rows);
      body.addStatement("final int in = $L + r * depth, out = $L + r * depth",
          ctx.arenaOffset(in.index()), ctx.arenaOffset(out.index()));
    } else {
      body.addStatement("final int in = $L, out = $L", ctx.arenaOffset(in.index()),
          ctx.arenaOffset(out.index()));
    }
    body.addStatement("int max = Integer.MIN_VALUE");
    body.beginControlFlow("for (int j = 0; j < depth; j++)");
    body.addStatement("max = Math.max(max, t[in + j])");
    body.endControlFlow();
    body.add("// Index of input q is 255 - max + q; the arena holds q - inZeroPoint.\n");
    body.addStatement("final int base = 255 - max");
    body.addStatement("float sum = 0f");
    body.beginControlFlow("for (int j = 0; j < depth; j++)");
    body.addStatement("sum += table[base + t[in + j]]");
    body.endControlFlow();
    body.addStatement("final float inverse = 1.0f / (sum * outScale)");
    body.beginControlFlow("for (int j = 0; j < depth; j++)");
    body.addStatement("final float prob = table[base + t[in + j]] * inverse");
    if (uint8) {
      body.addStatement("final int q = (int) (prob + 0.5f)");
      body.addStatement("t[out + j] = Math.min(255, q) - outZeroPoint");
    } else {
      body.addStatement("final int q = (int) $N(prob) + outZeroPoint",
          ctx.helper(Helper.ROUND_HALF_AWAY_FROM_ZERO));
      body.addStatement("t[out + j] = Math.max(-128, Math.min(127, q)) - outZeroPoint");
    }
    body.endControlFlow();
    if (rows > 1) {
      body.endControlFlow();
    }

    return MethodSpec.methodBuilder(ctx.prefix(op) + "Softmax")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: SOFTMAX beta $L over the last dimension.\n", op.index(), beta)
        .addJavadoc("$L\n", Layers.describe(in, out))
        .addCode(body.build())
        .build();
  }
}

package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.google.flatbuffers.FlatBufferBuilder;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.quant.ActivationRange;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflOptions;
import javax.lang.model.element.Modifier;

/**
 * AVERAGE_POOL_2D and MAX_POOL_2D on uint8 and int8. The window is clipped to the image and
 * only taps inside it count; input and output share scale and zero point, so no requantization
 * happens. Averages round as TFLite's kernels do: uint8 {@code (sum + n/2) / n}, int8 halves
 * away from zero.
 */
public final class Pool2d extends OperatorKernel<Pool2d.Options, Pool2d.Plan> {

  /** AVERAGE_POOL_2D. */
  public static final Pool2d AVERAGE = new Pool2d(true);
  /** MAX_POOL_2D. */
  public static final Pool2d MAX = new Pool2d(false);

  /** Pool2DOptions. */
  public record Options(Padding padding, int strideW, int strideH, int filterW, int filterH,
      Activation activation) implements OperatorOptions {}

  /** One pooling layer. */
  public record Plan(Operator op, Options o, Tensor in, Tensor out, ConvGeometry geo,
      ActivationRange range) implements LayerPlan {}

  private final boolean average;

  private Pool2d(boolean average) {
    super(average ? "AVERAGE_POOL_2D" : "MAX_POOL_2D",
        average ? BuiltinOperator.AVERAGE_POOL_2D : BuiltinOperator.MAX_POOL_2D, Options.class,
        ReportCategory.POOLING);
    this.average = average;
  }

  @Override
  public int optionsTable() {
    return TflOptions.POOL_2D_OPTIONS;
  }

  @Override
  public Options decodeOptions(TflOperator raw, OptionEnums e) {
    TflOptions.Pool2D o = raw.builtinOptions(new TflOptions.Pool2D());
    return o == null ? null : new Options(e.padding(o.padding()), o.strideW(), o.strideH(),
        o.filterWidth(), o.filterHeight(), e.activation(o.fusedActivationFunction()));
  }

  @Override
  public int encodeOptions(FlatBufferBuilder fbb, Options o) {
    fbb.startTable(6);
    fbb.addByte(0, OptionEnums.code(o.padding()), 0);
    fbb.addInt(1, o.strideW(), 0);
    fbb.addInt(2, o.strideH(), 0);
    fbb.addInt(3, o.filterW(), 0);
    fbb.addInt(4, o.filterH(), 0);
    fbb.addByte(5, (byte) o.activation().code(), 0);
    return fbb.endTable();
  }

  @Override
  public Plan prepare(PrepareContext ctx, Operator op, Options o) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 1, 1, 1)) {
      return null;
    }
    if (!OpChecks.activationOrInt16(g, p, op, op.input(0), "input", 4)
        || !OpChecks.activationOrInt16(g, p, op, op.output(0), "output", 4)
        || !OpChecks.sameType(g, p, op, op.input(0), op.output(0))
        || !OpChecks.fusedActivation(p, op, o.activation())
        || !OpChecks.positive(p, op, "strides and filter size",
            o.strideH(), o.strideW(), o.filterH(), o.filterW())) {
      return null;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    if (!in.quant().equals(out.quant())) {
      p.add(UNSUPPORTED_TYPE, op, "input " + p.describe(in.index()) + " (" + in.quant()
          + ") and output " + p.describe(out.index()) + " (" + out.quant()
          + ") must share scale and zero point, as TFLite requires");
      return null;
    }
    ConvGeometry geo = ConvGeometry.of(o.padding(), in.dim(1), in.dim(2), o.filterH(),
        o.filterW(), o.strideH(), o.strideW(), 1, 1);
    if (!OpChecks.outputShape(p, op, out, in.dim(0), geo.outH(), geo.outW(), in.dim(3))) {
      return null;
    }
    ActivationRange range = ActivationRange.of(o.activation(), out.type(), out.quant().scale(),
        out.quant().zeroPoint());
    return new Plan(op, o, in, out, geo, range);
  }

  @Override
  public MethodSpec emit(Plan plan, EmitContext ctx) {
    Options o = plan.o();
    Tensor in = plan.in();
    Tensor out = plan.out();
    ConvGeometry geo = plan.geo();
    int zp = out.quant().zeroPoint();
    int batches = in.dim(0);

    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int inH = $L, inW = $L, channels = $L, outH = $L, outW = $L",
        in.dim(1), in.dim(2), in.dim(3), geo.outH(), geo.outW());
    body.addStatement("final int filterH = $L, filterW = $L, strideH = $L, strideW = $L",
        o.filterH(), o.filterW(), o.strideH(), o.strideW());
    body.addStatement("final int padTop = $L, padLeft = $L, zeroPoint = $L",
        geo.padTop(), geo.padLeft(), zp);
    body.addStatement("final int outMin = $L, outMax = $L", plan.range().min(),
        plan.range().max());
    if (batches > 1) {
      body.beginControlFlow("for (int b = 0; b < $L; b++)", batches);
    }
    String outRow = batches > 1 ? "(b * outH + oy)" : "oy";
    String inRow = batches > 1 ? "(b * inH + y0 + fy)" : "(y0 + fy)";
    body.beginControlFlow("for (int oy = 0; oy < outH; oy++)");
    body.addStatement("final int y0 = oy * strideH - padTop");
    body.addStatement("final int fy0 = Math.max(0, -y0), fy1 = Math.min(filterH, inH - y0)");
    body.beginControlFlow("for (int ox = 0; ox < outW; ox++)");
    body.addStatement("final int x0 = ox * strideW - padLeft");
    body.addStatement("final int fx0 = Math.max(0, -x0), fx1 = Math.min(filterW, inW - x0)");
    body.addStatement("final int out = $L + ($L * outW + ox) * channels",
        ctx.arenaOffset(out.index()), outRow);
    body.beginControlFlow("for (int c = 0; c < channels; c++)");
    body.addStatement(average ? "int acc = 0" : "int acc = Integer.MIN_VALUE");
    body.beginControlFlow("for (int fy = fy0; fy < fy1; fy++)");
    body.addStatement("final int row = $L + ($L * inW + x0) * channels + c",
        ctx.arenaOffset(in.index()), inRow);
    body.beginControlFlow("for (int fx = fx0; fx < fx1; fx++)");
    body.addStatement(average
        ? "acc += t[row + fx * channels]"
        : "acc = Math.max(acc, t[row + fx * channels])");
    body.endControlFlow();
    body.endControlFlow();
    if (average) {
      body.addStatement("final int count = (fy1 - fy0) * (fx1 - fx0)");
      body.add("// Sum of the raw quantized values: the arena holds them minus the zero point.\n");
      body.addStatement("final int sum = acc + count * zeroPoint");
      if (out.type() == TensorType.UINT8) {
        body.addStatement("final int v = (sum + count / 2) / count");
      } else {
        body.addStatement(
            "final int v = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count");
      }
    } else {
      body.addStatement("final int v = acc + zeroPoint");
    }
    body.addStatement("t[out + c] = Math.max(outMin, Math.min(outMax, v)) - zeroPoint");
    body.endControlFlow();
    body.endControlFlow();
    body.endControlFlow();
    if (batches > 1) {
      body.endControlFlow();
    }

    return MethodSpec.methodBuilder(ctx.prefix(plan.op()) + (average ? "AveragePool2d" : "MaxPool2d"))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: $L $Lx$L stride $Lx$L $L, $L.\n", plan.op().index(), name(),
            o.filterH(), o.filterW(), o.strideH(), o.strideW(), o.padding(), o.activation())
        .addJavadoc("$L\n", Layers.describe(in, out))
        .addCode(body.build())
        .build();
  }
}

package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.validate.ProblemCollector.INVALID_MODEL;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.validate.ProblemCollector;
import javax.lang.model.element.Modifier;

/**
 * DEPTHWISE_CONV_2D on uint8 and int8: output channel {@code ic * depthMultiplier + m} sees
 * only input channel {@code ic}. The filter is {@code [1][kH][kW][outC]}, already the layout
 * the kernel reads.
 */
public final class DepthwiseConv2d implements OperatorLowering {

  @Override
  public String kind() {
    return "DEPTHWISE_CONV_2D";
  }

  @Override
  public void validate(ModelGraph g, Operator op, ProblemCollector p) {
    if (!OpChecks.arity(p, op, 2, 3, 1)) {
      return;
    }
    OperatorOptions.DepthwiseConv2D o = (OperatorOptions.DepthwiseConv2D) op.options();
    if (!OpChecks.activation(g, p, op, op.input(0), "input", 4)
        || !OpChecks.activation(g, p, op, op.output(0), "output", 4)
        || !OpChecks.sameType(g, p, op, op.input(0), op.output(0))
        || !OpChecks.fusedActivation(p, op, o.activation())
        || !OpChecks.positive(p, op, "strides and dilations",
            o.strideH(), o.strideW(), o.dilationH(), o.dilationW())) {
      return;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor filter = g.tensor(op.input(1));
    if (!Weights.filter(g, p, op, filter, in.type(), 3)) {
      return;
    }
    if (filter.rank() != 4 || filter.dim(0) != 1) {
      p.add(INVALID_MODEL, op, "filter " + p.describe(filter.index())
          + " must have shape [1, height, width, channels]");
      return;
    }
    int inC = in.dim(3);
    int outC = filter.dim(3);
    if (outC % inC != 0
        || (o.depthMultiplier() != 0 && o.depthMultiplier() * inC != outC)) {
      p.add(INVALID_MODEL, op, "filter " + p.describe(filter.index()) + " has " + outC
          + " channels; expected input channels " + inC + " x depth multiplier "
          + o.depthMultiplier());
      return;
    }
    if (!Weights.bias(g, p, op, op.input(2), outC)) {
      return;
    }
    ConvGeometry geo = ConvGeometry.of(o.padding(), in.dim(1), in.dim(2), filter.dim(1),
        filter.dim(2), o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
    OpChecks.outputShape(p, op, g.tensor(op.output(0)), in.dim(0), geo.outH(), geo.outW(), outC);
  }

  @Override
  public MethodSpec emit(ModelGraph g, Operator op, LoweringContext ctx) {
    OperatorOptions.DepthwiseConv2D o = (OperatorOptions.DepthwiseConv2D) op.options();
    Tensor in = g.tensor(op.input(0));
    Tensor filter = g.tensor(op.input(1));
    Tensor out = g.tensor(op.output(0));
    int batches = in.dim(0);
    int inH = in.dim(1);
    int inW = in.dim(2);
    int inC = in.dim(3);
    int kH = filter.dim(1);
    int kW = filter.dim(2);
    int outC = filter.dim(3);
    int multiplier = outC / inC;
    ConvGeometry geo = ConvGeometry.of(o.padding(), inH, inW, kH, kW, o.strideH(), o.strideW(),
        o.dilationH(), o.dilationW());
    String prefix = ctx.prefix(op).toUpperCase(java.util.Locale.ROOT);

    String filterField = ctx.centeredWeights(prefix + "_FILTER", filter.data(),
        filter.type() == TensorType.INT8, filter.quant().zeroPoint());
    String biasField = ctx.intArray(prefix + "_BIAS", Weights.biasValues(g, op.input(2), outC));
    Requantization rq = Requantization.of(g, op, in.index(), filter.index(), out.index(), outC,
        o.activation(), Requantization.Rounding.DOUBLE_AWAY_FROM_ZERO);
    rq.registerConstants(ctx, prefix);
    ctx.requireAccumulators(outC);

    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int[] acc = this.acc");
    body.addStatement("final int[] filter = $N", filterField);
    body.addStatement("final int[] bias = $N", biasField);
    body.add(rq.declare());
    body.addStatement("final int inH = $L, inW = $L, inC = $L, outH = $L, outW = $L, outC = $L",
        inH, inW, inC, geo.outH(), geo.outW(), outC);
    body.addStatement("final int kH = $L, kW = $L, strideH = $L, strideW = $L",
        kH, kW, o.strideH(), o.strideW());
    body.addStatement("final int dilationH = $L, dilationW = $L, padTop = $L, padLeft = $L",
        o.dilationH(), o.dilationW(), geo.padTop(), geo.padLeft());
    body.beginControlFlow("for (int b = 0; b < $L; b++)", batches);
    body.beginControlFlow("for (int oy = 0; oy < outH; oy++)");
    body.beginControlFlow("for (int ox = 0; ox < outW; ox++)");
    body.addStatement("System.arraycopy(bias, 0, acc, 0, outC)");
    body.beginControlFlow("for (int ky = 0; ky < kH; ky++)");
    body.addStatement("final int iy = oy * strideH - padTop + ky * dilationH");
    body.beginControlFlow("if (iy < 0 || iy >= inH)");
    body.addStatement("continue");
    body.endControlFlow();
    body.beginControlFlow("for (int kx = 0; kx < kW; kx++)");
    body.addStatement("final int ix = ox * strideW - padLeft + kx * dilationW");
    body.beginControlFlow("if (ix < 0 || ix >= inW)");
    body.addStatement("continue");
    body.endControlFlow();
    body.addStatement("final int in = $L + ((b * inH + iy) * inW + ix) * inC", ctx.arenaOffset(
        in.index()));
    body.addStatement("final int w = (ky * kW + kx) * outC");
    if (multiplier == 1) {
      body.beginControlFlow("for (int c = 0; c < outC; c++)");
      body.addStatement("acc[c] += t[in + c] * filter[w + c]");
      body.endControlFlow();
    } else {
      body.addStatement("final int depthMultiplier = $L", multiplier);
      body.beginControlFlow("for (int ic = 0; ic < inC; ic++)");
      body.addStatement("final int x = t[in + ic]");
      body.beginControlFlow("for (int m = 0; m < depthMultiplier; m++)");
      body.addStatement("final int oc = ic * depthMultiplier + m");
      body.addStatement("acc[oc] += x * filter[w + oc]");
      body.endControlFlow();
      body.endControlFlow();
    }
    body.endControlFlow();
    body.endControlFlow();
    body.addStatement("final int out = $L + ((b * outH + oy) * outW + ox) * outC",
        ctx.arenaOffset(out.index()));
    body.beginControlFlow("for (int oc = 0; oc < outC; oc++)");
    body.addStatement("t[out + oc] = $L", rq.apply("acc[oc]", "oc"));
    body.endControlFlow();
    body.endControlFlow();
    body.endControlFlow();
    body.endControlFlow();

    return MethodSpec.methodBuilder(ctx.prefix(op) + "DepthwiseConv2d")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: DEPTHWISE_CONV_2D $Lx$L stride $Lx$L dilation $Lx$L $L, "
                + "depth multiplier $L, $L.\n",
            op.index(), kH, kW, o.strideH(), o.strideW(), o.dilationH(), o.dilationW(),
            o.padding(), multiplier, o.activation())
        .addJavadoc("$L $L x filter $L -> $L $L.\n", in.type(), in.shapeString(),
            filter.shapeString(), out.type(), out.shapeString())
        .addCode(body.build())
        .build();
  }
}

package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.validate.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.validate.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.validate.ProblemCollector;

/**
 * CONV_2D on uint8 (per-tensor weights) and int8 (per-channel or per-tensor weights). Inputs
 * and weights are held relative to their zero points, so padding is plain zeros and no
 * zero-point cross terms remain at run time.
 */
public final class Conv2d implements OperatorLowering {

  @Override
  public String kind() {
    return "CONV_2D";
  }

  @Override
  public void validate(ModelGraph g, Operator op, ProblemCollector p) {
    if (!OpChecks.arity(p, op, 2, 3, 1)) {
      return;
    }
    OperatorOptions.Conv2D o = (OperatorOptions.Conv2D) op.options();
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
    if (!Weights.filter(g, p, op, filter, in.type(), 0)) {
      return;
    }
    if (filter.rank() != 4) {
      p.add(INVALID_MODEL, op, "filter " + p.describe(filter.index()) + " must have rank 4");
      return;
    }
    int outC = filter.dim(0);
    if (filter.dim(3) != in.dim(3)) {
      p.add(UNSUPPORTED_TYPE, op, "filter " + p.describe(filter.index()) + " has "
          + filter.dim(3) + " input channels but the input has " + in.dim(3)
          + "; grouped convolutions are not supported");
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
    OperatorOptions.Conv2D o = (OperatorOptions.Conv2D) op.options();
    Tensor in = g.tensor(op.input(0));
    Tensor filter = g.tensor(op.input(1));
    Tensor out = g.tensor(op.output(0));
    int batches = in.dim(0);
    int inH = in.dim(1);
    int inW = in.dim(2);
    int inC = in.dim(3);
    int outC = filter.dim(0);
    int kH = filter.dim(1);
    int kW = filter.dim(2);
    ConvGeometry geo = ConvGeometry.of(o.padding(), inH, inW, kH, kW, o.strideH(), o.strideW(),
        o.dilationH(), o.dilationW());
    String prefix = ctx.prefix(op).toUpperCase(java.util.Locale.ROOT);

    // TFLite's filter is [outC][kH][kW][inC]; the kernel reads [kH][kW][inC][outC] so that
    // the innermost loop runs over output channels with unit stride.
    byte[] raw = filter.data();
    byte[] reordered = new byte[raw.length];
    for (int oc = 0; oc < outC; oc++) {
      for (int ky = 0; ky < kH; ky++) {
        for (int kx = 0; kx < kW; kx++) {
          for (int ic = 0; ic < inC; ic++) {
            reordered[((ky * kW + kx) * inC + ic) * outC + oc] =
                raw[((oc * kH + ky) * kW + kx) * inC + ic];
          }
        }
      }
    }
    String filterField = ctx.centeredWeights(prefix + "_FILTER", reordered,
        filter.type() == TensorType.INT8, filter.quant().zeroPoint());
    String biasField = ctx.intArray(prefix + "_BIAS", Weights.biasValues(g, op.input(2), outC));
    // CONV_2D runs on TFLite's GEMM back end, whose rounding depends on the TFLite build.
    Requantization rq = Requantization.of(g, op, in.index(), filter.index(), out.index(), outC,
        o.activation(),
        Requantization.Rounding.forGemm(ctx.options().tfliteVersion(), in.type()));
    rq.registerConstants(ctx, prefix);
    ctx.requireAccumulators(outC);

    int inOff = ctx.arenaOffset(in.index());
    int outOff = ctx.arenaOffset(out.index());
    boolean pointwise = kH == 1 && kW == 1 && o.strideH() == 1 && o.strideW() == 1
        && geo.padTop() == 0 && geo.padLeft() == 0 && geo.outH() == inH && geo.outW() == inW;

    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int[] acc = this.acc");
    body.addStatement("final int[] filter = $N", filterField);
    body.addStatement("final int[] bias = $N", biasField);
    body.add(rq.declare());
    body.addStatement("final int inC = $L, outC = $L", inC, outC);
    if (pointwise) {
      body.addStatement("final int pixels = $L", batches * inH * inW);
      body.beginControlFlow("for (int p = 0; p < pixels; p++)");
      body.addStatement("System.arraycopy(bias, 0, acc, 0, outC)");
      body.addStatement("final int in = $L + p * inC", inOff);
      body.add(accumulateChannels());
      body.addStatement("final int out = $L + p * outC", outOff);
    } else {
      body.addStatement("final int inH = $L, inW = $L, outH = $L, outW = $L",
          inH, inW, geo.outH(), geo.outW());
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
      body.addStatement("final int in = $L + ((b * inH + iy) * inW + ix) * inC", inOff);
      body.addStatement("final int w0 = (ky * kW + kx) * inC * outC");
      body.add(accumulateChannelsFrom("w0"));
      body.endControlFlow();
      body.endControlFlow();
      body.addStatement("final int out = $L + ((b * outH + oy) * outW + ox) * outC", outOff);
    }
    body.beginControlFlow("for (int oc = 0; oc < outC; oc++)");
    body.addStatement("t[out + oc] = $L", rq.apply("acc[oc]", "oc"));
    body.endControlFlow();
    if (!pointwise) {
      body.endControlFlow();
      body.endControlFlow();
    }
    body.endControlFlow();

    return MethodSpec.methodBuilder(ctx.prefix(op) + "Conv2d")
        .addModifiers(javax.lang.model.element.Modifier.PRIVATE)
        .addJavadoc("Operator $L: CONV_2D $Lx$L stride $Lx$L dilation $Lx$L $L, $L.\n",
            op.index(), kH, kW, o.strideH(), o.strideW(), o.dilationH(), o.dilationW(),
            o.padding(), o.activation())
        .addJavadoc("$L $L x filter $L -> $L $L.\n", in.type(), in.shapeString(),
            filter.shapeString(), out.type(), out.shapeString())
        .addCode(body.build())
        .build();
  }

  private static CodeBlock accumulateChannels() {
    return accumulateChannelsFrom("0");
  }

  /** For each input channel, acc[oc] += x * filter[w + ic * outC + oc]. */
  private static CodeBlock accumulateChannelsFrom(String wStart) {
    return CodeBlock.builder()
        .beginControlFlow("for (int ic = 0, w = $L; ic < inC; ic++, w += outC)", wStart)
        .addStatement("final int x = t[in + ic]")
        .beginControlFlow("if (x == 0)")
        .addStatement("continue")
        .endControlFlow()
        .beginControlFlow("for (int oc = 0; oc < outC; oc++)")
        .addStatement("acc[oc] += x * filter[w + oc]")
        .endControlFlow()
        .endControlFlow()
        .build();
  }
}

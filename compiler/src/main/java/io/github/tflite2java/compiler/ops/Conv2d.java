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
    if (!Weights.bias(g, p, op, op.input(2), outC)
        || !OpChecks.outputMultipliers(p, op, in, filter, g.tensor(op.output(0)), outC)) {
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
    int taps = kH * kW * inC;
    String filterField = ctx.centeredWeightRows(prefix + "_FILTER", reordered,
        filter.type() == TensorType.INT8, filter.quant().zeroPoint(), taps, outC);
    String biasField = ctx.intArray(prefix + "_BIAS", Weights.biasValues(g, op.input(2), outC));
    // CONV_2D runs on TFLite's GEMM back end, whose rounding depends on the TFLite build.
    Requantization rq = Requantization.of(g, op, in.index(), filter.index(), out.index(), outC,
        o.activation(),
        Requantization.Rounding.forGemm(ctx.options().tfliteVersion(), in.type()));
    rq.registerConstants(ctx, prefix);
    ctx.requireScratch("acc", outC);
    ctx.requireScratch("gatheredValues", taps);
    ctx.requireScratch("gatheredRows", taps);

    int inOff = ctx.arenaOffset(in.index());
    int outOff = ctx.arenaOffset(out.index());
    boolean pointwise = kH == 1 && kW == 1 && o.strideH() == 1 && o.strideW() == 1
        && geo.padTop() == 0 && geo.padLeft() == 0 && geo.outH() == inH && geo.outW() == inW;

    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int[] acc = this.acc");
    body.addStatement("final int[] xs = gatheredValues, rows = gatheredRows");
    body.add("// One row of output-channel weights per input tap: [(ky * kW + kx) * inC + ic]\n");
    body.addStatement("final int[][] filter = $N", filterField);
    body.addStatement("final int[] bias = $N", biasField);
    body.add(rq.declare());
    body.addStatement("final int inC = $L, outC = $L", inC, outC);
    if (pointwise) {
      body.addStatement("final int pixels = $L", batches * inH * inW);
      body.beginControlFlow("for (int p = 0; p < pixels; p++)");
      body.addStatement("final int in = $L + p * inC", inOff);
      body.add("// Gather the nonzero inputs (zero is the input zero point: it adds nothing).\n");
      body.addStatement("int n = 0");
      body.beginControlFlow("for (int ic = 0; ic < inC; ic++)");
      body.addStatement("final int x = t[in + ic]");
      body.beginControlFlow("if (x != 0)");
      body.addStatement("xs[n] = x");
      body.addStatement("rows[n++] = ic");
      body.endControlFlow();
      body.endControlFlow();
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
      body.add("// Gather the nonzero inputs under the window; padding is zero and adds nothing.\n");
      body.addStatement("int n = 0");
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
      body.addStatement("final int tap = (ky * kW + kx) * inC");
      body.beginControlFlow("for (int ic = 0; ic < inC; ic++)");
      body.addStatement("final int x = t[in + ic]");
      body.beginControlFlow("if (x != 0)");
      body.addStatement("xs[n] = x");
      body.addStatement("rows[n++] = tap + ic");
      body.endControlFlow();
      body.endControlFlow();
      body.endControlFlow();
      body.endControlFlow();
      body.addStatement("final int out = $L + ((b * outH + oy) * outW + ox) * outC", outOff);
    }
    body.addStatement("System.arraycopy(bias, 0, acc, 0, outC)");
    body.add(accumulateRows());
    body.add(rq.requantizeInPlace("acc", "outC", bound(g, op, reordered, taps, outC)));
    body.addStatement("System.arraycopy(acc, 0, t, out, outC)");
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

  /** The largest |accumulator| this layer can produce, from its actual weights and bias. */
  private static long bound(ModelGraph g, Operator op, byte[] rows, int taps, int outC) {
    Tensor in = g.tensor(op.input(0));
    Tensor filter = g.tensor(op.input(1));
    return Requantization.accumulatorBound(Weights.biasValues(g, op.input(2), outC), rows, outC,
        filter.type() == TensorType.INT8, filter.quant().zeroPoint(), in.type(),
        in.quant().zeroPoint());
  }

  /**
   * acc[oc] += x * filter[row][oc] over the gathered inputs, eight rows per pass. Every array in
   * the inner loop is read with the index {@code oc} alone, and the trip count is a constant:
   * that is the shape in which C2 vectorizes.
   */
  static CodeBlock accumulateRows() {
    return CodeBlock.builder()
        .addStatement("int j = 0")
        .beginControlFlow("for (; j + 8 <= n; j += 8)")
        .addStatement("final int x0 = xs[j], x1 = xs[j + 1], x2 = xs[j + 2], x3 = xs[j + 3]")
        .addStatement("final int x4 = xs[j + 4], x5 = xs[j + 5], x6 = xs[j + 6], x7 = xs[j + 7]")
        .addStatement("final int[] r0 = filter[rows[j]], r1 = filter[rows[j + 1]]")
        .addStatement("final int[] r2 = filter[rows[j + 2]], r3 = filter[rows[j + 3]]")
        .addStatement("final int[] r4 = filter[rows[j + 4]], r5 = filter[rows[j + 5]]")
        .addStatement("final int[] r6 = filter[rows[j + 6]], r7 = filter[rows[j + 7]]")
        .beginControlFlow("for (int oc = 0; oc < outC; oc++)")
        .addStatement("acc[oc] += x0 * r0[oc] + x1 * r1[oc] + x2 * r2[oc] + x3 * r3[oc]\n"
            + "    + x4 * r4[oc] + x5 * r5[oc] + x6 * r6[oc] + x7 * r7[oc]")
        .endControlFlow()
        .endControlFlow()
        .beginControlFlow("for (; j < n; j++)")
        .addStatement("final int x0 = xs[j]")
        .addStatement("final int[] r0 = filter[rows[j]]")
        .beginControlFlow("for (int oc = 0; oc < outC; oc++)")
        .addStatement("acc[oc] += x0 * r0[oc]")
        .endControlFlow()
        .endControlFlow()
        .build();
  }
}

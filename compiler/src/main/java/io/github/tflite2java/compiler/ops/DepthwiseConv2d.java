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

    int outW = geo.outW();
    int row = outW * outC;
    int taps = kH * kW;
    // Weights and bias repeated along the output row (at class initialization):
    // filterRows[tap][ox * outC + c] = w[tap][c].
    byte[] raw = filter.data();
    String filterField = ctx.repeatedWeightRows(prefix + "_FILTER_ROWS", raw,
        filter.type() == TensorType.INT8, filter.quant().zeroPoint(), taps, outC, outW);
    int[] bias = Weights.biasValues(g, op.input(2), outC);
    String biasField = ctx.repeatedIntArray(prefix + "_BIAS_ROW", bias, outW);
    Requantization rq = Requantization.of(g, op, in.index(), filter.index(), out.index(), outC,
        o.activation(), Requantization.Rounding.DOUBLE_AWAY_FROM_ZERO);
    rq.registerConstants(ctx, prefix);

    // Input rows are copied into one zero-padded buffer per column phase (column mod stride),
    // so that each tap reads a whole output row at a constant offset.
    int stride = o.strideW();
    int[] tapOffset = new int[kW];
    int left = 0;
    int maxBase = Integer.MIN_VALUE;
    for (int kx = 0; kx < kW; kx++) {
      int off = kx * o.dilationW() - geo.padLeft();
      left = Math.max(left, -Math.floorDiv(off, stride));
      maxBase = Math.max(maxBase, Math.floorDiv(off, stride));
    }
    int phasePixels = left + Math.max((inW + stride - 1) / stride, outW + maxBase);
    int phaseLength = phasePixels * outC;
    for (int kx = 0; kx < kW; kx++) {
      int off = kx * o.dilationW() - geo.padLeft();
      tapOffset[kx] = Math.floorMod(off, stride) * phaseLength
          + (Math.floorDiv(off, stride) + left) * outC;
    }
    ctx.requireScratch("rowAcc", row);
    ctx.requireScratch("rowInput", stride * phaseLength);
    int inOff = ctx.arenaOffset(in.index());
    int outOff = ctx.arenaOffset(out.index());

    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int[] acc = rowAcc, input = rowInput");
    body.add("// Weight rows per tap (ky * kW + kx), repeated for every output column\n");
    body.addStatement("final int[][] filter = $N", filterField);
    body.addStatement("final int[] bias = $N", biasField);
    body.add(rq.declare());
    body.addStatement("final int inH = $L, inW = $L, inC = $L, outH = $L, outW = $L, outC = $L",
        inH, inW, inC, geo.outH(), outW, outC);
    body.addStatement("final int kW = $L, strideH = $L, dilationH = $L, padTop = $L",
        kW, o.strideH(), o.dilationH(), geo.padTop());
    body.addStatement("final int row = $L, phaseLength = $L, left = $L", row, phaseLength, left);
    body.add("// Columns outside the image stay zero (the input zero point).\n");
    body.addStatement("$T.fill(input, 0, $L, 0)", java.util.Arrays.class, stride * phaseLength);
    body.beginControlFlow("for (int b = 0; b < $L; b++)", batches);
    body.beginControlFlow("for (int oy = 0; oy < outH; oy++)");
    body.addStatement("System.arraycopy(bias, 0, acc, 0, row)");
    body.beginControlFlow("for (int ky = 0; ky < $L; ky++)", kH);
    body.addStatement("final int iy = oy * strideH - padTop + ky * dilationH");
    body.beginControlFlow("if (iy < 0 || iy >= inH)");
    body.addStatement("continue");
    body.endControlFlow();
    body.addStatement("final int src = $L + (b * inH + iy) * inW * inC", inOff);
    if (stride == 1 && multiplier == 1) {
      body.addStatement("System.arraycopy(t, src, input, left * outC, inW * inC)");
    } else {
      body.beginControlFlow("for (int ix = 0; ix < inW; ix++)");
      body.addStatement("final int dst = (ix % $L) * phaseLength + (ix / $L + left) * outC",
          stride, stride);
      if (multiplier == 1) {
        body.addStatement("System.arraycopy(t, src + ix * inC, input, dst, inC)");
      } else {
        body.beginControlFlow("for (int ic = 0; ic < inC; ic++)");
        body.addStatement("final int x = t[src + ix * inC + ic]");
        body.beginControlFlow("for (int m = 0; m < $L; m++)", multiplier);
        body.addStatement("input[dst + ic * $L + m] = x", multiplier);
        body.endControlFlow();
        body.endControlFlow();
      }
      body.endControlFlow();
    }
    // Taps of one kernel row, at most three per loop so that C2 still unrolls and vectorizes.
    for (int first = 0; first < kW; first += 3) {
      int last = Math.min(kW, first + 3);
      CodeBlock.Builder sum = CodeBlock.builder();
      for (int kx = first; kx < last; kx++) {
        body.addStatement("final int[] w$L = filter[ky * kW + $L]", kx, kx);
        sum.add(kx == first ? "input[j + $L] * w$L[j]" : " + input[j + $L] * w$L[j]",
            tapOffset[kx], kx);
      }
      body.beginControlFlow("for (int j = 0; j < row; j++)");
      body.addStatement("acc[j] += $L", sum.build());
      body.endControlFlow();
    }
    body.endControlFlow();
    if (rq.perTensor) {
      long bound = Requantization.accumulatorBound(bias, raw, outC,
          filter.type() == TensorType.INT8, filter.quant().zeroPoint(), in.type(),
          in.quant().zeroPoint());
      body.add(rq.requantizeInPlace("acc", "row", bound));
    } else {
      body.beginControlFlow("for (int ox = 0, j = 0; ox < outW; ox++)");
      body.beginControlFlow("for (int c = 0; c < outC; c++, j++)");
      body.addStatement("acc[j] = $L", rq.apply("acc[j]", "c"));
      body.endControlFlow();
      body.endControlFlow();
    }
    body.addStatement("System.arraycopy(acc, 0, t, $L + (b * outH + oy) * row, row)", outOff);
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

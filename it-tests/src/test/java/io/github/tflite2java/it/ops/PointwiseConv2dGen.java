package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.Conv2d;

/**
 * CONV_2D 1x1, stride 1 (pointwise), with 8 to 72 output channels and up to 64 input channels
 * on images of 1 to 9 x 9 pixels and batches of 1 to 3: the shapes the vector backend's
 * pointwise kernel takes (channel blocks of 16 with a masked tail, groups of 6 pixels and single
 * ones). Row {@code CONV_2D_1X1}; the operator is CONV_2D.
 */
final class PointwiseConv2dGen implements OpGen {
  @Override
  public String op() {
    return "CONV_2D";
  }

  @Override
  public String row() {
    return "CONV_2D_1X1";
  }

  @Override
  public Act input(Net n, TensorType type) {
    Rnd r = n.rnd;
    int[] shape = {r.chance(0.8) ? 1 : r.between(2, 3), r.between(1, 9), r.between(1, 9),
        r.chance(0.3) ? r.between(17, 64) : r.dim(16)};
    return n.input(type, shape, r.activationScale(), r.zeroPoint(type));
  }

  @Override
  public boolean accepts(Act in) {
    return in.isQuantized8() && in.rank() == 4 && in.elements() <= 8192;
  }

  @Override
  public Act append(Net n, Act in) {
    Rnd r = n.rnd;
    int inC = in.dim(3);
    int outC = r.chance(0.5) ? r.between(8, 72) : r.pickInt(8, 16, 24, 32, 48, 64);
    boolean pow2 = r.chance(0.2);
    // int8 weights per tensor (the vector kernel's requantization); per channel now and then.
    Quant.Weights wt = Quant.weights(r, in.type(), new int[] {outC, 1, 1, inC}, 0, pow2,
        r.chance(0.2));
    StringBuilder note = new StringBuilder();
    float outScale = Quant.outputScale(r, in.scale(), wt, pow2, note);
    Act out = n.tensor(in.type(), new int[] {in.dim(0), in.dim(1), in.dim(2), outC},
        outScale, r.zeroPoint(in.type()));
    int filter = n.constant(in.type(), new int[] {outC, 1, 1, inC}, wt.quant(), wt.data());
    int bias = n.constant(TensorType.INT32, new int[] {outC},
        Quant.biasQuant(in.type(), in.scale(), wt, outC),
        Net.int32s(Quant.biasValues(r, wt, outC)));
    Activation act = Quant.fused(r);
    Padding padding = r.chance(0.5) ? Padding.SAME : Padding.VALID;
    n.op("CONV_2D", in.type() == TensorType.INT8 ? 3 : 1,
        new int[] {in.index(), filter, bias}, new int[] {out.index()},
        new Conv2d.Options(padding, 1, 1, 1, 1, act),
        OpGenerators.fmt("CONV_2D 1x1 %s %s %s%s%s -> %s", padding, act, wt.text(),
            pow2 ? " pow2" : "", note, out.describe()));
    return out;
  }
}

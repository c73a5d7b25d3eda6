package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.Conv2d;

/**
 * CONV_2D 1x1, stride 1, with 256 to 1024 input channels on 1 to 3 x 3 pixels: layers whose
 * accumulator bound (largest activation times the sum of a channel's |weights|, plus |bias|)
 * lies on both sides of 2^24, so that the vector backend's pointwise kernel takes its exact
 * float FMA path for some cases and its int path for the others (the row {@code CONV_2D_1X1}
 * has at most 64 input channels: nearly always the float path). Row {@code CONV_2D_1X1_WIDE};
 * the operator is CONV_2D.
 */
final class WidePointwiseConv2dGen implements OpGen {
  @Override
  public String op() {
    return "CONV_2D";
  }

  @Override
  public String row() {
    return "CONV_2D_1X1_WIDE";
  }

  @Override
  public Act input(Net n, TensorType type) {
    Rnd r = n.rnd;
    int[] shape = {1, r.between(1, 3), r.between(1, 3), r.between(256, 1024)};
    return n.input(type, shape, r.activationScale(), r.zeroPoint(type));
  }

  @Override
  public boolean accepts(Act in) {
    return in.isQuantized8() && in.rank() == 4 && in.elements() <= 16384;
  }

  @Override
  public Act append(Net n, Act in) {
    Rnd r = n.rnd;
    int inC = in.dim(3);
    int outC = r.chance(0.5) ? r.between(8, 40) : r.pickInt(8, 16, 32);
    // Per-tensor weights (the vector kernel's requantization).
    Quant.Weights wt = Quant.weights(r, in.type(), new int[] {outC, 1, 1, inC}, 0, false,
        false);
    StringBuilder note = new StringBuilder();
    float outScale = Quant.outputScale(r, in.scale(), wt, false, note);
    Act out = n.tensor(in.type(), new int[] {in.dim(0), in.dim(1), in.dim(2), outC},
        outScale, r.zeroPoint(in.type()));
    int filter = n.constant(in.type(), new int[] {outC, 1, 1, inC}, wt.quant(), wt.data());
    int bias = n.constant(TensorType.INT32, new int[] {outC},
        Quant.biasQuant(in.type(), in.scale(), wt, outC),
        Net.int32s(Quant.biasValues(r, wt, outC)));
    Activation act = Quant.fused(r);
    n.op("CONV_2D", in.type() == TensorType.INT8 ? 3 : 1,
        new int[] {in.index(), filter, bias}, new int[] {out.index()},
        new Conv2d.Options(Padding.VALID, 1, 1, 1, 1, act),
        OpGenerators.fmt("CONV_2D 1x1 wide %d -> %d %s %s%s -> %s", inC, outC, act, wt.text(),
            note, out.describe()));
    return out;
  }
}

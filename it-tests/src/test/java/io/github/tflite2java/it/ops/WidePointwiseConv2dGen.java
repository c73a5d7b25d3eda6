package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.TensorType;

/**
 * CONV_2D 1x1, stride 1, with 256 to 1024 input channels on 1 to 3 x 3 pixels: layers whose
 * accumulator bound (largest activation times the sum of a channel's |weights|, plus |bias|)
 * lies on both sides of 2^24, so that the vector backend's pointwise kernel takes its exact
 * float FMA path for some cases and its int path for the others (the row {@code CONV_2D_1X1}
 * has at most 64 input channels: nearly always the float path). Row {@code CONV_2D_1X1_WIDE};
 * the operator is CONV_2D.
 */
final class WidePointwiseConv2dGen extends GenBase {
  WidePointwiseConv2dGen() {
    super("CONV_2D", "CONV_2D_1X1_WIDE", null);
  }

  @Override
  public Act input(Net n, TensorType type) {
    Rnd r = n.rnd;
    int[] shape = {1, r.between(1, 3), r.between(1, 3), r.between(256, 1024)};
    return n.input(type, shape, r.activationScale(), r.zeroPoint(type));
  }

  @Override
  public boolean accepts(Act in) {
    return PointwiseLayer.accepts(in, 16384);
  }

  @Override
  public Act append(Net n, Act in) {
    Rnd r = n.rnd;
    int inC = in.dim(3);
    int outC = r.chance(0.5) ? r.between(8, 40) : r.pickInt(8, 16, 32);
    // Per-tensor weights (the vector kernel's requantization).
    Quant.Weights wt = Quant.weights(r, in.type(), new int[] {outC, 1, 1, inC}, 0, false,
        false);
    PointwiseLayer l = PointwiseLayer.draw(n, in, outC, wt, false);
    return l.append(n, Padding.VALID, OpGenerators.fmt(
        "CONV_2D 1x1 wide %d -> %d %s %s%s -> %s", inC, outC, l.act(), wt.text(), l.note(),
        l.out().describe()));
  }
}

package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.TensorType;

/**
 * CONV_2D 1x1, stride 1 (pointwise), with 8 to 72 output channels and up to 64 input channels
 * on images of 1 to 9 x 9 pixels and batches of 1 to 3: the shapes the vector backend's
 * pointwise kernel takes (channel blocks of 16 with a masked tail, groups of 6 pixels and single
 * ones). Row {@code CONV_2D_1X1}; the operator is CONV_2D.
 */
final class PointwiseConv2dGen extends GenBase {
  // The operator is the registry's name (rows run only for operators OperatorRegistry has: with
  // "CONV_2D_1X1" as the operator the row never ran); the row keeps its own name.
  PointwiseConv2dGen() {
    super("CONV_2D", "CONV_2D_1X1", null);
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
    return PointwiseLayer.accepts(in, 8192);
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
    PointwiseLayer l = PointwiseLayer.draw(n, in, outC, wt, pow2);
    Padding padding = r.chance(0.5) ? Padding.SAME : Padding.VALID;
    return l.append(n, padding, OpGenerators.fmt("CONV_2D 1x1 %s %s %s%s%s -> %s", padding,
        l.act(), wt.text(), pow2 ? " pow2" : "", l.note(), l.out().describe()));
  }
}

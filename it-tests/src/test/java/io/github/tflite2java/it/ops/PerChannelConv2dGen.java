package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.Conv2d;

/**
 * CONV_2D on int8 with per-channel weights (85% of the cases; the rest per tensor), in the
 * shapes of MobileNet v2's int8 layers at small sizes: 1x1 expansions to 64-160 output channels
 * on few input channels (the per-pixel kernel's table-form requantization), projections to 8-32
 * channels on wide rows (the output-row kernel), and 3x3 strided first layers. Per-channel
 * scales spread over a factor of 16 (Quant.weights), so layers mix final shifts: the shared
 * shift of the table form. Row {@code CONV_2D_PER_CHANNEL}; the operator is CONV_2D.
 */
final class PerChannelConv2dGen extends GenBase {
  PerChannelConv2dGen() {
    super("CONV_2D", "CONV_2D_PER_CHANNEL", TensorType.INT8);
  }

  @Override
  public Act input(Net n, TensorType type) {
    Rnd r = n.rnd;
    int[] shape = {r.chance(0.85) ? 1 : 2, r.between(2, 12), r.between(2, 40),
        r.chance(0.5) ? r.pickInt(3, 8, 16, 24, 32) : r.between(1, 64)};
    return n.input(type, shape, r.activationScale(), r.zeroPoint(type));
  }

  @Override
  public boolean accepts(Act in) {
    return in.type() == TensorType.INT8 && in.rank() == 4 && in.elements() <= 16384;
  }

  @Override
  public Act append(Net n, Act in) {
    Rnd r = n.rnd;
    int inC = in.dim(3);
    boolean window = r.chance(0.25);
    int k = window ? 3 : 1;
    int stride = window && r.chance(0.5) ? 2 : 1;
    Padding padding = window ? (r.chance(0.7) ? Padding.SAME : Padding.VALID)
        : (r.chance(0.5) ? Padding.SAME : Padding.VALID);
    int outH = Quant.outSize(padding, in.dim(1), k, stride, 1);
    int outW = Quant.outSize(padding, in.dim(2), k, stride, 1);
    if (outH < 1 || outW < 1) {
      padding = Padding.SAME;
      outH = Quant.outSize(padding, in.dim(1), k, stride, 1);
      outW = Quant.outSize(padding, in.dim(2), k, stride, 1);
    }
    int outC = r.chance(0.6) ? r.pickInt(64, 96, 144, 160) : r.pickInt(8, 16, 24, 32);
    Quant.Weights wt = Quant.weights(r, TensorType.INT8, new int[] {outC, k, k, inC}, 0, false,
        true);
    StringBuilder note = new StringBuilder();
    float outScale = Quant.outputScale(r, in.scale(), wt, false, note);
    Act out = n.tensor(TensorType.INT8, new int[] {in.dim(0), outH, outW, outC}, outScale,
        r.zeroPoint(TensorType.INT8));
    int filter = n.constant(TensorType.INT8, new int[] {outC, k, k, inC}, wt.quant(), wt.data());
    int bias = OpGenerators.bias(n, in, wt, outC);
    Activation act = Quant.fused(r);
    n.op("CONV_2D", 3, new int[] {in.index(), filter, bias}, new int[] {out.index()},
        new Conv2d.Options(padding, stride, stride, 1, 1, act),
        OpGenerators.fmt("CONV_2D %dx%d s%d %s %s %s%s -> %s", k, k, stride, padding, act,
            wt.text(), note, out.describe()));
    return out;
  }
}

package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.DepthwiseConv2d;

/**
 * DEPTHWISE_CONV_2D 3x3, multiplier 1, strides 1 and 2, SAME and VALID, with 248 to 520
 * channels on images of 1 to 9 rows and columns (batches of 1 and 2): MobileNet's last
 * depthwise layers, where the vector backend's kernel sweeps every channel of a pixel in turn,
 * with zero rows for the kernel rows outside the image and the edge columns apart (channel
 * counts that are and are not multiples of 16). The row {@code DEPTHWISE_CONV_2D}
 * has at most 16 channels. Row {@code DEPTHWISE_CONV_2D_WIDE}; the operator is DEPTHWISE_CONV_2D.
 */
final class WideDepthwiseConv2dGen extends GenBase {
  WideDepthwiseConv2dGen() {
    super("DEPTHWISE_CONV_2D", "DEPTHWISE_CONV_2D_WIDE", null);
  }

  @Override
  public Act input(Net n, TensorType type) {
    Rnd r = n.rnd;
    int[] shape = {r.chance(0.2) ? 2 : 1, r.between(1, 9), r.between(1, 9),
        r.pickInt(248, 256, 264, 272, 512, 520)};
    return n.input(type, shape, r.activationScale(), r.zeroPoint(type));
  }

  @Override
  public boolean accepts(Act in) {
    return in.isQuantized8() && in.rank() == 4 && in.dim(3) >= 8 && in.dim(3) % 8 == 0
        && in.elements() <= 90000;
  }

  @Override
  public Act append(Net n, Act in) {
    Rnd r = n.rnd;
    int h = in.dim(1);
    int w = in.dim(2);
    int c = in.dim(3);
    int stride = r.between(1, 2);
    Padding padding;
    int outH;
    int outW;
    do {
      padding = r.chance(0.6) ? Padding.SAME : Padding.VALID;
      outH = Quant.outSize(padding, h, 3, stride, 1);
      outW = Quant.outSize(padding, w, 3, stride, 1);
    } while (outH < 1 || outW < 1);
    boolean pow2 = r.chance(0.2);
    TensorType wType = OpGenerators.weightType(in);
    Quant.Weights wt = Quant.weights(r, wType, new int[] {1, 3, 3, c}, 3, pow2, true);
    StringBuilder note = new StringBuilder();
    float outScale = Quant.outputScale(r, in.scale(), wt, pow2, note);
    Act out = n.tensor(in.type(), new int[] {in.dim(0), outH, outW, c}, outScale,
        r.zeroPoint(in.type()));
    int filter = n.constant(wType, new int[] {1, 3, 3, c}, wt.quant(), wt.data());
    int bias = OpGenerators.bias(n, in, wt, c);
    Activation act = OpGenerators.fusedOrUnsupported(n, "DEPTHWISE_CONV_2D");
    int version = in.type() == TensorType.INT8 ? 3 : 1;
    n.op(op(), version, new int[] {in.index(), filter, bias}, new int[] {out.index()},
        new DepthwiseConv2d.Options(padding, stride, stride, 1, 1, 1, act),
        OpGenerators.fmt("DEPTHWISE_CONV_2D wide 3x3 s%d %s %s %s%s%s -> %s", stride, padding,
            act, wt.text(), pow2 ? " pow2" : "", note, out.describe()));
    return out;
  }
}

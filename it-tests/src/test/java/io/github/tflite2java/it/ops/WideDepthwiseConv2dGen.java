package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.TensorType;

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
    int stride = r.between(1, 2);
    Padding padding;
    int outH;
    int outW;
    do {
      padding = r.chance(0.6) ? Padding.SAME : Padding.VALID;
      outH = Quant.outSize(padding, h, 3, stride, 1);
      outW = Quant.outSize(padding, w, 3, stride, 1);
    } while (outH < 1 || outW < 1);
    return OpGenerators.DepthwiseConv2dGen.layer(n, in,
        new OpGenerators.DepthwiseConv2dGen.Window(3, 3, stride, stride, 1, 1, padding, outH,
            outW), 1, r.chance(0.2), OpGenerators.fmt("DEPTHWISE_CONV_2D wide 3x3 s%d", stride));
  }
}

package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.TensorType;

/**
 * CONV_2D 1x1, stride 1 (pointwise) on few pixels (batches of 1 or 2): mostly 32 to 63 pixels,
 * the shapes of the weight-stationary few-pixel kernel (compiler {@code ops/FewPixelConv}:
 * blocks of 64 input channels by 512 output channels, the last ones partial), with 1 to 200
 * input channels (often past one block of 64, not a multiple of it) and 1 to 1100 output
 * channels (sometimes past one column block of 512, not a multiple of 8); a fifth of the cases
 * one pixel with 480-700 input and 1000-1100 output channels (the paired kernel from 2^19
 * weights, MobileNet's logits); some 2 to 31 pixels (the per-pixel kernel); uint8, int8 per
 * tensor and per channel. Row {@code CONV_2D_FEW_PIXELS}; the
 * operator is CONV_2D.
 */
final class FewPixelConv2dGen extends GenBase {
  FewPixelConv2dGen() {
    super("CONV_2D", "CONV_2D_FEW_PIXELS", null);
  }

  @Override
  public Act input(Net n, TensorType type) {
    Rnd r = n.rnd;
    int batch = 1;
    int h;
    int w;
    int inC;
    if (r.chance(0.2)) {
      // One pixel, large (the paired kernel from 2^19 weights: MobileNet's logits).
      h = 1;
      w = 1;
      inC = r.between(480, 700);
    } else {
      // 32 to 63 pixels (the weight-stationary kernel), now and then 2 to 31 (per-pixel).
      int pixels = r.chance(0.8) ? r.between(32, 63) : r.between(2, 31);
      if (pixels % 2 == 0 && r.chance(0.3)) {
        batch = 2;
        pixels /= 2;
      }
      h = r.between(1, Math.min(8, pixels));
      w = Math.max(1, pixels / h);
      inC = r.chance(0.5) ? r.between(65, 200) : r.between(1, 64);
    }
    return n.input(type, new int[] {batch, h, w, inC}, r.activationScale(), r.zeroPoint(type));
  }

  @Override
  public boolean accepts(Act in) {
    return in.isQuantized8() && in.rank() == 4 && in.dim(0) * in.dim(1) * in.dim(2) < 64
        && in.dim(3) <= 1024;
  }

  @Override
  public Act append(Net n, Act in) {
    Rnd r = n.rnd;
    int inC = in.dim(3);
    boolean onePixel = in.dim(0) * in.dim(1) * in.dim(2) == 1;
    int outC = onePixel && inC >= 480 ? r.between(1000, 1100)
        : r.chance(0.35) ? r.between(513, 1100) : r.between(1, 140);
    Quant.Weights wt = Quant.weights(r, in.type(), new int[] {outC, 1, 1, inC}, 0, false,
        r.chance(0.6));
    PointwiseLayer l = PointwiseLayer.draw(n, in, outC, wt, false);
    Padding padding = r.chance(0.5) ? Padding.SAME : Padding.VALID;
    return l.append(n, padding, OpGenerators.fmt("CONV_2D 1x1 few pixels %s %s %s%s -> %s",
        padding, l.act(), wt.text(), l.note(), l.out().describe()));
  }
}

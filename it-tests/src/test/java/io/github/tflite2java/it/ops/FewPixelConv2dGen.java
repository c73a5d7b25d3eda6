package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.Conv2d;

/**
 * CONV_2D 1x1, stride 1 (pointwise) on few pixels (1 to 63, batches of 1 or 2): the shapes of
 * the weight-stationary few-pixel kernel (compiler {@code ops/FewPixelConv}: blocks of 64 input
 * channels by 512 output channels, the last ones partial) and, for one pixel, of the paired
 * kernel (MobileNet's logits). Input channels 1 to 200 (often past one block of 64, not a
 * multiple of it), output channels 1 to 1100 (sometimes past one column block of 512, not a
 * multiple of 8); uint8, int8 per tensor and per channel. Row {@code CONV_2D_FEW_PIXELS}; the
 * operator is CONV_2D.
 */
final class FewPixelConv2dGen implements OpGen {
  @Override
  public String op() {
    return "CONV_2D_FEW_PIXELS";
  }

  @Override
  public Act input(Net n, TensorType type) {
    Rnd r = n.rnd;
    int batch = r.chance(0.8) ? 1 : 2;
    int h;
    int w;
    if (r.chance(0.25)) {
      h = 1;
      w = 1;
    } else {
      h = r.between(1, 7);
      w = r.between(1, Math.min(7, 31 / h));
    }
    int inC = r.chance(0.5) ? r.between(65, 200) : r.between(1, 64);
    return n.input(type, new int[] {batch, h, w, inC}, r.activationScale(), r.zeroPoint(type));
  }

  @Override
  public boolean accepts(Act in) {
    return in.isQuantized8() && in.rank() == 4 && in.dim(0) * in.dim(1) * in.dim(2) < 64
        && in.dim(3) <= 256;
  }

  @Override
  public Act append(Net n, Act in) {
    Rnd r = n.rnd;
    int inC = in.dim(3);
    int outC = r.chance(0.35) ? r.between(513, 1100) : r.between(1, 140);
    Quant.Weights wt = Quant.weights(r, in.type(), new int[] {outC, 1, 1, inC}, 0, false,
        r.chance(0.6));
    StringBuilder note = new StringBuilder();
    float outScale = Quant.outputScale(r, in.scale(), wt, false, note);
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
        OpGenerators.fmt("CONV_2D 1x1 few pixels %s %s %s%s -> %s", padding, act, wt.text(),
            note, out.describe()));
    return out;
  }
}

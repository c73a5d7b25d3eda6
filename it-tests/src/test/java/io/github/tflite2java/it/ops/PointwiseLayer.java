package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ops.Conv2d;

/**
 * The part of an 8-bit 1x1, stride 1 CONV_2D that the pointwise rows ({@link
 * PointwiseConv2dGen}, {@link WidePointwiseConv2dGen}, {@link FewPixelConv2dGen}) share: from
 * the weights each row draws, the output scale (and its note), the output tensor, the weight and
 * bias constants and the fused activation, in that order of random draws; the row then picks
 * its padding and describes the operator.
 *
 * @param note what {@link Quant#outputScale} noted about the output scale ("" or a note)
 */
record PointwiseLayer(Act in, Act out, int filter, int bias, Activation act, String note) {

  /** Draws the layer reading 8-bit {@code in} with weights {@code wt} of shape [outC,1,1,inC]. */
  static PointwiseLayer draw(Net n, Act in, int outC, Quant.Weights wt, boolean pow2) {
    Rnd r = n.rnd;
    StringBuilder note = new StringBuilder();
    float outScale = Quant.outputScale(r, in.scale(), wt, pow2, note);
    Act out = n.tensor(in.type(), new int[] {in.dim(0), in.dim(1), in.dim(2), outC},
        outScale, r.zeroPoint(in.type()));
    int filter = n.constant(in.type(), new int[] {outC, 1, 1, in.dim(3)}, wt.quant(),
        wt.data());
    int bias = OpGenerators.bias(n, in, wt, outC);
    Activation act = Quant.fused(r);
    return new PointwiseLayer(in, out, filter, bias, act, note.toString());
  }

  /**
   * Appends the CONV_2D (TFLite's 8-bit version: 3 for int8, else 1) with {@code padding},
   * described as {@code text}; returns its output.
   */
  Act append(Net n, Padding padding, String text) {
    n.op("CONV_2D", GenBase.version8(in, 3), new int[] {in.index(), filter, bias},
        new int[] {out.index()}, new Conv2d.Options(padding, 1, 1, 1, 1, act), text);
    return out;
  }

  /** Whether {@code in} is an 8-bit 4-D tensor of at most {@code elements} elements. */
  static boolean accepts(Act in, int elements) {
    return in.isQuantized8() && in.rank() == 4 && in.elements() <= elements;
  }
}

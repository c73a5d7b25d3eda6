package io.github.tflite2java.compiler.ops;

import io.github.tflite2java.compiler.ir.Padding;

/**
 * Output size and padding of a 2-D window operator, as TFLite's {@code ComputeOutSize} and
 * {@code ComputePaddingHeightWidth} define them.
 */
public record ConvGeometry(int outH, int outW, int padTop, int padLeft) {

  public static ConvGeometry of(
      Padding padding,
      int inH,
      int inW,
      int filterH,
      int filterW,
      int strideH,
      int strideW,
      int dilationH,
      int dilationW) {
    int outH = outSize(padding, inH, filterH, strideH, dilationH);
    int outW = outSize(padding, inW, filterW, strideW, dilationW);
    return new ConvGeometry(
        outH,
        outW,
        pad(strideH, dilationH, inH, filterH, outH),
        pad(strideW, dilationW, inW, filterW, outW));
  }

  static int outSize(Padding padding, int in, int filter, int stride, int dilation) {
    int effective = (filter - 1) * dilation + 1;
    if (stride == 0) {
      return 0;
    }
    return padding == Padding.SAME ? (in + stride - 1) / stride : (in + stride - effective) / stride;
  }

  static int pad(int stride, int dilation, int in, int filter, int out) {
    int effective = (filter - 1) * dilation + 1;
    int padding = ((out - 1) * stride + effective - in) / 2;
    return Math.max(padding, 0);
  }
}

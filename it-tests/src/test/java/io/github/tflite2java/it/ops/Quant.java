package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import java.util.Arrays;
import java.util.Locale;

/**
 * Shared pieces of the weighted generators: constant weights with realistic quantization, bias,
 * output scales that keep outputs away from constant saturation, fused activations and TFLite's
 * output-size formula.
 */
final class Quant {

  private Quant() {}

  /** TFLite's {@code ComputeOutSize}. */
  static int outSize(Padding padding, int in, int filter, int stride, int dilation) {
    int effective = (filter - 1) * dilation + 1;
    return padding == Padding.SAME
        ? (in + stride - 1) / stride
        : (in + stride - effective) / stride;
  }

  /** A fused activation: mostly NONE or RELU-like. */
  static Activation fused(Rnd r) {
    double p = r.uniform(0, 1);
    return p < 0.4 ? Activation.NONE : p < 0.65 ? Activation.RELU
        : p < 0.85 ? Activation.RELU6 : Activation.RELU_N1_TO_1;
  }

  /** Constant weights with their quantization, and per-channel magnitudes for scaling. */
  record Weights(byte[] data, QuantParams quant, float[] scales, double[] norms, String text) {}

  /**
   * Random 8-bit weights of {@code type} laid out with {@code channels} output channels along
   * {@code channelDim} of {@code shape}: uint8 per-tensor (any zero point), int8 symmetric, per
   * channel (mostly) or per tensor.
   *
   * @param pow2 whether scales are exact powers of two
   * @param perChannelAllowed whether int8 weights may have per-channel scales
   */
  static Weights weights(Rnd r, TensorType type, int[] shape, int channelDim, boolean pow2,
      boolean perChannelAllowed) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    int channels = shape[channelDim];
    int inner = 1;
    for (int i = channelDim + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    byte[] data;
    int zp;
    if (type == TensorType.UINT8) {
      zp = r.chance(0.7) ? r.between(80, 180) : r.between(0, 255);
      data = r.values(n, 0, 255, zp);
    } else {
      zp = 0;
      data = r.values(n, -127, 127, 0);
    }
    double[] norms = new double[channels];
    for (int i = 0; i < n; i++) {
      int c = (i / inner) % channels;
      int w = (type == TensorType.UINT8 ? data[i] & 0xFF : data[i]) - zp;
      norms[c] += (double) w * w;
    }
    for (int c = 0; c < channels; c++) {
      norms[c] = Math.max(1, Math.sqrt(norms[c]));
    }
    float base = pow2 ? (float) Math.scalb(1.0, -r.between(4, 10))
        : (float) r.logUniform(1e-3, 0.05);
    boolean perChannel = type == TensorType.INT8 && perChannelAllowed && r.chance(0.85);
    float[] scales = new float[perChannel ? channels : 1];
    for (int c = 0; c < scales.length; c++) {
      scales[c] = pow2 ? (float) Math.scalb(base, -r.between(0, 2))
          : (float) (base * r.logUniform(0.25, 4));
    }
    long[] zps = new long[scales.length];
    Arrays.fill(zps, zp);
    QuantParams q = new QuantParams(scales, zps, perChannel ? channelDim : 0);
    String text = type == TensorType.UINT8
        ? String.format(Locale.ROOT, "w u8 s=%.4g zp=%d", scales[0], zp)
        : perChannel ? String.format(Locale.ROOT, "w i8 per-channel(dim %d) s~%.4g", channelDim,
            scales[0])
        : String.format(Locale.ROOT, "w i8 per-tensor s=%.4g", scales[0]);
    return new Weights(data, q, scales, norms, text);
  }

  /** {@code weights.scales[c]} broadcast to {@code channels}. */
  static float weightScale(Weights w, int c) {
    return w.scales().length == 1 ? w.scales()[0] : w.scales()[c];
  }

  /**
   * An output scale for an accumulator of {@code in} times {@code w}: most outputs land in a
   * band of a few dozen steps, sometimes saturating, sometimes tiny, sometimes with a real
   * multiplier above one.
   */
  static float outputScale(Rnd r, float inScale, Weights w, boolean pow2, StringBuilder note) {
    double inputStd = 40;
    double[] perChannel = new double[w.norms().length];
    for (int c = 0; c < perChannel.length; c++) {
      perChannel[c] = (double) inScale * weightScale(w, c) * w.norms()[c] * inputStd;
    }
    Arrays.sort(perChannel);
    double accReal = perChannel[perChannel.length / 2];
    double target = r.uniform(12, 90);
    double p = r.uniform(0, 1);
    if (p < 0.07) {
      target *= 30;
      note.append(" saturating");
    } else if (p < 0.14) {
      target /= 30;
      note.append(" tiny");
    }
    double out = accReal / target;
    if (r.chance(0.06)) {
      // A real multiplier in [1, 4): a left shift in TFLite's fixed point.
      out = (double) inScale * weightScale(w, 0) / r.uniform(1, 4);
      note.append(" M>1");
    }
    if (pow2) {
      out = Math.scalb(1.0, (int) Math.round(Math.log(out) / Math.log(2)));
    }
    return (float) Math.max(1e-6, Math.min(out, 1e3));
  }

  /**
   * An int32 bias of {@code channels} values, with scale {@code inScale * weightScale[c]}
   * (computed as TFLite's converter does) on dimension 0.
   */
  static QuantParams biasQuant(TensorType type, float inScale, Weights w, int channels) {
    if (type == TensorType.UINT8 || w.scales().length == 1) {
      return QuantParams.perTensor(inScale * w.scales()[0], 0);
    }
    float[] s = new float[channels];
    for (int c = 0; c < channels; c++) {
      s[c] = (float) ((double) inScale * w.scales()[c]);
    }
    return new QuantParams(s, new long[channels], 0);
  }

  /**
   * Bias values of the order of the accumulator's spread; sometimes zero, sometimes huge (up to
   * 2^28, saturating the output whatever the input).
   */
  static int[] biasValues(Rnd r, Weights w, int channels) {
    int[] b = new int[channels];
    double style = r.uniform(0, 1);
    for (int c = 0; c < channels; c++) {
      double spread = w.norms()[w.norms().length == channels ? c : 0] * 40;
      double v = style < 0.15 ? 0 : r.gaussian() * spread * r.uniform(0, 1.5);
      if (style > 0.95) {
        v = r.gaussian() * (1 << 26);
      }
      b[c] = (int) Math.max(-(1 << 28), Math.min(1 << 28, Math.round(v)));
    }
    return b;
  }
}

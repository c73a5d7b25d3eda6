package io.github.tflite2java.compiler.ops;

import com.squareup.javapoet.CodeBlock;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.quant.ActivationRange;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;

/**
 * The output stage of convolution-like operators: an int32 accumulator scaled by {@code
 * input_scale * filter_scale / output_scale} (one multiplier per tensor or per output
 * channel), shifted to the output zero point and clamped by the fused activation. Built at
 * compile time from the tensors' quantization, as TFLite's {@code
 * PopulateConvolutionQuantizationParams} does.
 */
final class Requantization {

  /** How the scaled accumulator is rounded: TFLite's builds differ here (see TfliteVersion). */
  enum Rounding {
    /** gemmlowp / TFLite reference: rounded high half, then halves away from zero. */
    DOUBLE_AWAY_FROM_ZERO("multiplyByQuantizedMultiplier"),
    /** ruy's x86 AVX kernels: rounded high half, then halves toward +infinity. */
    DOUBLE_UP("multiplyByQuantizedMultiplierRoundingUp"),
    /** ruy's portable path: one rounding of the exact product, halves toward +infinity. */
    SINGLE("multiplyByQuantizedMultiplierSingleRounding");

    final String helper;

    Rounding(String helper) {
      this.helper = helper;
    }

    /** The rounding of a GEMM-backed operator (CONV_2D, FULLY_CONNECTED) in that build. */
    static Rounding forGemm(io.github.tflite2java.compiler.TfliteVersion v, TensorType input) {
      switch (v) {
        case V2_9:
          return DOUBLE_UP;
        case V2_6:
          return input == TensorType.UINT8 ? DOUBLE_AWAY_FROM_ZERO : SINGLE;
        default:
          throw new AssertionError(v);
      }
    }
  }

  final Rounding rounding;
  final QuantizedMultiplier[] perChannel;
  final boolean perTensor;
  final int outZeroPoint;
  final ActivationRange range;
  /** Field names of the per-channel arrays (when not per tensor). */
  private String multipliersField;
  private String shiftsField;

  private Requantization(Rounding rounding,
      QuantizedMultiplier[] perChannel, boolean perTensor, int outZeroPoint, ActivationRange range) {
    this.rounding = rounding;
    this.perChannel = perChannel;
    this.perTensor = perTensor;
    this.outZeroPoint = outZeroPoint;
    this.range = range;
  }

  /**
   * Multipliers for a conv-like operator. uint8 models use TFLite's legacy per-tensor path (a
   * float32 product of input and filter scales); int8 models use the per-channel path in
   * double precision, broadcasting a per-tensor filter scale.
   */
  static Requantization of(
      ModelGraph g, Operator op, int inputIdx, int filterIdx, int outputIdx, int channels,
      Activation activation, Rounding rounding) {
    Tensor in = g.tensor(inputIdx);
    Tensor filter = g.tensor(filterIdx);
    Tensor out = g.tensor(outputIdx);
    float inScale = in.quant().scale();
    float outScale = out.quant().scale();
    QuantizedMultiplier[] ms = new QuantizedMultiplier[channels];
    boolean perTensor;
    if (in.type() == TensorType.UINT8) {
      float product = inScale * filter.quant().scale();
      QuantizedMultiplier m = QuantizedMultiplier.of((double) product / (double) outScale);
      java.util.Arrays.fill(ms, m);
      perTensor = true;
    } else {
      boolean allSame = true;
      for (int c = 0; c < channels; c++) {
        float fs = filter.quant().isPerTensor() ? filter.quant().scale() : filter.quant().scale(c);
        ms[c] = QuantizedMultiplier.of((double) inScale * (double) fs / (double) outScale);
        allSame &= ms[c].equals(ms[0]);
      }
      perTensor = allSame;
    }
    ActivationRange range =
        ActivationRange.of(activation, out.type(), outScale, out.quant().zeroPoint());
    return new Requantization(rounding, ms, perTensor, out.quant().zeroPoint(), range);
  }

  /** Declares the per-channel constant arrays, if any. Call once, before {@link #declare}. */
  void registerConstants(LoweringContext ctx, String prefix) {
    if (!perTensor) {
      int[] m = new int[perChannel.length];
      int[] s = new int[perChannel.length];
      for (int i = 0; i < m.length; i++) {
        m[i] = perChannel[i].multiplier();
        s[i] = perChannel[i].shift();
      }
      multipliersField = ctx.intArray(prefix + "_MULTIPLIERS", m);
      shiftsField = ctx.intArray(prefix + "_SHIFTS", s);
    }
  }

  /** Local declarations the {@link #apply} expression uses. */
  CodeBlock declare() {
    CodeBlock.Builder b = CodeBlock.builder();
    if (perTensor) {
      b.add(declareMultiplier(perChannel[0].realValue(), perChannel[0]));
    } else {
      b.addStatement("final int[] multipliers = $N, shifts = $N", multipliersField, shiftsField);
    }
    b.add(declareBounds(range, outZeroPoint));
    return b.build();
  }

  /** {@code final int multiplier, shift} with a comment giving the real value {@code real}. */
  static CodeBlock declareMultiplier(double real, QuantizedMultiplier m) {
    return CodeBlock.builder()
        .add("// Output multiplier $L = $L * 2^($L - 31)\n",
            String.format(java.util.Locale.ROOT, "%.9g", real), m.multiplier(), m.shift())
        .addStatement("final int multiplier = $L, shift = $L", m.multiplier(), m.shift())
        .build();
  }

  /** {@code final int outMin, outMax}: the activation's bounds minus the output zero point. */
  static CodeBlock declareBounds(ActivationRange range, int zeroPoint) {
    return CodeBlock.builder()
        .add("// Activation bounds [$L, $L] minus the output zero point $L\n", range.min(),
            range.max(), zeroPoint)
        .addStatement("final int outMin = $L, outMax = $L", range.min() - zeroPoint,
            range.max() - zeroPoint)
        .build();
  }

  /** An expression giving the clamped, zero-point-relative output of {@code accExpr}. */
  CodeBlock apply(String accExpr, String channelExpr) {
    CodeBlock scaled = perTensor
        ? CodeBlock.of("$L($L, multiplier, shift)", rounding.helper, accExpr)
        : CodeBlock.of("$L($L, multipliers[$L], shifts[$L])",
            rounding.helper, accExpr, channelExpr, channelExpr);
    return CodeBlock.of("Math.max(outMin, Math.min(outMax, $L))", scaled);
  }

  /**
   * A loop that requantizes {@code array[0..count)} in place (per-tensor multipliers: {@code
   * count} may span several pixels; per-channel: {@code count} is one pixel's channels). With
   * accumulators known to lie in [-bound, bound], per-tensor scaling uses only 32-bit integer
   * arithmetic and a branch-free clamp, which C2 vectorizes.
   */
  CodeBlock requantizeInPlace(String array, String count, long bound) {
    CodeBlock.Builder b = CodeBlock.builder();
    IntRequantizer plan = perTensor ? IntRequantizer.plan(perChannel[0], rounding, bound) : null;
    if (plan == null) {
      b.beginControlFlow("for (int e = 0; e < $L; e++)", count);
      b.addStatement("$L[e] = $L", array, apply(array + "[e]", perTensor ? "0" : "e"));
      b.endControlFlow();
      return b.build();
    }
    b.add("// Exact for accumulators within +-$L (32-bit chunks of the multiplier).\n", bound);
    b.beginControlFlow("for (int e = 0; e < $L; e++)", count);
    b.addStatement("final int x = $L[e]", array);
    b.add(plan.emit("x", "q"));
    b.addStatement("int d = q - outMax");
    b.addStatement("q = outMax + (d & (d >> 31))");
    b.addStatement("d = q - outMin");
    b.addStatement("$L[e] = outMin + (d & ~(d >> 31))", array);
    b.endControlFlow();
    return b.build();
  }

  /**
   * As {@link #requantizeInPlace}, for {@code array[0..count)} all of output channel {@code
   * channelExpr} (a row of one channel).
   */
  CodeBlock requantizeRow(String array, String count, String channelExpr, long bound) {
    if (perTensor) {
      return requantizeInPlace(array, count, bound);
    }
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int rowMultiplier = multipliers[$L], rowShift = shifts[$L]",
        channelExpr, channelExpr);
    b.beginControlFlow("for (int e = 0; e < $L; e++)", count);
    b.addStatement("$L[e] = Math.max(outMin, Math.min(outMax, $L($L[e], rowMultiplier, rowShift)))",
        array, rounding.helper, array);
    b.endControlFlow();
    return b.build();
  }

  /**
   * The largest |accumulator| possible: |bias| plus the largest |input - zero point| times the
   * sum of |weight - zero point| feeding one output channel, maximized over channels.
   *
   * @param weights raw 8-bit weights laid out {@code [tap][channel]}, {@code channels} per tap
   */
  static long accumulatorBound(int[] bias, byte[] weights, int channels, boolean signed,
      int weightZeroPoint, TensorType inputType, int inputZeroPoint) {
    long maxInput = Math.max(Math.abs((long) inputType.qmin() - inputZeroPoint),
        Math.abs((long) inputType.qmax() - inputZeroPoint));
    long[] sums = new long[channels];
    for (int i = 0; i < weights.length; i++) {
      int w = signed ? weights[i] : weights[i] & 0xFF;
      sums[i % channels] += Math.abs(w - weightZeroPoint);
    }
    long bound = 0;
    for (int c = 0; c < channels; c++) {
      bound = Math.max(bound, Math.abs((long) bias[c]) + maxInput * sums[c]);
    }
    return bound;
  }
}

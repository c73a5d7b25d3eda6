package io.github.tflite2java.compiler.ops;

import com.squareup.javapoet.CodeBlock;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.quant.ActivationRange;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import java.util.ArrayList;
import java.util.List;

/**
 * The output stage of convolution-like operators: an int32 accumulator scaled by {@code
 * input_scale * filter_scale / output_scale} (one multiplier per tensor or per output
 * channel), shifted to the output zero point and clamped by the fused activation. Built at
 * compile time from the tensors' quantization, as TFLite's {@code
 * PopulateConvolutionQuantizationParams} does. Immutable: computed by an operator's prepare
 * step; emission declares its constants ({@link #registerConstants}) and hands the field names
 * to {@link #declare}.
 */
final class Requantization {

  /** How the scaled accumulator is rounded: TFLite's builds differ here (see TfliteVersion). */
  enum Rounding {
    /** gemmlowp / TFLite reference: rounded high half, then halves away from zero. */
    DOUBLE_AWAY_FROM_ZERO(Helper.MULTIPLY_BY_QUANTIZED_MULTIPLIER),
    /** ruy's x86 AVX kernels: rounded high half, then halves toward +infinity. */
    DOUBLE_UP(Helper.MULTIPLY_BY_QUANTIZED_MULTIPLIER_ROUNDING_UP),
    /** ruy's portable path: one rounding of the exact product, halves toward +infinity. */
    SINGLE(Helper.MULTIPLY_BY_QUANTIZED_MULTIPLIER_SINGLE_ROUNDING);

    /** The generated helper that scales an accumulator with this rounding. */
    final Helper helper;

    Rounding(Helper helper) {
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

  /**
   * What {@link #registerConstants} declared in the class being generated: the per-channel
   * multiplier and shift arrays ({@code null} when the multiplier is per tensor) and the name of
   * the scaling helper ({@code null} when the 32-bit form makes it unnecessary).
   */
  record Fields(String multipliers, String shifts, String scale, List<String> channelTables) {
    Fields(String multipliers, String shifts, String scale) {
      this(multipliers, shifts, scale, List.of());
    }
  }

  final Rounding rounding;
  private final QuantizedMultiplier[] perChannel;
  final boolean perTensor;
  final int outZeroPoint;
  final ActivationRange range;
  /** Largest |accumulator| (negative: unknown). */
  private final long bound;
  /** The 32-bit form of a per-tensor multiplier within {@link #bound}, or null. */
  private final IntRequantizer integer;
  /** The vectorizable per-channel form within {@link #bound} (per channel only), or null. */
  private final ChannelRequantizer channels;

  private Requantization(Rounding rounding, QuantizedMultiplier[] perChannel, boolean perTensor,
      int outZeroPoint, ActivationRange range, long bound) {
    this(rounding, perChannel, perTensor, outZeroPoint, range, bound, true);
  }

  private Requantization(Rounding rounding, QuantizedMultiplier[] perChannel, boolean perTensor,
      int outZeroPoint, ActivationRange range, long bound, boolean channelTables) {
    this.rounding = rounding;
    this.perChannel = perChannel;
    this.perTensor = perTensor;
    this.outZeroPoint = outZeroPoint;
    this.range = range;
    this.bound = bound;
    this.integer = perTensor ? IntRequantizer.plan(perChannel[0], rounding, bound) : null;
    this.channels = perTensor || !channelTables ? null : ChannelRequantizer.plan(perChannel,
        rounding, bound, range.min() - outZeroPoint, range.max() - outZeroPoint);
  }

  /**
   * This requantization with per-channel multipliers scaled one output at a time by the 64-bit
   * helper instead of the table form: faster where the loop would not vectorize (a few
   * channels per loop, or a loop with variable bounds).
   */
  Requantization helperForm() {
    return channels == null ? this : new Requantization(rounding, perChannel, perTensor,
        outZeroPoint, range, bound, false);
  }

  /**
   * Multipliers for a conv-like operator. uint8 models use TFLite's legacy per-tensor path (a
   * float32 product of input and filter scales); int8 models use the per-channel path in
   * double precision, broadcasting a per-tensor filter scale.
   *
   * @param bound the largest |accumulator| ({@link #accumulatorBound}); negative when unknown
   */
  static Requantization of(Tensor in, Tensor filter, Tensor out, int channels,
      Activation activation, Rounding rounding, long bound) {
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
    return new Requantization(rounding, ms, perTensor, out.quant().zeroPoint(), range, bound);
  }

  /** The accumulator bound this requantization was planned for (negative: unknown). */
  long bound() {
    return bound;
  }

  /**
   * Declares the per-channel constant arrays, if any, and asks for the scaling helper where it
   * is called; {@link #declare} and the requantizing code take the result.
   */
  Fields registerConstants(EmitContext ctx, String prefix) {
    return registerConstants(ctx, prefix, 1);
  }

  /**
   * As {@link #registerConstants(EmitContext, String)}, with the per-channel tables of the
   * vectorizable form (if any) repeated {@code times} times: indexed {@code pixel * channels +
   * channel}, so that a loop over a row of pixels reads them at its own index.
   */
  Fields registerConstants(EmitContext ctx, String prefix, int times) {
    if (perTensor) {
      return new Fields(null, null, integer == null ? ctx.helper(rounding.helper) : null);
    }
    if (channels != null) {
      List<String> tables = new ArrayList<>();
      for (ChannelRequantizer.Table t : channels.tables()) {
        String name = prefix + "_RQ_" + t.name();
        tables.add(times == 1 ? ctx.intArray(name, t.values())
            : ctx.repeatedIntArray(name + "_ROW", t.values(), times));
      }
      return new Fields(null, null, null, List.copyOf(tables));
    }
    int[] m = new int[perChannel.length];
    int[] s = new int[perChannel.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = perChannel[i].multiplier();
      s[i] = perChannel[i].shift();
    }
    String multipliers = ctx.intArray(prefix + "_MULTIPLIERS", m);
    String shifts = ctx.intArray(prefix + "_SHIFTS", s);
    return new Fields(multipliers, shifts, ctx.helper(rounding.helper));
  }

  /**
   * Local declarations the {@link #apply} expression and the requantizing loops use: the
   * multiplier and shift (only where the 64-bit formula reads them) or the per-channel arrays,
   * and the activation bounds.
   */
  CodeBlock declare(Fields fields) {
    CodeBlock.Builder b = CodeBlock.builder();
    if (perTensor) {
      QuantizedMultiplier m = perChannel[0];
      if (integer == null) {
        b.add(declareMultiplier(m.realValue(), m));
      } else {
        b.add(multiplierComment(m.realValue(), m));
      }
    } else if (channels != null) {
      List<String> fieldNames = fields.channelTables();
      List<ChannelRequantizer.Table> tables = channels.tables();
      b.add("// Per-channel multipliers as 32-bit chunks, exact for accumulators within +-$L\n",
          bound);
      for (int i = 0; i < tables.size(); i++) {
        b.addStatement("final int[] rq$L = $N", tables.get(i).name(), fieldNames.get(i));
      }
    } else {
      if (fields.multipliers() == null) {
        throw new IllegalStateException("per-channel requantization without its constants");
      }
      b.addStatement("final int[] multipliers = $N, shifts = $N", fields.multipliers(),
          fields.shifts());
    }
    b.add(declareBounds(range, outZeroPoint));
    return b.build();
  }

  /** {@code final int multiplier, shift} with a comment giving the real value {@code real}. */
  static CodeBlock declareMultiplier(double real, QuantizedMultiplier m) {
    return CodeBlock.builder()
        .add(multiplierComment(real, m))
        .addStatement("final int multiplier = $L, shift = $L", m.multiplier(), m.shift())
        .build();
  }

  /** The comment line giving a multiplier's real value. */
  private static CodeBlock multiplierComment(double real, QuantizedMultiplier m) {
    return CodeBlock.of("// Output multiplier $L = $L * 2^($L - 31)\n",
        String.format(java.util.Locale.ROOT, "%.9g", real), m.multiplier(), m.shift());
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

  /**
   * An expression giving the clamped, zero-point-relative output of {@code accExpr} by the
   * 64-bit formula (per channel, or per tensor without a 32-bit form).
   */
  CodeBlock apply(Fields fields, String accExpr, String channelExpr) {
    String helper = fields.scale();
    if (helper == null) {
      throw new IllegalStateException("the 32-bit form needs no scaling helper");
    }
    CodeBlock scaled = perTensor
        ? CodeBlock.of("$L($L, multiplier, shift)", helper, accExpr)
        : CodeBlock.of("$L($L, multipliers[$L], shifts[$L])",
            helper, accExpr, channelExpr, channelExpr);
    return CodeBlock.of("Math.max(outMin, Math.min(outMax, $L))", scaled);
  }

  /**
   * A loop that requantizes {@code array[0..count)} in place (per-tensor multipliers: {@code
   * count} may span several pixels; per-channel: {@code count} is one pixel's channels). With
   * accumulators known to lie within {@link #bound}, per-tensor scaling uses only 32-bit integer
   * arithmetic and a branch-free clamp, which C2 vectorizes.
   */
  CodeBlock requantizeInPlace(Fields fields, String array, String count) {
    return requantizeRange(fields, array, "0", count);
  }

  /**
   * As {@link #requantizeInPlace}, for {@code array[start..end)} (per-channel: the array is
   * indexed by output channel).
   */
  CodeBlock requantizeRange(Fields fields, String array, String start, String end) {
    String count = end;
    CodeBlock.Builder b = CodeBlock.builder();
    IntRequantizer plan = integer;
    if (channels != null) {
      b.beginControlFlow("for (int e = $L; e < $L; e++)", start, count);
      b.addStatement("final int x = $L[e]", array);
      b.add(channels.emit("x", "q", channelLocals(), "e"));
      b.add(clamp(array + "[e]"));
      b.endControlFlow();
      return b.build();
    }
    if (plan == null) {
      b.beginControlFlow("for (int e = $L; e < $L; e++)", start, count);
      b.addStatement("$L[e] = $L", array, apply(fields, array + "[e]", perTensor ? "0" : "e"));
      b.endControlFlow();
      return b.build();
    }
    b.add("// Exact for accumulators within +-$L (32-bit chunks of the multiplier).\n", bound);
    b.beginControlFlow("for (int e = $L; e < $L; e++)", start, count);
    b.addStatement("final int x = $L[e]", array);
    b.add(plan.emit("x", "q"));
    b.add(clamp(array + "[e]"));
    b.endControlFlow();
    return b.build();
  }

  /** {@code target = q} clamped to [outMin, outMax], branch-free (C2 vectorizes it). */
  private static CodeBlock clamp(String target) {
    return CodeBlock.builder()
        .addStatement("int d = q - outMax")
        .addStatement("q = outMax + (d & (d >> 31))")
        .addStatement("d = q - outMin")
        .addStatement("$L = outMin + (d & ~(d >> 31))", target)
        .build();
  }

  /** The local names {@link #declare} gives the per-channel tables. */
  private List<String> channelLocals() {
    List<String> locals = new ArrayList<>();
    for (ChannelRequantizer.Table t : channels.tables()) {
      locals.add("rq" + t.name());
    }
    return locals;
  }

  /** Whether the per-channel multipliers have the vectorizable 32-bit form. */
  boolean channelTables() {
    return channels != null;
  }

  /** The vectorizable per-channel form (tests), or null. */
  ChannelRequantizer channelPlan() {
    return channels;
  }

  /**
   * As {@link #requantizeInPlace}, for {@code array[0..count)} all of output channel {@code
   * channelExpr} (a row of one channel).
   */
  CodeBlock requantizeRow(Fields fields, String array, String count, String channelExpr) {
    if (perTensor) {
      return requantizeInPlace(fields, array, count);
    }
    CodeBlock.Builder b = CodeBlock.builder();
    if (channels != null) {
      // The row's channel's values in locals (loads from the tables inside the loop would not
      // be hoisted past its stores to an int[]), then one vectorizable loop.
      List<String> locals = new ArrayList<>();
      for (ChannelRequantizer.Table t : channels.tables()) {
        locals.add("row" + t.name());
        b.addStatement("final int row$L = rq$L[$L]", t.name(), t.name(), channelExpr);
      }
      b.beginControlFlow("for (int e = 0; e < $L; e++)", count);
      b.addStatement("final int x = $L[e]", array);
      b.add(channels.emit("x", "q", locals, null));
      b.add(clamp(array + "[e]"));
      b.endControlFlow();
      return b.build();
    }
    b.addStatement("final int rowMultiplier = multipliers[$L], rowShift = shifts[$L]",
        channelExpr, channelExpr);
    b.beginControlFlow("for (int e = 0; e < $L; e++)", count);
    b.addStatement("$L[e] = Math.max(outMin, Math.min(outMax, $L($L[e], rowMultiplier, rowShift)))",
        array, fields.scale(), array);
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

  /**
   * The exact 32-bit forms of every channel's multiplier within {@link #bound} (all the same
   * object for a per-tensor multiplier), or null where one channel has none.
   */
  IntRequantizer[] integers() {
    IntRequantizer[] plans = new IntRequantizer[perChannel.length];
    for (int c = 0; c < plans.length; c++) {
      plans[c] = perTensor ? integer : IntRequantizer.plan(perChannel[c], rounding, bound);
      if (plans[c] == null) {
        return null;
      }
    }
    return plans;
  }

  /** Every output channel's multiplier (the same one per channel for a per-tensor multiplier). */
  QuantizedMultiplier[] multipliers() {
    return perChannel.clone();
  }

  /** The exact 32-bit form of a per-tensor multiplier (vector kernels use it), or null. */
  IntRequantizer integer() {
    return integer;
  }
}

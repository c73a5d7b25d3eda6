package io.github.tflite2java.compiler.helpers;

import static io.github.tflite2java.compiler.helpers.FixedPointHelpers.multiplyByQuantizedMultiplier;
import static io.github.tflite2java.compiler.helpers.FixedPointHelpers.roundingDivideByPot;
import static io.github.tflite2java.compiler.helpers.FixedPointHelpers.saturatingRoundingDoublingHighMul;

/**
 * TFLite 2.9's integer (8x8_16) UNIDIRECTIONAL_SEQUENCE_LSTM run-time arithmetic
 * ({@code lstm_eval.cc}, {@code portable_tensor_utils.cc}, gemmlowp's 16-bit {@code
 * fixedpoint.h}) as generated classes carry it: the one definition, compiled and unit-tested
 * here, whose source {@link HelperSource} copies into generated classes (Java 8, no
 * dependencies, no allocation). {@code lstm.IntegerLstmKernel} runs on the plain methods
 * (per-gate {@link #lstmGateProducts}, uncached activations); generated classes use the fast
 * paths ({@link #lstmAccumulatePairRows}, {@link #lstmGateOutput}, {@link #lstmSigmoidCached},
 * {@link #lstmTanhCached}), which a test checks against the plain ones.
 *
 * <p>Arrays are {@code int[]}: the generated class's arena holds 8-bit activations minus their
 * zero point (the LSTM's input zero point and output-state zero point are folded into the gate
 * biases at build time, so the products read the centered values directly) and the int16 cell
 * state raw; gate buffers hold int16 values. Every gemmlowp intermediate is an int16 that wraps
 * like the C++ casts.
 */
public final class LstmHelpers {

  private LstmHelpers() {}

  /**
   * The two products of {@code CalculateLstmGateInteger8x8_16} for {@code nBatch} consecutive
   * batches: {@code gate = sat16(sat16(MBQM(bias + x.Wx)) + MBQM(h.Wh))}, the input part
   * saturated before the recurrent part is added. {@code x} (at {@code inOff}) and {@code h}
   * (at {@code stateOff}) are centered 8-bit values in {@code arena}.
   */
  public static void lstmGateProducts(int[] arena, int inOff, int nInput, int[] inW,
      int[] inBias, int inA, int inB, int stateOff, int nOutput, int[] recW, int recA, int recB,
      int nBatch, int nCell, int[] gate) {
    for (int b = 0; b < nBatch; b++) {
      final int x = inOff + b * nInput;
      final int h = stateOff + b * nOutput;
      for (int r = 0; r < nCell; r++) {
        int acc = inBias[r];
        final int wx = r * nInput;
        for (int k = 0; k < nInput; k++) {
          acc += arena[x + k] * inW[wx + k];
        }
        int g = multiplyByQuantizedMultiplier(acc, inA, inB);
        g = g > 32767 ? 32767 : (g < -32768 ? -32768 : g);
        int rec = 0;
        final int wh = r * nOutput;
        for (int k = 0; k < nOutput; k++) {
          rec += arena[h + k] * recW[wh + k];
        }
        g += multiplyByQuantizedMultiplier(rec, recA, recB);
        gate[b * nCell + r] = g > 32767 ? 32767 : (g < -32768 ? -32768 : g);
      }
    }
  }

  /**
   * {@code acc[u] += sum_k x[k] * w[k][u]} for {@code u < units}, {@code k < depth}: one gate
   * product of all the gates at once, input value broadcast over a row of accumulators (the shape
   * C2 vectorizes). {@code x} is centered 8-bit values at {@code off} in {@code arena}; {@code w}
   * is {@code PackedWeights.centeredPairRows}' layout of the transposed weights: depth rows 2k
   * (low 16 bits) and 2k + 1 (high 16 bits), with an odd depth's last row as plain ints. Groups
   * of four inputs that are all zero are skipped.
   */
  public static void lstmAccumulatePairRows(int[] arena, int off, int depth, int[][] w,
      int[] acc, int units) {
    final int quads = depth & ~3;
    for (int d = 0, k = 0; d < quads; d += 4, k += 2) {
      final int x0 = arena[off + d], x1 = arena[off + d + 1];
      final int x2 = arena[off + d + 2], x3 = arena[off + d + 3];
      if ((x0 | x1 | x2 | x3) == 0) {
        continue;
      }
      final int[] p = w[k], q = w[k + 1];
      for (int u = 0; u < units; u++) {
        final int a = p[u], b = q[u];
        acc[u] += x0 * (a << 16 >> 16) + x1 * (a >> 16) + x2 * (b << 16 >> 16)
            + x3 * (b >> 16);
      }
    }
    if ((depth & 2) != 0) {
      final int x0 = arena[off + quads], x1 = arena[off + quads + 1];
      final int[] p = w[quads >> 1];
      for (int u = 0; u < units; u++) {
        final int a = p[u];
        acc[u] += x0 * (a << 16 >> 16) + x1 * (a >> 16);
      }
    }
    if ((depth & 1) != 0) {
      final int x0 = arena[off + depth - 1];
      final int[] p = w[(depth - 1) >> 1];
      for (int u = 0; u < units; u++) {
        acc[u] += x0 * p[u];
      }
    }
  }

  /**
   * The output stage of {@code CalculateLstmGateInteger8x8_16} for one gate's {@code n} rows
   * (from {@code from} in the accumulators): {@code gate = sat16(sat16(MBQM(accX)) +
   * MBQM(accH))}, {@code accX} holding bias + input product, {@code accH} the recurrent product.
   */
  public static void lstmGateOutput(int[] accX, int[] accH, int from, int n, int inA, int inB,
      int recA, int recB, int[] gate, int gateOff) {
    for (int r = 0; r < n; r++) {
      int g = multiplyByQuantizedMultiplier(accX[from + r], inA, inB);
      g = g > 32767 ? 32767 : (g < -32768 ? -32768 : g);
      g += multiplyByQuantizedMultiplier(accH[from + r], recA, recB);
      gate[gateOff + r] = g > 32767 ? 32767 : (g < -32768 ? -32768 : g);
    }
  }

  /** {@code ApplySigmoid}: gemmlowp {@code logistic} from Q3.12 to Q0.15, in place. */
  public static void lstmSigmoid(int[] gate, int n) {
    for (int i = 0; i < n; i++) {
      gate[i] = lstmLogistic16((short) gate[i], 3);
    }
  }

  /**
   * {@code ApplyTanh(integerBits, ...)}: gemmlowp {@code tanh} from Q{integerBits} to Q0.15.
   * TFLite leaves the output untouched for integer bits outside 0..6 (the compiler rejects
   * those cell scales).
   */
  public static void lstmTanh(int integerBits, int[] in, int inOff, int n, int[] out) {
    if (integerBits < 0 || integerBits > 6) {
      return;
    }
    for (int i = 0; i < n; i++) {
      out[i] = lstmTanh16((short) in[inOff + i], integerBits);
    }
  }

  /**
   * {@link #lstmSigmoid} through a cache of its 65536 values: {@code table[g & 0xFFFF]} holds
   * {@code logistic(g) ^ 0x8000} once computed, 0 before (no logistic or tanh of an int16 is
   * -32768, so no computed entry is 0; a test checks every input).
   */
  public static void lstmSigmoidCached(int[] gate, int n, short[] table) {
    for (int i = 0; i < n; i++) {
      final int g = gate[i];
      final int e = table[g & 0xFFFF];
      if (e != 0) {
        gate[i] = (short) (e ^ 0x8000);
      } else {
        final short v = lstmLogistic16((short) g, 3);
        table[g & 0xFFFF] = (short) (v ^ 0x8000);
        gate[i] = v;
      }
    }
  }

  /**
   * {@link #lstmTanh} through a cache of its 65536 values for these integer bits, as {@link
   * #lstmSigmoidCached} keeps them (one table per integer bits).
   */
  public static void lstmTanhCached(int integerBits, int[] in, int inOff, int n, int[] out,
      short[] table) {
    if (integerBits < 0 || integerBits > 6) {
      return;
    }
    for (int i = 0; i < n; i++) {
      final int x = in[inOff + i];
      final int e = table[x & 0xFFFF];
      if (e != 0) {
        out[i] = (short) (e ^ 0x8000);
      } else {
        final short v = lstmTanh16((short) x, integerBits);
        table[x & 0xFFFF] = (short) (v ^ 0x8000);
        out[i] = v;
      }
    }
  }

  /**
   * {@code UpdateLstmCellInteger}: {@code c = sat16((short) RDBP(f * c, 15) + (short) RDBP(i *
   * g, shift))}, clipped to [-clip, clip] when clip > 0; the raw int16 cell state is at {@code
   * cellOff} in {@code arena}. With CIFG ({@code inputGate} null) the input gate is {@code
   * 32767 - f}.
   */
  public static void lstmUpdateCell(int[] arena, int cellOff, int n, int shift,
      int[] inputGate, int[] forgetGate, int[] cellGate, int clip) {
    for (int i = 0; i < n; i++) {
      final int c = (short) roundingDivideByPot(forgetGate[i] * arena[cellOff + i], 15);
      final int in = inputGate == null ? 32767 - forgetGate[i] : inputGate[i];
      final int u = (short) roundingDivideByPot(in * cellGate[i], shift);
      int v = c + u;
      v = v > 32767 ? 32767 : (v < -32768 ? -32768 : v);
      if (clip > 0) {
        v = v > clip ? clip : (v < -clip ? -clip : v);
      }
      arena[cellOff + i] = v;
    }
  }

  /**
   * {@code CalculateLstmOutputInteger8x8_16} without projection: {@code h = clamp8(MBQM(o * t)
   * - hiddenZp)} (TFLite 2.9 subtracts the hidden zero point), stored centered as the new
   * output state ({@code h - stateZp} at {@code stateOff}) and as this step's output ({@code h
   * - outZp} at {@code outOff}: TFLite copies the raw bytes).
   */
  public static void lstmHidden(int[] outputGate, int[] tanhCell, int n, int hiddenA,
      int hiddenB, int hiddenZp, int[] arena, int stateOff, int stateZp, int outOff,
      int outZp) {
    for (int i = 0; i < n; i++) {
      int v = multiplyByQuantizedMultiplier(outputGate[i] * tanhCell[i], hiddenA, hiddenB);
      v -= hiddenZp;
      v = v > 127 ? 127 : (v < -128 ? -128 : v);
      arena[stateOff + i] = v - stateZp;
      arena[outOff + i] = v - outZp;
    }
  }

  /**
   * {@code VectorBatchVectorCwiseProductAccumulate}, the peephole term: {@code gate +=
   * MBQM(w * c)} saturated to int16, over {@code vSize} values per batch (TFLite passes
   * n_output here) read consecutively from the raw cell state at {@code cellOff}.
   */
  public static void lstmPeephole(int[] arena, int cellOff, int[] w, int vSize, int nBatch,
      int a, int b, int[] gate) {
    int c = cellOff;
    int r = 0;
    for (int batch = 0; batch < nBatch; batch++) {
      for (int v = 0; v < vSize; v++) {
        int g = multiplyByQuantizedMultiplier(w[v] * arena[c++], a, b) + gate[r];
        gate[r++] = g > 32767 ? 32767 : (g < -32768 ? -32768 : g);
      }
    }
  }

  /**
   * {@code ApplyLayerNorm}, in place: per batch, integer mean and variance of the gate (10
   * extra fractional bits; {@code varianceLimit} when the variance is 0), the inverse square
   * root ({@link #lstmInvSqrtMultiplier}), the int16 coefficients, the gate bias and
   * requantization to Q3.12, saturated to int16.
   */
  public static void lstmLayerNorm(int[] gate, int[] weights, int[] bias, int scaleA,
      int scaleB, int varianceLimit, int nBatch, int n) {
    for (int i = 0; i < nBatch; i++) {
      long sum = 0;
      long sumSq = 0;
      for (int j = 0; j < n; j++) {
        final int val = gate[i * n + j];
        sum += val;
        sumSq += val * val;
      }
      final int mean = (int) (sum * 1024 / n);
      final int temp = (1 << 20) / n;
      final long variance = sumSq * temp - (long) mean * mean;
      int variance2 = (int) (variance / (1 << 20));
      if (variance2 < 1) {
        variance2 = varianceLimit;
      }
      final long inv = lstmInvSqrtMultiplier(variance2);
      final int invA = (int) (inv >> 32);
      final int invB = (int) inv;
      for (int j = 0; j < n; j++) {
        final int index = i * n + j;
        final int shifted = 1024 * gate[index] - mean;
        final int rescaled = multiplyByQuantizedMultiplier(shifted, invA, invB);
        // int32 arithmetic in TFLite (wraps), widened to int64 afterwards.
        final long val3 = rescaled * weights[j] + bias[j];
        final int val4 = (int) ((val3 > 0 ? val3 + 512 : val3 - 512) / 1024);
        final int val5 = multiplyByQuantizedMultiplier(val4, scaleA, scaleB + 12);
        gate[index] = val5 > 32767 ? 32767 : (val5 < -32768 ? -32768 : val5);
      }
    }
  }

  /**
   * {@code GetInvSqrtQuantizedMultiplierExp(input, reverse_shift = -1)}: the multiplier in the
   * high 32 bits, the (left) shift in the low 32 bits.
   */
  public static long lstmInvSqrtMultiplier(int input) {
    if (input <= 1) {
      return ((long) Integer.MAX_VALUE << 32);
    }
    int outputShift = 11;
    while (input >= (1 << 29)) {
      input /= 4;
      ++outputShift;
    }
    final int maxLeftShiftBits = Integer.numberOfLeadingZeros(input) - 1;
    final int leftShiftBitPairs = maxLeftShiftBits / 2 - 1;
    outputShift -= leftShiftBitPairs;
    input <<= 2 * leftShiftBitPairs;
    // Newton-Raphson in Q3.28: x = 1.5 x - (input / 2) x^3, five times from x = 1.
    final int fixedpointInput = input >> 1;
    final int halfInput = roundingDivideByPot(fixedpointInput, 1);
    final int halfThree = (1 << 28) + (1 << 27);
    int x = 1 << 28;
    for (int k = 0; k < 5; k++) {
      final int x3 = lstmSatShiftLeft32(saturatingRoundingDoublingHighMul(
          saturatingRoundingDoublingHighMul(x, x), x), 6);
      x = lstmSatShiftLeft32(saturatingRoundingDoublingHighMul(halfThree, x)
          - saturatingRoundingDoublingHighMul(halfInput, x3), 3);
    }
    x = saturatingRoundingDoublingHighMul(x, 1518500250); // sqrt(2) / 2 in Q0.31
    if (outputShift < 0) {
      x <<= -outputShift;
      outputShift = 0;
    }
    return ((long) x << 32) | ((-outputShift) & 0xFFFFFFFFL);
  }

  /** gemmlowp {@code SaturatingRoundingMultiplyByPOT<exponent>} for int32, exponent > 0. */
  public static int lstmSatShiftLeft32(int x, int exponent) {
    final int threshold = (1 << (31 - exponent)) - 1;
    if (x > threshold) {
      return Integer.MAX_VALUE;
    }
    if (x < -threshold) {
      return Integer.MIN_VALUE;
    }
    return x << exponent;
  }

  /**
   * The hidden state before a projection: {@code h = clamp8(MBQM(o * t) - hiddenZp)}, raw int8
   * values into {@code hidden}.
   */
  public static void lstmHiddenRaw(int[] outputGate, int[] tanhCell, int n, int hiddenA,
      int hiddenB, int hiddenZp, int[] hidden) {
    for (int i = 0; i < n; i++) {
      int v = multiplyByQuantizedMultiplier(outputGate[i] * tanhCell[i], hiddenA, hiddenB);
      v -= hiddenZp;
      hidden[i] = v > 127 ? 127 : (v < -128 ? -128 : v);
    }
  }

  /**
   * The projection ({@code MatrixBatchVectorMultiplyAccumulate} into int8): {@code s =
   * clamp8(MBQM(bias + h.W) + stateZp)}, clipped to [-clip, clip] when clip > 0, for {@code
   * nBatch} batches of raw hidden values; stored centered as the new output state ({@code s -
   * stateZp}) and output ({@code s - outZp}). {@code bias} has the hidden zero point folded in.
   */
  public static void lstmProjection(int[] hidden, int nBatch, int nCell, int[] w, int[] bias,
      int a, int b, int nOutput, int stateZp, int clip, int[] arena, int stateOff, int outOff,
      int outZp) {
    for (int batch = 0; batch < nBatch; batch++) {
      final int h = batch * nCell;
      for (int row = 0; row < nOutput; row++) {
        int acc = bias[row];
        final int wr = row * nCell;
        for (int k = 0; k < nCell; k++) {
          acc += hidden[h + k] * w[wr + k];
        }
        int v = multiplyByQuantizedMultiplier(acc, a, b) + stateZp;
        v = v > 127 ? 127 : (v < -128 ? -128 : v);
        if (clip > 0) {
          v = v > clip ? clip : (v < -clip ? -clip : v);
        }
        final int o = batch * nOutput + row;
        arena[stateOff + o] = v - stateZp;
        arena[outOff + o] = v - outZp;
      }
    }
  }

  /** gemmlowp {@code SaturatingRoundingDoublingHighMul} for int16. */
  public static short lstmSrdhm16(short a, short b) {
    if (a == b && a == Short.MIN_VALUE) {
      return Short.MAX_VALUE;
    }
    final int ab = a * b;
    final int nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
    return (short) ((ab + nudge) / (1 << 15));
  }

  /** gemmlowp {@code RoundingDivideByPOT} for int16 (0 <= exponent <= 15). */
  public static short lstmRdbp16(short x, int exponent) {
    final short mask = (short) ((1 << exponent) - 1);
    final short remainder = (short) (x & mask);
    final short threshold = (short) ((mask >> 1) + (x < 0 ? 1 : 0));
    return (short) ((x >> exponent) + (remainder > threshold ? 1 : 0));
  }

  /** gemmlowp {@code SaturatingRoundingMultiplyByPOT<exponent>} for int16, exponent > 0. */
  public static short lstmSatShiftLeft16(short x, int exponent) {
    final int threshold = (1 << (15 - exponent)) - 1;
    if (x > threshold) {
      return Short.MAX_VALUE;
    }
    if (x < -threshold) {
      return Short.MIN_VALUE;
    }
    return (short) (x << exponent);
  }

  /** gemmlowp {@code RoundingHalfSum} for int16. */
  public static short lstmRoundingHalfSum16(short a, short b) {
    final int sum = a + b;
    final int sign = sum >= 0 ? 1 : -1;
    return (short) ((sum + sign) / 2);
  }

  /**
   * exp(x) for x in [-1/4, 0), Q0.15 in and out (gemmlowp {@code
   * exp_on_interval_between_negative_one_quarter_and_0_excl}; constants exp(-1/8) = 28918 and
   * 1/3 = 10923 are gemmlowp's int32 constants rounded to 16 bits).
   */
  public static short lstmExpQuarter16(short a) {
    final short x = (short) (a + (1 << 12));
    final short x2 = lstmSrdhm16(x, x);
    final short x3 = lstmSrdhm16(x2, x);
    final short x4 = lstmSrdhm16(x2, x2);
    final short x4Over4 = lstmRdbp16(x4, 2);
    short t = lstmSrdhm16((short) (x4Over4 + x3), (short) 10923);
    t = lstmRdbp16((short) (t + x2), 1);
    final int sum = 28918 + lstmSrdhm16((short) 28918, (short) (x + t));
    return (short) (sum > 32767 ? 32767 : (sum < -32768 ? -32768 : sum));
  }

  /**
   * One step of gemmlowp's barrel shifter in {@code exp_on_negative_values}: multiplies by
   * {@code multiplier} (exp(-2^exponent) in Q0.15) when that bit of the remainder is set.
   */
  public static short lstmExpBarrel16(short result, short remainder, int integerBits,
      int exponent, short multiplier) {
    if (integerBits > exponent) {
      final int shiftAmount = 15 - integerBits + exponent;
      if ((remainder & (short) (1 << shiftAmount)) != 0) {
        return lstmSrdhm16(result, multiplier);
      }
    }
    return result;
  }

  /** gemmlowp {@code exp_on_negative_values}: input with {@code integerBits}, output Q0.15. */
  public static short lstmExpOnNegativeValues16(short a, int integerBits) {
    final int fractionalBits = 15 - integerBits;
    final short oneQuarter = (short) (1 << (fractionalBits - 2));
    final short mask = (short) (oneQuarter - 1);
    final short aModQuarterMinusOneQuarter = (short) ((a & mask) - oneQuarter);
    final short rescaled = integerBits == 0
        ? aModQuarterMinusOneQuarter
        : lstmSatShiftLeft16(aModQuarterMinusOneQuarter, integerBits);
    short result = lstmExpQuarter16(rescaled);
    final short remainder = (short) (aModQuarterMinusOneQuarter - a);
    // exp(-1/4), exp(-1/2), exp(-1), exp(-2), exp(-4), exp(-8), exp(-16), rounded to 16 bits.
    result = lstmExpBarrel16(result, remainder, integerBits, -2, (short) 25520);
    result = lstmExpBarrel16(result, remainder, integerBits, -1, (short) 19875);
    result = lstmExpBarrel16(result, remainder, integerBits, 0, (short) 12055);
    result = lstmExpBarrel16(result, remainder, integerBits, 1, (short) 4435);
    result = lstmExpBarrel16(result, remainder, integerBits, 2, (short) 600);
    result = lstmExpBarrel16(result, remainder, integerBits, 3, (short) 11);
    result = lstmExpBarrel16(result, remainder, integerBits, 4, (short) 0);
    if (integerBits > 5) {
      final short clamp = (short) roundingDivideByPot(-(1 << (36 - integerBits)), 16);
      if (a < clamp) {
        result = 0;
      }
    }
    if (a == 0) {
      result = 32767;
    }
    return result;
  }

  /**
   * The Newton-Raphson reciprocal shared by gemmlowp's two divisions; returns x in Q2.13
   * (constants 48/17 = 23130 and -32/17 = -15420 rounded to 16 bits).
   */
  public static short lstmReciprocal16(short halfDenominator) {
    short x = (short) (23130 + lstmSrdhm16(halfDenominator, (short) -15420));
    for (int i = 0; i < 3; i++) {
      final short halfDenominatorTimesX = lstmSrdhm16(halfDenominator, x);
      final short oneMinus = (short) ((1 << 13) - halfDenominatorTimesX);
      x = (short) (x + lstmSatShiftLeft16(lstmSrdhm16(x, oneMinus), 2));
    }
    return x;
  }

  /** gemmlowp {@code logistic} of a Q{integerBits} int16 value, result Q0.15. */
  public static short lstmLogistic16(short a, int integerBits) {
    final boolean positive = a > 0;
    final short abs = positive ? a : (short) -a;
    final short e = lstmExpOnNegativeValues16((short) -abs, integerBits);
    // one_over_one_plus_x_for_x_in_0_1
    final short resultIfPositive =
        lstmSatShiftLeft16(lstmReciprocal16(lstmRoundingHalfSum16(e, (short) 32767)), 1);
    if (a == 0) {
      return 1 << 14;
    }
    return positive ? resultIfPositive : (short) (32767 - resultIfPositive);
  }

  /** gemmlowp {@code tanh} of a Q{integerBits} int16 value, result Q0.15. */
  public static short lstmTanh16(short a, int integerBits) {
    final boolean negative = a < 0;
    final short n = negative ? a : (short) -a;
    // neg_tanh_on_negative_values: exp of 2n (the same raw value with one more integer bit),
    // then one_minus_x_over_one_plus_x_for_x_in_0_1.
    final short e = lstmExpOnNegativeValues16(n, integerBits + 1);
    final short x = lstmReciprocal16(lstmRoundingHalfSum16(e, (short) 32767));
    final short t = lstmSatShiftLeft16((short) (x - (1 << 13)), 2);
    if (a == 0) {
      return 0;
    }
    return negative ? (short) -t : t;
  }
}

package io.github.tflite2java.compiler.lstm;

import io.github.tflite2java.compiler.helpers.LstmHelpers;

/**
 * The run-time arithmetic of TFLite 2.9's integer UNIDIRECTIONAL_SEQUENCE_LSTM
 * ({@code lstm_eval.cc} {@code EvalInteger8x8_16}: int8 input, weights and output state, int16
 * cell state and gates), bit for bit, as plain loops over arrays.
 *
 * <p>This class is the template the code generator copies and specializes: it uses nothing but
 * the JDK, compiles with {@code --release 8} (no {@code var}, records or switch expressions),
 * and allocates nothing per call; the caller passes a {@link Scratch} sized once. The
 * primitives mirror TFLite's {@code portable_tensor_utils.cc} routines of the same names (which
 * the x86 build of TFLite 2.9 runs for these calls) and gemmlowp's 16-bit
 * {@code fixedpoint.h} ({@code logistic}, {@code tanh}).
 *
 * <p>Element types: int8 tensors are {@code byte[]}, int16 tensors {@code short[]}, int32
 * {@code int[]}, each holding the raw quantized value (not minus its zero point).
 */
public final class IntegerLstmKernel {

  private IntegerLstmKernel() {}

  /**
   * Everything one LSTM operator needs at run time, as TFLite's {@code Prepare} leaves it in
   * {@code IntegerLstmParameter}: weights, zero-point-folded biases, multipliers and shifts.
   * Optional parts are {@code null} when absent (input gate for CIFG, peephole, projection).
   * Built by {@code IntegerLstmParams#kernelWeights()}; plain fields so generated code can
   * replace them with constants.
   */
  public static final class Weights {
    public int nBatch;
    public int maxTime;
    public int nInput;
    public int nCell;
    public int nOutput;
    public boolean timeMajor;

    // [nCell * nInput], row-major; inputToInput null for CIFG.
    public byte[] inputToInput;
    public byte[] inputToForget;
    public byte[] inputToCell;
    public byte[] inputToOutput;
    // [nCell * nOutput]; recurrentToInput null for CIFG.
    public byte[] recurrentToInput;
    public byte[] recurrentToForget;
    public byte[] recurrentToCell;
    public byte[] recurrentToOutput;
    // Peephole [nCell] (int16), null without peephole; cellToInput also null for CIFG.
    public short[] cellToInput;
    public short[] cellToForget;
    public short[] cellToOutput;
    // Projection [nOutput * nCell], null without projection.
    public byte[] projection;

    // Effective biases: gate bias + (-zero point) * row sums, [nCell] ([nOutput] for projection).
    public int[] inputToInputBias;
    public int[] recurrentToInputBias;
    public int[] inputToForgetBias;
    public int[] recurrentToForgetBias;
    public int[] inputToCellBias;
    public int[] recurrentToCellBias;
    public int[] inputToOutputBias;
    public int[] recurrentToOutputBias;
    public int[] projectionBias;

    // Multipliers (a) and shifts (b), TFLite's effective_*_scale_a / _b.
    public int inputToInputA, inputToInputB, recurrentToInputA, recurrentToInputB;
    public int inputToForgetA, inputToForgetB, recurrentToForgetA, recurrentToForgetB;
    public int inputToCellA, inputToCellB, recurrentToCellA, recurrentToCellB;
    public int inputToOutputA, inputToOutputB, recurrentToOutputA, recurrentToOutputB;
    public int cellToInputA, cellToInputB, cellToForgetA, cellToForgetB;
    public int cellToOutputA, cellToOutputB;
    public int projectionA, projectionB;
    public int hiddenA, hiddenB;

    // Layer normalization (all null without it; the input one also null for CIFG): int16
    // coefficients [nCell], the raw gate biases [nCell] it adds, its multipliers and the
    // variance guards.
    public short[] inputLayerNorm;
    public short[] forgetLayerNorm;
    public short[] cellLayerNorm;
    public short[] outputLayerNorm;
    public int[] inputLayerNormBias;
    public int[] forgetLayerNormBias;
    public int[] cellLayerNormBias;
    public int[] outputLayerNormBias;
    public int inputLayerNormA, inputLayerNormB, forgetLayerNormA, forgetLayerNormB;
    public int cellLayerNormA, cellLayerNormB, outputLayerNormA, outputLayerNormB;
    public int inputVarianceGuard, forgetVarianceGuard, cellVarianceGuard, outputVarianceGuard;

    /** log2 of the cell state's scale (e.g. -11 for 2^-11). */
    public int cellScale;
    /** Quantized cell clip; 0 = no clipping. */
    public short cellClip;
    /** Quantized projection clip; 0 = no clipping. */
    public byte projectionClip;
    public int hiddenZp;
    public int outputStateZp;
  }

  /** Scratch buffers of one operator (TFLite's six temporaries); reuse across calls. */
  public static final class Scratch {
    final short[] inputGate;
    final short[] forgetGate;
    final short[] cellGate;
    final short[] outputGate;
    final byte[] hidden;

    /** Buffers for a step over {@code nBatch} batches of {@code nCell} cells. */
    public Scratch(int nBatch, int nCell) {
      int n = nBatch * nCell;
      inputGate = new short[n];
      forgetGate = new short[n];
      cellGate = new short[n];
      outputGate = new short[n];
      hidden = new byte[n];
    }
  }

  // ---------------------------------------------------------------------------------------
  // The operator: EvalInteger8x8_16 and LstmStepInteger8x8_16.

  /**
   * Runs all time steps of one invocation, like TFLite's {@code EvalInteger8x8_16}: reads
   * {@code input} ([batch, time, nInput] or, time-major, [time, batch, nInput]), writes
   * {@code output} (same layout with nOutput), and updates the state arrays in place
   * ({@code outputState} [nBatch * nOutput] int8, {@code cellState} [nBatch * nCell] int16),
   * which carry over to the next call exactly as TFLite's variable tensors do.
   */
  public static void sequence(Weights w, byte[] input, byte[] output, byte[] outputState,
      short[] cellState, Scratch scratch) {
    if (w.timeMajor) {
      int inputStep = w.nBatch * w.nInput;
      int outputStep = w.nBatch * w.nOutput;
      for (int t = 0; t < w.maxTime; t++) {
        step(w, w.nBatch, input, t * inputStep, outputState, 0, cellState, 0, output,
            t * outputStep, scratch);
      }
    } else {
      for (int b = 0; b < w.nBatch; b++) {
        for (int t = 0; t < w.maxTime; t++) {
          int timeOffset = b * w.maxTime + t;
          step(w, 1, input, timeOffset * w.nInput, outputState, b * w.nOutput, cellState,
              b * w.nCell, output, timeOffset * w.nOutput, scratch);
        }
      }
    }
  }

  /**
   * One time step for {@code nBatch} consecutive batches ({@code LstmStepInteger8x8_16}):
   * updates the states at the given offsets and copies the new output state to
   * {@code output[outputOff..]}.
   */
  public static void step(Weights w, int nBatch, byte[] input, int inputOff, byte[] outputState,
      int outputStateOff, short[] cellState, int cellStateOff, byte[] output, int outputOff,
      Scratch s) {
    boolean useCifg = w.inputToInput == null;
    int nCell = w.nCell;
    if (!useCifg) {
      gate(input, inputOff, w.inputToInput, w.inputToInputBias, w.inputToInputA,
          w.inputToInputB, outputState, outputStateOff, w.recurrentToInput,
          w.recurrentToInputBias, w.recurrentToInputA, w.recurrentToInputB, cellState,
          cellStateOff, w.cellToInput, w.cellToInputA, w.cellToInputB, w.inputLayerNorm,
          w.inputLayerNormBias, w.inputLayerNormA, w.inputLayerNormB, w.inputVarianceGuard,
          nBatch, w.nInput, w.nOutput, nCell, false, s.inputGate);
    }
    gate(input, inputOff, w.inputToForget, w.inputToForgetBias, w.inputToForgetA,
        w.inputToForgetB, outputState, outputStateOff, w.recurrentToForget,
        w.recurrentToForgetBias, w.recurrentToForgetA, w.recurrentToForgetB, cellState,
        cellStateOff, w.cellToForget, w.cellToForgetA, w.cellToForgetB, w.forgetLayerNorm,
        w.forgetLayerNormBias, w.forgetLayerNormA, w.forgetLayerNormB, w.forgetVarianceGuard,
        nBatch, w.nInput, w.nOutput, nCell, false, s.forgetGate);
    gate(input, inputOff, w.inputToCell, w.inputToCellBias, w.inputToCellA, w.inputToCellB,
        outputState, outputStateOff, w.recurrentToCell, w.recurrentToCellBias,
        w.recurrentToCellA, w.recurrentToCellB, cellState, cellStateOff, null, 0, 0,
        w.cellLayerNorm, w.cellLayerNormBias, w.cellLayerNormA, w.cellLayerNormB,
        w.cellVarianceGuard, nBatch, w.nInput, w.nOutput, nCell, true, s.cellGate);
    updateCell(nBatch * nCell, cellState, cellStateOff, w.cellScale, s.inputGate, s.forgetGate,
        s.cellGate, useCifg, w.cellClip);
    gate(input, inputOff, w.inputToOutput, w.inputToOutputBias, w.inputToOutputA,
        w.inputToOutputB, outputState, outputStateOff, w.recurrentToOutput,
        w.recurrentToOutputBias, w.recurrentToOutputA, w.recurrentToOutputB, cellState,
        cellStateOff, w.cellToOutput, w.cellToOutputA, w.cellToOutputB, w.outputLayerNorm,
        w.outputLayerNormBias, w.outputLayerNormA, w.outputLayerNormB, w.outputVarianceGuard,
        nBatch, w.nInput, w.nOutput, nCell, false, s.outputGate);
    // CalculateLstmOutputInteger8x8_16; the input-gate buffer is the tanh scratch (scratch0).
    int n = nBatch * nCell;
    applyTanh(15 + w.cellScale, cellState, cellStateOff, n, s.inputGate, 0);
    cwiseMulToInt8(s.outputGate, s.inputGate, w.hiddenA, w.hiddenB, n, w.hiddenZp, s.hidden);
    int nOut = nBatch * w.nOutput;
    if (w.projection != null) {
      for (int i = 0; i < nOut; i++) {
        outputState[outputStateOff + i] = 0;
      }
      matrixBatchVectorMultiplyAccumulate(s.hidden, 0, w.projectionBias, w.projection,
          w.projectionA, w.projectionB, nBatch, nCell, w.nOutput, w.outputStateZp, outputState,
          outputStateOff);
      if (w.projectionClip > 0) {
        cwiseClipping(outputState, outputStateOff, nOut, w.projectionClip);
      }
    } else {
      System.arraycopy(s.hidden, 0, outputState, outputStateOff, nOut);
    }
    System.arraycopy(outputState, outputStateOff, output, outputOff, nOut);
  }

  /** {@code CalculateLstmGateInteger8x8_16}. */
  static void gate(byte[] input, int inputOff, byte[] inputWeights, int[] inputBias,
      int inputA, int inputB, byte[] outputState, int outputStateOff, byte[] recurrentWeights,
      int[] recurrentBias, int recurrentA, int recurrentB, short[] cellState, int cellStateOff,
      short[] cellWeights, int cellA, int cellB, short[] layerNorm, int[] layerNormBias,
      int layerNormA, int layerNormB, int varianceGuard, int nBatch, int nInput, int nOutput,
      int nCell, boolean tanh, short[] gate) {
    int n = nBatch * nCell;
    for (int i = 0; i < n; i++) {
      gate[i] = 0;
    }
    matrixBatchVectorMultiplyAccumulate(input, inputOff, inputBias, inputWeights, inputA,
        inputB, nBatch, nInput, nCell, 0, gate, 0);
    matrixBatchVectorMultiplyAccumulate(outputState, outputStateOff, recurrentBias,
        recurrentWeights, recurrentA, recurrentB, nBatch, nOutput, nCell, 0, gate, 0);
    if (cellWeights != null) {
      // TFLite passes n_output as the vector size here (equal to n_cell without projection).
      vectorBatchVectorCwiseProductAccumulate(cellWeights, nOutput, cellState, cellStateOff,
          nBatch, cellA, cellB, gate);
    }
    if (layerNorm != null) {
      applyLayerNorm(gate, layerNorm, layerNormBias, layerNormA, layerNormB, varianceGuard,
          nBatch, nCell, gate);
    }
    if (tanh) {
      applyTanh(3, gate, 0, n, gate, 0);
    } else {
      applySigmoid(gate, n, gate);
    }
  }

  /** {@code UpdateLstmCellInteger}. */
  static void updateCell(int n, short[] cellState, int cellOff, int cellScale, short[] inputGate,
      short[] forgetGate, short[] cellGate, boolean useCifg, short clip) {
    // cell = forget * cell >> 15
    for (int i = 0; i < n; i++) {
      cellState[cellOff + i] =
          (short) roundingDivideByPot(forgetGate[i] * cellState[cellOff + i], 15);
    }
    short[] scratch = forgetGate;
    int shift = 30 + cellScale;
    if (useCifg) {
      for (int i = 0; i < n; i++) {
        scratch[i] = (short) (32767 - forgetGate[i]);
      }
      for (int i = 0; i < n; i++) {
        scratch[i] = (short) roundingDivideByPot(scratch[i] * cellGate[i], shift);
      }
    } else {
      for (int i = 0; i < n; i++) {
        scratch[i] = (short) roundingDivideByPot(inputGate[i] * cellGate[i], shift);
      }
    }
    for (int i = 0; i < n; i++) {
      cellState[cellOff + i] = saturate16(cellState[cellOff + i] + scratch[i]);
    }
    if (clip > 0) {
      for (int i = 0; i < n; i++) {
        short v = cellState[cellOff + i];
        cellState[cellOff + i] = (short) Math.max(Math.min(clip, v), -clip);
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // portable_tensor_utils.cc

  /**
   * {@code MatrixBatchVectorMultiplyAccumulate} (int8 x int8 into int16): for every batch and
   * row, {@code acc = bias[row] + sum(input * weights)}, requantized, plus {@code outputZp} and
   * the value already in {@code output}, saturated to int16.
   */
  public static void matrixBatchVectorMultiplyAccumulate(byte[] input, int inputOff, int[] bias,
      byte[] weights, int multiplier, int shift, int nBatch, int nInput, int nOutput,
      int outputZp, short[] output, int outputOff) {
    for (int batch = 0; batch < nBatch; batch++) {
      int in = inputOff + batch * nInput;
      for (int row = 0; row < nOutput; row++) {
        int acc = bias[row];
        int wr = row * nInput;
        for (int col = 0; col < nInput; col++) {
          acc += input[in + col] * weights[wr + col];
        }
        acc = multiplyByQuantizedMultiplier(acc, multiplier, shift);
        acc += outputZp;
        int o = outputOff + batch * nOutput + row;
        acc += output[o];
        output[o] = saturate16(acc);
      }
    }
  }

  /** The int8-output {@code MatrixBatchVectorMultiplyAccumulate} (the projection). */
  public static void matrixBatchVectorMultiplyAccumulate(byte[] input, int inputOff, int[] bias,
      byte[] weights, int multiplier, int shift, int nBatch, int nInput, int nOutput,
      int outputZp, byte[] output, int outputOff) {
    for (int batch = 0; batch < nBatch; batch++) {
      int in = inputOff + batch * nInput;
      for (int row = 0; row < nOutput; row++) {
        int acc = bias[row];
        int wr = row * nInput;
        for (int col = 0; col < nInput; col++) {
          acc += input[in + col] * weights[wr + col];
        }
        acc = multiplyByQuantizedMultiplier(acc, multiplier, shift);
        acc += outputZp;
        int o = outputOff + batch * nOutput + row;
        acc += output[o];
        output[o] = (byte) Math.max(Math.min(acc, 127), -128);
      }
    }
  }

  /**
   * {@code VectorBatchVectorCwiseProductAccumulate}: the peephole term, {@code result +=
   * requantize(vector * batchVector)} saturated to int16.
   */
  public static void vectorBatchVectorCwiseProductAccumulate(short[] vector, int vSize,
      short[] batchVector, int batchOff, int nBatch, int multiplier, int shift, short[] result) {
    int bv = batchOff;
    int r = 0;
    for (int b = 0; b < nBatch; b++) {
      for (int v = 0; v < vSize; v++) {
        int prod = vector[v] * batchVector[bv++];
        prod = multiplyByQuantizedMultiplier(prod, multiplier, shift);
        result[r] = saturate16(prod + result[r]);
        r++;
      }
    }
  }

  /**
   * {@code ApplyLayerNorm}: per batch, integer mean and variance of the gate (with 10 extra
   * fractional bits), inverse square root by {@link #invSqrtMultiplier}, then coefficients, the
   * gate bias, and requantization to Q3.12, saturated to int16.
   */
  public static void applyLayerNorm(short[] input, short[] weights, int[] bias, int scaleA,
      int scaleB, int varianceLimit, int nBatch, int nInput, short[] output) {
    final int twoToPower20 = 1 << 20;
    for (int i = 0; i < nBatch; i++) {
      long sum = 0;
      long sumSq = 0;
      for (int j = 0; j < nInput; j++) {
        int val = input[i * nInput + j];
        sum += val;
        sumSq += val * val;
      }
      int mean = (int) (sum * 1024 / nInput);
      int temp = twoToPower20 / nInput;
      long variance = sumSq * temp - (long) mean * mean;
      int variance2 = (int) (variance / twoToPower20);
      if (variance2 < 1) {
        variance2 = varianceLimit;
      }
      long inv = invSqrtMultiplier(variance2);
      int invA = (int) (inv >> 32);
      int invB = (int) inv;
      for (int j = 0; j < nInput; j++) {
        int index = i * nInput + j;
        int shifted = 1024 * input[index] - mean;
        int rescaled = multiplyByQuantizedMultiplier(shifted, invA, invB);
        // int32 arithmetic in TFLite (wraps), widened to int64 afterwards.
        long val3 = rescaled * weights[j] + bias[j];
        int val4 = (int) ((val3 > 0 ? val3 + 512 : val3 - 512) / 1024);
        int val5 = multiplyByQuantizedMultiplier(val4, scaleA, scaleB + 12);
        output[index] = saturate16(val5);
      }
    }
  }

  /**
   * {@code GetInvSqrtQuantizedMultiplierExp(input, reverse_shift = -1)}: the multiplier in the
   * high 32 bits, the (left) shift in the low 32 bits.
   */
  public static long invSqrtMultiplier(int input) {
    return LstmHelpers.lstmInvSqrtMultiplier(input);
  }

  /** {@code ApplySigmoid}: gemmlowp {@code logistic} from Q3.12 to Q0.15, element-wise. */
  public static void applySigmoid(short[] input, int n, short[] output) {
    for (int i = 0; i < n; i++) {
      output[i] = logistic16(input[i], 3);
    }
  }

  /**
   * {@code ApplyTanh(integerBits, ...)}: gemmlowp {@code tanh} from Q{integerBits} to Q0.15.
   * TFLite leaves the output untouched for integer bits outside 0..6; callers check the range
   * at build time.
   */
  public static void applyTanh(int integerBits, short[] input, int inputOff, int n,
      short[] output, int outputOff) {
    if (integerBits < 0 || integerBits > 6) {
      return;
    }
    for (int i = 0; i < n; i++) {
      output[outputOff + i] = tanh16(input[inputOff + i], integerBits);
    }
  }

  /**
   * {@code CwiseMul} into int8: {@code requantize(a * b) - outputZp} clamped to int8. (TFLite
   * 2.9 subtracts the zero point it is given here.)
   */
  public static void cwiseMulToInt8(short[] a, short[] b, int multiplier, int shift, int n,
      int outputZp, byte[] output) {
    for (int i = 0; i < n; i++) {
      int value = a[i] * b[i];
      value = multiplyByQuantizedMultiplier(value, multiplier, shift);
      value -= outputZp;
      output[i] = (byte) Math.min(Math.max(-128, value), 127);
    }
  }

  /** {@code CwiseClipping} of int8 values to [-clip, clip]. */
  public static void cwiseClipping(byte[] v, int off, int n, byte clip) {
    for (int i = 0; i < n; i++) {
      v[off + i] = (byte) Math.max(Math.min(clip, v[off + i]), -clip);
    }
  }

  // ---------------------------------------------------------------------------------------
  // 32-bit fixed point (TFLite common.h, gemmlowp), double-rounding build.

  /** gemmlowp {@code SaturatingRoundingDoublingHighMul} for int32. */
  public static int saturatingRoundingDoublingHighMul(int a, int b) {
    if (a == b && a == Integer.MIN_VALUE) {
      return Integer.MAX_VALUE;
    }
    long ab = (long) a * b;
    long nudge = ab >= 0 ? (1L << 30) : (1L - (1L << 30));
    return (int) ((ab + nudge) / (1L << 31));
  }

  /** gemmlowp {@code RoundingDivideByPOT} for int32, 0 <= exponent <= 31. */
  public static int roundingDivideByPot(int x, int exponent) {
    int mask = (int) ((1L << exponent) - 1);
    int remainder = x & mask;
    int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
  }

  /** TFLite's {@code MultiplyByQuantizedMultiplier}. */
  public static int multiplyByQuantizedMultiplier(int x, int multiplier, int shift) {
    int left = shift > 0 ? shift : 0;
    int right = shift > 0 ? 0 : -shift;
    return roundingDivideByPot(saturatingRoundingDoublingHighMul(x * (1 << left), multiplier),
        right);
  }

  static short saturate16(int v) {
    return (short) (v > 32767 ? 32767 : (v < -32768 ? -32768 : v));
  }

  // ---------------------------------------------------------------------------------------
  // gemmlowp FixedPoint<int16_t, IntegerBits>: the one definition is helpers.LstmHelpers, whose
  // source generated classes carry; these names are kept for the tests and the code above.

  /** gemmlowp's int32 constants rounded to 16 bits (RescaleConstantInitializer). */
  static short rescaleConstant(int int32Value) {
    return (short) roundingDivideByPot(int32Value, 16);
  }

  /** gemmlowp {@code SaturatingRoundingDoublingHighMul} for int16. */
  static short srdhm16(short a, short b) {
    return LstmHelpers.lstmSrdhm16(a, b);
  }

  /** gemmlowp {@code RoundingDivideByPOT} for int16 (0 <= exponent <= 15). */
  static short rdbp16(short x, int exponent) {
    return LstmHelpers.lstmRdbp16(x, exponent);
  }

  /** gemmlowp {@code logistic} of a Q{integerBits} int16 value, result Q0.15. */
  public static short logistic16(short a, int integerBits) {
    return LstmHelpers.lstmLogistic16(a, integerBits);
  }

  /** gemmlowp {@code tanh} of a Q{integerBits} int16 value, result Q0.15. */
  public static short tanh16(short a, int integerBits) {
    return LstmHelpers.lstmTanh16(a, integerBits);
  }
}

package io.github.tflite2java.compiler.lstm;

import io.github.tflite2java.compiler.helpers.FixedPointHelpers;
import io.github.tflite2java.compiler.helpers.LstmHelpers;

/**
 * TFLite 2.9's integer UNIDIRECTIONAL_SEQUENCE_LSTM ({@code lstm_eval.cc}
 * {@code EvalInteger8x8_16}) run from {@link IntegerLstmParams} outside a generated class: the
 * same calls of {@link LstmHelpers} (the one definition of the run-time maths, which generated
 * classes carry) in the same order as the layer method {@code ops.UnidirectionalSequenceLstm}
 * emits, on an {@code int[]} arena laid out for one invocation. A test driver: it converts the
 * caller's raw {@code byte[]}/{@code short[]} tensors into the arena on every call.
 *
 * <p>Arena formulation (as in generated classes): the input holds raw values and the input
 * products use TFLite's folded biases ({@code bias - inputZp * rowSum}); the output state holds
 * values minus its zero point, which makes TFLite's folded recurrent bias ({@code -zp * rowSum})
 * zero; the int16 cell state is raw.
 */
public final class IntegerLstmKernel {

  private IntegerLstmKernel() {}

  /**
   * Everything one LSTM operator needs at run time, as TFLite's {@code Prepare} leaves it in
   * {@code IntegerLstmParameter}: weights, zero-point-folded biases, multipliers and shifts.
   * Optional parts are {@code null} when absent (input gate for CIFG, peephole, projection).
   * Built by {@code IntegerLstmParams#kernelWeights()}.
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

  /** Gate buffers of one operator (TFLite's scratch tensors); reuse across calls. */
  public static final class Scratch {
    final int[] inputGate;
    final int[] forgetGate;
    final int[] cellGate;
    final int[] outputGate;
    final int[] hidden;

    /** Buffers for a step over {@code nBatch} batches of {@code nCell} cells. */
    public Scratch(int nBatch, int nCell) {
      int n = nBatch * nCell;
      inputGate = new int[n];
      forgetGate = new int[n];
      cellGate = new int[n];
      outputGate = new int[n];
      hidden = new int[n];
    }
  }

  /**
   * Runs all time steps of one invocation, like TFLite's {@code EvalInteger8x8_16}: reads
   * {@code input} ([batch, time, nInput] or, time-major, [time, batch, nInput]), writes
   * {@code output} (same layout with nOutput), and updates the state arrays in place
   * ({@code outputState} [nBatch * nOutput] int8, {@code cellState} [nBatch * nCell] int16),
   * which carry over to the next call exactly as TFLite's variable tensors do.
   */
  public static void sequence(Weights w, byte[] input, byte[] output, byte[] outputState,
      short[] cellState, Scratch s) {
    final int inOff = 0;
    final int outOff = input.length;
    final int stateOff = outOff + output.length;
    final int cellOff = stateOff + outputState.length;
    final int[] t = new int[cellOff + cellState.length];
    for (int i = 0; i < input.length; i++) {
      t[inOff + i] = input[i];
    }
    for (int i = 0; i < outputState.length; i++) {
      t[stateOff + i] = outputState[i] - w.outputStateZp;
    }
    for (int i = 0; i < cellState.length; i++) {
      t[cellOff + i] = cellState[i];
    }
    if (w.timeMajor) {
      for (int step = 0; step < w.maxTime; step++) {
        step(w, t, inOff + step * w.nBatch * w.nInput, outOff + step * w.nBatch * w.nOutput,
            stateOff, cellOff, w.nBatch, s);
      }
    } else {
      for (int b = 0; b < w.nBatch; b++) {
        for (int step = 0; step < w.maxTime; step++) {
          int timeOffset = b * w.maxTime + step;
          step(w, t, inOff + timeOffset * w.nInput, outOff + timeOffset * w.nOutput,
              stateOff + b * w.nOutput, cellOff + b * w.nCell, 1, s);
        }
      }
    }
    for (int i = 0; i < output.length; i++) {
      output[i] = (byte) (t[outOff + i] + w.outputStateZp);
    }
    for (int i = 0; i < outputState.length; i++) {
      outputState[i] = (byte) (t[stateOff + i] + w.outputStateZp);
    }
    for (int i = 0; i < cellState.length; i++) {
      cellState[i] = (short) t[cellOff + i];
    }
  }

  /** One time step for {@code nBatch} consecutive batches ({@code LstmStepInteger8x8_16}). */
  private static void step(Weights w, int[] t, int in, int out, int state, int cell, int nBatch,
      Scratch s) {
    final int n = nBatch * w.nCell;
    if (w.inputToInput != null) {
      gate(w, t, in, state, cell, nBatch, w.inputToInput, w.inputToInputBias, w.inputToInputA,
          w.inputToInputB, w.recurrentToInput, w.recurrentToInputA, w.recurrentToInputB,
          w.cellToInput, w.cellToInputA, w.cellToInputB, w.inputLayerNorm,
          w.inputLayerNormBias, w.inputLayerNormA, w.inputLayerNormB, w.inputVarianceGuard,
          false, s.inputGate);
    }
    gate(w, t, in, state, cell, nBatch, w.inputToForget, w.inputToForgetBias, w.inputToForgetA,
        w.inputToForgetB, w.recurrentToForget, w.recurrentToForgetA, w.recurrentToForgetB,
        w.cellToForget, w.cellToForgetA, w.cellToForgetB, w.forgetLayerNorm,
        w.forgetLayerNormBias, w.forgetLayerNormA, w.forgetLayerNormB, w.forgetVarianceGuard,
        false, s.forgetGate);
    gate(w, t, in, state, cell, nBatch, w.inputToCell, w.inputToCellBias, w.inputToCellA,
        w.inputToCellB, w.recurrentToCell, w.recurrentToCellA, w.recurrentToCellB, null, 0, 0,
        w.cellLayerNorm, w.cellLayerNormBias, w.cellLayerNormA, w.cellLayerNormB,
        w.cellVarianceGuard, true, s.cellGate);
    LstmHelpers.lstmUpdateCell(t, cell, n, 30 + w.cellScale,
        w.inputToInput == null ? null : s.inputGate, s.forgetGate, s.cellGate, w.cellClip);
    gate(w, t, in, state, cell, nBatch, w.inputToOutput, w.inputToOutputBias, w.inputToOutputA,
        w.inputToOutputB, w.recurrentToOutput, w.recurrentToOutputA, w.recurrentToOutputB,
        w.cellToOutput, w.cellToOutputA, w.cellToOutputB, w.outputLayerNorm,
        w.outputLayerNormBias, w.outputLayerNormA, w.outputLayerNormB, w.outputVarianceGuard,
        false, s.outputGate);
    // CalculateLstmOutputInteger8x8_16; the input-gate buffer is the tanh scratch.
    LstmHelpers.lstmTanh(15 + w.cellScale, t, cell, n, s.inputGate);
    if (w.projection == null) {
      LstmHelpers.lstmHidden(s.outputGate, s.inputGate, n, w.hiddenA, w.hiddenB, w.hiddenZp, t,
          state, w.outputStateZp, out, w.outputStateZp);
    } else {
      LstmHelpers.lstmHiddenRaw(s.outputGate, s.inputGate, n, w.hiddenA, w.hiddenB, w.hiddenZp,
          s.hidden);
      LstmHelpers.lstmProjection(s.hidden, nBatch, w.nCell, widen(w.projection),
          w.projectionBias, w.projectionA, w.projectionB, w.nOutput, w.outputStateZp,
          w.projectionClip, t, state, out, w.outputStateZp);
    }
  }

  /** {@code CalculateLstmGateInteger8x8_16}. */
  private static void gate(Weights w, int[] t, int in, int state, int cell, int nBatch,
      byte[] inputWeights, int[] inputBias, int inputA, int inputB, byte[] recurrentWeights,
      int recurrentA, int recurrentB, short[] cellWeights, int cellA, int cellB,
      short[] layerNorm, int[] layerNormBias, int layerNormA, int layerNormB,
      int varianceGuard, boolean tanh, int[] gate) {
    LstmHelpers.lstmGateProducts(t, in, w.nInput, widen(inputWeights), inputBias, inputA,
        inputB, state, w.nOutput, widen(recurrentWeights), recurrentA, recurrentB, nBatch,
        w.nCell, gate);
    if (cellWeights != null) {
      // TFLite passes n_output as the vector size here (equal to n_cell without projection).
      LstmHelpers.lstmPeephole(t, cell, widen(cellWeights), w.nOutput, nBatch, cellA, cellB,
          gate);
    }
    if (layerNorm != null) {
      LstmHelpers.lstmLayerNorm(gate, widen(layerNorm), layerNormBias, layerNormA, layerNormB,
          varianceGuard, nBatch, w.nCell);
    }
    if (tanh) {
      LstmHelpers.lstmTanh(3, gate, 0, nBatch * w.nCell, gate);
    } else {
      LstmHelpers.lstmSigmoid(gate, nBatch * w.nCell);
    }
  }

  private static int[] widen(byte[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  private static int[] widen(short[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // Names kept for tests: the definitions are FixedPointHelpers and LstmHelpers.

  /** TFLite's {@code MultiplyByQuantizedMultiplier}. */
  public static int multiplyByQuantizedMultiplier(int x, int multiplier, int shift) {
    return FixedPointHelpers.multiplyByQuantizedMultiplier(x, multiplier, shift);
  }

  /** gemmlowp's int32 constants rounded to 16 bits (RescaleConstantInitializer). */
  static short rescaleConstant(int int32Value) {
    return (short) FixedPointHelpers.roundingDivideByPot(int32Value, 16);
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

  /** {@code GetInvSqrtQuantizedMultiplierExp}: multiplier high 32 bits, shift low 32 bits. */
  public static long invSqrtMultiplier(int input) {
    return LstmHelpers.lstmInvSqrtMultiplier(input);
  }
}

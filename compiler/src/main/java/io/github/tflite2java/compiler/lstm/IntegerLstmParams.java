package io.github.tflite2java.compiler.lstm;

import static io.github.tflite2java.compiler.lstm.LstmOperands.*;

import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Problem;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.lstm.LstmOperands.LstmTensor;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What TFLite 2.9's {@code unidirectional_sequence_lstm.cc} {@code Prepare} computes for an
 * integer (8x8_16) LSTM: {@code PopulateQuantizedLstmParams8x8_16} (effective multipliers and
 * shifts, clips, cell-state scale, hidden zero point) and
 * {@code PopulatePrecomputedZPTimesWeightsWithBias} (biases with the zero points folded in).
 * Immutable by convention: the arrays are not copied and must not be changed.
 *
 * <p>Supported: int8 input, int8 weights (per-tensor), int32 biases, int8 output and output
 * state, int16 power-of-two cell state, with or without CIFG, peephole, projection and layer
 * normalization, batch- or time-major. Rejected with a {@link ModelCompileException} naming the
 * operator and feature: the full {@code LSTM} operator (and with it TFLite's 8x8_8 variant),
 * float and hybrid (float input) LSTMs, per-channel weights, and shapes or types TFLite itself
 * would refuse.
 *
 * @param operator how messages name the operator
 * @param nBatch batches
 * @param maxTime time steps per invocation
 * @param nInput input features
 * @param nCell cells (units)
 * @param nOutput output features (nCell unless there is a projection)
 * @param timeMajor input/output layout [time, batch, features] instead of [batch, time, ...]
 * @param inputGate the input gate, null for CIFG
 * @param forgetGate the forget gate
 * @param cellGate the cell gate (no peephole)
 * @param outputGate the output gate
 * @param projectionWeights [nOutput x nCell], null without projection
 * @param projectionBias effective projection bias (hidden zero point folded in), or null
 * @param projectionScale effective projection multiplier
 * @param hiddenScale effective hidden multiplier ({@code 2^-30 / hidden_scale})
 * @param hiddenZp zero point of the hidden intermediate (intermediate 4)
 * @param cellScaleLog2 log2 of the cell state's scale
 * @param quantizedCellClip clip of the cell state (0 = none)
 * @param quantizedProjClip clip of the projection (0 = none)
 * @param inputZp input zero point
 * @param outputStateZp output state zero point
 * @param outputStateTensor index of the output state (variable) tensor
 * @param cellStateTensor index of the cell state (variable) tensor
 * @param outputStateShape the output state's stored shape
 * @param cellStateShape the cell state's stored shape
 */
public record IntegerLstmParams(
    String operator,
    int nBatch,
    int maxTime,
    int nInput,
    int nCell,
    int nOutput,
    boolean timeMajor,
    Gate inputGate,
    Gate forgetGate,
    Gate cellGate,
    Gate outputGate,
    byte[] projectionWeights,
    int[] projectionBias,
    QuantizedMultiplier projectionScale,
    QuantizedMultiplier hiddenScale,
    int hiddenZp,
    int cellScaleLog2,
    short quantizedCellClip,
    byte quantizedProjClip,
    int inputZp,
    int outputStateZp,
    int outputStateTensor,
    int cellStateTensor,
    int[] outputStateShape,
    int[] cellStateShape) {

  /** Problem id for LSTM variants this compiler does not implement. */
  public static final String UNSUPPORTED = "tflite2java/UnsupportedLstm";
  /** Problem id for LSTM operators TFLite itself would refuse. */
  public static final String INVALID = "tflite2java/InvalidLstm";

  /**
   * One gate's constants.
   *
   * @param inputWeights [nCell x nInput]
   * @param recurrentWeights [nCell x nOutput]
   * @param cellWeights peephole [nCell] (int16), or null
   * @param inputBias effective bias of the input product: gate bias - input zp * row sums
   * @param recurrentBias effective bias of the recurrent product: - output state zp * row sums
   * @param inputScale effective input multiplier
   * @param recurrentScale effective recurrent multiplier
   * @param cellScale effective peephole multiplier (1.0's when there is no peephole)
   * @param layerNormWeights layer-norm coefficients [nCell] (int16), or null; with layer norm
   *     the gate bias is not folded into {@code inputBias} but added inside the layer norm
   * @param layerNormBias the raw gate bias, used by the layer norm (null without it)
   * @param layerNormScale multiplier of the coefficients' scale (1.0's without layer norm)
   * @param varianceGuard {@code max(1, (int) (10000 * coefficient scale))}
   */
  public record Gate(
      byte[] inputWeights,
      byte[] recurrentWeights,
      short[] cellWeights,
      int[] inputBias,
      int[] recurrentBias,
      QuantizedMultiplier inputScale,
      QuantizedMultiplier recurrentScale,
      QuantizedMultiplier cellScale,
      short[] layerNormWeights,
      int[] layerNormBias,
      QuantizedMultiplier layerNormScale,
      int varianceGuard) {}

  /** Number of elements of the output tensor. */
  public int outputSize() {
    return nBatch * maxTime * nOutput;
  }

  /** Number of elements of the input tensor. */
  public int inputSize() {
    return nBatch * maxTime * nInput;
  }

  /**
   * The state a fresh TFLite interpreter starts from ({@code ResetVariableTensor}): int8 output
   * state filled with its zero point.
   */
  public byte[] initialOutputState() {
    byte[] s = new byte[nBatch * nOutput];
    java.util.Arrays.fill(s, (byte) outputStateZp);
    return s;
  }

  /** A fresh cell state: zeros. */
  public short[] initialCellState() {
    return new short[nBatch * nCell];
  }

  /** The run-time constants for {@link IntegerLstmKernel}. */
  public IntegerLstmKernel.Weights kernelWeights() {
    IntegerLstmKernel.Weights w = new IntegerLstmKernel.Weights();
    w.nBatch = nBatch;
    w.maxTime = maxTime;
    w.nInput = nInput;
    w.nCell = nCell;
    w.nOutput = nOutput;
    w.timeMajor = timeMajor;
    if (inputGate != null) {
      w.inputToInput = inputGate.inputWeights();
      w.recurrentToInput = inputGate.recurrentWeights();
      w.cellToInput = inputGate.cellWeights();
      w.inputToInputBias = inputGate.inputBias();
      w.recurrentToInputBias = inputGate.recurrentBias();
      w.inputToInputA = inputGate.inputScale().multiplier();
      w.inputToInputB = inputGate.inputScale().shift();
      w.recurrentToInputA = inputGate.recurrentScale().multiplier();
      w.recurrentToInputB = inputGate.recurrentScale().shift();
      w.cellToInputA = inputGate.cellScale().multiplier();
      w.cellToInputB = inputGate.cellScale().shift();
      w.inputLayerNorm = inputGate.layerNormWeights();
      w.inputLayerNormBias = inputGate.layerNormBias();
      w.inputLayerNormA = inputGate.layerNormScale().multiplier();
      w.inputLayerNormB = inputGate.layerNormScale().shift();
      w.inputVarianceGuard = inputGate.varianceGuard();
    }
    w.forgetLayerNorm = forgetGate.layerNormWeights();
    w.forgetLayerNormBias = forgetGate.layerNormBias();
    w.forgetLayerNormA = forgetGate.layerNormScale().multiplier();
    w.forgetLayerNormB = forgetGate.layerNormScale().shift();
    w.forgetVarianceGuard = forgetGate.varianceGuard();
    w.cellLayerNorm = cellGate.layerNormWeights();
    w.cellLayerNormBias = cellGate.layerNormBias();
    w.cellLayerNormA = cellGate.layerNormScale().multiplier();
    w.cellLayerNormB = cellGate.layerNormScale().shift();
    w.cellVarianceGuard = cellGate.varianceGuard();
    w.outputLayerNorm = outputGate.layerNormWeights();
    w.outputLayerNormBias = outputGate.layerNormBias();
    w.outputLayerNormA = outputGate.layerNormScale().multiplier();
    w.outputLayerNormB = outputGate.layerNormScale().shift();
    w.outputVarianceGuard = outputGate.varianceGuard();
    w.inputToForget = forgetGate.inputWeights();
    w.recurrentToForget = forgetGate.recurrentWeights();
    w.cellToForget = forgetGate.cellWeights();
    w.inputToForgetBias = forgetGate.inputBias();
    w.recurrentToForgetBias = forgetGate.recurrentBias();
    w.inputToForgetA = forgetGate.inputScale().multiplier();
    w.inputToForgetB = forgetGate.inputScale().shift();
    w.recurrentToForgetA = forgetGate.recurrentScale().multiplier();
    w.recurrentToForgetB = forgetGate.recurrentScale().shift();
    w.cellToForgetA = forgetGate.cellScale().multiplier();
    w.cellToForgetB = forgetGate.cellScale().shift();
    w.inputToCell = cellGate.inputWeights();
    w.recurrentToCell = cellGate.recurrentWeights();
    w.inputToCellBias = cellGate.inputBias();
    w.recurrentToCellBias = cellGate.recurrentBias();
    w.inputToCellA = cellGate.inputScale().multiplier();
    w.inputToCellB = cellGate.inputScale().shift();
    w.recurrentToCellA = cellGate.recurrentScale().multiplier();
    w.recurrentToCellB = cellGate.recurrentScale().shift();
    w.inputToOutput = outputGate.inputWeights();
    w.recurrentToOutput = outputGate.recurrentWeights();
    w.cellToOutput = outputGate.cellWeights();
    w.inputToOutputBias = outputGate.inputBias();
    w.recurrentToOutputBias = outputGate.recurrentBias();
    w.inputToOutputA = outputGate.inputScale().multiplier();
    w.inputToOutputB = outputGate.inputScale().shift();
    w.recurrentToOutputA = outputGate.recurrentScale().multiplier();
    w.recurrentToOutputB = outputGate.recurrentScale().shift();
    w.cellToOutputA = outputGate.cellScale().multiplier();
    w.cellToOutputB = outputGate.cellScale().shift();
    w.projection = projectionWeights;
    w.projectionBias = projectionBias;
    w.projectionA = projectionScale.multiplier();
    w.projectionB = projectionScale.shift();
    w.hiddenA = hiddenScale.multiplier();
    w.hiddenB = hiddenScale.shift();
    w.cellScale = cellScaleLog2;
    w.cellClip = quantizedCellClip;
    w.projectionClip = quantizedProjClip;
    w.hiddenZp = hiddenZp;
    w.outputStateZp = outputStateZp;
    return w;
  }

  /**
   * Computes the parameters of one LSTM operator.
   *
   * @param file how messages name the model file
   * @throws ModelCompileException naming the operator and the unsupported feature or the
   *     inconsistency
   */
  public static IntegerLstmParams of(String file, LstmOperands ops) throws ModelCompileException {
    Checker c = new Checker(file, ops.operator());
    if (!"UNIDIRECTIONAL_SEQUENCE_LSTM".equals(ops.kind())) {
      throw c.fail(UNSUPPORTED, "only UNIDIRECTIONAL_SEQUENCE_LSTM is supported, not " + ops.kind());
    }
    int slots = ops.inputs().size();
    if (slots != 20 && slots != 24) {
      throw c.fail(INVALID, "has " + slots + " inputs; TFLite's LSTM takes 20 or 24");
    }
    if (ops.output() == null) {
      throw c.fail(INVALID, "has no output");
    }
    LstmTensor input = c.require(ops, INPUT, "input");
    LstmTensor i2o = c.require(ops, INPUT_TO_OUTPUT_WEIGHTS, "input-to-output weights");
    if (input.type() == TensorType.FLOAT32) {
      throw c.fail(UNSUPPORTED, i2o.type() == TensorType.FLOAT32
          ? "is a float32 LSTM; only the integer LSTM (int8 input and weights, int16 cell state)"
              + " is supported"
          : "is a hybrid LSTM (float32 input, " + i2o.type() + " weights); only the integer LSTM"
              + " (int8 input and weights, int16 cell state) is supported");
    }
    if (input.type() != TensorType.INT8) {
      throw c.fail(UNSUPPORTED, "input " + input.describe() + " is " + input.type()
          + "; the integer LSTM needs int8 input");
    }
    // Prepare: with 24 inputs, a forget-gate layer-norm coefficient means a layer-norm LSTM.
    boolean useLayerNorm = ops.input(FORGET_LAYER_NORM_COEFFICIENTS) != null;
    if (ops.options().diagonalRecurrentTensors()) {
      throw c.fail(UNSUPPORTED, "uses diagonal recurrent tensors, which TFLite 2.9 does not have");
    }
    int rank = input.shape().length;
    if (rank != 2 && rank != 3) {
      throw c.fail(INVALID, "input " + input.describe() + " must have rank 2 or 3");
    }
    boolean timeMajor = ops.options().timeMajor();
    int maxTime;
    int nBatch;
    if (rank == 2) {
      maxTime = 1;
      nBatch = input.shape()[0];
    } else {
      maxTime = timeMajor ? input.shape()[0] : input.shape()[1];
      nBatch = timeMajor ? input.shape()[1] : input.shape()[0];
    }
    int nInput = input.shape()[rank - 1];
    c.check2d(i2o, "input-to-output weights");
    int nCell = i2o.shape()[0];
    if (i2o.shape()[1] != nInput) {
      throw c.fail(INVALID, "input-to-output weights " + i2o.describe() + " do not match "
          + nInput + " input features");
    }
    LstmTensor r2o = c.require(ops, RECURRENT_TO_OUTPUT_WEIGHTS, "recurrent-to-output weights");
    c.check2d(r2o, "recurrent-to-output weights");
    int nOutput = r2o.shape()[1];

    LstmTensor outputState = c.require(ops, OUTPUT_STATE, "output state");
    LstmTensor cellState = c.require(ops, CELL_STATE, "cell state");
    c.state(outputState, "output state", TensorType.INT8, (long) nBatch * nOutput);
    c.state(cellState, "cell state", TensorType.INT16, (long) nBatch * nCell);
    LstmTensor output = ops.output();
    if (output.type() != TensorType.INT8 || !output.isQuantized()) {
      throw c.fail(UNSUPPORTED, "output " + output.describe() + " must be quantized int8");
    }
    if (output.elementCount() != (long) nBatch * maxTime * nOutput) {
      throw c.fail(INVALID, "output " + output.describe() + " does not hold " + nBatch + " x "
          + maxTime + " x " + nOutput + " values");
    }
    if (ops.intermediates().size() != 5) {
      throw c.fail(INVALID, "has " + ops.intermediates().size()
          + " intermediate tensors; TFLite's integer LSTM needs 5");
    }
    LstmTensor hidden = ops.intermediates().get(4);
    if (!hidden.isQuantized()) {
      throw c.fail(INVALID, "intermediate 4 (hidden state) " + hidden.describe()
          + " has no quantization");
    }

    // PopulateQuantizedLstmParams8x8_16.
    float cellClip = ops.options().cellClip();
    float projClip = ops.options().projClip();
    if (cellClip < 0 || projClip < 0) {
      throw c.fail(INVALID, "has a negative clip (cell_clip " + cellClip + ", proj_clip "
          + projClip + ")");
    }
    short quantizedCellClip = cellClip > 0
        ? (short) Math.min(Math.max(cellClip / cellState.scale(), -32768.0f), 32767.0f)
        : 0;
    byte quantizedProjClip = projClip > 0
        ? (byte) Math.min(Math.max(projClip / output.scale(), -128.0f), 127.0f)
        : 0;
    int cellScaleLog2 = checkedLog2(cellState.scale(), c, cellState);
    int tanhBits = 15 + cellScaleLog2;
    if (tanhBits < 0 || tanhBits > 6) {
      throw c.fail(UNSUPPORTED, "cell state " + cellState.describe() + " has scale 2^"
          + cellScaleLog2 + "; TFLite 2.9 computes tanh of the cell state only for scales 2^-15"
          + " .. 2^-9");
    }
    // Gate pre-activation scales: Q3.12 without layer norm, intermediates 0-3 with it.
    float[] intermediateScale = new float[4];
    for (int i = 0; i < 4; i++) {
      if (useLayerNorm) {
        LstmTensor im = ops.intermediates().get(i);
        if (!im.isQuantized()) {
          throw c.fail(INVALID, "is a layer-norm LSTM but intermediate " + i + " "
              + im.describe() + " has no quantization");
        }
        intermediateScale[i] = im.scale();
      } else {
        intermediateScale[i] = (float) Math.pow(2, -12);
      }
    }
    float hiddenScaleF = hidden.scale();
    float inputScale = input.scale();
    float outputStateScale = outputState.scale();
    int inputZp = input.zeroPoint();
    int outputStateZp = outputState.zeroPoint();
    int hiddenZp = hidden.zeroPoint();

    LstmTensor i2i = ops.input(INPUT_TO_INPUT_WEIGHTS);
    LstmTensor r2i = ops.input(RECURRENT_TO_INPUT_WEIGHTS);
    boolean useCifg = i2i == null;
    if ((i2i == null) != (r2i == null)) {
      throw c.fail(INVALID, "has only one of the input-gate weights (inputs 1 and 5)");
    }
    LstmTensor c2i = ops.input(CELL_TO_INPUT_WEIGHTS);
    LstmTensor c2f = ops.input(CELL_TO_FORGET_WEIGHTS);
    LstmTensor c2o = ops.input(CELL_TO_OUTPUT_WEIGHTS);
    boolean usePeephole = c2o != null;
    boolean peepholeAllOrNone = ((c2i != null || useCifg) && c2f != null && c2o != null)
        || (c2i == null && c2f == null && c2o == null);
    if (!peepholeAllOrNone) {
      throw c.fail(INVALID, "has only some of the peephole weights (inputs 9-11)");
    }
    if (useCifg && ops.input(INPUT_GATE_BIAS) != null) {
      throw c.fail(INVALID, "is CIFG (no input gate) but has an input gate bias");
    }
    if (useLayerNorm) {
      if (useCifg != (ops.input(INPUT_LAYER_NORM_COEFFICIENTS) == null)) {
        throw c.fail(INVALID, useCifg
            ? "is CIFG (no input gate) but has input-gate layer-norm coefficients"
            : "lacks its input-gate layer-norm coefficients (input 20)");
      }
      c.require(ops, CELL_LAYER_NORM_COEFFICIENTS, "cell-gate layer-norm coefficients");
      c.require(ops, OUTPUT_LAYER_NORM_COEFFICIENTS, "output-gate layer-norm coefficients");
    } else {
      for (int slot = INPUT_LAYER_NORM_COEFFICIENTS; slot <= OUTPUT_LAYER_NORM_COEFFICIENTS;
          slot++) {
        if (ops.input(slot) != null) {
          throw c.fail(INVALID, "has layer-norm coefficients (input " + slot
              + ") but none for the forget gate (input 21)");
        }
      }
    }

    Gate inputGate = useCifg ? null
        : c.gate(ops, "input", i2i, r2i, c2i, ops.input(INPUT_GATE_BIAS),
            ops.input(INPUT_LAYER_NORM_COEFFICIENTS), nInput, nOutput, nCell, inputScale,
            outputStateScale, intermediateScale[0], cellScaleLog2, inputZp, outputStateZp);
    Gate forgetGate = c.gate(ops, "forget", c.require(ops, INPUT_TO_FORGET_WEIGHTS,
            "input-to-forget weights"), c.require(ops, RECURRENT_TO_FORGET_WEIGHTS,
            "recurrent-to-forget weights"), c2f, c.require(ops, FORGET_GATE_BIAS, "forget gate bias"),
        ops.input(FORGET_LAYER_NORM_COEFFICIENTS), nInput, nOutput, nCell, inputScale,
        outputStateScale, intermediateScale[1], cellScaleLog2, inputZp, outputStateZp);
    Gate cellGate = c.gate(ops, "cell", c.require(ops, INPUT_TO_CELL_WEIGHTS,
            "input-to-cell weights"), c.require(ops, RECURRENT_TO_CELL_WEIGHTS,
            "recurrent-to-cell weights"), null, c.require(ops, CELL_GATE_BIAS, "cell gate bias"),
        ops.input(CELL_LAYER_NORM_COEFFICIENTS), nInput, nOutput, nCell, inputScale,
        outputStateScale, intermediateScale[2], cellScaleLog2, inputZp, outputStateZp);
    Gate outputGate = c.gate(ops, "output", i2o, r2o, c2o,
        c.require(ops, OUTPUT_GATE_BIAS, "output gate bias"),
        ops.input(OUTPUT_LAYER_NORM_COEFFICIENTS), nInput, nOutput, nCell, inputScale,
        outputStateScale, intermediateScale[3], cellScaleLog2, inputZp, outputStateZp);
    if (!usePeephole && (c2i != null || c2f != null)) {
      throw c.fail(INVALID, "has only some of the peephole weights (inputs 9-11)");
    }

    LstmTensor proj = ops.input(PROJECTION_WEIGHTS);
    LstmTensor projBiasT = ops.input(PROJECTION_BIAS);
    byte[] projectionWeights = null;
    int[] projectionBias = null;
    float projectionWeightScale = 1.0f;
    if (proj == null && projBiasT != null) {
      throw c.fail(INVALID, "has a projection bias without projection weights");
    }
    if (proj == null && nOutput != nCell) {
      throw c.fail(INVALID, "has " + nOutput + " outputs but " + nCell
          + " cells and no projection");
    }
    if (proj != null && usePeephole && nOutput > nCell) {
      // CalculateLstmGateInteger8x8_16 passes n_output as the peephole vector size: TFLite
      // reads past the n_cell peephole weights and cell state (undefined behaviour).
      throw c.fail(UNSUPPORTED, "combines peephole weights with a projection to more outputs ("
          + nOutput + ") than cells (" + nCell + "); TFLite 2.9 reads past the peephole weights"
          + " there");
    }
    if (proj != null) {
      projectionWeights = c.weights(proj, "projection weights", nOutput, nCell);
      projectionWeightScale = proj.scale();
      int[] bias = projBiasT == null ? new int[nOutput] : c.bias(projBiasT, "projection bias", nOutput);
      projectionBias = foldZeroPoint(bias, hiddenZp, projectionWeights, nOutput, nCell);
    }
    // effective_hidden_scale = 2^-15 / intermediate_scale[4] * 2^-15, in double, stored as float.
    float effectiveHiddenScale = (float) (Math.pow(2, -15) / hiddenScaleF * Math.pow(2, -15));
    float effectiveProjScale = projectionWeightScale * hiddenScaleF / outputStateScale;

    return new IntegerLstmParams(ops.operator(), nBatch, maxTime, nInput, nCell, nOutput,
        timeMajor, inputGate, forgetGate, cellGate, outputGate, projectionWeights, projectionBias,
        QuantizedMultiplier.of(effectiveProjScale), QuantizedMultiplier.of(effectiveHiddenScale),
        hiddenZp, cellScaleLog2, quantizedCellClip, quantizedProjClip, inputZp, outputStateZp,
        outputState.index(), cellState.index(), outputState.shape(), cellState.shape());
  }

  /** TFLite's {@code CheckedLog2}: log2 of a float that must be a power of two (to 1e-3). */
  static int checkedLog2(float x, Checker c, LstmTensor t) throws ModelCompileException {
    float log2 = (float) Math.log(x) * (1.0f / (float) Math.log(2.0f));
    float rounded = (float) Math.rint(log2);
    if (Math.abs(log2 - rounded) >= 1e-3f || !(x > 0)) {
      throw c.fail(UNSUPPORTED, "cell state " + t.describe() + " has scale " + x
          + ", not a power of two (TFLite requires one)");
    }
    // std::round rounds halves away from zero; a fractional part under 1e-3 is never a half.
    return (int) rounded;
  }

  /** {@code PrecomputeZeroPointTimesWeightWithBias}: bias + zeroPoint * row sums, wrapping. */
  static int[] foldZeroPoint(int[] bias, int zeroPoint, byte[] weights, int rows, int cols) {
    int[] out = bias.clone();
    if (zeroPoint != 0) {
      for (int r = 0; r < rows; r++) {
        int rowSum = 0;
        for (int k = 0; k < cols; k++) {
          rowSum += weights[r * cols + k];
        }
        out[r] += rowSum * zeroPoint;
      }
    }
    return out;
  }

  /** Validation helpers that throw problems naming the operator. */
  static final class Checker {
    final String file;
    final String operator;

    Checker(String file, String operator) {
      this.file = file;
      this.operator = operator;
    }

    ModelCompileException fail(String id, String what) {
      return new ModelCompileException(file, new Problem(id, operator + " " + what));
    }

    LstmTensor require(LstmOperands ops, int slot, String what) throws ModelCompileException {
      LstmTensor t = ops.input(slot);
      if (t == null) {
        throw fail(INVALID, "lacks its " + what + " (input " + slot + ")");
      }
      return t;
    }

    void check2d(LstmTensor t, String what) throws ModelCompileException {
      if (t.shape().length != 2) {
        throw fail(INVALID, what + " " + t.describe() + " must have rank 2");
      }
    }

    void state(LstmTensor t, String what, TensorType type, long elements)
        throws ModelCompileException {
      if (t.type() != type || !t.isQuantized()) {
        throw fail(UNSUPPORTED, what + " " + t.describe() + " must be quantized " + type
            + " for the integer LSTM");
      }
      if (!t.variable()) {
        throw fail(INVALID, what + " " + t.describe() + " is not a variable tensor");
      }
      if (t.elementCount() != elements) {
        throw fail(INVALID, what + " " + t.describe() + " must hold " + elements + " values");
      }
      if (t.scales().length > 1) {
        throw fail(UNSUPPORTED, what + " " + t.describe() + " is quantized per channel");
      }
    }

    byte[] weights(LstmTensor t, String what, int rows, int cols) throws ModelCompileException {
      if (t.type() != TensorType.INT8) {
        throw fail(UNSUPPORTED, what + " " + t.describe() + " are " + t.type()
            + "; the integer LSTM needs int8 weights");
      }
      if (t.shape().length != 2 || t.shape()[0] != rows || t.shape()[1] != cols) {
        throw fail(INVALID, what + " " + t.describe() + " must be [" + rows + "," + cols + "]");
      }
      if (t.scales().length != 1) {
        throw fail(UNSUPPORTED, what + " " + t.describe() + (t.scales().length == 0
            ? " are not quantized" : " are quantized per channel; only per-tensor is supported"));
      }
      if (t.data() == null || t.data().length != rows * cols) {
        throw fail(UNSUPPORTED, what + " " + t.describe() + " are not constant");
      }
      return t.data();
    }

    int[] bias(LstmTensor t, String what, int n) throws ModelCompileException {
      if (t.type() != TensorType.INT32) {
        throw fail(INVALID, what + " " + t.describe() + " must be int32");
      }
      if (t.shape().length != 1 || t.shape()[0] != n) {
        throw fail(INVALID, what + " " + t.describe() + " must be [" + n + "]");
      }
      if (t.data() == null || t.data().length != 4 * n) {
        throw fail(UNSUPPORTED, what + " " + t.describe() + " is not constant");
      }
      int[] out = new int[n];
      ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
      return out;
    }

    short[] int16Vector(LstmTensor t, String what, int n) throws ModelCompileException {
      if (!t.isQuantized()) {
        throw fail(INVALID, what + " " + t.describe() + " are not quantized");
      }
      return peephole(t, what, n);
    }

    short[] peephole(LstmTensor t, String what, int n) throws ModelCompileException {
      if (t.type() != TensorType.INT16) {
        throw fail(INVALID, what + " " + t.describe() + " must be int16 in the integer LSTM");
      }
      if (t.shape().length != 1 || t.shape()[0] != n) {
        throw fail(INVALID, what + " " + t.describe() + " must be [" + n + "]");
      }
      if (t.data() == null || t.data().length != 2 * n) {
        throw fail(UNSUPPORTED, what + " " + t.describe() + " are not constant");
      }
      short[] out = new short[n];
      ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
      return out;
    }

    Gate gate(LstmOperands ops, String name, LstmTensor inW, LstmTensor recW, LstmTensor cellW,
        LstmTensor biasT, LstmTensor layerNormT, int nInput, int nOutput, int nCell,
        float inputScale,
        float outputStateScale, float intermediateScale, int cellScaleLog2, int inputZp,
        int outputStateZp) throws ModelCompileException {
      byte[] in = weights(inW, "input-to-" + name + " weights", nCell, nInput);
      byte[] rec = weights(recW, "recurrent-to-" + name + " weights", nCell, nOutput);
      int[] bias = biasT == null ? null : bias(biasT, name + " gate bias", nCell);
      if (bias == null) {
        throw fail(INVALID, "lacks its " + name + " gate bias");
      }
      short[] cell = cellW == null ? null : peephole(cellW, "cell-to-" + name + " weights", nCell);
      // Float arithmetic exactly as TFLite writes it (float * float / float).
      float effIn = inW.scale() * inputScale / intermediateScale;
      float effRec = recW.scale() * outputStateScale / intermediateScale;
      float effCell = cellW == null ? 1.0f
          : (float) (Math.pow(2, cellScaleLog2) * (double) cellW.scale()
              / (double) intermediateScale);
      short[] layerNorm = null;
      float layerNormScale = 1.0f;
      if (layerNormT != null) {
        layerNorm = int16Vector(layerNormT, name + "-gate layer-norm coefficients", nCell);
        layerNormScale = layerNormT.scale();
      }
      // With layer norm the gate bias is added inside the normalization, not to the product.
      int[] folded = foldZeroPoint(layerNorm == null ? bias : new int[nCell], -inputZp, in, nCell,
          nInput);
      return new Gate(in, rec, cell, folded,
          foldZeroPoint(new int[nCell], -outputStateZp, rec, nCell, nOutput),
          QuantizedMultiplier.of(effIn), QuantizedMultiplier.of(effRec),
          QuantizedMultiplier.of(effCell), layerNorm, layerNorm == null ? null : bias,
          QuantizedMultiplier.of(layerNormScale),
          Math.max(1, (int) (10000 * layerNormScale)));
    }
  }
}

package io.github.tflite2java.compiler.ops;

import com.google.flatbuffers.FlatBufferBuilder;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Problem;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.lstm.IntegerLstmParams;
import io.github.tflite2java.compiler.lstm.LstmOperands;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflOptions;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM, integer (8x8_16) variant as TFLite 2.9 runs it: int8 input,
 * weights and output state, int16 cell state, with or without CIFG, peephole, projection and
 * layer normalization, batch- or time-major (the shared models use four gates and none of the
 * options). Prepare is {@link IntegerLstmParams}; the
 * run-time maths is {@code helpers.LstmHelpers}, carried into the generated class. The output
 * and cell states are the operator's variable tensors and live in the arena, kept from one
 * inference to the next: the output state centered by its zero point (so the arena's initial
 * zeros are TFLite's initial state, the zero point), the int16 cell state raw (TFLite starts it
 * at 0).
 */
public final class UnidirectionalSequenceLstm
    extends OperatorKernel<UnidirectionalSequenceLstm.Options, UnidirectionalSequenceLstm.Plan> {

  /**
   * UnidirectionalSequenceLSTMOptions.
   *
   * @param fusedActivation the schema's activation code (the integer LSTM ignores it: gates are
   *     sigmoid, the cell gate and hidden state tanh)
   */
  public record Options(int fusedActivation, float cellClip, float projClip, boolean timeMajor,
      boolean asymmetricQuantizeInputs, boolean diagonalRecurrentTensors)
      implements OperatorOptions {

    /** As the prepare code reads them. */
    public LstmOperands.Options operands() {
      return new LstmOperands.Options(fusedActivation, cellClip, projClip, timeMajor,
          asymmetricQuantizeInputs, diagonalRecurrentTensors);
    }
  }

  /**
   * One LSTM layer: TFLite's prepared parameters and the tensors the layer method addresses.
   */
  public record Plan(Operator op, IntegerLstmParams params, Tensor in, Tensor out,
      Tensor outputState, Tensor cellState) implements LayerPlan {}

  public UnidirectionalSequenceLstm() {
    super("UNIDIRECTIONAL_SEQUENCE_LSTM", BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM,
        Options.class, ReportCategory.RECURRENT);
  }

  @Override
  public boolean keepsState() {
    return true;
  }

  @Override
  public int optionsTable() {
    return TflOptions.UNIDIRECTIONAL_SEQUENCE_LSTM_OPTIONS;
  }

  @Override
  public Options decodeOptions(TflOperator raw, OptionEnums e) {
    TflOptions.UnidirectionalSequenceLstm o =
        raw.builtinOptions(new TflOptions.UnidirectionalSequenceLstm());
    return o == null ? absentOptions() : new Options(o.fusedActivationFunction(), o.cellClip(),
        o.projClip(), o.timeMajor(), o.asymmetricQuantizeInputs(),
        o.diagonalRecurrentTensors());
  }

  /** The schema's defaults (TFLite runs an LSTM without options with these). */
  @Override
  public Options absentOptions() {
    return new Options(0, 0f, 0f, false, false, false);
  }

  @Override
  public int encodeOptions(FlatBufferBuilder fbb, Options o) {
    fbb.startTable(6);
    fbb.addFloat(1, o.cellClip(), 0.0);
    fbb.addFloat(2, o.projClip(), 0.0);
    fbb.addByte(0, (byte) o.fusedActivation(), 0);
    fbb.addBoolean(3, o.timeMajor(), false);
    fbb.addBoolean(4, o.asymmetricQuantizeInputs(), false);
    fbb.addBoolean(5, o.diagonalRecurrentTensors(), false);
    return fbb.endTable();
  }

  /** The operands of an LSTM operator of {@code g}, as {@link IntegerLstmParams} reads them. */
  public static LstmOperands operands(ModelGraph g, Operator op) {
    OperatorOptions o = op.options();
    Options options = o instanceof Options lstm ? lstm
        : new Options(0, 0f, 0f, false, false, false);
    return LstmOperands.fromGraph(g, op, options.operands());
  }

  @Override
  public Plan prepare(PrepareContext ctx, Operator op, Options options) {
    ModelGraph g = ctx.graph();
    IntegerLstmParams p;
    try {
      p = IntegerLstmParams.of("model", LstmOperands.fromGraph(g, op, options.operands()));
    } catch (ModelCompileException e) {
      for (Problem problem : e.problems()) {
        ctx.problems().add(new Problem(problem.id(), problem.message(), op.index(), op.kind(),
            -1, null));
      }
      return null;
    }
    // asymmetric_quantize_inputs is read by the hybrid kernel only (IntegerLstmParams has
    // rejected float input): the integer kernel ignores it, as TFLite's does.
    return new Plan(op, p, g.tensor(op.input(LstmOperands.INPUT)), g.tensor(op.output(0)),
        g.tensor(p.outputStateTensor()), g.tensor(p.cellStateTensor()));
  }

  @Override
  public long macs(Plan plan) {
    IntegerLstmParams p = plan.params();
    return 4L * p.nBatch() * p.maxTime() * p.nCell() * (p.nInput() + p.nOutput());
  }

  @Override
  public MethodSpec emit(Plan plan, EmitContext ctx) {
    IntegerLstmParams p = plan.params();
    Operator op = plan.op();
    String prefix = ctx.prefix(op);
    String constants = prefix.toUpperCase(Locale.ROOT);
    boolean timeMajor = p.timeMajor();
    int nBatch = p.nBatch();
    int stepBatches = timeMajor ? nBatch : 1;
    int n = stepBatches * p.nCell();
    for (int i = 0; i < 4; i++) {
      ctx.requireScratch("lstmGate" + i, n);
    }
    // The activations read a class-wide cache of each function's 65536 values.
    String sigmoid = ctx.helper(Helper.LSTM_SIGMOID_CACHED);
    String tanh = ctx.helper(Helper.LSTM_TANH_CACHED);
    String sigmoidTable = "LSTM_SIGMOID_Q3_TABLE";
    String cellGateTable = "LSTM_TANH_Q3_TABLE";
    String cellTable = "LSTM_TANH_Q" + (15 + p.cellScaleLog2()) + "_TABLE";
    ctx.requireCacheTable(sigmoidTable, 65536);
    ctx.requireCacheTable(cellGateTable, 65536);
    ctx.requireCacheTable(cellTable, 65536);
    String updateCell = ctx.helper(Helper.LSTM_UPDATE_CELL);

    int inOff = ctx.arenaOffset(plan.in().index());
    int outOff = ctx.arenaOffset(plan.out().index());
    int stateOff = ctx.arenaOffset(plan.outputState().index());
    int cellOff = ctx.arenaOffset(plan.cellState().index());

    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int[] inputGate = lstmGate0, forgetGate = lstmGate1,"
        + " cellGate = lstmGate2, outputGate = lstmGate3");
    if (timeMajor) {
      body.add("// Time-major: each step runs all $L batches.\n", nBatch);
      body.beginControlFlow("for (int s = 0; s < $L; s++)", p.maxTime());
      body.addStatement("final int in = $L + s * $L", inOff, nBatch * p.nInput());
      body.addStatement("final int out = $L + s * $L", outOff, nBatch * p.nOutput());
      body.addStatement("final int state = $L, cell = $L", stateOff, cellOff);
    } else {
      body.add("// Batch-major: each batch runs its time steps on its own state.\n");
      body.beginControlFlow("for (int b = 0; b < $L; b++)", nBatch);
      body.addStatement("final int state = $L + b * $L, cell = $L + b * $L", stateOff,
          p.nOutput(), cellOff, p.nCell());
      body.beginControlFlow("for (int s = 0; s < $L; s++)", p.maxTime());
      body.addStatement("final int in = $L + (b * $L + s) * $L", inOff, p.maxTime(),
          p.nInput());
      body.addStatement("final int out = $L + (b * $L + s) * $L", outOff, p.maxTime(),
          p.nOutput());
    }
    String[] gateNames = {"input", "forget", "cell", "output"};
    IntegerLstmParams.Gate[] gates = {p.inputGate(), p.forgetGate(), p.cellGate(),
        p.outputGate()};
    String[] buffers = {"inputGate", "forgetGate", "cellGate", "outputGate"};
    emitProducts(body, p, ctx, constants, gates, buffers, stepBatches);
    for (int k = 0; k < 4; k++) {
      IntegerLstmParams.Gate gate = gates[k];
      if (k == 3) {
        body.add("// The cell state is updated before the output gate, as in TFLite.\n");
        body.addStatement("$N(t, cell, $L, $L, $L, forgetGate, cellGate, $L)", updateCell, n,
            30 + p.cellScaleLog2(), p.inputGate() == null ? "null" : "inputGate",
            (int) p.quantizedCellClip());
      }
      if (gate == null) {
        body.add("// CIFG: no input gate (it is 1 - forget gate).\n");
        continue;
      }
      String name = constants + "_" + gateNames[k].toUpperCase(Locale.ROOT);
      if (gate.cellWeights() != null) {
        String w = ctx.intArray(name + "_PEEPHOLE", widen(gate.cellWeights()));
        body.addStatement("$N(t, cell, $N, $L, $L, $L, $L, $N)",
            ctx.helper(Helper.LSTM_PEEPHOLE), w, p.nOutput(), stepBatches,
            gate.cellScale().multiplier(), gate.cellScale().shift(), buffers[k]);
      }
      if (gate.layerNormWeights() != null) {
        String w = ctx.intArray(name + "_LAYER_NORM", widen(gate.layerNormWeights()));
        String lb = ctx.intArray(name + "_LAYER_NORM_BIAS", gate.layerNormBias());
        body.addStatement("$N($N, $N, $N, $L, $L, $L, $L, $L)",
            ctx.helper(Helper.LSTM_LAYER_NORM), buffers[k], w, lb,
            gate.layerNormScale().multiplier(), gate.layerNormScale().shift(),
            gate.varianceGuard(), stepBatches, p.nCell());
      }
      if (k == 2) {
        body.addStatement("$N(3, cellGate, 0, $L, cellGate, $N)", tanh, n, cellGateTable);
      } else {
        body.addStatement("$N($N, $L, $N)", sigmoid, buffers[k], n, sigmoidTable);
      }
    }
    body.add("// Hidden state: tanh of the cell state (in the input gate's buffer) times the"
        + " output gate.\n");
    body.addStatement("$N($L, t, cell, $L, inputGate, $N)", tanh, 15 + p.cellScaleLog2(), n,
        cellTable);
    if (p.projectionWeights() == null) {
      body.addStatement("$N(outputGate, inputGate, $L, $L, $L, $L, t, state, $L, out, $L)",
          ctx.helper(Helper.LSTM_HIDDEN), n, p.hiddenScale().multiplier(),
          p.hiddenScale().shift(), p.hiddenZp(), p.outputStateZp(),
          plan.out().quant().zeroPoint());
    } else {
      ctx.requireScratch("lstmHidden", n);
      String w = ctx.centeredWeights(constants + "_PROJECTION_WEIGHTS", p.projectionWeights(),
          true, 0);
      String pb = ctx.intArray(constants + "_PROJECTION_BIAS", p.projectionBias());
      body.addStatement("final int[] hidden = lstmHidden");
      body.addStatement("$N(outputGate, inputGate, $L, $L, $L, $L, hidden)",
          ctx.helper(Helper.LSTM_HIDDEN_RAW), n, p.hiddenScale().multiplier(),
          p.hiddenScale().shift(), p.hiddenZp());
      body.addStatement("$N(hidden, $L, $L, $N, $N, $L, $L, $L, $L, $L, t, state, out, $L)",
          ctx.helper(Helper.LSTM_PROJECTION), stepBatches, p.nCell(), w, pb,
          p.projectionScale().multiplier(), p.projectionScale().shift(), p.nOutput(),
          p.outputStateZp(), (int) p.quantizedProjClip(), plan.out().quant().zeroPoint());
    }
    body.endControlFlow();
    if (!timeMajor) {
      body.endControlFlow();
    }
    return MethodSpec.methodBuilder(prefix + "UnidirectionalSequenceLstm")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: UNIDIRECTIONAL_SEQUENCE_LSTM, $L cells, $L time steps,"
            + " $L.\n", op.index(), p.nCell(), p.maxTime(),
            timeMajor ? "time-major" : "batch-major")
        .addJavadoc("$L\n", Layers.describe(plan.in(), plan.out()))
        .addJavadoc("State (kept between inferences): output $L, cell $L.\n",
            Layers.tensor(plan.outputState()), Layers.tensor(plan.cellState()))
        .addCode(body.build())
        .build();
  }

  /**
   * The gate products of one step, all gates in one pass over the input and one over the output
   * state ({@code CalculateLstmGateInteger8x8_16}'s two matrix products and output stage): the
   * gates' weights stacked and transposed to {@code [depth][gates * nCell]}, so that each input
   * value is broadcast over a row of accumulators ({@code lstmAccumulatePairRows}), then each
   * gate's requantization into its buffer.
   */
  private static void emitProducts(CodeBlock.Builder body, IntegerLstmParams p, EmitContext ctx,
      String constants, IntegerLstmParams.Gate[] gates, String[] buffers, int stepBatches) {
    int nCell = p.nCell();
    int nInput = p.nInput();
    int nOutput = p.nOutput();
    java.util.List<Integer> present = new java.util.ArrayList<>();
    for (int k = 0; k < 4; k++) {
      if (gates[k] != null) {
        present.add(k);
      }
    }
    int units = present.size() * nCell;
    byte[] inT = new byte[nInput * units];
    byte[] recT = new byte[nOutput * units];
    int[] bias = new int[units];
    for (int gi = 0; gi < present.size(); gi++) {
      IntegerLstmParams.Gate gate = gates[present.get(gi)];
      byte[] wx = gate.inputWeights();
      byte[] wh = gate.recurrentWeights();
      int[] b = centeredBias(gate.inputBias(), p.inputZp(), wx, nCell, nInput);
      for (int r = 0; r < nCell; r++) {
        int u = gi * nCell + r;
        bias[u] = b[r];
        for (int k = 0; k < nInput; k++) {
          inT[k * units + u] = wx[r * nInput + k];
        }
        for (int k = 0; k < nOutput; k++) {
          recT[k * units + u] = wh[r * nOutput + k];
        }
      }
    }
    String inW = ctx.centeredWeightPairRows(constants + "_INPUT_WEIGHTS", inT, true, 0, nInput,
        units);
    String recW = ctx.centeredWeightPairRows(constants + "_RECURRENT_WEIGHTS", recT, true, 0,
        nOutput, units);
    String biasField = ctx.intArray(constants + "_GATE_BIAS", bias);
    ctx.requireScratch("lstmAccX", units);
    ctx.requireScratch("lstmAccH", units);
    String accumulate = ctx.helper(Helper.LSTM_ACCUMULATE_PAIR_ROWS);
    String output = ctx.helper(Helper.LSTM_GATE_OUTPUT);
    body.add("// Gate products: weights [depth][$L gates x $L cells], one pass over x and one"
        + " over h.\n", present.size(), nCell);
    body.addStatement("final int[] accX = lstmAccX, accH = lstmAccH");
    boolean loop = stepBatches > 1;
    if (loop) {
      body.beginControlFlow("for (int j = 0; j < $L; j++)", stepBatches);
    }
    body.addStatement("System.arraycopy($N, 0, accX, 0, $L)", biasField, units);
    body.addStatement("$T.fill(accH, 0, $L, 0)", java.util.Arrays.class, units);
    body.addStatement("$N(t, $L, $L, $N, accX, $L)", accumulate,
        loop ? "in + j * " + nInput : "in", nInput, inW, units);
    body.addStatement("$N(t, $L, $L, $N, accH, $L)", accumulate,
        loop ? "state + j * " + nOutput : "state", nOutput, recW, units);
    for (int gi = 0; gi < present.size(); gi++) {
      int k = present.get(gi);
      QuantizedMultiplier a = gates[k].inputScale();
      QuantizedMultiplier r = gates[k].recurrentScale();
      body.addStatement("$N(accX, accH, $L, $L, $L, $L, $L, $L, $N, $L)", output, gi * nCell,
          nCell, a.multiplier(), a.shift(), r.multiplier(), r.shift(), buffers[k],
          loop ? "j * " + nCell : "0");
    }
    if (loop) {
      body.endControlFlow();
    }
  }

  private static int[] widen(short[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  /**
   * The gate bias for centered input: TFLite folds {@code -inputZp * rowSum} into the bias
   * because it multiplies raw values; the arena's values are already minus the zero point, so
   * the fold is undone (int32 arithmetic wraps the same either way).
   */
  static int[] centeredBias(int[] folded, int inputZp, byte[] weights, int rows, int cols) {
    int[] out = folded.clone();
    for (int r = 0; r < rows; r++) {
      int rowSum = 0;
      for (int k = 0; k < cols; k++) {
        rowSum += weights[r * cols + k];
      }
      out[r] += rowSum * inputZp;
    }
    return out;
  }
}

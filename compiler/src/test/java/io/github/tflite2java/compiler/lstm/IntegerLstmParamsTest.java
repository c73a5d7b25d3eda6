package io.github.tflite2java.compiler.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.lstm.LstmOperands.LstmTensor;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import io.github.tflite2java.compiler.testing.SharedFiles;
import io.github.tflite2java.compiler.tflite.TflModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What Prepare computes for the shared LSTM models, and the errors for unsupported variants. */
class IntegerLstmParamsTest {

  static LstmOperands operands(String model, int op) throws Exception {
    byte[] bytes = Files.readAllBytes(SharedFiles.model("real/" + model + ".tflite"));
    io.github.tflite2java.compiler.ir.ModelGraph g =
        io.github.tflite2java.compiler.reader.TfliteReader.read(model + ".tflite", bytes);
    return io.github.tflite2java.compiler.ops.UnidirectionalSequenceLstm.operands(g,
        g.operators().get(op));
  }

  @Test
  void trainedLstmInt8() throws Exception {
    LstmOperands ops = operands("trained_lstm_int8", 0);
    assertEquals(4, ops.options().fusedActivation()); // TANH, ignored by the integer kernel
    assertEquals(10.0f, ops.options().cellClip());
    IntegerLstmParams p = IntegerLstmParams.of("trained_lstm_int8.tflite", ops);
    assertEquals(List.of(1, 28, 28, 20, 20),
        List.of(p.nBatch(), p.maxTime(), p.nInput(), p.nCell(), p.nOutput()));
    assertEquals(-12, p.cellScaleLog2()); // 2.4414062E-4
    // 10 / 2^-12 = 40960, clamped to int16.
    assertEquals(32767, p.quantizedCellClip());
    assertEquals(0, p.quantizedProjClip());
    assertEquals(-128, p.inputZp());
    assertEquals(0, p.outputStateZp());
    assertEquals(0, p.hiddenZp());
    assertNull(p.projectionWeights());
    assertEquals(16, p.outputStateTensor());
    assertEquals(17, p.cellStateTensor());
    // Effective scales: float products, then TFLite's QuantizeMultiplier.
    float effIn = 0.007401021f * 0.003921569f / (float) Math.pow(2, -12);
    assertEquals(QuantizedMultiplier.of(effIn), p.forgetGate().inputScale());
    float effRec = 0.0057834135f * 0.0078167925f / (float) Math.pow(2, -12);
    assertEquals(QuantizedMultiplier.of(effRec), p.forgetGate().recurrentScale());
    assertEquals(QuantizedMultiplier.of((float) (Math.pow(2, -30) / 0.0078167925f)),
        p.hiddenScale());
    // Folded bias: bias + 128 * row sum (input zp -128); the recurrent zp is 0.
    LstmTensor w = ops.input(LstmOperands.INPUT_TO_FORGET_WEIGHTS);
    LstmTensor b = ops.input(LstmOperands.FORGET_GATE_BIAS);
    int bias0 = ByteBuffer.wrap(b.data()).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    int rowSum = 0;
    for (int k = 0; k < 28; k++) {
      rowSum += w.data()[k];
    }
    assertEquals(bias0 + 128 * rowSum, p.forgetGate().inputBias()[0]);
    assertEquals(0, p.forgetGate().recurrentBias()[0]);
  }

  @Test
  void microSpeechLstmHasANonZeroStateZeroPoint() throws Exception {
    IntegerLstmParams p = IntegerLstmParams.of("m", operands("micro_speech_lstm", 0));
    assertEquals(-11, p.cellScaleLog2()); // 4.8828125E-4
    assertEquals(20480, p.quantizedCellClip()); // 10 / 2^-11
    assertEquals(-1, p.outputStateZp());
    assertEquals(-1, p.hiddenZp());
    byte[] fresh = p.initialOutputState();
    assertEquals(80, fresh.length);
    assertTrue(allEqual(fresh, (byte) -1), "ResetVariableTensor fills int8 state with its zp");
  }

  @Test
  void dtlnSecondLstm() throws Exception {
    IntegerLstmParams p = IntegerLstmParams.of("d", operands("dtln_noise_suppression", 1));
    assertEquals(List.of(1, 1, 128, 128, 128),
        List.of(p.nBatch(), p.maxTime(), p.nInput(), p.nCell(), p.nOutput()));
    assertEquals(-4, p.outputStateZp());
    assertEquals(0, p.inputZp());
  }

  private static boolean allEqual(byte[] a, byte v) {
    for (byte x : a) {
      if (x != v) {
        return false;
      }
    }
    return true;
  }

  // ---- errors

  static LstmOperands withInput(LstmOperands ops, int slot, UnaryOperator<LstmTensor> change) {
    List<LstmTensor> inputs = new ArrayList<>(ops.inputs());
    while (inputs.size() <= slot) {
      inputs.add(null);
    }
    inputs.set(slot, change.apply(inputs.get(slot)));
    return new LstmOperands(ops.operator(), ops.kind(), inputs, ops.output(), ops.intermediates(),
        ops.options());
  }

  static LstmTensor retype(LstmTensor t, TensorType type) {
    return new LstmTensor(t.index(), t.name(), type, t.shape(), t.scales(), t.zeroPoints(),
        t.data(), t.variable());
  }

  static String message(LstmOperands ops) {
    return assertThrows(ModelCompileException.class, () -> IntegerLstmParams.of("m.tflite", ops))
        .getMessage();
  }

  @Test
  void floatAndHybridLstmsAreRejected() throws Exception {
    LstmOperands ops = operands("trained_lstm_int8", 0);
    LstmOperands hybrid = withInput(ops, 0, t -> retype(t, TensorType.FLOAT32));
    assertEquals("m.tflite: operator 0 (UNIDIRECTIONAL_SEQUENCE_LSTM) is a hybrid LSTM (float32"
        + " input, INT8 weights); only the integer LSTM (int8 input and weights, int16 cell"
        + " state) is supported", message(hybrid));
    LstmOperands floatLstm =
        withInput(hybrid, LstmOperands.INPUT_TO_OUTPUT_WEIGHTS, t -> retype(t, TensorType.FLOAT32));
    assertTrue(message(floatLstm).contains("is a float32 LSTM"), message(floatLstm));
  }

  @Test
  void layerNormNeedsTheForgetCoefficientsAndQuantizedIntermediates() throws Exception {
    LstmOperands ops = operands("trained_lstm_int8", 0);
    LstmTensor coeff = new LstmTensor(99, "ln", TensorType.INT16, new int[] {20},
        new float[] {1e-4f}, new long[] {0}, new byte[40], false);
    String inputOnly = message(withInput(ops, LstmOperands.INPUT_LAYER_NORM_COEFFICIENTS,
        t -> coeff));
    assertTrue(inputOnly.endsWith("operator 0 (UNIDIRECTIONAL_SEQUENCE_LSTM) has layer-norm"
        + " coefficients (input 20) but none for the forget gate (input 21)"), inputOnly);
    LstmOperands all = ops;
    for (int slot = 20; slot <= 23; slot++) {
      all = withInput(all, slot, t -> coeff);
    }
    // The shared models' intermediates 0-3 carry no quantization: fine without layer norm only.
    String m = message(all);
    assertTrue(m.contains("is a layer-norm LSTM but intermediate 0 tensor 18"
        + " 'input_to_input_intermediate' FLOAT32[0] has no quantization"), m);
  }

  @Test
  void otherLstmOperatorsAreRejected() throws Exception {
    LstmOperands ops = operands("trained_lstm_int8", 0);
    LstmOperands full = new LstmOperands("operator 0 (LSTM)", "LSTM", ops.inputs(), ops.output(),
        ops.intermediates(), ops.options());
    assertTrue(message(full).endsWith("only UNIDIRECTIONAL_SEQUENCE_LSTM is supported, not LSTM"));
  }

  @Test
  void cellStateScaleMustBeAPowerOfTwoTanhCanTake() throws Exception {
    LstmOperands ops = operands("trained_lstm_int8", 0);
    String notPot = message(withInput(ops, LstmOperands.CELL_STATE, t -> new LstmTensor(t.index(),
        t.name(), t.type(), t.shape(), new float[] {3e-4f}, t.zeroPoints(), t.data(), true)));
    assertTrue(notPot.contains("has scale 3.0E-4, not a power of two"), notPot);
    String coarse = message(withInput(ops, LstmOperands.CELL_STATE, t -> new LstmTensor(t.index(),
        t.name(), t.type(), t.shape(), new float[] {1f / 256}, t.zeroPoints(), t.data(), true)));
    assertTrue(coarse.contains("has scale 2^-8; TFLite 2.9 computes tanh of the cell state only"
        + " for scales 2^-15 .. 2^-9"), coarse);
  }

  @Test
  void stateTensorsMustBeVariables() throws Exception {
    LstmOperands ops = operands("trained_lstm_int8", 0);
    String m = message(withInput(ops, LstmOperands.OUTPUT_STATE, t -> new LstmTensor(t.index(),
        t.name(), t.type(), t.shape(), t.scales(), t.zeroPoints(), t.data(), false)));
    assertTrue(m.contains("output state tensor 16") && m.contains("is not a variable tensor"), m);
  }

  @Test
  void perChannelWeightsAreRejected() throws Exception {
    LstmOperands ops = operands("trained_lstm_int8", 0);
    float[] scales = new float[20];
    Arrays.fill(scales, 0.01f);
    String m = message(withInput(ops, LstmOperands.INPUT_TO_CELL_WEIGHTS, t -> new LstmTensor(
        t.index(), t.name(), t.type(), t.shape(), scales, new long[20], t.data(), false)));
    assertTrue(m.contains("input-to-cell weights tensor 13")
        && m.contains("quantized per channel; only per-tensor is supported"), m);
  }

  @Test
  void peepholeWithAWiderProjectionIsRejected() throws Exception {
    LstmOperands ops = operands("trained_lstm_int8", 0);
    // 20 cells, projection to 24 outputs, peephole weights: TFLite reads past them.
    LstmTensor peep = new LstmTensor(90, "peep", TensorType.INT16, new int[] {20},
        new float[] {1e-3f}, new long[] {0}, new byte[40], false);
    LstmOperands o = ops;
    for (int slot : new int[] {9, 10, 11}) {
      o = withInput(o, slot, t -> peep);
    }
    LstmTensor proj = new LstmTensor(91, "proj", TensorType.INT8, new int[] {24, 20},
        new float[] {1e-2f}, new long[] {0}, new byte[480], false);
    o = withInput(o, LstmOperands.PROJECTION_WEIGHTS, t -> proj);
    // Recurrent weights and states sized for 24 outputs.
    for (int slot = 5; slot <= 8; slot++) {
      o = withInput(o, slot, t -> new LstmTensor(t.index(), t.name(), t.type(),
          new int[] {20, 24}, t.scales(), t.zeroPoints(), new byte[480], false));
    }
    o = withInput(o, LstmOperands.OUTPUT_STATE, t -> new LstmTensor(t.index(), t.name(),
        t.type(), new int[] {1, 24}, t.scales(), t.zeroPoints(), null, true));
    LstmTensor out = o.output();
    o = new LstmOperands(o.operator(), o.kind(), o.inputs(), new LstmTensor(out.index(),
        out.name(), out.type(), new int[] {1, 28, 24}, out.scales(), out.zeroPoints(), null,
        false), o.intermediates(), o.options());
    String m = message(o);
    assertTrue(m.contains("combines peephole weights with a projection to more outputs (24)"
        + " than cells (20)"), m);
  }
}

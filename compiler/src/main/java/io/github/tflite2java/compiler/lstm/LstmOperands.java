package io.github.tflite2java.compiler.lstm;

import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What an LSTM operator refers to, gathered from the model: its input slots (TFLite's 24, or the
 * legacy 20; {@code null} for an omitted optional input), its output, its intermediate tensors
 * and its options, read from the graph IR ({@link #fromGraph}).
 *
 * @param operator how messages name the operator, e.g. {@code operator 0
 *     (UNIDIRECTIONAL_SEQUENCE_LSTM)}
 * @param kind the builtin operator name
 * @param inputs one entry per input slot, {@code null} where the model has -1
 * @param output the output tensor
 * @param intermediates the intermediate tensors, in order (empty when absent)
 * @param options the decoded options
 */
public record LstmOperands(
    String operator,
    String kind,
    List<LstmTensor> inputs,
    LstmTensor output,
    List<LstmTensor> intermediates,
    Options options) {

  // Input slots of TFLite's lstm_shared.h (kernels/lstm_shared.h, namespace lstm::full).
  public static final int INPUT = 0;
  public static final int INPUT_TO_INPUT_WEIGHTS = 1;
  public static final int INPUT_TO_FORGET_WEIGHTS = 2;
  public static final int INPUT_TO_CELL_WEIGHTS = 3;
  public static final int INPUT_TO_OUTPUT_WEIGHTS = 4;
  public static final int RECURRENT_TO_INPUT_WEIGHTS = 5;
  public static final int RECURRENT_TO_FORGET_WEIGHTS = 6;
  public static final int RECURRENT_TO_CELL_WEIGHTS = 7;
  public static final int RECURRENT_TO_OUTPUT_WEIGHTS = 8;
  public static final int CELL_TO_INPUT_WEIGHTS = 9;
  public static final int CELL_TO_FORGET_WEIGHTS = 10;
  public static final int CELL_TO_OUTPUT_WEIGHTS = 11;
  public static final int INPUT_GATE_BIAS = 12;
  public static final int FORGET_GATE_BIAS = 13;
  public static final int CELL_GATE_BIAS = 14;
  public static final int OUTPUT_GATE_BIAS = 15;
  public static final int PROJECTION_WEIGHTS = 16;
  public static final int PROJECTION_BIAS = 17;
  public static final int OUTPUT_STATE = 18;
  public static final int CELL_STATE = 19;
  public static final int INPUT_LAYER_NORM_COEFFICIENTS = 20;
  public static final int FORGET_LAYER_NORM_COEFFICIENTS = 21;
  public static final int CELL_LAYER_NORM_COEFFICIENTS = 22;
  public static final int OUTPUT_LAYER_NORM_COEFFICIENTS = 23;

  public LstmOperands {
    inputs = Collections.unmodifiableList(new ArrayList<>(inputs));
    intermediates = List.copyOf(intermediates);
  }

  /** The tensor in input slot {@code slot}, or null when omitted or past the end. */
  public LstmTensor input(int slot) {
    return slot < inputs.size() ? inputs.get(slot) : null;
  }

  /**
   * One tensor as the LSTM kernel sees it: per-tensor scale and zero point are the first entry
   * (TFLite's {@code params.scale} / {@code params.zero_point}).
   *
   * @param index tensor index in the subgraph
   * @param name the model's name for it (untrusted text)
   * @param type element type, or null for a code the schema does not define
   * @param shape static shape
   * @param scales all scales (empty when unquantized)
   * @param zeroPoints all zero points
   * @param data constant bytes, or null for a run-time tensor
   * @param variable TFLite's {@code is_variable}
   */
  public record LstmTensor(
      int index,
      String name,
      TensorType type,
      int[] shape,
      float[] scales,
      long[] zeroPoints,
      byte[] data,
      boolean variable) {

    public boolean isQuantized() {
      return scales.length > 0;
    }

    public float scale() {
      return scales.length > 0 ? scales[0] : 0f;
    }

    public int zeroPoint() {
      return zeroPoints.length > 0 ? (int) zeroPoints[0] : 0;
    }

    public long elementCount() {
      long n = 1;
      for (int d : shape) {
        n *= d;
      }
      return n;
    }

    /** "tensor 16 'name' INT8[1,20]" (the name is truncated, never trusted). */
    public String describe() {
      String n = name == null ? "" : name.length() > 60 ? name.substring(0, 60) + "..." : name;
      return "tensor " + index + " '" + n + "' " + type + Arrays.toString(shape).replace(" ", "");
    }
  }

  /**
   * UnidirectionalSequenceLSTMOptions (or LSTMOptions, whose fields 0-2 and 4 line up; it has
   * no time_major and its field 3 is kernel_type).
   */
  public record Options(
      int fusedActivation,
      float cellClip,
      float projClip,
      boolean timeMajor,
      boolean asymmetricQuantizeInputs,
      boolean diagonalRecurrentTensors) {}

  /**
   * The operands of {@code op} in graph {@code g}, with its options (decoded by the operator's
   * kernel).
   */
  public static LstmOperands fromGraph(ModelGraph g, Operator op, Options options) {
    List<LstmTensor> inputs = new ArrayList<>();
    for (int t : op.inputs()) {
      inputs.add(t < 0 ? null : tensor(g.tensor(t)));
    }
    LstmTensor output = op.outputCount() == 0 ? null : tensor(g.tensor(op.output(0)));
    List<LstmTensor> intermediates = new ArrayList<>();
    for (int t : op.intermediates()) {
      intermediates.add(tensor(g.tensor(t)));
    }
    return new LstmOperands(op.describe(), op.kind(), inputs, output, intermediates, options);
  }

  private static LstmTensor tensor(Tensor t) {
    byte[] data = t.data() == null || t.data().length == 0 ? null : t.data();
    return new LstmTensor(t.index(), t.name(), t.type(), t.shape(), t.quant().scales(),
        t.quant().zeroPoints(), data, t.variable());
  }
}

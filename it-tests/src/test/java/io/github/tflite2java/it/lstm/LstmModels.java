package io.github.tflite2java.it.lstm;

import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.lstm.LstmOperands;
import io.github.tflite2java.compiler.lstm.LstmOperands.LstmTensor;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TflModel;
import io.github.tflite2java.compiler.tflite.TflSubGraph;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One-operator LSTM models for the live comparisons: cut out of a real model (same tensors,
 * weights, options, variable state tensors and intermediates), or generated at random sizes and
 * quantizations from a seed.
 */
final class LstmModels {

  private LstmModels() {}

  static final int LSTM = BuiltinOperator.code("UNIDIRECTIONAL_SEQUENCE_LSTM");

  /** Indices of the UNIDIRECTIONAL_SEQUENCE_LSTM operators of subgraph 0. */
  static List<Integer> lstmOperators(TflModel model) {
    List<Integer> out = new ArrayList<>();
    TflSubGraph g = model.subgraph(0);
    for (int i = 0; i < g.operatorsLength(); i++) {
      int code = model.operatorCode((int) g.operator(i).opcodeIndex()).builtinCode();
      if (code == LSTM) {
        out.add(i);
      }
    }
    return out;
  }

  /** The operands of operator {@code operator} of a model, read through the compiler's reader. */
  static LstmOperands operands(byte[] model, int operator) {
    try {
      io.github.tflite2java.compiler.ir.ModelGraph g =
          io.github.tflite2java.compiler.reader.TfliteReader.read("model.tflite", model);
      return io.github.tflite2java.compiler.ops.UnidirectionalSequenceLstm.operands(g,
          g.operators().get(operator));
    } catch (io.github.tflite2java.compiler.ModelCompileException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** A model holding only this operator, with the operator's input as model input. */
  static byte[] cut(LstmOperands ops) {
    TfliteModelBuilder b = new TfliteModelBuilder().description("LSTM cut from " + ops.operator());
    int[] inputs = new int[ops.inputs().size()];
    for (int slot = 0; slot < inputs.length; slot++) {
      LstmTensor t = ops.input(slot);
      inputs[slot] = t == null ? -1 : add(b, t);
    }
    int output = add(b, ops.output());
    int[] intermediates = new int[ops.intermediates().size()];
    for (int i = 0; i < intermediates.length; i++) {
      intermediates[i] = add(b, ops.intermediates().get(i));
    }
    int op = b.addOperator(LSTM, 1, inputs, new int[] {output}, null);
    LstmOperands.Options o = ops.options();
    b.unidirectionalSequenceLstmOptions(op, o.fusedActivation(), o.cellClip(), o.projClip(),
        o.timeMajor(), o.asymmetricQuantizeInputs());
    if (intermediates.length > 0) {
      b.intermediates(op, intermediates);
    }
    return b.inputs(inputs[0]).outputs(output).build();
  }

  private static int add(TfliteModelBuilder b, LstmTensor t) {
    QuantParams q = t.isQuantized() ? new QuantParams(t.scales(), t.zeroPoints(), 0) : QuantParams.NONE;
    int i = t.data() != null
        ? b.addConstantTensor(t.name(), t.type(), t.shape(), q, t.data())
        : b.addTensor(t.name(), t.type(), t.shape(), q);
    if (t.variable()) {
      b.variable(i, true);
    }
    return i;
  }

  /** The shape of a random LSTM. */
  record Spec(long seed, int batch, int time, int input, int cells, int outputs, boolean timeMajor,
      boolean cifg, boolean peephole, boolean projection, int cellScaleLog2, float cellClip,
      float projClip, boolean layerNorm) {
    @Override
    public String toString() {
      return "seed " + seed + ": batch " + batch + ", time " + time + ", input " + input
          + ", cells " + cells + ", outputs " + outputs + (timeMajor ? ", time-major" : "")
          + (cifg ? ", CIFG" : "") + (peephole ? ", peephole" : "")
          + (projection ? ", projection" : "") + (layerNorm ? ", layer norm" : "")
          + ", cell scale 2^" + cellScaleLog2
          + ", cell clip " + cellClip + ", proj clip " + projClip;
    }
  }

  /** A random spec; {@code variants} allows CIFG, peephole and projection. */
  static Spec spec(long seed, boolean variants) {
    Random r = new Random(seed);
    int cells = 1 + r.nextInt(24);
    boolean projection = variants && r.nextInt(3) == 0;
    int outputs = projection ? 1 + r.nextInt(20) : cells;
    boolean timeMajor = r.nextInt(3) == 0;
    boolean cifg = variants && r.nextInt(3) == 0;
    // Peephole with a projection to more outputs than cells is rejected (TFLite reads past the
    // peephole weights); IntegerLstmParamsTest covers the message.
    boolean peephole = variants && r.nextInt(3) == 0 && outputs <= cells;
    return new Spec(seed, 1 + r.nextInt(2), 1 + r.nextInt(6), 1 + r.nextInt(20), cells, outputs,
        timeMajor, cifg, peephole, projection, -9 - r.nextInt(7), r.nextBoolean() ? 0f : 0.5f + 10 * r.nextFloat(),
        projection && r.nextBoolean() ? 0.2f + 2 * r.nextFloat() : 0f,
        variants && r.nextInt(3) == 0);
  }

  /** Builds the one-operator model of a spec: int8 weights, int32 biases, int16 cell state. */
  static byte[] random(Spec s) {
    Random r = new Random(s.seed() * 31 + 7);
    TfliteModelBuilder b = new TfliteModelBuilder().description("random LSTM " + s);
    int[] in = new int[24];
    java.util.Arrays.fill(in, -1);
    float inputScale = 0.005f + 0.1f * r.nextFloat();
    int[] inShape = s.timeMajor()
        ? new int[] {s.time(), s.batch(), s.input()}
        : new int[] {s.batch(), s.time(), s.input()};
    in[0] = b.addTensor("input", TensorType.INT8, inShape,
        QuantParams.perTensor(inputScale, r.nextInt(256) - 128));
    float outputScale = 1f / 128 + 0.01f * r.nextFloat();
    int outputZp = r.nextInt(21) - 10;
    for (int gate = 0; gate < 4; gate++) {
      if (gate == 0 && s.cifg()) {
        continue;
      }
      float wi = 0.002f + 0.03f * r.nextFloat();
      float wr = 0.002f + 0.03f * r.nextFloat();
      in[1 + gate] = weights(b, r, "input_to_" + gate, s.cells(), s.input(), wi);
      in[5 + gate] = weights(b, r, "recurrent_to_" + gate, s.cells(), s.outputs(), wr);
      in[12 + gate] = bias(b, r, "bias_" + gate, s.cells(), wi * inputScale);
      if (s.layerNorm()) {
        in[20 + gate] = peephole(b, r, "layer_norm_" + gate, s.cells(),
            0.0001f + 0.0004f * r.nextFloat());
      }
      if (s.peephole() && gate != 2) {
        in[gate == 3 ? 11 : 9 + gate] = peephole(b, r, "cell_to_" + gate, s.cells(), 0.0005f + 0.01f * r.nextFloat());
      }
    }
    if (s.projection()) {
      float wp = 0.002f + 0.03f * r.nextFloat();
      in[16] = weights(b, r, "projection", s.outputs(), s.cells(), wp);
      if (r.nextBoolean()) {
        in[17] = bias(b, r, "projection_bias", s.outputs(), wp / 128);
      }
    }
    in[18] = b.addTensor("output_state", TensorType.INT8, new int[] {s.batch(), s.outputs()},
        QuantParams.perTensor(outputScale, outputZp));
    b.variable(in[18], true);
    in[19] = b.addTensor("cell_state", TensorType.INT16, new int[] {s.batch(), s.cells()},
        QuantParams.perTensor((float) Math.pow(2, s.cellScaleLog2()), 0));
    b.variable(in[19], true);
    int[] outShape = inShape.clone();
    outShape[2] = s.outputs();
    int out = b.addTensor("output", TensorType.INT8, outShape,
        QuantParams.perTensor(outputScale, outputZp));
    int[] im = new int[5];
    for (int i = 0; i < 4; i++) {
      im[i] = s.layerNorm()
          ? b.addTensor("intermediate_" + i, TensorType.INT16, new int[] {0},
              QuantParams.perTensor(0.0002f + 0.002f * r.nextFloat(), 0))
          : b.addTensor("intermediate_" + i, TensorType.FLOAT32, new int[] {0});
    }
    // Without projection the hidden intermediate is the output's quantization, as converters
    // write it; with one it is its own.
    im[4] = b.addTensor("effective_hidden_scale_intermediate", TensorType.INT8, new int[] {0},
        s.projection()
            ? QuantParams.perTensor(1f / 128 + 0.01f * r.nextFloat(), r.nextInt(11) - 5)
            : QuantParams.perTensor(outputScale, outputZp));
    int op = b.addOperator(LSTM, 1, in, new int[] {out}, null);
    b.unidirectionalSequenceLstmOptions(op, 4, s.cellClip(), s.projClip(), s.timeMajor(), false);
    b.intermediates(op, im);
    return b.inputs(in[0]).outputs(out).build();
  }

  private static int weights(TfliteModelBuilder b, Random r, String name, int rows, int cols,
      float scale) {
    byte[] w = new byte[rows * cols];
    for (int i = 0; i < w.length; i++) {
      w[i] = (byte) (r.nextInt(255) - 127);
    }
    return b.addConstantTensor(name, TensorType.INT8, new int[] {rows, cols},
        QuantParams.perTensor(scale, 0), w);
  }

  private static int bias(TfliteModelBuilder b, Random r, String name, int n, float scale) {
    ByteBuffer bb = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      bb.putInt(r.nextInt(40001) - 20000);
    }
    return b.addConstantTensor(name, TensorType.INT32, new int[] {n},
        QuantParams.perTensor(scale, 0), bb.array());
  }

  private static int peephole(TfliteModelBuilder b, Random r, String name, int n, float scale) {
    ByteBuffer bb = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      bb.putShort((short) (r.nextInt(20001) - 10000));
    }
    return b.addConstantTensor(name, TensorType.INT16, new int[] {n},
        QuantParams.perTensor(scale, 0), bb.array());
  }
}

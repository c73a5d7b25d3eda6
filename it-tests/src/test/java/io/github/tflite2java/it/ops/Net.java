package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A model under construction by the generators: a {@link TfliteModelBuilder} plus what a fuzz
 * case needs to know about it (its run-time inputs, the operators used, a one-line
 * description, and whether it is deliberately unsupported by tflite2java).
 */
final class Net {
  final Rnd rnd;
  /** Whether models may have several inputs and outputs (the compiler's API allows it). */
  final boolean multiIo;
  private final TfliteModelBuilder builder = new TfliteModelBuilder();
  private final List<Act> inputs = new ArrayList<>();
  private final Set<String> ops = new LinkedHashSet<>();
  private final List<String> steps = new ArrayList<>();
  private final Set<Integer> constants = new java.util.HashSet<>();
  private final List<String> expectedProblems = new ArrayList<>();
  private final List<String> unsupportedBecause = new ArrayList<>();
  private java.util.function.Function<byte[][], int[]> specified;
  private int names;
  private int lastOperator = -1;
  /** Run-time tensors (inputs and operator outputs): index and shape. */
  private final List<Act> runtime = new ArrayList<>();
  /**
   * Whether to write shape signatures with -1 in dimension 0 for every run-time tensor, as
   * Keras/MLIR converters write a dynamic batch (TFLite ignores them until a resize; tflite2java
   * compiles at the stored shape).
   */
  boolean dynamicBatch;
  /**
   * With {@link #dynamicBatch}: the batch the case is compiled for and TFLite resized to (every
   * input's dimension 0), or 0 to run at the stored shapes.
   */
  int batch;

  Net(Rnd rnd, boolean multiIo) {
    this.rnd = rnd;
    this.multiIo = multiIo;
  }

  /** Adds a model input. */
  Act input(TensorType type, int[] shape, float scale, int zeroPoint) {
    Act a = tensor(type, shape, scale, zeroPoint);
    inputs.add(a);
    return a;
  }

  /** Sets the magnitude of the values generated for a float32 model input. */
  void setInputMagnitude(Act input, float magnitude) {
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i).index() == input.index()) {
        Act a = inputs.get(i);
        inputs.set(i, new Act(a.index(), a.type(), a.shape(), magnitude, 0));
      }
    }
  }

  /** Adds a run-time tensor (an operator's output). */
  Act tensor(TensorType type, int[] shape, float scale, int zeroPoint) {
    QuantParams q = type.isQuantized8() || type == TensorType.INT16 && scale > 0
        ? QuantParams.perTensor(scale, zeroPoint)
        : QuantParams.NONE;
    int index = builder.addTensor("t" + (names++), type, shape, q);
    Act a = new Act(index, type, shape, scale, zeroPoint);
    runtime.add(a);
    return a;
  }

  /**
   * Adds a run-time tensor with any quantization (an LSTM's int16 cell state, its
   * intermediates); {@code variable} marks state kept between invocations. Returns its index.
   */
  int rawTensor(TensorType type, int[] shape, QuantParams quant, boolean variable) {
    int index = builder.addTensor("t" + (names++), type, shape, quant);
    if (variable) {
      builder.variable(index, true);
    }
    return index;
  }

  /** Gives the operator added last its intermediate tensors. */
  void intermediates(int... tensors) {
    builder.intermediates(lastOperator, tensors);
  }

  /** Adds a constant tensor; returns its index. */
  int constant(TensorType type, int[] shape, QuantParams quant, byte[] data) {
    int index = builder.addConstantTensor("c" + (names++), type, shape, quant, data);
    constants.add(index);
    return index;
  }

  /** Adds a constant int32 tensor (no quantization); returns its index. */
  int int32Constant(int[] shape, int[] values) {
    return constant(TensorType.INT32, shape, QuantParams.NONE, int32s(values));
  }

  /**
   * Adds an operator.
   *
   * @param step one-line description of the operator and its options, for the case description
   */
  void op(String kind, int version, int[] in, int[] out, OperatorOptions options, String step) {
    int code = BuiltinOperator.code(kind);
    if (code < 0) {
      throw new IllegalArgumentException("unknown builtin " + kind);
    }
    lastOperator = builder.addOperator(code, version, in, out, options);
    ops.add(kind);
    StringBuilder args = new StringBuilder();
    for (int i : in) {
      if (i < 0 || !constants.contains(i)) {
        args.append(args.length() == 0 ? "" : ",").append(i < 0 ? "-" : "t" + i);
      }
    }
    String rest = step.startsWith(kind) ? step.substring(kind.length()) : " " + step;
    steps.add("t" + out[0] + "=" + kind + "(" + args + ")" + rest);
  }

  /**
   * Adds a CUSTOM operator {@code code} with FlexBuffer {@code customOptions}.
   *
   * @param step one-line description of the operator and its options, for the case description
   */
  void customOp(String code, int[] in, int[] out, byte[] customOptions, String step) {
    lastOperator = builder.addCustomOperator(code, in, out, customOptions);
    ops.add(code);
    StringBuilder args = new StringBuilder();
    for (int i : in) {
      if (i < 0 || !constants.contains(i)) {
        args.append(args.length() == 0 ? "" : ",").append(i < 0 ? "-" : "t" + i);
      }
    }
    steps.add("t" + out[0] + "=" + code + "(" + args + ") " + step);
  }

  /**
   * Sets which output bytes TFLite specifies, for models whose operator leaves some output
   * bytes unwritten (see {@link FuzzCase#specifiedBytes()}).
   */
  void specifiedBytes(java.util.function.Function<byte[][], int[]> specified) {
    this.specified = specified;
  }

  /**
   * Marks the model as deliberately unsupported by tflite2java: compiling it must fail with a
   * message containing {@code messageFragment} (or the fragment of another problem marked).
   */
  void unsupported(String messageFragment, String because) {
    expectedProblems.add(messageFragment);
    unsupportedBecause.add(because);
  }

  List<Act> inputs() {
    return List.copyOf(inputs);
  }

  Set<String> ops() {
    return Set.copyOf(ops);
  }

  /** Finishes the model with these outputs. */
  FuzzCase finish(String generator, long seed, long index, List<Act> outputs) {
    int[] in = inputs.stream().mapToInt(Act::index).toArray();
    int[] out = outputs.stream().mapToInt(Act::index).toArray();
    builder.inputs(in).outputs(out).description("tflite2java op fuzz " + seed + ":" + index);
    if (dynamicBatch) {
      for (Act a : runtime) {
        if (a.rank() > 0) {
          int[] signature = a.shape();
          signature[0] = -1;
          builder.shapeSignature(a.index(), signature);
        }
      }
    }
    StringBuilder d = new StringBuilder();
    for (Act a : inputs) {
      d.append(d.length() == 0 ? "" : ", ").append('t').append(a.index()).append('=')
          .append(a.describe());
    }
    for (String s : steps) {
      d.append("; ").append(s);
    }
    d.append("; outputs ").append(outputs.stream().map(a -> "t" + a.index()).toList());
    if (dynamicBatch) {
      d.append(" [shape signatures -1 in dimension 0").append(batch > 0 ? ", run at batch "
          + batch : "").append(']');
    }
    if (!expectedProblems.isEmpty()) {
      d.append(" [deliberately unsupported: ").append(String.join("; ", unsupportedBecause))
          .append(']');
    }
    return new FuzzCase(generator, seed, index, d.toString(), builder.build(), List.copyOf(inputs),
        List.copyOf(outputs), Set.copyOf(ops), List.copyOf(expectedProblems), batch,
        specified);
  }

  static byte[] int64s(long[] values) {
    ByteBuffer bb = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      bb.putLong(v);
    }
    return bb.array();
  }

  /**
   * When the model is already deliberately unsupported, also accepts a compile error naming
   * {@code messageFragment} (a variant whose own check fires first, e.g. int16's zero point).
   */
  void alsoExpect(String messageFragment) {
    if (!expectedProblems.isEmpty()) {
      expectedProblems.add(messageFragment);
    }
  }

  static byte[] int32s(int[] values) {
    ByteBuffer bb = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      bb.putInt(v);
    }
    return bb.array();
  }
}

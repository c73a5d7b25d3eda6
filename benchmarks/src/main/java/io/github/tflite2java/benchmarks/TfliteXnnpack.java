package io.github.tflite2java.benchmarks;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithXNNPACK;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.RegistrationNodePair;
import org.bytedeco.tensorflowlite.global.tensorflowlite;

/**
 * TFLite 2.21 (JavaCPP presets {@code org.bytedeco:tensorflow-lite}) with its XNNPACK delegate:
 * {@code BuiltinOpResolverWithXNNPACK(true)} (XNNPACK also for unsigned 8-bit models, the
 * MobileNet v1 files here), {@code InterpreterBuilder.SetNumThreads(1)} before the interpreter is
 * built, so the delegate runs on one thread. Preallocated native buffers: {@link #run()} copies
 * the input in, invokes and copies the output out, like {@link TfliteC}. Not thread-safe.
 *
 * <p>XNNPACK's quantized kernels are not TFLite's reference arithmetic, so its output may differ
 * from the golden bytes: the benchmark records the difference instead of refusing to run.
 */
final class TfliteXnnpack implements AutoCloseable {

  /** {@code kTfLiteBuiltinDelegate}: the builtin code of a delegate's kernel node. */
  private static final int BUILTIN_DELEGATE = 51;

  /** BuildFromBuffer does not copy: the bytes must outlive the model. */
  private final BytePointer modelData;

  private final FlatBufferModel model;
  private final BuiltinOpResolverWithXNNPACK resolver;
  private final Interpreter interpreter;
  private final byte[] inputBytes;
  private final byte[] outputBytes;
  private final BytePointer input;
  private final BytePointer output;
  private final int delegateKernels;
  private final long nodes;
  private final String notDelegated;

  TfliteXnnpack(byte[] modelBytes, byte[] inputBytes) {
    modelData = new BytePointer(modelBytes.length);
    modelData.put(modelBytes);
    model = FlatBufferModel.BuildFromBuffer(modelData, modelBytes.length);
    if (model == null || model.isNull()) {
      throw new IllegalArgumentException("FlatBufferModel.BuildFromBuffer failed");
    }
    resolver = new BuiltinOpResolverWithXNNPACK(true);
    InterpreterBuilder builder = new InterpreterBuilder(model, resolver);
    check(builder.SetNumThreads(1), "InterpreterBuilder.SetNumThreads");
    interpreter = new Interpreter((Pointer) null);
    check(builder.apply(interpreter), "InterpreterBuilder");
    builder.close();
    if (interpreter.isNull()) {
      throw new IllegalStateException("InterpreterBuilder made no interpreter");
    }
    check(interpreter.AllocateTensors(), "AllocateTensors");
    long inBytes = interpreter.input_tensor(0).bytes();
    if (inBytes != inputBytes.length) {
      throw new IllegalArgumentException(
          "input must be " + inBytes + " bytes, got " + inputBytes.length);
    }
    this.inputBytes = inputBytes.clone();
    outputBytes = new byte[(int) interpreter.output_tensor(0).bytes()];
    input = interpreter.input_tensor(0).data().raw().capacity(inBytes);
    output = interpreter.output_tensor(0).data().raw().capacity(outputBytes.length);
    IntPointer plan = interpreter.execution_plan();
    int delegates = 0;
    StringBuilder others = new StringBuilder();
    for (long i = 0; i < plan.limit(); i++) {
      RegistrationNodePair pair = interpreter.node_and_registration(plan.get(i));
      int code = pair.second().builtin_code();
      if (code == BUILTIN_DELEGATE) {
        delegates++;
      } else {
        others.append(others.length() == 0 ? "" : ", ").append(opName(code));
      }
    }
    nodes = plan.limit();
    delegateKernels = delegates;
    notDelegated = others.toString();
  }

  /** Copies the input into the interpreter, invokes it and copies the output out. */
  byte[] run() {
    input.put(inputBytes, 0, inputBytes.length);
    check(interpreter.Invoke(), "Invoke");
    output.get(outputBytes, 0, outputBytes.length);
    return outputBytes;
  }

  /** A copy of the last output. */
  byte[] output() {
    return outputBytes.clone();
  }

  /** How many XNNPACK kernels the execution plan runs (0: XNNPACK took nothing). */
  int delegateKernels() {
    return delegateKernels;
  }

  /** How the graph was delegated: the count of delegate kernels among the interpreter's nodes. */
  String delegation() {
    return "execution plan of "
        + nodes
        + " node(s): "
        + delegateKernels
        + " XNNPACK kernel(s)"
        + (notDelegated.isEmpty() ? "" : ", TFLite's own kernels: " + notDelegated);
  }

  private static String opName(int builtinCode) {
    switch (builtinCode) {
      case 1:
        return "AVERAGE_POOL_2D";
      case 3:
        return "CONV_2D";
      case 4:
        return "DEPTHWISE_CONV_2D";
      case 22:
        return "RESHAPE";
      case 25:
        return "SOFTMAX";
      default:
        return "builtin " + builtinCode;
    }
  }

  static String runtimeVersion() {
    return tensorflowlite.TfLiteVersion().getString();
  }

  @Override
  public void close() {
    interpreter.close();
    resolver.close();
    model.close();
    modelData.close();
  }

  private static void check(int status, String call) {
    if (status != 0) {
      throw new IllegalStateException(call + " returned TfLiteStatus " + status);
    }
  }
}

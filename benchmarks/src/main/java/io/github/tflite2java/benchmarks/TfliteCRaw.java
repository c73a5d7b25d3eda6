package io.github.tflite2java.benchmarks;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * TFLite 2.9.0's C library through JNA for any number of input and output tensors of any type:
 * the raw bytes of each tensor ({@code TfLiteTensorCopyFromBuffer} / {@code CopyToBuffer}), as the
 * generated {@code inferRaw(byte[][], byte[][])} takes them. One thread, default options, native
 * buffers allocated once. Variable (state) tensors carry from one {@link #run} to the next, as in
 * one interpreter. Not thread-safe.
 */
final class TfliteCRaw implements AutoCloseable {

  private final TfliteC.Api c = TfliteC.api();
  /** TfLiteModelCreate does not copy: the bytes must outlive the model. */
  private final Memory modelData;

  private final Pointer model;
  private final Pointer interpreter;
  private final Pointer[] inputTensors;
  private final Pointer[] outputTensors;
  private final Memory[] inputs;
  private final Memory[] outputs;
  private final long[] inputSizes;
  private final long[] outputSizes;

  TfliteCRaw(byte[] modelBytes) {
    modelData = new Memory(modelBytes.length);
    modelData.write(0, modelBytes, 0, modelBytes.length);
    model = c.TfLiteModelCreate(modelData, modelBytes.length);
    if (model == null) {
      throw new IllegalArgumentException("TfLiteModelCreate failed");
    }
    Pointer options = c.TfLiteInterpreterOptionsCreate();
    c.TfLiteInterpreterOptionsSetNumThreads(options, 1);
    interpreter = c.TfLiteInterpreterCreate(model, options);
    c.TfLiteInterpreterOptionsDelete(options);
    if (interpreter == null) {
      throw new IllegalArgumentException("TfLiteInterpreterCreate failed");
    }
    check(c.TfLiteInterpreterAllocateTensors(interpreter), "TfLiteInterpreterAllocateTensors");
    int in = c.TfLiteInterpreterGetInputTensorCount(interpreter);
    int out = c.TfLiteInterpreterGetOutputTensorCount(interpreter);
    inputTensors = new Pointer[in];
    inputs = new Memory[in];
    inputSizes = new long[in];
    for (int i = 0; i < in; i++) {
      inputTensors[i] = c.TfLiteInterpreterGetInputTensor(interpreter, i);
      inputSizes[i] = c.TfLiteTensorByteSize(inputTensors[i]);
      inputs[i] = new Memory(Math.max(1, inputSizes[i]));
    }
    outputTensors = new Pointer[out];
    outputs = new Memory[out];
    outputSizes = new long[out];
    for (int i = 0; i < out; i++) {
      outputTensors[i] = c.TfLiteInterpreterGetOutputTensor(interpreter, i);
      outputSizes[i] = c.TfLiteTensorByteSize(outputTensors[i]);
      outputs[i] = new Memory(Math.max(1, outputSizes[i]));
    }
  }

  /** Sets the bytes {@link #run} copies into input tensor {@code index}. */
  void setInput(int index, byte[] bytes) {
    long size = inputSizes[index];
    if (size != bytes.length) {
      throw new IllegalArgumentException(
          "input " + index + " must be " + size + " bytes, got " + bytes.length);
    }
    inputs[index].write(0, bytes, 0, bytes.length);
  }

  /** Copies the inputs into the interpreter, invokes it and copies every output out. */
  Object run() {
    for (int i = 0; i < inputs.length; i++) {
      check(
          c.TfLiteTensorCopyFromBuffer(inputTensors[i], inputs[i], inputSizes[i]),
          "CopyFromBuffer");
    }
    check(c.TfLiteInterpreterInvoke(interpreter), "TfLiteInterpreterInvoke");
    for (int i = 0; i < outputs.length; i++) {
      check(
          c.TfLiteTensorCopyToBuffer(outputTensors[i], outputs[i], outputSizes[i]),
          "CopyToBuffer");
    }
    return outputs;
  }

  int inputCount() {
    return inputs.length;
  }

  int outputCount() {
    return outputs.length;
  }

  /** A copy of output {@code index} after the last {@link #run}. */
  byte[] output(int index) {
    return outputs[index].getByteArray(0, (int) outputSizes[index]);
  }

  @Override
  public void close() {
    c.TfLiteInterpreterDelete(interpreter);
    c.TfLiteModelDelete(model);
    modelData.close();
    for (Memory m : inputs) {
      m.close();
    }
    for (Memory m : outputs) {
      m.close();
    }
  }

  private static void check(int status, String call) {
    if (status != 0) {
      throw new IllegalStateException(call + " returned TfLiteStatus " + status);
    }
  }
}

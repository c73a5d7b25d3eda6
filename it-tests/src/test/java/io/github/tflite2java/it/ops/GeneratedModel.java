package io.github.tflite2java.it.ops;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Runs a generated model class through its allocation-free instance API, {@code infer(in0, ...,
 * out0, ...)} with one {@code byte[]} (8-bit tensors) or {@code float[]} (float32 tensors) per
 * model input and output, converting float32 tensors from and to TFLite's little-endian bytes.
 */
final class GeneratedModel {
  private final Class<?> type;
  private final Method infer;

  /**
   * Binds the class; {@code floatInputs} and {@code floatOutputs} tell which tensors are
   * float32.
   */
  GeneratedModel(Class<?> type, List<Boolean> floatInputs, List<Boolean> floatOutputs) {
    this.type = type;
    Class<?>[] params = new Class<?>[floatInputs.size() + floatOutputs.size()];
    int k = 0;
    for (boolean f : floatInputs) {
      params[k++] = f ? float[].class : byte[].class;
    }
    for (boolean f : floatOutputs) {
      params[k++] = f ? float[].class : byte[].class;
    }
    Method m;
    try {
      m = type.getMethod("infer", params);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(type.getName() + " has no public infer"
          + java.util.Arrays.toString(params).replace('[', '(').replace(']', ')')
          + " for its " + floatInputs.size() + " inputs and " + floatOutputs.size()
          + " outputs");
    }
    if (Modifier.isStatic(m.getModifiers())) {
      throw new IllegalArgumentException(type.getName() + ": infer with "
          + params.length + " arrays is static; expected the instance form");
    }
    this.infer = m;
  }

  /**
   * Runs a new instance on {@code inputs} (raw bytes as TFLite takes them); returns the outputs
   * as raw bytes of the given sizes.
   */
  byte[][] run(byte[][] inputs, int[] outputBytes) throws Throwable {
    return run(newInstance(), inputs, outputBytes);
  }

  /** A new instance of the class, for {@link #run(Object, byte[][], int[])}. */
  Object newInstance() throws ReflectiveOperationException {
    return type.getConstructor().newInstance();
  }

  /**
   * Runs {@code instance} on {@code inputs}: instances keep an LSTM's state from one call to the
   * next, as one TFLite interpreter does.
   */
  byte[][] run(Object instance, byte[][] inputs, int[] outputBytes) throws Throwable {
    Class<?>[] params = infer.getParameterTypes();
    Object[] args = new Object[params.length];
    for (int i = 0; i < inputs.length; i++) {
      args[i] = params[i] == float[].class ? toFloats(inputs[i]) : inputs[i].clone();
    }
    for (int o = 0; o < outputBytes.length; o++) {
      int p = inputs.length + o;
      args[p] = params[p] == float[].class ? new float[outputBytes[o] / 4]
          : new byte[outputBytes[o]];
    }
    try {
      infer.invoke(instance, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    byte[][] outputs = new byte[outputBytes.length][];
    for (int o = 0; o < outputs.length; o++) {
      Object a = args[inputs.length + o];
      outputs[o] = a instanceof float[] f ? toBytes(f) : (byte[]) a;
    }
    return outputs;
  }

  private static float[] toFloats(byte[] b) {
    float[] f = new float[b.length / 4];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
    return f;
  }

  private static byte[] toBytes(float[] f) {
    ByteBuffer bb = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : f) {
      bb.putInt(Float.floatToRawIntBits(v));
    }
    return bb.array();
  }
}

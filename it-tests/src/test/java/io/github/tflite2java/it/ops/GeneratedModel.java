package io.github.tflite2java.it.ops;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;

/**
 * Runs a generated model class through its allocation-free raw API, {@code inferRaw(byte[][]
 * inputs, byte[][] outputs)}: every tensor as TFLite's bytes (float32, int32 and int64
 * little-endian), whatever its type. One instance may run several input sets in turn: it keeps
 * an LSTM's state from one call to the next, as one TFLite interpreter does.
 */
final class GeneratedModel {
  private final Class<?> type;
  private final Method inferRaw;

  /** Binds the class; the lists say which tensors are not 8-bit (kept for callers). */
  GeneratedModel(Class<?> type, List<Boolean> floatInputs, List<Boolean> floatOutputs) {
    this.type = type;
    Method m;
    try {
      m = type.getMethod("inferRaw", byte[][].class, byte[][].class);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(type.getName() + " has no public inferRaw(byte[][],"
          + " byte[][]) for its " + floatInputs.size() + " inputs and " + floatOutputs.size()
          + " outputs");
    }
    if (Modifier.isStatic(m.getModifiers())) {
      throw new IllegalArgumentException(type.getName() + ": inferRaw is static; expected the"
          + " instance form");
    }
    this.inferRaw = m;
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

  /** Runs {@code instance} on {@code inputs}, keeping its state from earlier calls. */
  byte[][] run(Object instance, byte[][] inputs, int[] outputBytes) throws Throwable {
    byte[][] in = new byte[inputs.length][];
    for (int i = 0; i < inputs.length; i++) {
      in[i] = inputs[i].clone();
    }
    byte[][] outputs = new byte[outputBytes.length][];
    for (int o = 0; o < outputs.length; o++) {
      outputs[o] = new byte[outputBytes[o]];
    }
    try {
      inferRaw.invoke(instance, in, outputs);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    return outputs;
  }
}

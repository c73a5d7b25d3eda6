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

  /**
   * Parts per large layer under test: {@code -Dtflite2java.it.parts=N} (N > 1) gives every
   * instance {@code setExecutor(pool, N)} (with {@code -Dtflite2java.parallelMinMacs=0} at
   * generation every splittable layer is split), and counts the tasks handed to the pool in
   * {@link #PARALLEL_TASKS}.
   */
  static final int PARTS = Integer.getInteger("tflite2java.it.parts", 1);

  /** Tasks the instances handed to the pool (parts run on other threads, or claimed back). */
  static final java.util.concurrent.atomic.AtomicLong PARALLEL_TASKS =
      new java.util.concurrent.atomic.AtomicLong();

  private static final java.util.concurrent.ExecutorService POOL = PARTS <= 1 ? null
      : java.util.concurrent.Executors.newFixedThreadPool(PARTS - 1, r -> {
        Thread t = new Thread(r, "op-fuzz-parts");
        t.setDaemon(true);
        return t;
      });

  private static final java.util.concurrent.Executor COUNTING = r -> {
    PARALLEL_TASKS.incrementAndGet();
    POOL.execute(r);
  };

  /** A new instance of the class, for {@link #run(Object, byte[][], int[])}. */
  Object newInstance() throws ReflectiveOperationException {
    Object instance = type.getConstructor().newInstance();
    if (PARTS > 1) {
      type.getMethod("setExecutor", java.util.concurrent.Executor.class, int.class)
          .invoke(instance, COUNTING, PARTS);
    }
    return instance;
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

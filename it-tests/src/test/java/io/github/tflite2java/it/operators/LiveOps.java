package io.github.tflite2java.it.operators;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.TfliteVersion;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.it.Bytes;
import io.github.tflite2java.it.tflite.LiveTflite;
import io.github.tflite2java.it.tflite.LiveTfliteC;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Runs a small model three ways and compares the bytes: compiled by tflite2java for TFLite 2.9
 * against the live TFLite 2.9.0 C library (skipped when absent), and compiled for TFLite 2.6
 * against the live TFLite 2.6.2 Java interpreter. Inputs and outputs travel as raw tensor bytes
 * (float32 little-endian); the generated class is called through its typed {@code infer}.
 */
final class LiveOps {

  private LiveOps() {}

  /** A compiled model class, called with raw tensor bytes. */
  static final class Generated {
    private final Object instance;
    private final Method infer;
    private final List<Tensor> inputs = new ArrayList<>();
    private final List<Tensor> outputs = new ArrayList<>();

    Generated(ModelGraph g, TfliteVersion version) throws ModelCompileException {
      GeneratedSource src = Tflite2JavaCompiler.compile(g, "gen.Op",
          CompileOptions.defaults().withTfliteVersion(version));
      try {
        Class<?> c = InMemoryJavac.compile("gen.Op", src.source()).load("gen.Op");
        instance = c.getConstructor().newInstance();
        List<Class<?>> types = new ArrayList<>();
        for (int i : g.inputs()) {
          inputs.add(g.tensor(i));
          types.add(g.tensor(i).type() == TensorType.FLOAT32 ? float[].class : byte[].class);
        }
        for (int i : g.outputs()) {
          outputs.add(g.tensor(i));
          types.add(g.tensor(i).type() == TensorType.FLOAT32 ? float[].class : byte[].class);
        }
        infer = c.getMethod("infer", types.toArray(new Class<?>[0]));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }

    List<byte[]> run(List<byte[]> rawInputs) {
      Object[] args = new Object[inputs.size() + outputs.size()];
      for (int i = 0; i < inputs.size(); i++) {
        args[i] = fromRaw(inputs.get(i), rawInputs.get(i));
      }
      for (int i = 0; i < outputs.size(); i++) {
        Tensor t = outputs.get(i);
        args[inputs.size() + i] = t.type() == TensorType.FLOAT32
            ? new float[(int) t.elementCount()] : new byte[(int) t.elementCount()];
      }
      try {
        infer.invoke(instance, args);
      } catch (InvocationTargetException e) {
        throw new AssertionError("generated infer threw", e.getCause());
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
      List<byte[]> result = new ArrayList<>();
      for (int i = 0; i < outputs.size(); i++) {
        result.add(toRaw(args[inputs.size() + i]));
      }
      return result;
    }
  }

  static Object fromRaw(Tensor t, byte[] raw) {
    if (t.type() != TensorType.FLOAT32) {
      return raw.clone();
    }
    float[] f = new float[raw.length / 4];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
    return f;
  }

  static byte[] toRaw(Object array) {
    if (array instanceof byte[] b) {
      return b;
    }
    float[] f = (float[]) array;
    ByteBuffer bb = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
    bb.asFloatBuffer().put(f);
    return bb.array();
  }

  static byte[] floats(float... values) {
    return toRaw(values);
  }

  /** Uniformly random raw bytes for every input of the model. */
  static Function<Random, List<byte[]>> randomBytes(byte[] model) {
    ModelGraph g = read(model);
    return rnd -> {
      List<byte[]> in = new ArrayList<>();
      for (int i : g.inputs()) {
        Tensor t = g.tensor(i);
        byte[] b = new byte[(int) t.elementCount() * t.type().byteSize()];
        rnd.nextBytes(b);
        in.add(b);
      }
      return in;
    };
  }

  static ModelGraph read(byte[] model) {
    try {
      return TfliteReader.read("op.tflite", model);
    } catch (ModelCompileException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Compiles the model for both targets and compares each with its live TFLite on the given
   * inputs; fails listing every differing case.
   */
  static void assertMatchesTflite(String what, byte[] model, List<List<byte[]>> inputSets) {
    ModelGraph g = read(model);
    List<String> failures = new ArrayList<>();
    try {
      Generated v26 = new Generated(g, TfliteVersion.V2_6);
      try (LiveTflite tflite = new LiveTflite(model)) {
        compare(failures, "TFLite 2.6.2", v26, tflite::run, inputSets);
      }
      if (LiveTfliteC.isAvailable()) {
        Generated v29 = new Generated(g, TfliteVersion.V2_9);
        try (LiveTfliteC tflite = new LiveTfliteC(model)) {
          compare(failures, "TFLite 2.9.0", v29, tflite::run, inputSets);
        }
      }
    } catch (ModelCompileException e) {
      fail(what + ": does not compile: " + e.getMessage(), e);
    }
    if (!failures.isEmpty()) {
      fail(what + " differs from TFLite:\n" + String.join("\n", failures));
    }
    // Checked against 2.6.2 only: a skip (a failure on CI), not a pass.
    LiveTfliteC.require();
  }

  /** As {@link #assertMatchesTflite(String, byte[], List)} on seeded random inputs. */
  static void assertMatchesTflite(String what, byte[] model, int count, long seed) {
    Function<Random, List<byte[]>> gen = randomBytes(model);
    Random rnd = new Random(seed);
    List<List<byte[]>> sets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sets.add(gen.apply(rnd));
    }
    assertMatchesTflite(what, model, sets);
  }

  private static void compare(List<String> failures, String reference, Generated gen,
      Function<List<byte[]>, List<byte[]>> tflite, List<List<byte[]>> inputSets) {
    for (int s = 0; s < inputSets.size(); s++) {
      List<byte[]> in = inputSets.get(s);
      List<byte[]> expected = tflite.apply(copy(in));
      List<byte[]> actual = gen.run(copy(in));
      for (int o = 0; o < expected.size(); o++) {
        String diff = Bytes.difference(expected.get(o), actual.get(o));
        if (diff != null) {
          failures.add("  vs " + reference + ", input set " + s + ", output " + o + ": " + diff);
        }
      }
    }
  }

  private static List<byte[]> copy(List<byte[]> in) {
    List<byte[]> c = new ArrayList<>();
    for (byte[] b : in) {
      c.add(b.clone());
    }
    return c;
  }
}

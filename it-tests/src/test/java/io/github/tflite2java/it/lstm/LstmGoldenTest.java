package io.github.tflite2java.it.lstm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.it.Bytes;
import io.github.tflite2java.it.Golden;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The four shared LSTM models compiled whole by tflite2java (for TFLite 2.9) and run through the
 * generated class's {@code infer}: every golden file of {@code golden/real/<model>/} byte for
 * byte. Fresh inputs ({@code random_K.in}) each run on a new instance; {@code sequence/step_K.in}
 * run one after another on one instance, the LSTM state carried as TFLite's variable tensors
 * carry it (in trained_lstm_int8 and dtln_noise_suppression step 3 differs from a fresh run).
 */
class LstmGoldenTest {

  static Stream<String> models() {
    return Stream.of(IntegerLstmLiveTest.MODELS);
  }

  static Path goldenDir(String model) {
    return Golden.goldenDir().resolve("real").resolve(model);
  }

  /** The generated class for a model: a constructor and its {@code infer(byte[], byte[])}. */
  record Compiled(Class<?> type, Method infer, int outputBytes) {
    Object newInstance() throws ReflectiveOperationException {
      return type.getConstructor().newInstance();
    }

    byte[] run(Object instance, byte[] input) throws Throwable {
      byte[] out = new byte[outputBytes];
      try {
        infer.invoke(instance, input.clone(), out);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      return out;
    }
  }

  static Compiled compile(String model) throws Exception {
    byte[] bytes = Files.readAllBytes(IntegerLstmLiveTest.realModel(model));
    ModelGraph g;
    GeneratedSource src;
    try {
      g = TfliteReader.read(model + ".tflite", bytes);
      src = Tflite2JavaCompiler.compile(g, "gen.Lstm", CompileOptions.defaults());
    } catch (ModelCompileException e) {
      throw new AssertionError(model + " does not compile: " + e.getMessage(), e);
    }
    Class<?> c = InMemoryJavac.compile(src).load("gen.Lstm");
    Method infer = c.getMethod("infer", byte[].class, byte[].class);
    return new Compiled(c, infer, (int) g.output(0).elementCount());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void freshInputsMatchTflite29(String model) throws Throwable {
    Compiled c = compile(model);
    List<String> failures = new ArrayList<>();
    int checked = 0;
    try (Stream<Path> files = Files.list(goldenDir(model))) {
      for (Path in : files.filter(p -> p.toString().endsWith(".in")).sorted().toList()) {
        String name = in.getFileName().toString();
        Path expected = in.resolveSibling(name.substring(0, name.length() - 3)
            + ".tflite-2.9.out");
        byte[] actual = c.run(c.newInstance(), Files.readAllBytes(in));
        String diff = Bytes.difference(Files.readAllBytes(expected), actual);
        if (diff != null) {
          failures.add(name + ": " + diff);
        }
        checked++;
      }
    }
    assertTrue(checked >= 3, model + ": expected at least 3 golden inputs, found " + checked);
    if (!failures.isEmpty()) {
      fail(model + " differs from TFLite 2.9.0:\n" + String.join("\n", failures));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void sequenceCarriesStateLikeTflite29(String model) throws Throwable {
    Compiled c = compile(model);
    Path dir = goldenDir(model).resolve("sequence");
    Object instance = c.newInstance();
    List<String> failures = new ArrayList<>();
    int steps = 0;
    for (int k = 1; Files.exists(dir.resolve("step_" + k + ".in")); k++) {
      byte[] actual = c.run(instance, Files.readAllBytes(dir.resolve("step_" + k + ".in")));
      String diff = Bytes.difference(
          Files.readAllBytes(dir.resolve("step_" + k + ".tflite-2.9.out")), actual);
      if (diff != null) {
        failures.add("step " + k + ": " + diff);
      }
      steps++;
    }
    assertTrue(steps >= 4, model + ": expected 4 sequence steps, found " + steps);
    if (!failures.isEmpty()) {
      fail(model + " sequence differs from TFLite 2.9.0 (state carried):\n"
          + String.join("\n", failures));
    }
  }

  /** The state matters: a fresh instance on step 3's input differs from the carried one. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("statefulModels")
  void carriedStateChangesTheOutput(String model) throws Throwable {
    Compiled c = compile(model);
    Path dir = goldenDir(model).resolve("sequence");
    byte[] fresh = c.run(c.newInstance(), Files.readAllBytes(dir.resolve("step_3.in")));
    assertFalse(java.util.Arrays.equals(fresh,
        Files.readAllBytes(dir.resolve("step_3.tflite-2.9.out"))), model);
  }

  /**
   * The activation caches are static and filled lazily: four threads, each with its own instance
   * of a freshly loaded class (so the caches start empty), run the golden sequence at the same
   * time, several times over; every step equals TFLite 2.9's bytes in every thread.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void threadsFillingTheActivationCachesAtOnceMatchTflite29(String model) throws Throwable {
    Compiled c = compile(model);
    Path dir = goldenDir(model).resolve("sequence");
    List<byte[]> inputs = new ArrayList<>();
    List<byte[]> expected = new ArrayList<>();
    for (int k = 1; Files.exists(dir.resolve("step_" + k + ".in")); k++) {
      inputs.add(Files.readAllBytes(dir.resolve("step_" + k + ".in")));
      expected.add(Files.readAllBytes(dir.resolve("step_" + k + ".tflite-2.9.out")));
    }
    assertTrue(inputs.size() >= 4, model + ": expected 4 sequence steps");
    int threads = 4;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> {
          List<String> failures = new ArrayList<>();
          start.await();
          for (int round = 0; round < 3; round++) {
            Object instance = c.newInstance();
            for (int k = 0; k < inputs.size(); k++) {
              byte[] actual;
              try {
                actual = c.run(instance, inputs.get(k));
              } catch (Throwable e) {
                throw new AssertionError(e);
              }
              String diff = Bytes.difference(expected.get(k), actual);
              if (diff != null) {
                failures.add("round " + round + ", step " + (k + 1) + ": " + diff);
              }
            }
          }
          return failures;
        }));
      }
      List<String> failures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        for (String f : results.get(t).get()) {
          failures.add("thread " + t + ", " + f);
        }
      }
      if (!failures.isEmpty()) {
        fail(model + " differs from TFLite 2.9.0 with threads filling the caches:\n"
            + String.join("\n", failures));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static Stream<String> statefulModels() {
    return Stream.of("trained_lstm_int8", "dtln_noise_suppression");
  }
}

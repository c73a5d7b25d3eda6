package io.github.tflite2java.it.real;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.testing.Oracles;
import io.github.tflite2java.it.Golden;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The models people ship ({@code shared/models/real/}) against TFLite 2.9.0's stored outputs
 * ({@code shared/golden/real/}), data-driven: every model folder there is either expected to
 * compile, and then every {@code .in} file run on a fresh instance through {@code inferRaw} must
 * give the {@code .tflite-2.9.out} bytes (or {@code .out0}, {@code .out1}, ... per output) and
 * the {@code sequence/} steps run one after another on one instance must give theirs; or
 * expected to fail with a named problem. A folder in neither list fails the test: nothing is
 * skipped silently. To enable a model once its operators are supported, move it from {@link
 * #EXPECTED_FAILURES} to {@link #EXPECTED_TO_PASS}.
 */
class RealModelsGoldenTest {

  /** Models that compile and match TFLite 2.9.0 on every golden file. */
  static final List<String> EXPECTED_TO_PASS = List.of(
      "hello_world_int8",
      "micro_speech_quantized",
      "mobilenet_v2_quantized_1x3x224x224",
      "trained_lstm_int8",
      "micro_speech_lstm",
      "dtln_noise_suppression",
      "keras_lstm_mnist_ptq",
      "deeplabv3_mnv2_dm05_pascal_quant",
      "ssd_mobilenet_v2_coco_quant_postprocess",
      "movenet_single_pose_lightning_ptq");

  /** Models that do not compile yet, with a fragment of the problem they must be reported with. */
  static final Map<String, String> EXPECTED_FAILURES = new TreeMap<>(Map.of());

  private static Path realGolden() {
    Path shared;
    try {
      shared = Golden.sharedDir();
    } catch (IllegalStateException e) {
      Oracles.require(false, "shared/ folder (models/real, golden/real)", e.getMessage());
      throw new AssertionError("unreachable");
    }
    Path dir = shared.resolve("golden").resolve("real");
    Oracles.require(Files.isDirectory(dir), "shared/golden/real", "update the shared folder");
    return dir;
  }

  private static Path modelFile(String model) {
    return Golden.modelsDir().resolve("real").resolve(model + ".tflite");
  }

  private static List<String> folders() {
    try (Stream<Path> s = Files.list(realGolden())) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyGoldenFolderIsListedOnce() {
    for (String model : folders()) {
      boolean pass = EXPECTED_TO_PASS.contains(model);
      boolean failure = EXPECTED_FAILURES.containsKey(model);
      assertTrue(pass ^ failure, model + " must be in exactly one of EXPECTED_TO_PASS and"
          + " EXPECTED_FAILURES");
    }
    for (String model : EXPECTED_TO_PASS) {
      assertTrue(folders().contains(model), "no golden folder for " + model);
    }
  }

  @TestFactory
  List<DynamicTest> goldenOutputs() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String model : folders()) {
      if (EXPECTED_TO_PASS.contains(model)) {
        tests.add(DynamicTest.dynamicTest(model, () -> checkGolden(model)));
      } else if (EXPECTED_FAILURES.containsKey(model)) {
        tests.add(DynamicTest.dynamicTest(model + " fails clearly",
            () -> checkFailure(model, EXPECTED_FAILURES.get(model))));
      }
    }
    return tests;
  }

  /** A compiled class; {@code inferRaw} on a given instance. */
  record Compiled(Class<?> type, Method inferRaw) {
    Object newInstance() throws Exception {
      return type.getConstructor().newInstance();
    }

    byte[][] run(Object instance, byte[] input) throws Throwable {
      try {
        return (byte[][]) inferRaw.invoke(instance, (Object) new byte[][] {input});
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  static Compiled compile(String model) throws Exception {
    String className = "real.M" + Math.abs(model.hashCode());
    GeneratedSource src = Tflite2JavaCompiler.compile(TfliteReader.read(modelFile(model)),
        className, CompileOptions.defaults());
    Class<?> c = InMemoryJavac.compile(src).load(className);
    return new Compiled(c, c.getMethod("inferRaw", byte[][].class));
  }

  private static void checkGolden(String model) throws Throwable {
    Compiled c = compile(model);
    Path dir = realGolden().resolve(model);
    List<String> inputs = inputs(dir);
    assertTrue(!inputs.isEmpty(), "no .in files in " + dir);
    for (String input : inputs) {
      // One fresh instance per input file, as the golden files were made.
      byte[][] out = c.run(c.newInstance(), Files.readAllBytes(dir.resolve(input + ".in")));
      assertOutputs(dir, input, out);
    }
    Path sequence = dir.resolve("sequence");
    if (Files.isDirectory(sequence)) {
      Object instance = c.newInstance();
      for (String step : inputs(sequence)) {
        byte[][] out = c.run(instance, Files.readAllBytes(sequence.resolve(step + ".in")));
        assertOutputs(sequence, step, out);
      }
      // resetState (when the model has state) makes the instance a fresh one again.
      Method reset = null;
      try {
        reset = c.type().getMethod("resetState");
      } catch (NoSuchMethodException e) {
        // stateless model
      }
      if (reset != null) {
        reset.invoke(instance);
        String first = inputs(sequence).get(0);
        assertOutputs(sequence, first,
            c.run(instance, Files.readAllBytes(sequence.resolve(first + ".in"))));
      }
    }
  }

  private static void assertOutputs(Path dir, String input, byte[][] out) throws IOException {
    Path single = dir.resolve(input + ".tflite-2.9.out");
    if (Files.isRegularFile(single)) {
      assertEquals(1, out.length, dir + "/" + input + ": one output file, " + out.length
          + " outputs");
      assertArrayEquals(Files.readAllBytes(single), out[0], dir + "/" + input);
      return;
    }
    for (int k = 0; k < out.length; k++) {
      Path f = dir.resolve(input + ".tflite-2.9.out" + k);
      assertTrue(Files.isRegularFile(f), "missing " + f);
      assertArrayEquals(Files.readAllBytes(f), out[k], f.toString());
    }
  }

  private static List<String> inputs(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".in"))
          .map(n -> n.substring(0, n.length() - 3)).sorted().toList();
    }
  }

  private static void checkFailure(String model, String fragment) {
    ModelCompileException e = assertThrows(ModelCompileException.class, () -> compile(model),
        model + " compiles now: move it to EXPECTED_TO_PASS");
    if (!e.getMessage().contains(fragment)) {
      fail(model + ": expected a problem naming " + fragment + ", got: " + e.getMessage());
    }
  }
}

package io.github.tflite2java.compiler.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the whole compiler: mutated real models (read in place from
 * {@code shared/models}) and random builder-made models with semantic defects go through the
 * reader, validation, memory planning and emission. Every case must end in a {@link
 * io.github.tflite2java.compiler.ModelCompileException} with a useful message or in generated
 * source, within a time limit and an allocation budget (see {@link FuzzHarness}).
 *
 * <p>The suite runs a short, fixed set of cases. System properties:
 *
 * <ul>
 *   <li>{@code -Dtflite2java.fuzz.long=true}: run for {@code tflite2java.fuzz.seconds} (default
 *       600) instead;
 *   <li>{@code -Dtflite2java.fuzz.cases=N}: cases of the short run (default {@value
 *       #DEFAULT_CASES});
 *   <li>{@code -Dtflite2java.fuzz.seed=S}: base seed; {@code -Dtflite2java.fuzz.case=I} runs
 *       only case I (every crash report names seed and case).
 * </ul>
 *
 * <p>Crashing inputs are written to {@code target/fuzz-crashes/}.
 */
class CompilerFuzzTest {

  static final int DEFAULT_CASES = 1000;
  static final long DEFAULT_SEED = 0x5EED_7F11E_2A5L;
  /** The short run stops early past this, so the suite stays fast on slow machines. */
  static final long SHORT_RUN_CAP_MILLIS = 45_000;

  /** The short run mutates only these small ones (a flagship compile takes seconds). */
  private static final int SHORT_RUN_MODELS = 5;

  private static final String[] MODELS = {
    "mobilenet_v1_0.25_128_quant.tflite",
    "mobilenet_v1_0.25_128_quant.tflite",
    "mobilenet_v1_0.25_128_quant.tflite",
    "mobilenet_v1_0.25_128_quant.tflite",
    "mobilenet_v1_0.5_160_quant.tflite",
    "mobilenet_v2_1.0_224_quant.tflite",
    "tf2_mobilenet_v2_1.0_224_ptq.tflite",
    "mobilenet_v1_1.0_224_quant.tflite",
  };

  @Test
  void compilerSurvivesHostileModels() throws Exception {
    boolean longRun = Boolean.getBoolean("tflite2java.fuzz.long");
    long seed = Long.getLong("tflite2java.fuzz.seed", DEFAULT_SEED);
    int cases = Integer.getInteger("tflite2java.fuzz.cases", DEFAULT_CASES);
    long seconds = Long.getLong("tflite2java.fuzz.seconds", 600);
    Integer only = Integer.getInteger("tflite2java.fuzz.case");
    long deadline = System.currentTimeMillis()
        + (longRun ? seconds * 1000 : SHORT_RUN_CAP_MILLIS);

    Map<String, ByteMutator> mutators = realModelMutators(longRun ? MODELS.length
        : SHORT_RUN_MODELS);
    int javacChecks = 0;
    int maxJavacChecks = longRun ? 40 : 4;
    int stoppedEarly = -1;
    FuzzHarness h = new FuzzHarness(CompileOptions.defaults(), 60_000, 2L << 30);
    try (h) {
      for (int i = only != null ? only : 0; ; i++) {
        if (only != null && i > only) {
          break;
        }
        if (!longRun && i >= cases) {
          break;
        }
        if (System.currentTimeMillis() > deadline) {
          stoppedEarly = longRun ? -1 : i;
          break;
        }
        Random rnd = new Random(seed * 0x9E3779B97F4A7C15L + i);
        StringBuilder log = new StringBuilder();
        String caseName = "seed" + Long.toHexString(seed) + "-case" + i;
        byte[] model;
        String fileName;
        try {
          int kind = rnd.nextInt(100);
          if (kind < 50 && !mutators.isEmpty()) {
            List<String> names = new ArrayList<>(mutators.keySet());
            String name = names.get(rnd.nextInt(names.size()));
            model = mutators.get(name).mutate(rnd, log);
            fileName = name.substring(0, name.indexOf('#'));
            log.insert(0, name);
          } else if (kind < 90 || mutators.isEmpty()) {
            ModelSpecGenerator.Spec s = ModelSpecGenerator.valid(rnd);
            int defects = rnd.nextInt(10) == 0 ? 0 : 1 + (rnd.nextInt(4) == 0 ? 1 : 0);
            log.append("builder");
            for (int d = 0; d < defects; d++) {
              ModelSpecGenerator.defect(s, rnd, log);
            }
            model = s.build();
            fileName = "generated.tflite";
          } else if (kind < 92) {
            // TFLite_Detection_PostProcess (custom options, anchors) with bytes mutated.
            model = new ByteMutator(DetectionModels.valid(rnd)).mutate(rnd,
                log.append("detection-bytes"));
            fileName = "detection.tflite";
          } else if (kind < 94) {
            // TFLite_Detection_PostProcess with malformed custom options (wrong types, missing
            // keys, out-of-range values) and wrong-sized or non-constant anchors.
            model = DetectionModels.hostile(rnd, log.append("detection-hostile"));
            fileName = "detection.tflite";
          } else {
            byte[] valid = ModelSpecGenerator.valid(rnd).build();
            model = new ByteMutator(valid).mutate(rnd, log.append("builder-bytes"));
            fileName = "generated.tflite";
          }
        } catch (RuntimeException e) {
          // A defect the builder itself cannot write (test-side limitation): not a case.
          continue;
        }
        FuzzHarness.Outcome outcome = h.run(caseName + " [" + log + "]", fileName, model);
        if (outcome == FuzzHarness.Outcome.COMPILED && model.length < 100_000
            && javacChecks < maxJavacChecks) {
          javacChecks++;
          javacCheck(h, caseName + " [" + log + "]", fileName, model);
        }
      }
    }
    String report = h.report(Paths.get("target", "fuzz-crashes"));
    System.out.println("CompilerFuzzTest (" + (longRun ? "long" : "short") + " run, seed "
        + Long.toHexString(seed) + "): " + report
        + (stoppedEarly >= 0 ? "stopped early at case " + stoppedEarly + " (time cap)\n" : "")
        + "javac-checked successful outputs: " + javacChecks);
    assertTrue(h.crashes.isEmpty(), report);
  }

  /** The generated source of a successful case must compile. */
  private static void javacCheck(FuzzHarness h, String caseName, String fileName, byte[] model) {
    try {
      String source = io.github.tflite2java.compiler.Tflite2JavaCompiler.compile(
          io.github.tflite2java.compiler.reader.TfliteReader.read(fileName, model),
          "fuzz.gen.Model", CompileOptions.defaults()).source();
      // It must compile and run: an arena overrun (a shape the validation let through) shows
      // as an exception here.
      Class<?> c = InMemoryJavac.compile("fuzz.gen.Model", source).load("fuzz.gen.Model");
      int size = c.getField("INPUT_SIZE").getInt(null);
      try {
        c.getMethod("infer", byte[].class).invoke(null, (Object) new byte[size]);
      } catch (java.lang.reflect.InvocationTargetException e) {
        throw new AssertionError("generated infer throws " + e.getCause(), e.getCause());
      }
    } catch (Exception | AssertionError e) {
      h.crashes.add(new FuzzHarness.Crash(caseName + " javac", String.valueOf(e), model));
    }
  }

  /**
   * One mutator per shared model present among the first {@code count} of {@link #MODELS}
   * (names repeat to weigh the choice); empty when shared/ is absent.
   */
  static Map<String, ByteMutator> realModelMutators(int count) throws Exception {
    Map<String, ByteMutator> m = new LinkedHashMap<>();
    Path dir;
    try {
      dir = SharedFiles.root().resolve("models");
    } catch (org.opentest4j.TestAbortedException e) {
      return m;
    }
    Map<String, ByteMutator> byName = new java.util.HashMap<>();
    for (int i = 0; i < count; i++) {
      String name = MODELS[i];
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        ByteMutator mutator = byName.get(name);
        if (mutator == null) {
          mutator = new ByteMutator(Files.readAllBytes(p));
          byName.put(name, mutator);
        }
        m.put(name + "#" + i, mutator);
      }
    }
    return m;
  }

  @Test
  void layoutFindsTheFieldsOfARealModel() throws Exception {
    Map<String, ByteMutator> m = realModelMutators(MODELS.length);
    for (Map.Entry<String, ByteMutator> e : m.entrySet()) {
      assertTrue(e.getValue().slotCount() > 500,
          String.format(Locale.ROOT, "%s: %d slots", e.getKey(), e.getValue().slotCount()));
    }
  }
}

package io.github.tflite2java.compiler.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.testing.SharedFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Coverage-guided fuzzing of the whole compiler with Jazzer: the fuzzer's bytes pick a base
 * model (a random builder-made model, optionally with semantic defects, or the small shared
 * MobileNet) and then a list of byte patches, or are taken as the model itself. Any throwable
 * other than a {@link ModelCompileException} with a useful message is a finding.
 *
 * <p>Excluded from the normal test run (Jazzer's agent would instrument the whole test JVM).
 * Run it with {@code mvn test -pl compiler -am -Pjazzer} (fuzzing mode, {@code JAZZER_FUZZ=1},
 * up to {@link #MAX_DURATION}); findings are written under {@code
 * src/test/resources/.../CompilerJazzerFuzzTestInputs/fuzz/} and replayed by later runs.
 */
class CompilerJazzerFuzzTest {

  static final String MAX_DURATION = "10m";

  private static byte[] smallModel;

  private static synchronized byte[] smallModel() throws Exception {
    if (smallModel == null) {
      Path p = null;
      try {
        p = SharedFiles.model("mobilenet_v1_0.25_128_quant.tflite");
      } catch (org.opentest4j.TestAbortedException e) {
        // shared/ absent: builder-made models only
      }
      smallModel = p != null && Files.isRegularFile(p) ? Files.readAllBytes(p) : new byte[0];
    }
    return smallModel;
  }

  @FuzzTest(maxDuration = MAX_DURATION)
  void fuzz(FuzzedDataProvider data) throws Exception {
    byte[] model;
    int base = data.consumeInt(0, 3);
    if (base == 0) {
      model = data.consumeRemainingAsBytes();
    } else {
      if (base == 1 && smallModel().length > 0) {
        model = smallModel().clone();
      } else {
        Random rnd = new Random(data.consumeLong());
        ModelSpecGenerator.Spec s = ModelSpecGenerator.valid(rnd);
        int defects = data.consumeInt(0, 3);
        StringBuilder log = new StringBuilder();
        try {
          for (int d = 0; d < defects; d++) {
            ModelSpecGenerator.defect(s, rnd, log);
          }
          model = s.build();
        } catch (RuntimeException e) {
          return; // a defect the builder cannot write: not a case
        }
      }
      ByteBuffer bb = ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN);
      int patches = data.consumeInt(0, 4);
      for (int i = 0; i < patches && model.length >= 8; i++) {
        int at = data.consumeInt(0, model.length - 4);
        switch (data.consumeInt(0, 2)) {
          case 0:
            bb.put(at, data.consumeByte());
            break;
          case 1:
            bb.putInt(at & ~3, data.consumeInt());
            break;
          default:
            bb.putFloat(at & ~3, data.consumeFloat());
        }
      }
      if (data.consumeBoolean()) {
        model = java.util.Arrays.copyOf(model, data.consumeInt(0, model.length));
      }
    }
    try {
      Tflite2JavaCompiler.compile(TfliteReader.read("fuzz.tflite", model), "fuzz.gen.Model",
          CompileOptions.defaults());
    } catch (ModelCompileException e) {
      String problem = FuzzHarness.usefulness(e, "fuzz.tflite");
      if (problem != null) {
        throw new AssertionError(problem + ": " + e.getMessage(), e);
      }
    }
  }
}

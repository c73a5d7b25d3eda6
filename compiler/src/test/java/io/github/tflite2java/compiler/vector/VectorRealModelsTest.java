package io.github.tflite2java.compiler.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.testing.ClassFileMethods;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.testing.SharedFiles;
import io.github.tflite2java.compiler.testing.VectorPair;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * int8 models (per-channel weights) compiled with {@code kernels=vector}: the vector companion
 * runs the layers listed (per-channel requantization on vectors, the first 3x3 convolution,
 * FULLY_CONNECTED), {@code kernels()} says how many, and every golden input of {@code
 * shared/golden} (TFLite 2.9.0's bytes, every output) comes out exactly, each input on a fresh
 * instance.
 */
@ExtendWith(VectorPair.NoWarmUp.class)
class VectorRealModelsTest {
  private static final String CLASS = "test.vreal.Model";

  @ParameterizedTest(name = "{0}: {1} vector layers")
  @CsvSource({
      "tf2_mobilenet_v2_1.0_224_ptq, 63",
      "real/mobilenet_v2_quantized_1x3x224x224, 63",
      "real/movenet_single_pose_lightning_ptq, 89",
  })
  void vectorLayersReturnTfliteGoldenBytes(String model, int layers) throws Exception {
    GeneratedSource generated =
        VectorPair.compileVector(SharedFiles.model(model + ".tflite"), CLASS);
    InMemoryJavac.Compiled compiled = InMemoryJavac.compile(generated);
    Class<?> c = compiled.load(CLASS);
    String which = VectorPair.kernels(c);
    System.out.println(model + ": " + which);
    assertTrue(which.startsWith("vector: jdk.incubator.vector") && !which.contains("warming up"),
        which);
    assertTrue(which.endsWith(", " + layers + " layers"), which);
    ClassFileMethods.assertUnderJitLimit(compiled.classFiles(), model);
    Path dir = SharedFiles.golden(model, "");
    List<String> inputs;
    try (Stream<Path> s = Files.list(dir)) {
      inputs = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".in"))
          .map(n -> n.substring(0, n.length() - 3)).sorted().toList();
    }
    assertTrue(!inputs.isEmpty(), "no inputs in " + dir);
    for (String input : inputs) {
      Object instance = c.getConstructor().newInstance();
      byte[][] out;
      try {
        out = (byte[][]) c.getMethod("inferRaw", byte[][].class).invoke(instance,
            (Object) new byte[][] {Files.readAllBytes(dir.resolve(input + ".in"))});
      } catch (InvocationTargetException e) {
        throw (Exception) e.getCause();
      }
      Path single = dir.resolve(input + ".tflite-2.9.out");
      if (Files.isRegularFile(single)) {
        assertEquals(1, out.length);
        assertArrayEquals(Files.readAllBytes(single), out[0], model + " " + input);
      } else {
        for (int k = 0; k < out.length; k++) {
          assertArrayEquals(Files.readAllBytes(dir.resolve(input + ".tflite-2.9.out" + k)),
              out[k], model + " " + input + " output " + k);
        }
      }
    }
  }
}

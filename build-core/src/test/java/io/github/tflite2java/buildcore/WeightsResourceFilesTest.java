package io.github.tflite2java.buildcore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.WeightStorage;
import io.github.tflite2java.compiler.WeightsResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weights resources of generated classes: written to the resource directory, kept while up
 * to date, regenerated when missing, deleted when the model goes or embeds its weights.
 */
class WeightsResourceFilesTest {

  @TempDir Path dir;
  private final List<String> compiled = new ArrayList<>();

  /** A fake compiler: a resource holding the model's text unless the options embed weights. */
  private final ModelCompiler fake = (model, className, options) -> {
    compiled.add(className);
    String text = StandardCharsets.UTF_8.decode(model.bytes().duplicate()).toString();
    int dot = className.lastIndexOf('.');
    String source = "package " + className.substring(0, dot) + ";\nclass "
        + className.substring(dot + 1) + " {}\n";
    WeightsResource weights = null;
    if (options.weights() != WeightStorage.EMBEDDED) {
      Path tmp = Files.createTempFile(dir, "w", ".tmp");
      Files.writeString(tmp, text);
      weights = new WeightsResource(className.replace('.', '/') + ".weights", tmp,
          Files.size(tmp), 0);
    }
    return new GeneratedSource(className, source, className, null, List.of(), weights);
  };

  private GenerationRequest request(CompileOptions options, ModelSpec... models) {
    return new GenerationRequest(List.of(models), dir.resolve("src"), dir.resolve("s.state"),
        options, "tool", null, dir.resolve("resources"));
  }

  private Path model(String content) throws IOException {
    return Files.writeString(dir.resolve("a.tflite"), content);
  }

  @Test
  void resourcesAreWrittenKeptRegeneratedAndDeleted() throws Exception {
    IncrementalGenerator generator = new IncrementalGenerator(fake);
    ModelSpec a = new ModelSpec("<model> #1", model("weights of A"), "com.example.A");
    Path weights = dir.resolve("resources/com/example/A.weights");

    GenerationResult first = generator.generate(request(CompileOptions.defaults(), a));
    assertEquals(weights, first.outputs().get(0).weights().file());
    assertTrue(first.outputs().get(0).weights().changed());
    assertArrayEquals("weights of A".getBytes(StandardCharsets.UTF_8),
        Files.readAllBytes(weights));
    try (var temps = Files.list(dir)) {
      assertFalse(temps.anyMatch(p -> p.toString().endsWith(".tmp")), "temporary file removed");
    }

    assertTrue(generator.generate(request(CompileOptions.defaults(), a)).isUpToDate());
    assertEquals(1, compiled.size());

    Files.delete(weights);
    GenerationResult again = generator.generate(request(CompileOptions.defaults(), a));
    assertEquals(2, compiled.size(), "a missing resource regenerates");
    assertTrue(Files.isRegularFile(weights));
    assertFalse(again.isUpToDate());

    GenerationResult embedded = generator.generate(
        request(CompileOptions.defaults().withWeights(WeightStorage.EMBEDDED), a));
    assertEquals(List.of(weights), embedded.deleted(), "embedded now: the resource goes");
    assertFalse(Files.exists(weights));

    generator.generate(request(CompileOptions.defaults(), a));
    assertTrue(Files.isRegularFile(weights));
    GenerationResult none = generator.generate(request(CompileOptions.defaults()));
    assertTrue(none.deleted().contains(weights), "model removed: " + none.deleted());
    assertFalse(Files.exists(weights));
  }
}

package io.github.tflite2java.buildcore;

import io.github.tflite2java.compiler.ops.Pool2d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileLimits;
import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plugin writes only below its output directory and state directory: class names that would
 * escape them (relative or absolute paths, reserved words) are rejected before anything is
 * written, and a real run creates no other file. Limits from the options reach the compiler.
 */
class OutputConfinementTest {

  @TempDir Path dir;

  private static byte[] tinyModel() {
    QuantParams q = QuantParams.perTensor(0.1f, 128);
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.UINT8, new int[] {1, 4, 4, 1}, q);
    int y = b.addTensor("y", TensorType.UINT8, new int[] {1, 2, 2, 1}, q);
    b.addOperator(BuiltinOperator.MAX_POOL_2D, new int[] {x}, new int[] {y},
        new Pool2d.Options(Padding.VALID, 2, 2, 2, 2, Activation.NONE));
    return b.inputs(x).outputs(y).build();
  }

  private GenerationRequest request(Path model, String className, CompileOptions options) {
    return new GenerationRequest(List.of(new ModelSpec("<model> #1", model, className)),
        dir.resolve("project/target/generated-sources/tflite2java"),
        dir.resolve("project/target/tflite2java/default.state"), options, "tool 1.0");
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"../Evil", "../../etc/Evil", "..", "com/../../Evil", "/tmp/Evil",
      "/Evil", "C:\\Evil", "com\\..\\..\\Evil", "~/Evil", "com.example.", ".Evil",
      "com.example.class", "com.example.enum", "com.goto.Evil", "com.example._",
      "com.example.var", "com.example.record", "com.example.sealed", "com.example.true",
      "com.example.null", "com.example.Evil\u0000", "com.example.Ev\u0001il", "com.exa\u200bmple.Evil",
      "com.example.Ev il", "com.example.Evil/", ""})
  void escapingOrReservedClassNamesAreRejectedBeforeAnythingIsWritten(String className)
      throws Exception {
    Path model = Files.write(dir.resolve("m.tflite"), tinyModel());
    GenerationException e = assertThrows(GenerationException.class,
        () -> new IncrementalGenerator().generate(
            request(model, className, CompileOptions.defaults())));
    assertEquals(1, e.problems().size(), e.getMessage());
    String m = e.problems().get(0).message();
    assertTrue(m.contains("is not a valid fully qualified Java class name")
        || m.contains("<className> is missing"), m);
    assertEquals(List.of(model), files(), "nothing may be written for " + className);
  }

  @Test
  void aRealRunWritesOnlyTheSourceAndTheState() throws Exception {
    Path model = Files.write(dir.resolve("m.tflite"), tinyModel());
    GenerationResult r = new IncrementalGenerator().generate(
        request(model, "com.example.Tiny", CompileOptions.defaults()));
    assertEquals(1, r.outputs().size());
    assertEquals(List.of(model,
        dir.resolve("project/target/generated-sources/tflite2java/com/example/Tiny.java"),
        dir.resolve("project/target/tflite2java/default.state")), files());
  }

  @Test
  void limitsInTheOptionsReachTheCompiler() throws Exception {
    Path model = Files.write(dir.resolve("m.tflite"), tinyModel());
    CompileOptions tight = CompileOptions.defaults()
        .withLimits(CompileLimits.defaults().withMaxTensorElements(10));
    GenerationException e = assertThrows(GenerationException.class,
        () -> new IncrementalGenerator().generate(request(model, "com.example.Tiny", tight)));
    assertTrue(e.getMessage().contains("over the limit maxTensorElements = 10"),
        e.getMessage());
    assertTrue(e.getMessage().contains("<limits><maxTensorElements>N</maxTensorElements>"),
        e.getMessage());
    assertFalse(Files.exists(
        dir.resolve("project/target/generated-sources/tflite2java/com/example/Tiny.java")));
  }
}

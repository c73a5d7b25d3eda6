package io.github.tflite2java.compiler.validate;

import io.github.tflite2java.compiler.ops.Pool2d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileLimits;
import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Problem;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link CompileLimits} are enforced, with messages naming the limit, the value and the fix. */
class LimitsValidatorTest {

  static final QuantParams ACT = QuantParams.perTensor(0.02f, 128);

  @TempDir Path dir;

  /** input [1,h,w,2] -> MAX_POOL_2D over the whole image -> [1,1,1,2]. */
  static byte[] bigInput(int h, int w) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.UINT8, new int[] {1, h, w, 2}, ACT);
    int y = b.addTensor("y", TensorType.UINT8, new int[] {1, 1, 1, 2}, ACT);
    b.addOperator(BuiltinOperator.MAX_POOL_2D, new int[] {x}, new int[] {y},
        new Pool2d.Options(Padding.VALID, w, h, w, h, Activation.NONE));
    return b.inputs(x).outputs(y).build();
  }

  /** A pool model with an unused constant of {@code bytes} bytes. */
  static byte[] withWeights(int bytes) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.UINT8, new int[] {1, 2, 2, 2}, ACT);
    int y = b.addTensor("y", TensorType.UINT8, new int[] {1, 1, 1, 2}, ACT);
    b.addConstantTensor("w", TensorType.UINT8, new int[] {bytes}, QuantParams.NONE,
        new byte[bytes]);
    b.addOperator(BuiltinOperator.MAX_POOL_2D, new int[] {x}, new int[] {y},
        new Pool2d.Options(Padding.VALID, 2, 2, 2, 2, Activation.NONE));
    return b.inputs(x).outputs(y).build();
  }

  static GeneratedSource compile(byte[] model, CompileLimits limits)
      throws ModelCompileException {
    ModelGraph g = TfliteReader.read("big.tflite", model, limits);
    return Tflite2JavaCompiler.compile(g, "big.Model",
        CompileOptions.defaults().withLimits(limits));
  }

  static String overLimit(byte[] model, CompileLimits limits, String limit) {
    ModelCompileException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertThrows(ModelCompileException.class, () -> compile(model, limits)));
    assertEquals(1, e.problems().size(), e.getMessage());
    Problem p = e.problems().get(0);
    assertEquals(LimitsValidator.LIMIT_EXCEEDED, p.id());
    assertContains(p.message(), limit + " = ");
    assertContains(p.message(), "<limits><" + limit + ">N</" + limit + "></limits>");
    assertContains(p.message(), "--" + CompileLimits.optionName(limit) + " N");
    return p.message();
  }

  static void assertContains(String haystack, String needle) {
    assertTrue(haystack.contains(needle), "'" + needle + "' not in: " + haystack);
  }

  @Test
  void aTensorOverMaxTensorElementsFailsInTheReader() {
    String m = overLimit(bigInput(8192, 8192), CompileLimits.defaults(), "maxTensorElements");
    assertEquals("tensor 0 'x' [1,8192,8192,2] has 134217728 elements, over the limit"
        + " maxTensorElements = 67108864; if the model is meant to be this large, raise the"
        + " limit (Maven plugin: <limits><maxTensorElements>N</maxTensorElements></limits>;"
        + " command line: --max-tensor-elements N)", m);
  }

  @Test
  void raisingMaxTensorElementsMovesOnToTheArenaLimit() {
    CompileLimits limits = CompileLimits.defaults().withMaxTensorElements(1L << 28);
    String m = overLimit(bigInput(8192, 8192), limits, "maxArenaBytes");
    assertContains(m, "the activations of one instance need 536870920 bytes");
  }

  @Test
  void raisingBothCompiles() throws Exception {
    CompileLimits limits = CompileLimits.defaults().withMaxTensorElements(1L << 28)
        .withMaxArenaBytes(1L << 30);
    GeneratedSource s = compile(bigInput(8192, 8192), limits);
    assertContains(s.source(), "ARENA_SIZE = 134217730;");
  }

  @Test
  void constantDataOverMaxWeightBytesIsNotCopied() {
    String m = overLimit(withWeights(2 << 20),
        CompileLimits.defaults().withMaxWeightBytes(1 << 20), "maxWeightBytes");
    assertContains(m, "the constant data reaches 2097152 bytes at tensor 2 'w'");
  }

  @Test
  void theValidatorCountsEveryConstantTensor() throws Exception {
    // Read with generous limits, compiled with a tight one: LimitsValidator catches it.
    ModelGraph g = TfliteReader.read("big.tflite", withWeights(5000));
    ModelCompileException e = assertThrows(ModelCompileException.class,
        () -> Tflite2JavaCompiler.compile(g, "big.Model", CompileOptions.defaults()
            .withLimits(CompileLimits.defaults().withMaxWeightBytes(4096))));
    assertContains(e.getMessage(), "the constant tensors (weights, biases) hold 5000 bytes, over"
        + " the limit maxWeightBytes = 4096");
  }

  @Test
  void generatedSourceOverMaxSourceBytes() {
    String m = overLimit(bigInput(4, 4), CompileLimits.defaults().withMaxSourceBytes(1000),
        "maxSourceBytes");
    assertContains(m, "the generated source has ");
  }

  @Test
  void theCompileRequestPathReadsWithTheRequestedLimits() throws Exception {
    Path model = Files.write(dir.resolve("big.tflite"), bigInput(64, 64));
    CompileRequest request = new CompileRequest(model, "big.Model", CompileOptions.defaults()
        .withLimits(CompileLimits.defaults().withMaxTensorElements(1000)));
    ModelCompileException e = assertThrows(ModelCompileException.class,
        () -> Tflite2JavaCompiler.compile(request));
    assertContains(e.getMessage(), "[1,64,64,2] has 8192 elements, over the limit"
        + " maxTensorElements = 1000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1:1", "64m:67108864", "64M:67108864", "2k:2048", "1g:1073741824",
      " 12 :12"})
  void parseSize(String pair) {
    String[] p = pair.split(":");
    assertEquals(Long.parseLong(p[1]), CompileLimits.parseSize(p[0]));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0", "-5", "1.5m", "lots", "9999999999999g", "m"})
  void parseSizeRejects(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CompileLimits.parseSize(text));
    assertContains(e.getMessage(), "'" + text + "'");
  }

  @Test
  void limitsByName() {
    CompileLimits l = CompileLimits.defaults().with("maxArenaBytes", 5);
    assertEquals(5, l.maxArenaBytes());
    assertEquals("max-source-bytes", CompileLimits.optionName("maxSourceBytes"));
    assertThrows(IllegalArgumentException.class, () -> l.with("maxFun", 1));
    assertThrows(IllegalArgumentException.class, () -> l.with("maxArenaBytes", 0));
  }

  @Test
  void anOverflowedPlanIsReportedAsOverTheArenaLimit() throws Exception {
    ModelGraph g = TfliteReader.read("big.tflite", bigInput(4, 4));
    LimitsValidator v = new LimitsValidator(CompileLimits.defaults());
    // What int overflow in planning would produce: a negative size, or a tensor past the end.
    for (io.github.tflite2java.compiler.passes.MemoryPlan plan : java.util.List.of(
        new io.github.tflite2java.compiler.passes.MemoryPlan(new int[] {0, 32}, -8, 34),
        new io.github.tflite2java.compiler.passes.MemoryPlan(new int[] {0, 33}, 34, 34))) {
      ModelCompileException e = assertThrows(ModelCompileException.class,
          () -> v.checkPlan(g, plan));
      assertContains(e.getMessage(), "need more than 2147483647 elements, over the limit"
          + " maxArenaBytes");
    }
    v.checkPlan(g, new io.github.tflite2java.compiler.passes.MemoryPlan(new int[] {0, 32}, 34,
        34));
  }
}

package io.github.tflite2java.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.WeightStorage;
import io.github.tflite2java.compiler.WeightsResource;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.modelbuilder.SyntheticModels;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.validate.LimitsValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weights kept as a resource beside the class, and the choice between that and embedding. */
class WeightsResourceTest {

  private static final byte[] MODEL = SyntheticModels.fcStackUint8(96, 3, 7);

  private static GeneratedSource compile(String className, WeightStorage storage)
      throws ModelCompileException {
    ModelGraph g = TfliteReader.read("fc.tflite", MODEL);
    return Tflite2JavaCompiler.compile(g, className,
        CompileOptions.defaults().withWeights(storage));
  }

  private static byte[] run(InMemoryJavac.Compiled compiled, String className, byte[] input)
      throws Exception {
    Class<?> c = compiled.load(className);
    Object m = c.getConstructor().newInstance();
    return ((byte[][]) c.getMethod("inferRaw", byte[][].class)
        .invoke(m, (Object) new byte[][] {input}))[0];
  }

  @Test
  void resourceAndEmbeddedClassesReturnTheSameBytes() throws Exception {
    GeneratedSource embedded = compile("w.Embedded", WeightStorage.EMBEDDED);
    GeneratedSource resource = compile("w.Resource", WeightStorage.RESOURCE);
    assertNull(embedded.weights());
    WeightsResource weights = resource.weights();
    assertEquals("w/Resource.weights", weights.relativePath());
    assertEquals(3 * 96 * 96 + 3 * 96 * 4, weights.size(), "weights and biases, unshifted");
    assertTrue(embedded.source().contains("append(p, at,"));
    assertFalse(resource.source().contains("append(p, at,"), "no string constants");
    assertTrue(resource.source().contains("readWeights(Resource.class, \"Resource.weights\""));
    assertTrue(resource.source().length() * 2 < embedded.source().length());
    byte[] input = new byte[96];
    new Random(3).nextBytes(input);
    byte[] a = run(InMemoryJavac.compile(embedded), "w.Embedded", input);
    byte[] b = run(InMemoryJavac.compile(resource), "w.Resource", input);
    assertArrayEquals(a, b);
    // Deterministic: the same model gives the same resource.
    assertArrayEquals(weights.readAllBytes(),
        compile("w.Resource", WeightStorage.RESOURCE).weights().readAllBytes());
  }

  @Test
  void aMissingResourceFailsClassInitializationSayingWhereItComesFrom() throws Exception {
    GeneratedSource resource = compile("w.Missing", WeightStorage.RESOURCE);
    InMemoryJavac.Compiled compiled = InMemoryJavac.compile("w.Missing", resource.source());
    Throwable e = assertThrows(ExceptionInInitializerError.class,
        () -> run(compiled, "w.Missing", new byte[96]));
    assertEquals(IllegalStateException.class, e.getCause().getClass());
    String message = e.getCause().getMessage();
    assertTrue(message.startsWith("the weights of w.Missing, the class-path resource"
        + " w/Missing.weights (" + resource.weights().size() + " bytes), is not on the class"
        + " path"), message);
    assertTrue(message.contains("--resources-out"), message);
  }

  @Test
  void aResourceOfAnotherModelFailsClassInitialization() throws Exception {
    GeneratedSource resource = compile("w.Stale", WeightStorage.RESOURCE);
    byte[] other = resource.weights().readAllBytes();
    other[5]++;
    InMemoryJavac.Compiled compiled = InMemoryJavac.compile("w.Stale", resource.source())
        .withResource("w/Stale.weights", other);
    Throwable e = assertThrows(ExceptionInInitializerError.class,
        () -> run(compiled, "w.Stale", new byte[96])).getCause();
    assertTrue(e.getMessage().contains("has other content (CRC-32"), e.getMessage());
    InMemoryJavac.Compiled shorter = InMemoryJavac.compile("w.Short", compile("w.Short",
        WeightStorage.RESOURCE).source()).withResource("w/Short.weights", new byte[10]);
    e = assertThrows(ExceptionInInitializerError.class,
        () -> run(shorter, "w.Short", new byte[96])).getCause();
    assertTrue(e.getMessage().contains("has only 10 bytes"), e.getMessage());
  }

  @Test
  void writeToKeepsAnUnchangedFileAndConfinesThePath(@TempDir Path dir) throws Exception {
    WeightsResource w = compile("w.Out", WeightStorage.RESOURCE).weights();
    Path file = w.writeTo(dir);
    assertEquals(dir.resolve("w/Out.weights"), file);
    assertArrayEquals(w.readAllBytes(), Files.readAllBytes(file));
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));
    w.writeTo(dir);
    assertEquals(0, Files.getLastModifiedTime(file).toMillis(), "unchanged: not rewritten");
    WeightsResource evil = new WeightsResource("../evil.weights", w.file(), w.size(), w.crc32());
    assertThrows(java.io.IOException.class, () -> evil.writeTo(dir));
    w.discard();
    assertFalse(Files.exists(w.file()));
  }

  @Test
  void autoEmbedsSmallWeightsOnly() {
    assertEquals(WeightStorage.EMBEDDED,
        WeightStorage.AUTO.resolve(WeightStorage.AUTO_EMBEDDED_MAX_BYTES));
    assertEquals(WeightStorage.RESOURCE,
        WeightStorage.AUTO.resolve(WeightStorage.AUTO_EMBEDDED_MAX_BYTES + 1));
    assertEquals(WeightStorage.EMBEDDED, WeightStorage.EMBEDDED.resolve(1L << 40));
    assertEquals(WeightStorage.RESOURCE, WeightStorage.parse(" Resource "));
    assertThrows(IllegalArgumentException.class, () -> WeightStorage.parse("inline"));
  }

  @Test
  void embeddingTooManyWeightsIsRefusedBeforeGenerating() throws Exception {
    ModelGraph g = TfliteReader.read("big.tflite", SyntheticModels.fcStackUint8(4096, 5, 1));
    ModelCompileException e = assertThrows(ModelCompileException.class,
        () -> Tflite2JavaCompiler.compile(g, "w.Big",
            CompileOptions.defaults().withWeights(WeightStorage.EMBEDDED)));
    assertEquals(LimitsValidator.EMBEDDED_WEIGHTS_TOO_LARGE, e.problems().get(0).id());
    assertTrue(e.getMessage().contains("--weights resource"), e.getMessage());
  }

  @Test
  void anOversizedSourceIsRefusedBeforeItIsRendered() throws Exception {
    ModelGraph g = TfliteReader.read("fc.tflite", MODEL);
    ModelCompileException e = assertThrows(ModelCompileException.class,
        () -> Tflite2JavaCompiler.compile(g, "w.Long", CompileOptions.defaults()
            .withWeights(WeightStorage.EMBEDDED)
            .withLimits(CompileOptions.defaults().limits().withMaxSourceBytes(20_000))));
    assertTrue(e.getMessage().contains("the generated source would have more than"),
        e.getMessage());
    assertTrue(e.getMessage().contains("weights=resource"), e.getMessage());
  }

  @Test
  void aMappedModelKeepsConstantDataAsViews(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("fc.tflite");
    Files.write(file, MODEL);
    ModelGraph mapped = TfliteReader.read(file);
    ModelGraph copied = TfliteReader.read("fc.tflite", MODEL);
    for (int i = 0; i < mapped.tensors().size(); i++) {
      assertArrayEquals(copied.tensor(i).data(), mapped.tensor(i).data());
      assertEquals(copied.tensor(i).dataLength(), mapped.tensor(i).dataLength());
      if (mapped.tensor(i).isConstant()) {
        assertTrue(mapped.tensor(i).dataView().isDirect(), "a view of the mapped file");
      }
    }
    assertEquals(copied.sha256(), mapped.sha256());
  }
}

package io.github.tflite2java.compiler.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.KernelBackend;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One model compiled with {@code kernels=vector} and loaded twice: with its vector companion
 * class (the vector kernels) and without it (the model class's own scalar kernels, which the
 * randomized suite checks against live TFLite). The vector kernel tests compare the two byte for
 * byte and check that the vector class really ran the layers on vector kernels.
 *
 * <p>Example (a test of a new vector kernel):
 *
 * <pre>
 * &#64;ExtendWith(VectorPair.NoWarmUp.class)
 * class VectorSomethingTest {
 *   &#64;Test
 *   void vectorSomethingEqualsTheScalarKernel() throws Exception {
 *     TfliteModelBuilder b = new TfliteModelBuilder();
 *     // ... one layer, inputs(in).outputs(out)
 *     VectorPair pair = VectorPair.compile(b.build(), "test.vsome.Model");
 *     pair.assertVectorLayers(1, "what this case is");
 *     for (byte[] input : inputs) {
 *       pair.assertSameOutput(input, "what this case is");
 *     }
 *   }
 * }
 * </pre>
 *
 * <p>Tests of whole models (golden bytes, several layers) use the static parts: {@link
 * #compileVector}, {@link #kernels(Class)}, {@link #infer}; {@link
 * ClassFileMethods#assertUnderJitLimit} checks the method sizes.
 */
public final class VectorPair {
  /**
   * The system property the generated vector class reads: {@code false} switches off its
   * background warm-up, so the vector kernels run from the first inference on.
   */
  public static final String WARM_UP = "tflite2java.vectorWarmUp";

  /**
   * JUnit extension: no background warm-up ({@link #WARM_UP} {@code = false}) during each test,
   * the property cleared after it. A test may clear it itself to test the warm-up.
   */
  public static final class NoWarmUp implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
      System.setProperty(WARM_UP, "false");
    }

    @Override
    public void afterEach(ExtensionContext context) {
      System.clearProperty(WARM_UP);
    }
  }

  private final GeneratedSource generated;
  private final Class<?> vector;
  private final Class<?> scalar;

  private VectorPair(GeneratedSource generated, Class<?> vector, Class<?> scalar) {
    this.generated = generated;
    this.vector = vector;
    this.scalar = scalar;
  }

  /**
   * Compiles {@code model} (the bytes of a .tflite file, e.g. {@code TfliteModelBuilder.build()})
   * as {@code className} with {@code kernels=vector}, then compiles the generated source in
   * memory twice: with the vector companion and without it.
   */
  public static VectorPair compile(byte[] model, String className) throws Exception {
    Path file = Files.createTempFile("vector-pair", ".tflite");
    try {
      Files.write(file, model);
      GeneratedSource generated = compileVector(file, className);
      return new VectorPair(generated, InMemoryJavac.compile(generated).load(className),
          InMemoryJavac.compileWithoutVector(generated).load(className));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** The generated source of the model file {@code model} compiled with {@code kernels=vector}. */
  public static GeneratedSource compileVector(Path model, String className) throws Exception {
    return Tflite2JavaCompiler.compile(new CompileRequest(model, className,
        CompileOptions.defaults().withKernels(KernelBackend.VECTOR)));
  }

  /** The generated source (model class and its vector companion). */
  public GeneratedSource generated() {
    return generated;
  }

  /** The vector companion class's source. */
  public String vectorSource() {
    return generated.vectorClass().content();
  }

  /** The model class loaded with its vector companion. */
  public Class<?> vector() {
    return vector;
  }

  /** The model class loaded without its vector companion (its own scalar kernels). */
  public Class<?> scalar() {
    return scalar;
  }

  /** The vector-loaded class's {@code kernels()}: which kernels run, and how many layers. */
  public String kernels() throws Exception {
    return kernels(vector);
  }

  /**
   * Asserts that the vector-loaded class runs {@code layers} layers on vector kernels ({@code
   * kernels()} is {@code "vector: ..., N layers"}); returns its {@code kernels()}.
   */
  public String assertVectorLayers(int layers, String what) throws Exception {
    String which = kernels();
    assertTrue(which.startsWith("vector: ") && which.endsWith(", " + layers + " layers"),
        what + ": " + layers + " layer(s) on vector kernels expected: " + which);
    return which;
  }

  /**
   * Runs {@code input} through both classes ({@code infer(byte[])}) and asserts the same bytes;
   * returns them.
   */
  public byte[] assertSameOutput(byte[] input, String what) throws Exception {
    byte[] expected = infer(scalar, input);
    assertArrayEquals(expected, infer(vector, input), what);
    return expected;
  }

  /** {@code c.infer(input)} (static, one input and output), unwrapping its exception. */
  public static byte[] infer(Class<?> c, byte[] input) throws Exception {
    try {
      return (byte[]) c.getMethod("infer", byte[].class).invoke(null, (Object) input);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  /** {@code c.kernels()}: the kernels a generated class runs. */
  public static String kernels(Class<?> c) throws Exception {
    return (String) c.getMethod("kernels").invoke(null);
  }
}

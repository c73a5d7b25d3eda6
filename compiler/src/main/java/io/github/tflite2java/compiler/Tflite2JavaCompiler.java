package io.github.tflite2java.compiler;

import io.github.tflite2java.compiler.emit.HelperOptionsValidator;
import io.github.tflite2java.compiler.emit.ImageHelpersEmitter;
import io.github.tflite2java.compiler.emit.ModelClassGenerator;
import io.github.tflite2java.compiler.emit.ResultsEmitter;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ops.OperatorRegistry;
import io.github.tflite2java.compiler.ops.PreparedModel;
import io.github.tflite2java.compiler.passes.BatchResizer;
import io.github.tflite2java.compiler.passes.MemoryPlan;
import io.github.tflite2java.compiler.passes.MemoryPlanner;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.report.ModelReport;
import io.github.tflite2java.compiler.report.ModelReporter;
import io.github.tflite2java.compiler.validate.LimitsValidator;
import io.github.tflite2java.compiler.validate.ModelValidator;
import java.io.IOException;
import java.util.List;

/**
 * The compiler's entry point: reads a .tflite model, validates it, plans memory, and returns
 * the generated Java source. Stateless and thread-safe.
 *
 * <p>Pipeline: {@code reader} (FlatBuffer to graph IR) -> {@code validate} (what is supported)
 * -> {@code passes} (memory planning) -> {@code ops} (per-operator folding and lowering) ->
 * {@code emit} (one Java class).
 */
public final class Tflite2JavaCompiler {

  private Tflite2JavaCompiler() {}

  /**
   * Compiles one model.
   *
   * @throws ModelCompileException when the model is corrupt or unsupported (message names the
   *     file, operator and tensor)
   * @throws IOException when the file cannot be read
   */
  public static GeneratedSource compile(CompileRequest request)
      throws ModelCompileException, IOException {
    ModelGraph graph = TfliteReader.read(request.modelFile(), request.options().limits());
    return compile(graph, request.className(), request.options());
  }

  /**
   * Compiles one model whose bytes the caller has already read and hashed (the build core does,
   * to verify checksums and decide what is up to date), so that the file is read and hashed once.
   *
   * @param displayName how messages and the generated Javadoc name the model, e.g. its path
   * @param bytes the .tflite file's content
   * @param sha256 lowercase hex SHA-256 of {@code bytes}
   * @throws ModelCompileException when the model is corrupt or unsupported
   */
  public static GeneratedSource compile(String displayName, byte[] bytes, String sha256,
      String className, CompileOptions options) throws ModelCompileException {
    ModelGraph graph = TfliteReader.read(displayName, bytes, sha256, options.limits());
    return compile(graph, className, options);
  }

  /**
   * Compiles one model held in a buffer (a memory-mapped file, see {@link TfliteReader#map}),
   * whose SHA-256 the caller has already computed; the buffer is not copied.
   */
  public static GeneratedSource compile(String displayName, java.nio.ByteBuffer bytes,
      String sha256, String className, CompileOptions options) throws ModelCompileException {
    ModelGraph graph = TfliteReader.read(displayName, bytes, sha256, options.limits());
    return compile(graph, className, options);
  }

  /** Compiles a model already read (used by tests and tools that build models in memory). */
  public static GeneratedSource compile(ModelGraph graph, String className,
      CompileOptions options) throws ModelCompileException {
    if (isReservedClassName(className)) {
      throw new ModelCompileException(graph.sourceName(), List.of(new Problem(
          ImageHelpersEmitter.RESERVED_CLASS_NAME, "class name " + className + " is reserved:"
          + " tflite2java generates " + ImageHelpersEmitter.RESIZER_CLASS + " itself, beside"
          + " model classes with image helpers; choose another name")));
    }
    graph = BatchResizer.resize(graph, options.batch());
    OperatorRegistry registry = OperatorRegistry.standard();
    LimitsValidator limits = new LimitsValidator(options.limits());
    limits.checkGraph(graph);
    PreparedModel model = new ModelValidator(registry).validate(graph, options);
    HelperOptionsValidator.validate(graph, options);
    ResultsEmitter.checkClassName(graph, className);
    MemoryPlan plan = new MemoryPlanner().plan(model);
    limits.checkPlan(graph, plan);
    int dot = className.lastIndexOf('.');
    String packageName = dot < 0 ? "" : className.substring(0, dot);
    String simpleName = className.substring(dot + 1);
    limits.checkWeightStorage(graph, options.weights(), ModelClassGenerator.weightBytes(graph));
    ModelGraph checked = graph;
    ModelClassGenerator.Result result =
        new ModelClassGenerator(version()).generate(model, plan, options, packageName,
            simpleName, atLeast -> limits.checkSourceBefore(checked, atLeast));
    try {
      limits.checkSource(graph, result.source().length());
    } catch (ModelCompileException e) {
      if (result.weights() != null) {
        result.weights().discard();
      }
      throw e;
    }
    ModelReport report = new ModelReporter().report(model, plan, className, version(),
        options, new ModelReporter.GeneratedCode(result.classCount(), result.methodCount(),
            result.weightBytes()));
    return new GeneratedSource(className, result.source(), report.summaryLine(), report,
        result.companions(), result.weights(), result.vectorClass());
  }

  /**
   * Paths, relative to the source root, of the {@linkplain GeneratedSource#companions()
   * companion files} that compiling {@code className} with or without image helpers generates
   * beside it: the package's shared {@value ImageHelpersEmitter#RESIZER_CLASS} with image
   * helpers, none without. Build tools plan their outputs (and clean up stale ones) with it.
   */
  public static List<String> companionPaths(String className, boolean imageHelpers) {
    return ImageHelpersEmitter.companionPaths(className, imageHelpers);
  }

  /**
   * Whether {@code className}'s simple name is one the compiler generates companions under,
   * ignoring case (file names that differ only in case collide on macOS and Windows), so that no
   * model class may take it: {@value ImageHelpersEmitter#RESIZER_CLASS}.
   */
  public static boolean isReservedClassName(String className) {
    String simpleName = className.substring(className.lastIndexOf('.') + 1);
    return simpleName.equalsIgnoreCase(ImageHelpersEmitter.RESIZER_CLASS);
  }

  /** This compiler's version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    try (java.io.InputStream in =
        Tflite2JavaCompiler.class.getResourceAsStream("version.properties")) {
      java.util.Properties p = new java.util.Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}

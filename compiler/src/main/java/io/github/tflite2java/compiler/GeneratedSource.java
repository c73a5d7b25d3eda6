package io.github.tflite2java.compiler;

import io.github.tflite2java.compiler.report.ModelReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The Java source generated for one model.
 *
 * @param className fully qualified class name
 * @param source the complete compilation unit
 * @param summary one line describing the model and what was generated, for build logs
 * @param report the layer-by-layer report of the compilation, or null where none was made
 * @param companions further compilation units the model class needs beside it, in its package
 *     (today only the image resizer that model classes with image helpers share); each has the
 *     same content for every model of the package that needs it, so every such model may write
 *     it and the package has one copy
 * @param weights the class's weights as a resource to put beside the class (on the class
 *     path, same package), or null when the class embeds them ({@link WeightStorage})
 * @param vectorClass with the compile option {@code kernels=vector}, the vector companion class
 *     ({@code <Name>Vector}, on {@code jdk.incubator.vector}): it must be compiled apart from the
 *     Java 8 sources, with {@code --add-modules jdk.incubator.vector}; null otherwise
 */
public record GeneratedSource(String className, String source, String summary,
    ModelReport report, List<Companion> companions, WeightsResource weights,
    Companion vectorClass) {

  /**
   * A source file shared by the generated classes of one package.
   *
   * @param relativePath path below the source root, e.g. {@code com/example/Foo.java}
   * @param content the complete compilation unit
   * @param weights the class's own weights resource (the vector class's blocked weights,
   *     {@code com/example/FooVector.weights}), to be written beside the model's; null when the
   *     class embeds its constants or has none
   */
  public record Companion(String relativePath, String content, WeightsResource weights) {

    /** A companion without a weights resource. */
    public Companion(String relativePath, String content) {
      this(relativePath, content, null);
    }

    /** The fully qualified name of the class it declares, e.g. {@code com.example.Foo}. */
    public String className() {
      return relativePath.substring(0, relativePath.length() - ".java".length())
          .replace('/', '.');
    }
  }

  public GeneratedSource {
    companions = List.copyOf(companions);
  }

  /** A generated source whose class embeds its weights, without a vector class. */
  public GeneratedSource(String className, String source, String summary,
      ModelReport report, List<Companion> companions) {
    this(className, source, summary, report, companions, null, null);
  }

  /** A generated source without a vector class. */
  public GeneratedSource(String className, String source, String summary,
      ModelReport report, List<Companion> companions, WeightsResource weights) {
    this(className, source, summary, report, companions, weights, null);
  }

  /** A generated source without companions. */
  public GeneratedSource(String className, String source, String summary, ModelReport report) {
    this(className, source, summary, report, List.of());
  }

  /** A generated source without a report or companions. */
  public GeneratedSource(String className, String source, String summary) {
    this(className, source, summary, null, List.of());
  }

  /** Path of the source file relative to a source root, e.g. {@code com/example/Foo.java}. */
  public String relativePath() {
    return className.replace('.', '/') + ".java";
  }

  /**
   * Writes the source and its companions below {@code sourceRoot} (not the {@linkplain
   * #weights() weights resource}: write it with {@link WeightsResource#writeTo} to a resource
   * root, then {@link WeightsResource#discard()} its temporary file), each only when the file is
   * missing or its content differs, so that an unchanged model does not make javac recompile.
   *
   * @return the written (or already up-to-date) file of the model class
   * @throws IOException when a file cannot be written, or when the class name would put it
   *     outside {@code sourceRoot} (e.g. {@code ..x.Evil}); nothing is written then
   */
  public Path writeTo(Path sourceRoot) throws IOException {
    Path file = confined(sourceRoot, relativePath());
    for (Companion c : companions) {
      confined(sourceRoot, c.relativePath());
    }
    write(file, source);
    for (Companion c : companions) {
      write(sourceRoot.resolve(c.relativePath()), c.content());
    }
    return file;
  }

  private Path confined(Path sourceRoot, String relativePath) throws IOException {
    Path file = sourceRoot.resolve(relativePath);
    Path root = sourceRoot.toAbsolutePath().normalize();
    Path normalized = file.toAbsolutePath().normalize();
    if (!normalized.startsWith(root) || normalized.equals(root)) {
      throw new IOException("refusing to write " + normalized + ": class name '" + className
          + "' would place it outside " + root);
    }
    return file;
  }

  private static void write(Path file, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
      return;
    }
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }
}

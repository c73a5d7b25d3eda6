package io.github.tflite2java.compiler;

import io.github.tflite2java.compiler.report.ModelReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The Java source generated for one model.
 *
 * @param className fully qualified class name
 * @param source the complete compilation unit
 * @param summary one line describing the model and what was generated, for build logs
 * @param report the layer-by-layer report of the compilation, or null where none was made
 */
public record GeneratedSource(String className, String source, String summary,
    ModelReport report) {

  /** A generated source without a report. */
  public GeneratedSource(String className, String source, String summary) {
    this(className, source, summary, null);
  }

  /** Path of the source file relative to a source root, e.g. {@code com/example/Foo.java}. */
  public String relativePath() {
    return className.replace('.', '/') + ".java";
  }

  /**
   * Writes the source below {@code sourceRoot}, only when the file is missing or its content
   * differs, so that an unchanged model does not make javac recompile.
   *
   * @return the written (or already up-to-date) file
   * @throws IOException when the file cannot be written, or when the class name would put it
   *     outside {@code sourceRoot} (e.g. {@code ..x.Evil})
   */
  public Path writeTo(Path sourceRoot) throws IOException {
    Path file = sourceRoot.resolve(relativePath());
    Path root = sourceRoot.toAbsolutePath().normalize();
    Path normalized = file.toAbsolutePath().normalize();
    if (!normalized.startsWith(root) || normalized.equals(root)) {
      throw new IOException("refusing to write " + normalized + ": class name '" + className
          + "' would place it outside " + root);
    }
    byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
    if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
      return file;
    }
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    return file;
  }
}

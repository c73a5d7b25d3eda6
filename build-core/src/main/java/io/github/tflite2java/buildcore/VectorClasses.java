package io.github.tflite2java.buildcore;

import io.github.tflite2java.compiler.GeneratedSource;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The vector companion classes of models compiled with {@code kernels=vector}: their sources go
 * to a directory of their own beside the output directory ({@code <out>-vector}), because they
 * are compiled apart from the Java 8 sources: for Java 17 and with {@code --add-modules
 * jdk.incubator.vector}. {@link #compile} does that with the running JDK's compiler (the Maven
 * plugin calls it, so that a project needs no second compiler execution).
 */
public final class VectorClasses {
  /** javac options for the vector classes. */
  public static final List<String> JAVAC_OPTIONS = List.of("--release", "17", "--add-modules",
      "jdk.incubator.vector", "-encoding", "UTF-8", "-nowarn");

  private VectorClasses() {}

  /** Where the vector sources of {@code outputDirectory}'s models go: {@code <out>-vector}. */
  public static Path directory(Path outputDirectory) {
    return outputDirectory.resolveSibling(outputDirectory.getFileName() + "-vector");
  }

  /** Writes a vector class below {@link #directory}, only when its content differs. */
  static Path write(Path outputDirectory, GeneratedSource.Companion vectorClass)
      throws IOException {
    Path root = directory(outputDirectory);
    Path file = root.resolve(vectorClass.relativePath()).normalize();
    if (!file.startsWith(root)) {
      throw new IOException("Generated file " + file + " is outside " + root);
    }
    byte[] bytes = vectorClass.content().getBytes(StandardCharsets.UTF_8);
    if (!Files.exists(file) || !java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    }
    return file;
  }

  /**
   * Compiles every {@code .java} file below {@code sourceDirectory} whose class file in {@code
   * classesDirectory} is missing or older; returns the number of sources compiled.
   *
   * @throws IOException when javac fails (its messages in the exception) or is missing
   */
  public static int compile(Path sourceDirectory, Path classesDirectory) throws IOException {
    if (!Files.isDirectory(sourceDirectory)) {
      return 0;
    }
    List<String> stale = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sourceDirectory)) {
      for (Path source : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))
          .sorted()::iterator) {
        String relative = sourceDirectory.relativize(source).toString();
        Path classFile = classesDirectory.resolve(
            relative.substring(0, relative.length() - ".java".length()) + ".class");
        if (!Files.exists(classFile)
            || Files.getLastModifiedTime(classFile).compareTo(
                Files.getLastModifiedTime(source)) < 0) {
          stale.add(source.toString());
        }
      }
    }
    if (stale.isEmpty()) {
      return 0;
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IOException("no Java compiler in this JVM (a JRE?): the vector classes in "
          + sourceDirectory + " need a JDK 17 or later");
    }
    Files.createDirectories(classesDirectory);
    List<String> args = new ArrayList<>(JAVAC_OPTIONS);
    args.add("-d");
    args.add(classesDirectory.toString());
    args.addAll(stale);
    StringWriter out = new StringWriter();
    int status = javac.getTask(out, null, null, args.subList(0, args.size() - stale.size()),
        null, javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
            .getJavaFileObjectsFromStrings(stale)).call() ? 0 : 1;
    if (status != 0) {
      throw new IOException("javac " + String.join(" ", JAVAC_OPTIONS) + " failed on the vector"
          + " classes in " + sourceDirectory + ":\n" + out);
    }
    return stale.size();
  }
}

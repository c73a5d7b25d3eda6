package io.github.tflite2java.buildcore;

/** Maps class names to source file paths the same way {@code GeneratedSource} does. */
final class SourcePaths {

  private SourcePaths() {}

  /** {@code com.example.Foo} to {@code com/example/Foo.java}. */
  static String relativePath(String className) {
    return className.replace('.', '/') + ".java";
  }
}

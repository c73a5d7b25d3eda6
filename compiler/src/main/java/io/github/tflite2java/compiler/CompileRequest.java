package io.github.tflite2java.compiler;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to compile: one model file into one Java class. Shared by the Maven plugin and the CLI.
 *
 * @param modelFile the .tflite file
 * @param className fully qualified name of the class to generate, e.g. {@code
 *     com.example.MobilenetV1Quant}
 * @param options settings that change the generated code
 */
public record CompileRequest(Path modelFile, String className, CompileOptions options) {

  public CompileRequest {
    Objects.requireNonNull(modelFile, "modelFile");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(options, "options");
  }

  /** A request with {@link CompileOptions#defaults()}. */
  public CompileRequest(Path modelFile, String className) {
    this(modelFile, className, CompileOptions.defaults());
  }

  /** Simple name of the generated class. */
  public String simpleClassName() {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? className : className.substring(dot + 1);
  }

  /** Package of the generated class ("" for the default package). */
  public String packageName() {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }
}

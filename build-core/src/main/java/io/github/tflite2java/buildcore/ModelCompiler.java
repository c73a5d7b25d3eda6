package io.github.tflite2java.buildcore;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import java.io.IOException;
import java.util.List;

/** Compiles one model; {@link #DEFAULT} is the real compiler, tests substitute a fake. */
@FunctionalInterface
public interface ModelCompiler {

  /**
   * The real compiler, {@link Tflite2JavaCompiler#compile(String, java.nio.ByteBuffer, String, String,
   * CompileOptions)}: it reads the bytes already read and uses the SHA-256 already computed.
   */
  ModelCompiler DEFAULT = (model, className, options) -> Tflite2JavaCompiler.compile(
      model.file().toString(), model.bytes(), model.sha256(), className, options);

  GeneratedSource compile(ModelInput model, String className, CompileOptions options)
      throws ModelCompileException, IOException;

  /**
   * Paths, relative to the output directory, of the companion files that {@link #compile} will
   * return with {@code className} ({@link GeneratedSource#companions()}), known before
   * compiling so that they can be planned, checked for being up to date and cleaned up. The real
   * compiler's by default: {@link Tflite2JavaCompiler#companionPaths(String, boolean)}.
   */
  default List<String> companionPaths(String className, boolean imageHelpers) {
    return Tflite2JavaCompiler.companionPaths(className, imageHelpers);
  }
}

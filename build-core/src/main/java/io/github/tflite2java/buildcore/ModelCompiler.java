package io.github.tflite2java.buildcore;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import java.io.IOException;

/** Compiles one model; {@link #DEFAULT} is the real compiler, tests substitute a fake. */
@FunctionalInterface
public interface ModelCompiler {

  /**
   * The real compiler, {@link Tflite2JavaCompiler#compile(String, byte[], String, String,
   * CompileOptions)}: it reads the bytes already read and uses the SHA-256 already computed.
   */
  ModelCompiler DEFAULT = (model, className, options) -> Tflite2JavaCompiler.compile(
      model.file().toString(), model.bytes(), model.sha256(), className, options);

  GeneratedSource compile(ModelInput model, String className, CompileOptions options)
      throws ModelCompileException, IOException;
}

package io.github.tflite2java.buildtool;

import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import java.io.IOException;

/** Compiles one model; {@link #DEFAULT} is the real compiler, tests substitute a fake. */
@FunctionalInterface
public interface ModelCompiler {

  /** The real compiler, {@link Tflite2JavaCompiler#compile}. */
  ModelCompiler DEFAULT = Tflite2JavaCompiler::compile;

  GeneratedSource compile(CompileRequest request) throws ModelCompileException, IOException;
}

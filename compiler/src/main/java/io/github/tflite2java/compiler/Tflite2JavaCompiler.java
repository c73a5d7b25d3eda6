package io.github.tflite2java.compiler;

import java.io.IOException;

/**
 * The compiler's entry point: reads a .tflite model, validates it, plans memory, and returns
 * the generated Java source. Stateless and thread-safe.
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
    throw new UnsupportedOperationException("not yet implemented");
  }
}

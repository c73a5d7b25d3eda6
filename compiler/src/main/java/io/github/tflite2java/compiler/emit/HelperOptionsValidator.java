package io.github.tflite2java.compiler.emit;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Problem;
import io.github.tflite2java.compiler.ir.ModelGraph;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that the optional helpers asked for fit the model: labels one per output class, image
 * helpers an RGB image input. Reports every problem at once.
 */
public final class HelperOptionsValidator {

  private HelperOptionsValidator() {}

  /** @throws ModelCompileException listing every problem found */
  public static void validate(ModelGraph g, CompileOptions options)
      throws ModelCompileException {
    List<Problem> problems = new ArrayList<>();
    problems.addAll(LabelsEmitter.check(g, options));
    problems.addAll(ImageHelpersEmitter.check(g, options));
    if (!problems.isEmpty()) {
      throw new ModelCompileException(g.sourceName(), problems);
    }
  }
}

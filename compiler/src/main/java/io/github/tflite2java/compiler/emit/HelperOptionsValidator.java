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
    // The helpers use the single-tensor constants (INPUT_SIZE, OUTPUT_SIZE, ...).
    // A detector's labels name its classes (see ResultsEmitter); other labels describe output 0.
    if (!options.labels().isEmpty() && g.outputs().length > 1
        && ResultsEmitter.kind(g) != ResultsEmitter.Kind.DETECTION) {
      problems.add(new Problem(LabelsEmitter.LABELS_MISMATCH, "labels need a model with one"
          + " output; this one has " + g.outputs().length));
    }
    if (options.imageHelpers() && g.inputs().length > 1) {
      problems.add(new Problem(ImageHelpersEmitter.NOT_AN_IMAGE_INPUT, "imageHelpers need a"
          + " model with one input; this one has " + g.inputs().length));
    }
    problems.addAll(LabelsEmitter.check(g, options));
    problems.addAll(ImageHelpersEmitter.check(g, options));
    if (!problems.isEmpty()) {
      throw new ModelCompileException(g.sourceName(), problems);
    }
  }
}

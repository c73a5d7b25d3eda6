package io.github.tflite2java.buildcore;

import io.github.tflite2java.compiler.Problem;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One problem of a build, kept structured from where it is found to where it is shown: the Maven
 * plugin logs it and marks it on the file for IDEs, the command line prints it, both through
 * {@link ProblemFormatter}.
 *
 * @param file the file the problem is in, for IDE markers; null when it is not in a file that
 *     exists (a missing file, a configuration entry)
 * @param subject what the problem is about as the user names it: the model file as configured,
 *     or the configuration entry; printed once before its problems
 * @param id stable identifier of the check, e.g. {@code tflite2java/UnsupportedOperator}
 * @param message what is wrong (for a model: operator index and name, tensor)
 * @param supported what is supported instead (e.g. the supported operators), or null; printed
 *     once per subject however many problems share it
 */
public record BuildProblem(Path file, String subject, String id, String message,
    String supported) {

  /** A problem without a "supported" note. */
  public BuildProblem(Path file, String subject, String id, String message) {
    this(file, subject, id, message, null);
  }

  public BuildProblem {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(message, "message");
  }

  /** A compiler problem of a model. */
  static BuildProblem of(ModelSpec model, Problem problem) {
    return new BuildProblem(model.file(), model.subject(), problem.id(), problem.message(),
        problem.supported());
  }

  @Override
  public String toString() {
    return subject + ": " + message;
  }
}

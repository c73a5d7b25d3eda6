package io.github.tflite2java.buildtool;

import java.util.List;

/**
 * The configured models cannot be generated: the configuration is wrong (missing file, invalid
 * or duplicate class name) or models are corrupt or unsupported. The message lists every
 * problem of every model, so a user can fix them all in one round.
 */
public final class GenerationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  GenerationException(String heading, List<String> problems) {
    super(format(heading, problems));
    this.problems = List.copyOf(problems);
  }

  /** One message per problem; a model's compile problems are one (multi-line) message. */
  public List<String> problems() {
    return problems;
  }

  private static String format(String heading, List<String> problems) {
    if (problems.size() == 1) {
      return problems.get(0);
    }
    StringBuilder sb = new StringBuilder(heading);
    for (String p : problems) {
      sb.append("\n").append(p);
    }
    return sb.toString();
  }
}

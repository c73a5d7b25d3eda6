package io.github.tflite2java.buildcore;

import java.util.List;

/**
 * The configured models cannot be generated: the configuration is wrong (missing file, invalid
 * or duplicate class name), a model file does not have its configured checksum, or models are
 * corrupt or unsupported. It holds every problem of every model, structured, so that a user can
 * fix them all in one round; the message is their {@link ProblemFormatter} text.
 */
public final class GenerationException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What kind of failure: decides, e.g., the command line's exit status. */
  public enum Kind {
    /** Wrong configuration (nothing was read or compiled). */
    CONFIGURATION,
    /** A model file is not the one configured by its checksum. */
    CHECKSUM,
    /** Models are corrupt or unsupported. */
    MODEL,
    /** Generation ran out of memory or into another JVM limit (the message says what to set). */
    OUT_OF_MEMORY
  }

  private final Kind kind;
  private final transient List<BuildProblem> problems;

  GenerationException(Kind kind, String heading, List<BuildProblem> problems) {
    super(ProblemFormatter.format(heading, problems));
    this.kind = kind;
    this.problems = List.copyOf(problems);
  }

  public Kind kind() {
    return kind;
  }

  /** Every problem found, in configuration order. */
  public List<BuildProblem> problems() {
    return problems;
  }
}

package io.github.tflite2java.compiler;

import java.util.List;

/**
 * The model cannot be compiled: it is corrupt, not a TFLite model, or uses something this
 * compiler does not support. The message names the file and lists every problem found, so a
 * user can fix them all in one round.
 */
public final class ModelCompileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final List<Problem> problems;

  public ModelCompileException(String file, List<Problem> problems) {
    super(format(file, problems));
    this.file = file;
    this.problems = List.copyOf(problems);
  }

  public ModelCompileException(String file, Problem problem) {
    this(file, List.of(problem));
  }

  /** The model file (as the user named it). */
  public String file() {
    return file;
  }

  public List<Problem> problems() {
    return problems;
  }

  /**
   * The file name once, then each problem's message; each distinct "supported" text once at the
   * end (not repeated on every line).
   */
  public static String format(String file, List<Problem> problems) {
    StringBuilder sb = new StringBuilder();
    if (problems.size() == 1) {
      sb.append(file).append(": ").append(problems.get(0).message());
    } else {
      sb.append(file).append(": ").append(problems.size()).append(" problems:");
      for (Problem p : problems) {
        sb.append("\n  - ").append(p.message());
      }
    }
    java.util.Set<String> supported = new java.util.LinkedHashSet<>();
    for (Problem p : problems) {
      if (p.supported() != null) {
        supported.add(p.supported());
      }
    }
    for (String s : supported) {
      sb.append(problems.size() == 1 ? "; " : "\n").append(s);
    }
    return sb.toString();
  }
}

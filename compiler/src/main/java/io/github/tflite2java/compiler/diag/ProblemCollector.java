package io.github.tflite2java.compiler.diag;

import io.github.tflite2java.compiler.Problem;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem found in a model so they can be reported together. */
public final class ProblemCollector {
  /** An operator the compiler does not implement. */
  public static final String UNSUPPORTED_OPERATOR = "tflite2java/UnsupportedOperator";
  /** A tensor type or quantization the compiler does not implement. */
  public static final String UNSUPPORTED_TYPE = "tflite2java/UnsupportedType";
  /** An operator option value the compiler does not implement. */
  public static final String UNSUPPORTED_OPTION = "tflite2java/UnsupportedOption";
  /** A variable (state) tensor that no operator able to keep state owns. */
  public static final String VARIABLE_TENSOR = "tflite2java/VariableTensor";
  /** The model contradicts itself (shapes, tensor roles, graph order). */
  public static final String INVALID_MODEL = "tflite2java/InvalidModel";
  /** The compile option {@code batch} does not fit the model (no dynamic batch, a fixed reshape). */
  public static final String BATCH = "tflite2java/Batch";

  /** Stands for the problems left out of an overlong list. */
  public static final String TOO_MANY_PROBLEMS = "tflite2java/TooManyProblems";
  /** Most problems listed; the rest are counted in one closing entry. */
  public static final int MAX_LISTED = 50;
  /**
   * Most problems kept (a hostile model can produce one per tensor): enough to order and list
   * them; beyond it problems are only counted.
   */
  static final int MAX_KEPT = 1000;

  private final ModelGraph graph;
  private final List<Problem> problems = new ArrayList<>();
  private int dropped;

  /** A collector for problems about {@code graph}'s operators and tensors. */
  public ProblemCollector(ModelGraph graph) {
    this.graph = graph;
  }

  /** A collector for problems found before there is a graph (reading the FlatBuffer). */
  public ProblemCollector() {
    this(null);
  }

  public void add(Problem problem) {
    if (problems.size() < MAX_KEPT) {
      problems.add(problem);
    } else {
      dropped++;
    }
  }

  public void add(String id, String message) {
    add(new Problem(id, message));
  }

  /** Adds a problem about {@code op}; the message is prefixed with the operator's name. */
  public void add(String id, Operator op, String message) {
    add(new Problem(id, op.describe() + ": " + message, op.index(), op.kind(), -1,
        null));
  }

  /** Adds a problem about one tensor of {@code op}. */
  public void add(String id, Operator op, int tensorIndex, String message) {
    add(new Problem(id, op.describe() + ": " + message, op.index(), op.kind(),
        tensorIndex, null));
  }

  /**
   * Adds a problem about {@code op} with what is supported instead: formatters print each
   * distinct {@code supported} text once, however many problems share it.
   */
  public void addWithSupported(String id, Operator op, String message, String supported) {
    add(new Problem(id, op.describe() + ": " + message, op.index(), op.kind(), -1,
        supported));
  }

  /** Puts {@code first} ahead of the problems recorded so far (e.g. unsupported operators). */
  public void lead(List<Problem> first) {
    problems.addAll(0, first);
  }

  /** Problems of one kind first (stable otherwise): e.g. unsupported operators lead. */
  public void moveFirst(String id) {
    List<Problem> first = new ArrayList<>();
    List<Problem> rest = new ArrayList<>();
    for (Problem p : problems) {
      (p.id().equals(id) ? first : rest).add(p);
    }
    problems.clear();
    problems.addAll(first);
    problems.addAll(rest);
  }

  /** The problems, the first {@value #MAX_LISTED} and a count of the rest if there are more. */
  public List<Problem> problems() {
    if (size() <= MAX_LISTED) {
      return List.copyOf(problems);
    }
    List<Problem> out = new ArrayList<>(problems.subList(0, MAX_LISTED));
    out.add(new Problem(TOO_MANY_PROBLEMS,
        "... and " + (size() - MAX_LISTED) + " more problems not listed"));
    return out;
  }

  public boolean isEmpty() {
    return problems.isEmpty() && dropped == 0;
  }

  /** Problems recorded, including those only counted. */
  public int size() {
    return problems.size() + dropped;
  }

  /** How messages name a tensor: {@code tensor 7 'conv1/weights' [32,3,3,3] UINT8}. */
  public String describe(int tensorIndex) {
    if (tensorIndex < 0) {
      return "omitted tensor";
    }
    if (graph == null) {
      return "tensor " + tensorIndex;
    }
    Tensor t = graph.tensor(tensorIndex);
    return "tensor " + t.index() + " '" + printable(t.name()) + "' " + t.shapeString() + " "
        + t.type();
  }

  /** Model text made safe to print on one line. */
  public static String printable(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    if (s.length() > 200) {
      sb.append("...");
    }
    return sb.toString();
  }
}

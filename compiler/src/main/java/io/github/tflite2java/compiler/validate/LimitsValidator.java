package io.github.tflite2java.compiler.validate;

import io.github.tflite2java.compiler.CompileLimits;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Problem;
import io.github.tflite2java.compiler.WeightStorage;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.passes.MemoryPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Enforces {@link CompileLimits}, so that a hostile or mistaken model fails with a message that
 * names the limit, the model's value and how to raise it, instead of exhausting memory: tensor
 * sizes and weights before memory planning, the arena after it, the source after emission.
 */
public final class LimitsValidator {

  /** A model exceeds one of the configured {@link CompileLimits}. */
  public static final String LIMIT_EXCEEDED = "tflite2java/LimitExceeded";

  /** Most tensors named in one report; the rest are counted. */
  private static final int MAX_LISTED = 10;

  private final CompileLimits limits;

  public LimitsValidator(CompileLimits limits) {
    this.limits = limits;
  }

  /**
   * The problem for a value over a limit, naming both and how to raise the limit.
   *
   * @param limit the {@link CompileLimits} component, e.g. {@code maxTensorElements}
   * @param what what is over it, e.g. {@code tensor 3 'x' [1,8192,8192,2] has 134217728
   *     elements}
   */
  public static Problem exceeded(String limit, long max, String what) {
    return new Problem(LIMIT_EXCEEDED, String.format(Locale.ROOT,
        "%s, over the limit %s = %d; if the model is meant to be this large, raise the limit"
            + " (Maven plugin: <limits><%s>N</%s></limits>; command line: --%s N)",
        what, limit, max, limit, limit, CompileLimits.optionName(limit)));
  }

  /**
   * Checks what is known before planning: every tensor's element count and the total bytes of
   * constant tensors.
   */
  public void checkGraph(ModelGraph g) throws ModelCompileException {
    List<Problem> problems = new ArrayList<>();
    int over = 0;
    long weightBytes = 0;
    for (Tensor t : g.tensors()) {
      long elements = t.elementCount();
      if (elements > limits.maxTensorElements()) {
        if (over++ < MAX_LISTED) {
          problems.add(exceeded("maxTensorElements", limits.maxTensorElements(),
              "tensor " + t.index() + " '" + ProblemCollector.printable(t.name()) + "' "
                  + t.shapeString() + " has " + elements + " elements"));
        }
      }
      if (t.isConstant()) {
        weightBytes += t.dataLength();
      }
    }
    if (over > MAX_LISTED) {
      problems.add(new Problem(LIMIT_EXCEEDED, "... and " + (over - MAX_LISTED)
          + " more tensors over maxTensorElements"));
    }
    if (weightBytes > limits.maxWeightBytes()) {
      problems.add(exceeded("maxWeightBytes", limits.maxWeightBytes(),
          "the constant tensors (weights, biases) hold " + weightBytes + " bytes"));
    }
    throwIfAny(g, problems);
  }

  /** Checks the planned activation arena (4 bytes per element) and that the plan is sound. */
  public void checkPlan(ModelGraph g, MemoryPlan plan) throws ModelCompileException {
    long arenaBytes = 4L * plan.arenaSize();
    boolean sound = plan.arenaSize() >= 0 && plan.lowerBound() >= 0
        && plan.arenaSize() >= plan.lowerBound();
    int[] offsets = plan.offsets();
    for (int i = 0; i < offsets.length && sound; i++) {
      if (offsets[i] >= 0) {
        sound = (long) offsets[i] + g.tensor(i).elementCount() <= plan.arenaSize();
      }
    }
    if (!sound) {
      // Only int overflow in planning can cause this, far beyond any sane limit.
      throwIfAny(g, List.of(exceeded("maxArenaBytes", limits.maxArenaBytes(),
          "the activations of one instance need more than " + Integer.MAX_VALUE
              + " elements")));
    }
    if (arenaBytes > limits.maxArenaBytes()) {
      throwIfAny(g, List.of(exceeded("maxArenaBytes", limits.maxArenaBytes(),
          "the activations of one instance need " + arenaBytes + " bytes")));
    }
  }

  /** Weights too large to embed in the class ({@link WeightStorage#EMBEDDED}). */
  public static final String EMBEDDED_WEIGHTS_TOO_LARGE = "tflite2java/EmbeddedWeightsTooLarge";

  /** Checks that weights to embed in the class are few enough for javac and the class file. */
  public void checkWeightStorage(ModelGraph g, WeightStorage storage, long weightBytes)
      throws ModelCompileException {
    if (storage.resolve(weightBytes) == WeightStorage.EMBEDDED
        && weightBytes > WeightStorage.EMBEDDED_MAX_BYTES) {
      throwIfAny(g, List.of(new Problem(EMBEDDED_WEIGHTS_TOO_LARGE, String.format(Locale.ROOT,
          "the model has %d bytes of weights, more than the %d that weights=embedded puts in"
              + " the class (javac would need gigabytes, and the class file's constant pool"
              + " overflows at a few hundred MB); keep them in a resource beside the class"
              + " (Maven plugin: <weights>resource</weights> or auto; command line: --weights"
              + " resource)", weightBytes, WeightStorage.EMBEDDED_MAX_BYTES))));
    }
  }

  /**
   * Checks, before the source is rendered, that its weights' string constants alone are within
   * the source limit.
   */
  public void checkSourceBefore(ModelGraph g, long literalChars) throws ModelCompileException {
    if (literalChars > limits.maxSourceBytes()) {
      throwIfAny(g, List.of(exceeded("maxSourceBytes", limits.maxSourceBytes(),
          "the generated source would have more than " + literalChars + " characters (the"
              + " weights' string constants alone; keep the weights in a resource with"
              + " weights=resource)")));
    }
  }

  /** Checks the size of the generated source, in characters. */
  public void checkSource(ModelGraph g, long sourceChars) throws ModelCompileException {
    if (sourceChars > limits.maxSourceBytes()) {
      throwIfAny(g, List.of(exceeded("maxSourceBytes", limits.maxSourceBytes(),
          "the generated source has " + sourceChars + " characters")));
    }
  }

  private static void throwIfAny(ModelGraph g, List<Problem> problems)
      throws ModelCompileException {
    if (!problems.isEmpty()) {
      throw new ModelCompileException(g.sourceName(), problems);
    }
  }
}

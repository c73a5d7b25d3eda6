package io.github.tflite2java.compiler.ops;

import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.validate.ProblemCollector;

/**
 * One TFLite operator: a build-time check of what the compiler supports, and the emission of
 * a layer method with every quantization constant folded in (TFLite's {@code Prepare} runs
 * here; its {@code Eval} is what gets emitted).
 */
public interface OperatorLowering {

  /** The TFLite builtin name this lowers, e.g. {@code CONV_2D}. */
  String kind();

  /** Adds a problem for every type, option or shape this lowering does not support. */
  void validate(ModelGraph graph, Operator op, ProblemCollector problems);

  /**
   * True when the output is the input reinterpreted (RESHAPE, SQUEEZE): both share storage
   * and no code is emitted.
   */
  default boolean aliasesInput() {
    return false;
  }

  /**
   * Emits the layer method; called only for operators that passed {@link #validate}. The
   * method is private, takes no arguments, and reads and writes the instance's {@code arena}.
   */
  MethodSpec emit(ModelGraph graph, Operator op, LoweringContext ctx);
}

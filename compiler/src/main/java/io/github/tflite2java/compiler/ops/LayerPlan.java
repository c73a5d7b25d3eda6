package io.github.tflite2java.compiler.ops;

import io.github.tflite2java.compiler.ir.Operator;

/**
 * What one operator's {@link OperatorKernel#prepare} computed: immutable, read by memory
 * planning, the report and emission, so that nothing is computed twice.
 */
public interface LayerPlan {

  /** The operator this plan is for. */
  Operator op();

  /**
   * True when the output is the input reinterpreted (RESHAPE, SQUEEZE): both share storage and
   * no code is emitted.
   */
  default boolean aliasesInput() {
    return false;
  }
}

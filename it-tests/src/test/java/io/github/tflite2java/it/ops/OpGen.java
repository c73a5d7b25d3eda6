package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ir.TensorType;

/**
 * A random generator of one operator: it makes a model input the operator can read, and appends
 * the operator (with random options, weights and output quantization) to a model under
 * construction. Generators chain: the output of one is the input of the next.
 */
interface OpGen {

  /** The TFLite builtin operator generated, as {@code OperatorRegistry} names it. */
  String op();

  /**
   * The name of this generator's row in the table: the operator's, or for a variant (such as
   * the int16 one) the operator's with a suffix.
   */
  default String row() {
    return op();
  }

  /** The tensor type every case of this row starts with, or null for the plan's choice. */
  default TensorType type() {
    return null;
  }

  /** A new model input of {@code type} with a random shape and quantization this op takes. */
  Act input(Net n, TensorType type);

  /** Whether this operator can read {@code in} (for chains). */
  boolean accepts(Act in);

  /** Appends the operator reading {@code in} to {@code n}; returns its output. */
  Act append(Net n, Act in);

  /**
   * Appends the operator as the whole model of a one-operator case; returns every model output
   * (by default {@link #append}'s one; an operator with several outputs returns them all).
   */
  default java.util.List<Act> appendOutputs(Net n, Act in) {
    return java.util.List.of(append(n, in));
  }

  /** Whether multi-operator chains may start with this generator. */
  default boolean inChains() {
    return true;
  }
}

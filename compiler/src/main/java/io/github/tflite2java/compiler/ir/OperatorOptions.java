package io.github.tflite2java.compiler.ir;

/**
 * The builtin options of an operator, decoded from the model: a record declared by the
 * operator's kernel (e.g. {@code ops.Conv2d.Options}), or {@link None} where the operator has
 * none.
 */
public interface OperatorOptions {

  /** The options of an operator without any. */
  None NONE = new None();

  /** No options (or options this project does not need). */
  record None() implements OperatorOptions {}
}

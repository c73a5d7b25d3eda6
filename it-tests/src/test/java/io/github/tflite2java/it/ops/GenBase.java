package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.TensorType;

/**
 * What every generator of the table shares, so that each states only what differs: its
 * operator, row and starting type (given to the constructor), the commonest input (8-bit,
 * rank 1 to 4) and acceptance (any 8-bit tensor), and the step that appends an operator of one
 * input and one output.
 */
abstract class GenBase implements OpGen {
  private final String op;
  private final String row;
  private final TensorType type;

  /** A generator of {@code op}, its row named after it, starting with the plan's type. */
  GenBase(String op) {
    this(op, op, null);
  }

  /**
   * A generator of {@code op} in row {@code row}, every case starting with {@code type} (null:
   * the plan's choice).
   */
  GenBase(String op, String row, TensorType type) {
    this.op = op;
    this.row = row;
    this.type = type;
  }

  @Override
  public final String op() {
    return op;
  }

  @Override
  public final String row() {
    return row;
  }

  @Override
  public final TensorType type() {
    return type;
  }

  /** By default, an 8-bit model input of rank 1 to 4 ({@link OpGenerators#anyRankInput}). */
  @Override
  public Act input(Net n, TensorType type) {
    return OpGenerators.anyRankInput(n, type);
  }

  /** By default, any uint8 or int8 tensor. */
  @Override
  public boolean accepts(Act in) {
    return in.isQuantized8();
  }

  /** TFLite's version of an 8-bit operator: {@code int8Version} for int8 input, else 1. */
  static int version8(Act in, int int8Version) {
    return in.type() == TensorType.INT8 ? int8Version : 1;
  }

  /**
   * Appends this generator's operator reading {@code in} and writing {@code out}, described as
   * {@code text}; returns {@code out}.
   */
  Act unary(Net n, int version, Act in, Act out, OperatorOptions options, String text) {
    n.op(op, version, new int[] {in.index()}, new int[] {out.index()}, options, text);
    return out;
  }

  /**
   * Appends this generator's operator without options reading {@code in} and writing {@code
   * out}, described as {@code "OP -> out"}; returns {@code out}.
   */
  Act unary(Net n, int version, Act in, Act out) {
    return unary(n, version, in, out, new OperatorOptions.None(), op + " -> " + out.describe());
  }
}

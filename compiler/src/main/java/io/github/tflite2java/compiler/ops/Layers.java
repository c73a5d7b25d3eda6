package io.github.tflite2java.compiler.ops;

import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.text.SafeText;

/** Javadoc text shared by the layer methods of every operator. */
final class Layers {

  private Layers() {}

  /**
   * Two Javadoc lines naming a layer's tensors as the model does: {@code In: 'conv1/input'
   * UINT8 [1,224,224,3].} and {@code Out: 'conv1/output' UINT8 [1,112,112,32].} (names made
   * safe for Javadoc).
   */
  static String describe(Tensor in, Tensor out) {
    return "In: " + tensor(in) + ".\nOut: " + tensor(out) + ".";
  }

  /** {@code 'name' UINT8 [1,224,224,3]}. */
  static String tensor(Tensor t) {
    return "'" + SafeText.comment(t.name()) + "' " + t.type() + " " + t.shapeString();
  }

  /**
   * The source of {@code offset + expr} for an arena index, folding what is constant: {@code
   * expr} alone for offset 0, the offset alone when {@code expr} is null.
   */
  static String plus(long offset, String expr) {
    if (expr == null) {
      return String.valueOf(offset);
    }
    return offset == 0 ? expr : offset + " + " + expr;
  }

  /**
   * The source of {@code var * factor - minus} (e.g. an input row from an output row, stride
   * and padding), leaving out a factor of 1 and a term of 0: {@code oy * 2 - 1}, {@code oy - 1},
   * {@code oy * 2}, {@code oy}.
   */
  static String scaled(String var, int factor, int minus) {
    String s = factor == 1 ? var : var + " * " + factor;
    return minus == 0 ? s : minus > 0 ? s + " - " + minus : s + " + " + -minus;
  }
}

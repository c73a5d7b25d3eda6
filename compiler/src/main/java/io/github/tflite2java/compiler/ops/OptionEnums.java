package io.github.tflite2java.compiler.ops;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Padding;

/**
 * Maps the schema's enum bytes in an options table to IR enums; an undefined code is reported
 * (the reader turns it into a "corrupt" problem naming the operator) and read as the default.
 */
public interface OptionEnums {

  /** Reports a corrupt field; {@code what} completes "has ...". */
  void corrupt(String what);

  default Padding padding(byte code) {
    if (code == 0) {
      return Padding.SAME;
    }
    if (code == 1) {
      return Padding.VALID;
    }
    corrupt("unknown padding code " + code);
    return Padding.SAME;
  }

  default Activation activation(byte code) {
    Activation a = Activation.ofCode(code);
    if (a == null) {
      corrupt("unknown fused activation function code " + code);
      return Activation.NONE;
    }
    return a;
  }

  /** The schema's byte for a padding. */
  static byte code(Padding p) {
    return (byte) (p == Padding.VALID ? 1 : 0);
  }
}

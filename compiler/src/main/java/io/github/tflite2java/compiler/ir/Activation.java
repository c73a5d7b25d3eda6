package io.github.tflite2java.compiler.ir;

/** A fused activation function, with its schema code. */
public enum Activation {
  NONE(0),
  RELU(1),
  RELU_N1_TO_1(2),
  RELU6(3),
  TANH(4),
  SIGN_BIT(5);

  private final int code;

  Activation(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The activation with this schema code, or {@code null} if unknown. */
  public static Activation ofCode(int code) {
    for (Activation a : values()) {
      if (a.code == code) {
        return a;
      }
    }
    return null;
  }
}

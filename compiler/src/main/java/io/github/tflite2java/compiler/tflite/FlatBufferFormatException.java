package io.github.tflite2java.compiler.tflite;

/**
 * A FlatBuffer is structurally broken: an offset, vtable or vector reaches outside the buffer.
 * Thrown by the bounds-checked accessors of this package before any out-of-range read happens.
 */
public final class FlatBufferFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FlatBufferFormatException(String message) {
    super(message);
  }
}

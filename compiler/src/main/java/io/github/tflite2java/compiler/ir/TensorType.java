package io.github.tflite2java.compiler.ir;

/** A TFLite tensor element type, with the code the FlatBuffer schema gives it. */
public enum TensorType {
  FLOAT32(0, 4),
  FLOAT16(1, 2),
  INT32(2, 4),
  UINT8(3, 1),
  INT64(4, 8),
  STRING(5, -1),
  BOOL(6, 1),
  INT16(7, 2),
  COMPLEX64(8, 8),
  INT8(9, 1),
  FLOAT64(10, 8),
  COMPLEX128(11, 16),
  UINT64(12, 8),
  RESOURCE(13, -1),
  VARIANT(14, -1),
  UINT32(15, 4),
  UINT16(16, 2),
  INT4(17, -1);

  private final int code;
  private final int byteSize;

  TensorType(int code, int byteSize) {
    this.code = code;
    this.byteSize = byteSize;
  }

  /** The schema's numeric code. */
  public int code() {
    return code;
  }

  /** Bytes per element, or -1 where the type has no fixed element size. */
  public int byteSize() {
    return byteSize;
  }

  /** Returns the type with this schema code, or {@code null} if the code is unknown. */
  public static TensorType ofCode(int code) {
    for (TensorType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }

  /** True for the 8-bit quantized types this project computes with. */
  public boolean isQuantized8() {
    return this == UINT8 || this == INT8;
  }

  /** Smallest value of an 8-bit quantized type. */
  public int qmin() {
    switch (this) {
      case UINT8: return 0;
      case INT8: return -128;
      case INT16: return -32768;
      case INT32: return Integer.MIN_VALUE;
      default: throw new IllegalStateException("no integer range for " + this);
    }
  }

  /** Largest value of an 8-bit quantized type. */
  public int qmax() {
    switch (this) {
      case UINT8: return 255;
      case INT8: return 127;
      case INT16: return 32767;
      case INT32: return Integer.MAX_VALUE;
      default: throw new IllegalStateException("no integer range for " + this);
    }
  }
}

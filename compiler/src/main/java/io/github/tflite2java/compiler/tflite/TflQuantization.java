package io.github.tflite2java.compiler.tflite;

/** Accessor for the schema table {@code QuantizationParameters}. */
public final class TflQuantization extends CheckedTable {

  public static final int MIN = 0;
  public static final int MAX = 1;
  public static final int SCALE = 2;
  public static final int ZERO_POINT = 3;
  public static final int DETAILS_TYPE = 4;
  public static final int DETAILS = 5;
  public static final int QUANTIZED_DIMENSION = 6;

  /** The QuantizationDetails union type for {@code CustomQuantization}. */
  public static final int DETAILS_CUSTOM_QUANTIZATION = 1;

  /** Recorded float minimums, or null if absent. */
  public float[] min() {
    return floatVector(MIN, "min");
  }

  /** Recorded float maximums, or null if absent. */
  public float[] max() {
    return floatVector(MAX, "max");
  }

  /** Scales, or null if absent. */
  public float[] scale() {
    return floatVector(SCALE, "scale");
  }

  /** Zero points, or null if absent. */
  public long[] zeroPoint() {
    return longVector(ZERO_POINT, "zero_point");
  }

  /** The details union's type (0 = none, 1 = CustomQuantization). */
  public int detailsType() {
    return getUByte(DETAILS_TYPE, 0);
  }

  /** Whether the details union value is present. */
  public boolean hasDetails() {
    return has(DETAILS);
  }

  /** Axis that per-channel scales run along (default 0). */
  public int quantizedDimension() {
    return getInt(QUANTIZED_DIMENSION, 0);
  }
}

package io.github.tflite2java.compiler.tflite;

/** Accessor for the schema table {@code Operator}. */
public final class TflOperator extends CheckedTable {

  public static final int OPCODE_INDEX = 0;
  public static final int INPUTS = 1;
  public static final int OUTPUTS = 2;
  public static final int BUILTIN_OPTIONS_TYPE = 3;
  public static final int BUILTIN_OPTIONS = 4;
  public static final int CUSTOM_OPTIONS = 5;
  public static final int CUSTOM_OPTIONS_FORMAT = 6;
  public static final int MUTATING_VARIABLE_INPUTS = 7;
  public static final int INTERMEDIATES = 8;
  public static final int LARGE_CUSTOM_OPTIONS_OFFSET = 9;
  public static final int LARGE_CUSTOM_OPTIONS_SIZE = 10;
  public static final int BUILTIN_OPTIONS_2_TYPE = 11;
  public static final int BUILTIN_OPTIONS_2 = 12;

  /** Index into the model's operator codes (uint). */
  public long opcodeIndex() {
    return getUInt(OPCODE_INDEX, 0);
  }

  /** Input tensor indices (-1 = omitted optional input), or null if absent. */
  public int[] inputs() {
    return intVector(INPUTS, "inputs");
  }

  /** Output tensor indices, or null if absent. */
  public int[] outputs() {
    return intVector(OUTPUTS, "outputs");
  }

  /** The BuiltinOptions union type, see {@link TflOptions} (0 = none). */
  public int builtinOptionsType() {
    return getUByte(BUILTIN_OPTIONS_TYPE, 0);
  }

  /** Whether the builtin options table is present. */
  public boolean hasBuiltinOptions() {
    return has(BUILTIN_OPTIONS);
  }

  /**
   * Attaches {@code options} to this operator's builtin options table; null if absent. The
   * caller picks the accessor matching {@link #builtinOptionsType()}.
   */
  public <T extends CheckedTable> T builtinOptions(T options) {
    return tableField(BUILTIN_OPTIONS, "builtin_options", options, where() + " options");
  }

  /** Length of the custom options bytes, or -1 if absent. */
  public int customOptionsLength() {
    return vectorLength(CUSTOM_OPTIONS, "custom_options", 1);
  }

  /** A copy of the custom options bytes, or null if absent. */
  public byte[] customOptions() {
    return byteVector(CUSTOM_OPTIONS, "custom_options");
  }

  /** Intermediate tensor indices, or null if absent. */
  public int[] intermediates() {
    return intVector(INTERMEDIATES, "intermediates");
  }

  /** Offset of custom options stored after the FlatBuffer (models over 2 GB), valid if > 1. */
  public long largeCustomOptionsOffset() {
    return getLong(LARGE_CUSTOM_OPTIONS_OFFSET, 0);
  }

  public long largeCustomOptionsSize() {
    return getLong(LARGE_CUSTOM_OPTIONS_SIZE, 0);
  }

  /** The BuiltinOptions2 union type (StableHLO options; 0 = none). */
  public int builtinOptions2Type() {
    return getUByte(BUILTIN_OPTIONS_2_TYPE, 0);
  }
}

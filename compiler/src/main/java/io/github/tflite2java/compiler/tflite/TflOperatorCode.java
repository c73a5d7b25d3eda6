package io.github.tflite2java.compiler.tflite;

/** Accessor for the schema table {@code OperatorCode}. */
public final class TflOperatorCode extends CheckedTable {

  public static final int DEPRECATED_BUILTIN_CODE = 0;
  public static final int CUSTOM_CODE = 1;
  public static final int VERSION = 2;
  public static final int BUILTIN_CODE = 3;

  /** The old byte-sized builtin code (127 = look at {@link #builtinCode()}). */
  public byte deprecatedBuiltinCode() {
    return getByte(DEPRECATED_BUILTIN_CODE, (byte) 0);
  }

  /** The name of a custom operator, or null. */
  public String customCode() {
    return string(CUSTOM_CODE, "custom_code");
  }

  /** Operator version, default 1. */
  public int version() {
    return getInt(VERSION, 1);
  }

  /** The int-sized builtin code added in schema 3a (0 in older files). */
  public int builtinCode() {
    return getInt(BUILTIN_CODE, 0);
  }

  /**
   * The builtin code to use: the larger of the two fields, as TFLite does, so that both files
   * written before and after the int field was added resolve correctly.
   */
  public int effectiveCode() {
    return Math.max(deprecatedBuiltinCode(), builtinCode());
  }
}

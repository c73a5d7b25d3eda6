package io.github.tflite2java.compiler.helpers;

/**
 * Argument checks of generated {@code infer} methods: the one definition, compiled and
 * unit-tested here, whose source {@link HelperSource} copies into generated classes.
 */
public final class InputChecks {

  private InputChecks() {}

  /**
   * Rejects a missing or wrong-sized array with a message naming the expected size.
   */
  public static void checkLength(byte[] array, int expected, String what) {
    if (array == null) {
      throw new NullPointerException(what + " is null");
    }
    if (array.length != expected) {
      throw new IllegalArgumentException(what + " has " + array.length + " bytes; expected "
          + expected);
    }
  }
}

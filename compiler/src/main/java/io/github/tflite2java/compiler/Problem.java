package io.github.tflite2java.compiler;

/**
 * One thing wrong with a model, found while reading or validating it.
 *
 * @param id stable identifier of the check, e.g. {@code tflite2java/UnsupportedOperator}
 * @param message what was found and what is supported, naming operator index and tensor
 */
public record Problem(String id, String message) {

  @Override
  public String toString() {
    return message + " [" + id + "]";
  }
}

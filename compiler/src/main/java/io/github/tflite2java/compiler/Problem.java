package io.github.tflite2java.compiler;

/**
 * One thing wrong with a model, found while reading or validating it. Structured, so that
 * build tools can format, sort and filter problems without parsing messages.
 *
 * @param id stable identifier of the check, e.g. {@code tflite2java/UnsupportedOperator}
 * @param message what was found, naming the operator (index and name) and tensor where there
 *     is one; a complete sentence on its own
 * @param operatorIndex the operator's index in the subgraph, or -1 when the problem is not about
 *     one operator
 * @param operatorName the operator's TFLite name (e.g. {@code CONV_2D}), or {@code null}
 * @param tensorIndex the tensor the problem is about, or -1
 * @param supported what the compiler supports instead (e.g. the list of supported operators),
 *     or {@code null}; formatters print each distinct text once, not once per problem
 */
public record Problem(String id, String message, int operatorIndex, String operatorName,
    int tensorIndex, String supported) {

  /** A problem about the model as a whole. */
  public Problem(String id, String message) {
    this(id, message, -1, null, -1, null);
  }

  @Override
  public String toString() {
    return message + " [" + id + "]";
  }
}

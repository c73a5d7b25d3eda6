package io.github.tflite2java.compiler.ir;

/**
 * One operator of the graph, in execution order.
 *
 * @param index position in the subgraph's operator list
 * @param kind TFLite builtin operator name, e.g. {@code CONV_2D}, or {@code CUSTOM:<code>}
 * @param builtinCode the schema's builtin code (-1 for custom operators)
 * @param version the operator version recorded in the model
 * @param inputs tensor indices, -1 for an omitted optional input
 * @param outputs tensor indices
 * @param options decoded builtin options
 * @param intermediates tensor indices of the operator's intermediates (quantization parameters
 *     of internal values, e.g. an integer LSTM's gate outputs); usually empty
 */
public record Operator(
    int index,
    String kind,
    int builtinCode,
    int version,
    int[] inputs,
    int[] outputs,
    OperatorOptions options,
    int[] intermediates) {

  public Operator {
    inputs = inputs.clone();
    outputs = outputs.clone();
    intermediates = intermediates.clone();
  }

  /** An operator without intermediates. */
  public Operator(int index, String kind, int builtinCode, int version, int[] inputs,
      int[] outputs, OperatorOptions options) {
    this(index, kind, builtinCode, version, inputs, outputs, options, new int[0]);
  }

  @Override
  public int[] intermediates() {
    return intermediates.clone();
  }

  @Override
  public int[] inputs() {
    return inputs.clone();
  }

  @Override
  public int[] outputs() {
    return outputs.clone();
  }

  public int input(int i) {
    return i < inputs.length ? inputs[i] : -1;
  }

  public int output(int i) {
    return outputs[i];
  }

  public int inputCount() {
    return inputs.length;
  }

  public int outputCount() {
    return outputs.length;
  }

  /** "operator 3 (CONV_2D)": how error messages name this operator. */
  public String describe() {
    return "operator " + index + " (" + kind + ")";
  }
}

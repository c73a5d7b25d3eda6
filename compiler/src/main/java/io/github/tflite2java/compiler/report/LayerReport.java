package io.github.tflite2java.compiler.report;

import java.util.List;

/**
 * One operator of a compiled model as a report shows it.
 *
 * @param index the operator's position in execution order
 * @param kind TFLite builtin name, e.g. {@code CONV_2D}
 * @param inputs the run-time (activation) inputs
 * @param weights the constant inputs (filters, biases, shapes)
 * @param outputs the outputs
 * @param macs multiply-accumulates of one inference (0 for operators that do none)
 * @param weightBytes bytes of the constant inputs as stored in the model
 * @param arenaOffsetBytes where the (first) output lives in the activation arena
 * @param arenaSizeBytes bytes the (first) output occupies in the arena
 * @param aliasesInput true when the output is the input reinterpreted (no code, no copy)
 * @param liveBytes arena bytes of all activations alive while this operator runs
 * @param category the operator's report category (e.g. {@code convolution}), which the report
 *     colours by
 */
public record LayerReport(int index, String kind, List<TensorSummary> inputs,
    List<TensorSummary> weights, List<TensorSummary> outputs, long macs, long weightBytes,
    long arenaOffsetBytes, long arenaSizeBytes, boolean aliasesInput, long liveBytes,
    String category) {

  public LayerReport {
    inputs = List.copyOf(inputs);
    weights = List.copyOf(weights);
    outputs = List.copyOf(outputs);
  }
}

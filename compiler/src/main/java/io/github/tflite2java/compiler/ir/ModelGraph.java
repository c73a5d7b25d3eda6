package io.github.tflite2java.compiler.ir;

import java.util.List;

/**
 * A model read from a .tflite file: one subgraph's tensors and operators in execution order,
 * plus where it came from. Immutable.
 *
 * @param sourceName file name (no directories) the model was read from
 * @param sha256 lowercase hex sha256 of the file's bytes
 * @param fileSize size of the file in bytes
 * @param schemaVersion the model's schema version field
 * @param description the model's description string (untrusted text)
 * @param tensors all tensors, indexed by {@link Tensor#index()}
 * @param operators operators in execution order
 * @param inputs graph input tensor indices
 * @param outputs graph output tensor indices
 */
public record ModelGraph(
    String sourceName,
    String sha256,
    long fileSize,
    int schemaVersion,
    String description,
    List<Tensor> tensors,
    List<Operator> operators,
    int[] inputs,
    int[] outputs) {

  public ModelGraph {
    tensors = List.copyOf(tensors);
    operators = List.copyOf(operators);
    inputs = inputs.clone();
    outputs = outputs.clone();
  }

  @Override
  public int[] inputs() {
    return inputs.clone();
  }

  @Override
  public int[] outputs() {
    return outputs.clone();
  }

  public Tensor tensor(int index) {
    return tensors.get(index);
  }

  public Tensor input(int i) {
    return tensors.get(inputs[i]);
  }

  public Tensor output(int i) {
    return tensors.get(outputs[i]);
  }
}

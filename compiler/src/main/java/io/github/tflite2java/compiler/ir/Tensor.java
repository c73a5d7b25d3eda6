package io.github.tflite2java.compiler.ir;

import java.util.Arrays;

/**
 * One tensor of the graph.
 *
 * @param index position in the subgraph's tensor list
 * @param name the model's name for it (untrusted text: never put it into source unescaped)
 * @param type element type
 * @param shape static shape (every dimension positive)
 * @param quant quantization parameters, {@link QuantParams#NONE} where absent
 * @param data constant contents (little-endian, as stored in the model), or {@code null} for
 *     tensors computed at run time
 * @param variable TFLite's {@code is_variable}: state that an operator reads and writes, kept
 *     from one invocation to the next (an LSTM's output and cell state)
 */
public record Tensor(int index, String name, TensorType type, int[] shape, QuantParams quant,
    byte[] data, boolean variable) {

  public Tensor {
    shape = shape.clone();
  }

  /** A tensor that is not a variable. */
  public Tensor(int index, String name, TensorType type, int[] shape, QuantParams quant,
      byte[] data) {
    this(index, name, type, shape, quant, data, false);
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public int dim(int i) {
    return shape[i];
  }

  /** Number of elements (product of the shape). */
  public long elementCount() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  public boolean isConstant() {
    return data != null;
  }

  /** Shape as TFLite prints it, e.g. {@code [1,224,224,3]}. */
  public String shapeString() {
    return Arrays.toString(shape).replace(" ", "");
  }

  @Override
  public String toString() {
    return "tensor " + index + " '" + name + "' " + type + shapeString();
  }
}

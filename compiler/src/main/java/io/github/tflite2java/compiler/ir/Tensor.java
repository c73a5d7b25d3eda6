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
 * @param dynamicBatch whether the model's {@code shape_signature} has -1 in dimension 0 (a
 *     dynamic batch, as Keras/MLIR converters write it): {@code shape} is then the batch the
 *     model was stored with (TFLite's default before {@code ResizeInputTensor}), and the compile
 *     option {@code batch} may change dimension 0 ({@link #withBatch})
 */
public record Tensor(int index, String name, TensorType type, int[] shape, QuantParams quant,
    byte[] data, boolean variable, boolean dynamicBatch) {

  public Tensor {
    shape = shape.clone();
  }

  /** A tensor with a static shape signature. */
  public Tensor(int index, String name, TensorType type, int[] shape, QuantParams quant,
      byte[] data, boolean variable) {
    this(index, name, type, shape, quant, data, variable, false);
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

  /** This tensor with dimension 0 set to {@code batch} (a dynamic-batch tensor resized). */
  public Tensor withBatch(int batch) {
    int[] s = shape.clone();
    s[0] = batch;
    return new Tensor(index, name, type, s, quant, data, variable, dynamicBatch);
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

package io.github.tflite2java.compiler.ir;

import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor of the graph.
 *
 * <p>Constant data is either an array given by the caller or a read-only view of the model file
 * (a slice of the memory-mapped file, see {@code TfliteReader}); a view is copied to the heap only
 * when {@link #data()} is called, and that copy is held softly, so that the garbage collector may
 * drop it (and {@link #data()} copy it again) rather than run out of memory: a large model's
 * weights are then not held twice, once mapped and once on the heap.
 *
 * <p>Equality is a record's: component by component, arrays and views by identity.
 */
public final class Tensor {

  private final int index;
  private final String name;
  private final TensorType type;
  private final int[] shape;
  private final QuantParams quant;
  private final byte[] bytes;
  private final ByteBuffer view;
  private final boolean variable;
  private final boolean dynamicBatch;
  private volatile SoftReference<byte[]> copy;

  /**
   * A tensor.
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
   *     model was stored with (TFLite's default before {@code ResizeInputTensor}), and the
   *     compile option {@code batch} may change dimension 0 ({@link #withBatch})
   */
  public Tensor(int index, String name, TensorType type, int[] shape, QuantParams quant,
      byte[] data, boolean variable, boolean dynamicBatch) {
    this(index, name, type, shape, quant, data, null, variable, dynamicBatch);
  }

  /**
   * A tensor whose constant data is a view (e.g. of the memory-mapped model file), copied to the
   * heap only when {@link #data()} is called; {@code view}'s position and limit are its bounds.
   */
  public Tensor(int index, String name, TensorType type, int[] shape, QuantParams quant,
      ByteBuffer view, boolean variable, boolean dynamicBatch) {
    this(index, name, type, shape, quant, null,
        view == null ? null : view.slice().asReadOnlyBuffer(), variable, dynamicBatch);
  }

  private Tensor(int index, String name, TensorType type, int[] shape, QuantParams quant,
      byte[] bytes, ByteBuffer view, boolean variable, boolean dynamicBatch) {
    this.index = index;
    this.name = name;
    this.type = type;
    this.shape = shape.clone();
    this.quant = quant;
    this.bytes = bytes;
    this.view = view;
    this.variable = variable;
    this.dynamicBatch = dynamicBatch;
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

  public int index() {
    return index;
  }

  public String name() {
    return name;
  }

  public TensorType type() {
    return type;
  }

  public int[] shape() {
    return shape.clone();
  }

  public QuantParams quant() {
    return quant;
  }

  /**
   * The constant contents (little-endian, as stored in the model), or {@code null} for tensors
   * computed at run time. Callers must not modify the array. For a view, the heap copy is made
   * on the first call and kept while memory allows (see the class comment).
   */
  public byte[] data() {
    if (view == null) {
      return bytes;
    }
    SoftReference<byte[]> ref = copy;
    byte[] c = ref == null ? null : ref.get();
    if (c == null) {
      c = new byte[view.remaining()];
      view.duplicate().get(c);
      copy = new SoftReference<>(c);
    }
    return c;
  }

  /** Bytes of constant data (0 for tensors computed at run time), without copying a view. */
  public int dataLength() {
    return view != null ? view.remaining() : bytes == null ? 0 : bytes.length;
  }

  /**
   * The constant data as a read-only little-endian-agnostic view (position 0), without copying;
   * null for tensors computed at run time.
   */
  public ByteBuffer dataView() {
    if (view != null) {
      return view.duplicate();
    }
    return bytes == null ? null : ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  public boolean variable() {
    return variable;
  }

  public boolean dynamicBatch() {
    return dynamicBatch;
  }

  /** This tensor with dimension 0 set to {@code batch} (a dynamic-batch tensor resized). */
  public Tensor withBatch(int batch) {
    int[] s = shape.clone();
    s[0] = batch;
    return new Tensor(index, name, type, s, quant, bytes, view, variable, dynamicBatch);
  }

  /** This tensor with another shape, the same data. */
  public Tensor withShape(int[] newShape) {
    return new Tensor(index, name, type, newShape, quant, bytes, view, variable, dynamicBatch);
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
    return bytes != null || view != null;
  }

  /** Shape as TFLite prints it, e.g. {@code [1,224,224,3]}. */
  public String shapeString() {
    return Arrays.toString(shape).replace(" ", "");
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Tensor)) {
      return false;
    }
    Tensor t = (Tensor) o;
    return index == t.index && variable == t.variable && dynamicBatch == t.dynamicBatch
        && Objects.equals(name, t.name) && type == t.type && shape == t.shape
        && Objects.equals(quant, t.quant) && bytes == t.bytes && view == t.view;
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, name, type, System.identityHashCode(shape), quant,
        System.identityHashCode(bytes), System.identityHashCode(view), variable, dynamicBatch);
  }

  @Override
  public String toString() {
    return "tensor " + index + " '" + name + "' " + type + shapeString();
  }
}

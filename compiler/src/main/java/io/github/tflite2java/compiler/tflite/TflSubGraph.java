package io.github.tflite2java.compiler.tflite;

/** Accessor for the schema table {@code SubGraph}. */
public final class TflSubGraph extends CheckedTable {

  public static final int TENSORS = 0;
  public static final int INPUTS = 1;
  public static final int OUTPUTS = 2;
  public static final int OPERATORS = 3;
  public static final int NAME = 4;

  private final int index;

  TflSubGraph(int index) {
    this.index = index;
  }

  /** Position of this subgraph in the model's list. */
  public int index() {
    return index;
  }

  public int tensorsLength() {
    return lengthOrZero(TENSORS, "tensors", 4);
  }

  public TflTensor tensor(int i) {
    return tableElement(TENSORS, "tensors", i, new TflTensor(), "tensor " + i);
  }

  /** Graph input tensor indices, or null if absent. */
  public int[] inputs() {
    return intVector(INPUTS, "inputs");
  }

  /** Graph output tensor indices, or null if absent. */
  public int[] outputs() {
    return intVector(OUTPUTS, "outputs");
  }

  public int operatorsLength() {
    return lengthOrZero(OPERATORS, "operators", 4);
  }

  public TflOperator operator(int i) {
    return tableElement(OPERATORS, "operators", i, new TflOperator(), "operator " + i);
  }

  /** Subgraph name, or null if absent. */
  public String name() {
    return string(NAME, "name");
  }
}

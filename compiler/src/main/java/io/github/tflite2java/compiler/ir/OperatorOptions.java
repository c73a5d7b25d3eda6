package io.github.tflite2java.compiler.ir;

/**
 * The builtin options of an operator, decoded from the model. One record per options table of
 * the TFLite schema that this project reads; {@link None} where the operator has none.
 */
public sealed interface OperatorOptions {

  /** No options (or options this project does not need). */
  record None() implements OperatorOptions {}

  /** CONV_2D. */
  record Conv2D(
      Padding padding,
      int strideW,
      int strideH,
      int dilationW,
      int dilationH,
      Activation activation)
      implements OperatorOptions {}

  /** DEPTHWISE_CONV_2D. */
  record DepthwiseConv2D(
      Padding padding,
      int strideW,
      int strideH,
      int depthMultiplier,
      int dilationW,
      int dilationH,
      Activation activation)
      implements OperatorOptions {}

  /** AVERAGE_POOL_2D, MAX_POOL_2D. */
  record Pool2D(
      Padding padding,
      int strideW,
      int strideH,
      int filterW,
      int filterH,
      Activation activation)
      implements OperatorOptions {}

  /** FULLY_CONNECTED. */
  record FullyConnected(Activation activation, int weightsFormat, boolean keepNumDims)
      implements OperatorOptions {}

  /** SOFTMAX. */
  record Softmax(float beta) implements OperatorOptions {}

  /** RESHAPE: the optional new shape stored in the options (may be empty). */
  record Reshape(int[] newShape) implements OperatorOptions {
    public Reshape {
      newShape = newShape.clone();
    }

    @Override
    public int[] newShape() {
      return newShape.clone();
    }
  }

  /** ADD. */
  record Add(Activation activation) implements OperatorOptions {}

  /** MUL. */
  record Mul(Activation activation) implements OperatorOptions {}

  /** CONCATENATION. */
  record Concatenation(int axis, Activation activation) implements OperatorOptions {}

  /** MEAN and the other reducers. */
  record Reducer(boolean keepDims) implements OperatorOptions {}

  /** SQUEEZE. */
  record Squeeze(int[] squeezeDims) implements OperatorOptions {
    public Squeeze {
      squeezeDims = squeezeDims.clone();
    }

    @Override
    public int[] squeezeDims() {
      return squeezeDims.clone();
    }
  }
}

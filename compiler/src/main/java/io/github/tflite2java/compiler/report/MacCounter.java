package io.github.tflite2java.compiler.report;

import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;

/**
 * Counts the multiply-accumulates of one operator: every filter tap of a convolution, every
 * weight of a fully connected layer, one per element of MUL. Operators that multiply nothing
 * (pools, reshapes, softmax, additions) count 0.
 */
final class MacCounter {

  private MacCounter() {}

  static long macs(ModelGraph g, Operator op) {
    if (op.outputCount() == 0 || op.output(0) < 0) {
      return 0;
    }
    long outElements = g.tensor(op.output(0)).elementCount();
    Tensor weights = op.inputCount() > 1 && op.input(1) >= 0 ? g.tensor(op.input(1)) : null;
    switch (op.kind()) {
      case "CONV_2D":
        // filter [outC, kH, kW, inC]: each output element sums kH * kW * inC products.
        return weights != null && weights.rank() == 4
            ? outElements * weights.dim(1) * weights.dim(2) * weights.dim(3) : 0;
      case "DEPTHWISE_CONV_2D":
        // filter [1, kH, kW, outC]: each output element sums kH * kW products.
        return weights != null && weights.rank() == 4
            ? outElements * weights.dim(1) * weights.dim(2) : 0;
      case "FULLY_CONNECTED":
        // weights [outC, depth].
        return weights != null && weights.rank() == 2 ? outElements * weights.dim(1) : 0;
      case "MUL":
        return outElements;
      default:
        return 0;
    }
  }
}

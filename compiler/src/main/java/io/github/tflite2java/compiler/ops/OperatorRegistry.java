package io.github.tflite2java.compiler.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operators this compiler implements: one line per {@link OperatorKernel}. Reading,
 * validation, memory planning, the report and emission all find operators here.
 */
public final class OperatorRegistry {
  private static final OperatorRegistry STANDARD = new OperatorRegistry(List.<OperatorKernel<?, ?>>of(
      new Conv2d(),
      new DepthwiseConv2d(),
      Pool2d.AVERAGE,
      Pool2d.MAX,
      new Reshape(),
      new Squeeze(),
      new Softmax(),
      new FullyConnected(),
      new Add(),
      new Mul(),
      new Mean(),
      new Pad(),
      new Concatenation(),
      new Logistic(),
      Relu.RELU,
      Relu.RELU6,
      new HardSwish(),
      new Quantize(),
      new Dequantize(),
      new Transpose(),
      new UnidirectionalSequenceLstm(),
      new ResizeBilinear(),
      new TfliteDetectionPostProcess(),
      new ArgMax(),
      new Gather(),
      new Sub(),
      new Div(),
      new FloorDiv(),
      new Cast(),
      new Sqrt(),
      new GatherNd(),
      new Pack(),
      new Unpack(),
      new Tanh()));

  private final Map<String, OperatorKernel<?, ?>> byName = new TreeMap<>();
  private final Map<Integer, OperatorKernel<?, ?>> byCode = new TreeMap<>();

  private OperatorRegistry(List<OperatorKernel<?, ?>> kernels) {
    for (OperatorKernel<?, ?> k : kernels) {
      if (byName.put(k.name(), k) != null
          || !k.isCustom() && byCode.put(k.builtinCode(), k) != null) {
        throw new IllegalStateException("two kernels for " + k.name());
      }
    }
  }

  /** Every operator kernel of this release. */
  public static OperatorRegistry standard() {
    return STANDARD;
  }

  /** The kernel for a TFLite builtin name, or {@code null} when unsupported. */
  public OperatorKernel<?, ?> find(String name) {
    return byName.get(name);
  }

  /** The kernel for a builtin code (never a custom kernel), or {@code null} when unsupported. */
  public OperatorKernel<?, ?> forCode(int builtinCode) {
    return byCode.get(builtinCode);
  }

  /** Supported operator names, sorted. */
  public List<String> names() {
    return Collections.unmodifiableList(new ArrayList<>(byName.keySet()));
  }

  /**
   * The problem for an operator without a kernel: names it, with the nearest supported
   * alternative where there is one; the list of supported operators goes in the problem's
   * {@code supported} field (printed once however many operators are unsupported).
   */
  public io.github.tflite2java.compiler.Problem unsupported(
      io.github.tflite2java.compiler.ir.Operator op) {
    String alternative = ALTERNATIVES.get(op.kind());
    return new io.github.tflite2java.compiler.Problem(
        io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_OPERATOR,
        op.describe() + ": operator " + op.kind() + " is not supported"
            + (alternative == null ? "" : " (nearest supported alternative: " + alternative
            + ")"),
        op.index(), op.kind(), -1, "supported operators: " + String.join(", ", names()));
  }

  /**
   * The nearest supported operator for some unsupported ones, and what the model must satisfy
   * to use it. Operators without a close equivalent (RESIZE_NEAREST_NEIGHBOR, ...) have no entry.
   */
  private static final Map<String, String> ALTERNATIVES = Map.ofEntries(
      Map.entry("SUM", "MEAN (a sum is the mean times the element count)"),
      Map.entry("REDUCE_MAX", "MAX_POOL_2D (a window over the whole height and width)"),
      Map.entry("L2_POOL_2D", "AVERAGE_POOL_2D"),
      Map.entry("PADV2", "PAD (pads with the output zero point)"),
      Map.entry("MIRROR_PAD", "PAD (pads with the output zero point)"),
      Map.entry("RELU_N1_TO_1", "RELU_N1_TO_1 fused into the preceding CONV_2D,"
          + " DEPTHWISE_CONV_2D, FULLY_CONNECTED or ADD"),
      Map.entry("RELU_0_TO_1", "RELU6 or LOGISTIC"),
      Map.entry("LEAKY_RELU", "RELU"),
      Map.entry("PRELU", "RELU"),
      Map.entry("HARD_SIGMOID", "LOGISTIC"),
      Map.entry("LOG_SOFTMAX", "SOFTMAX"),
      Map.entry("BATCH_MATMUL", "FULLY_CONNECTED (constant weights)"),
      Map.entry("CONV_3D", "CONV_2D"),
      Map.entry("EXPAND_DIMS", "RESHAPE"),
      Map.entry("ADD_N", "ADD (chained)"),
      Map.entry("FAKE_QUANT", "QUANTIZE"));

  /** Every kernel, by name. */
  public List<OperatorKernel<?, ?>> kernels() {
    return List.copyOf(byName.values());
  }
}

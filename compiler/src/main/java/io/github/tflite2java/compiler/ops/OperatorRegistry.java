package io.github.tflite2java.compiler.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The operators this compiler implements, by TFLite builtin name. */
public final class OperatorRegistry {
  private final Map<String, OperatorLowering> byKind = new TreeMap<>();

  private OperatorRegistry(List<OperatorLowering> lowerings) {
    for (OperatorLowering l : lowerings) {
      byKind.put(l.kind(), l);
    }
  }

  /** Every operator lowering of this release. */
  public static OperatorRegistry standard() {
    return new OperatorRegistry(List.of(
        new Conv2d(),
        new DepthwiseConv2d(),
        Pool2d.average(),
        Pool2d.max(),
        Reshape.reshape(),
        Reshape.squeeze(),
        new Softmax(),
        new FullyConnected(),
        new Add(),
        new Mul(),
        new Mean(),
        new Pad(),
        new Concatenation(),
        new Logistic(),
        Relu.relu(),
        Relu.relu6(),
        new HardSwish(),
        new Quantize(),
        new Dequantize()));
  }

  /** The lowering for {@code kind}, or {@code null} when unsupported. */
  public OperatorLowering find(String kind) {
    return byKind.get(kind);
  }

  /** Supported operator names, sorted. */
  public List<String> kinds() {
    return Collections.unmodifiableList(new ArrayList<>(byKind.keySet()));
  }
}

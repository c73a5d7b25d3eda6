package io.github.tflite2java.compiler.ops;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Tensor;

/**
 * What {@link OperatorKernel#prepare} sees: the graph, the compile options and where to report
 * problems.
 */
public record PrepareContext(ModelGraph graph, CompileOptions options, ProblemCollector problems) {

  public Tensor tensor(int index) {
    return graph.tensor(index);
  }

  /** How messages name a tensor: {@code tensor 7 'conv1/weights' [32,3,3,3] UINT8}. */
  public String describe(int tensorIndex) {
    return problems.describe(tensorIndex);
  }
}

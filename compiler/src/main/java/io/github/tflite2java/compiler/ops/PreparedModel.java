package io.github.tflite2java.compiler.ops;

import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import java.util.List;

/**
 * A validated model with every operator's plan, in execution order: what memory planning, the
 * report and emission read.
 */
public record PreparedModel(ModelGraph graph, List<LayerPlan> plans) {

  public PreparedModel {
    plans = List.copyOf(plans);
    if (plans.size() != graph.operators().size()) {
      throw new IllegalArgumentException(plans.size() + " plans for "
          + graph.operators().size() + " operators");
    }
  }

  /** The plan of {@code op}. */
  public LayerPlan plan(Operator op) {
    return plans.get(graph.operators().indexOf(op));
  }

  /** The kernel that made {@code plan}. */
  public OperatorKernel<?, ?> kernel(LayerPlan plan) {
    return OperatorRegistry.standard().find(plan.op().kind());
  }
}

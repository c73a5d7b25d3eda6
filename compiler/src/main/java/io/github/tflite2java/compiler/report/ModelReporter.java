package io.github.tflite2java.compiler.report;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ops.LayerPlan;
import io.github.tflite2java.compiler.ops.OperatorKernel;
import io.github.tflite2java.compiler.ops.PreparedModel;
import io.github.tflite2java.compiler.passes.BatchResizer;
import io.github.tflite2java.compiler.passes.MemoryPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the {@link ModelReport} of a compiled model from its graph, its memory plan and what
 * the class generator produced. Tensor lifetimes are derived the way the memory planner derives
 * them: a tensor lives from the first to the last operator that touches it, graph inputs from
 * before the first operator, graph outputs past the last, and a tensor an operator only
 * reinterprets (RESHAPE) shares its input's block.
 */
public final class ModelReporter {

  /** The generated class keeps activations in an {@code int[]}: four bytes per element. */
  public static final int ARENA_BYTES_PER_ELEMENT = 4;

  public ModelReporter() {}

  /**
   * What the class generator produced, for the report.
   *
   * @param classCount the model class, its nested classes and its companions' classes
   * @param methodCount methods and constructors of those classes
   * @param constantBytes bytes of constants stored in the class
   */
  public record GeneratedCode(int classCount, int methodCount, long constantBytes) {}

  /** Builds the report of a validated, planned and generated model. */
  public ModelReport report(PreparedModel model, MemoryPlan plan, String className,
      String compilerVersion, CompileOptions options, GeneratedCode code) {
    ModelGraph g = model.graph();
    int n = g.tensors().size();
    int steps = g.operators().size();
    int[] offsets = plan.offsets();
    int[] root = new int[n];
    for (int i = 0; i < n; i++) {
      root[i] = i;
    }
    for (Operator op : g.operators()) {
      if (aliases(model, op)) {
        root[op.output(0)] = root[op.input(0)];
      }
    }
    int[] first = new int[n];
    int[] last = new int[n];
    Arrays.fill(first, Integer.MAX_VALUE);
    Arrays.fill(last, Integer.MIN_VALUE);
    for (int i : g.inputs()) {
      touch(first, last, root[i], -1);
    }
    for (int s = 0; s < steps; s++) {
      Operator op = g.operators().get(s);
      for (int in : op.inputs()) {
        if (in >= 0 && !g.tensor(in).isConstant()) {
          touch(first, last, root[in], s);
        }
      }
      for (int out : op.outputs()) {
        touch(first, last, root[out], s);
      }
    }
    for (int o : g.outputs()) {
      touch(first, last, root[o], steps);
    }
    // Variable tensors (an LSTM's state) keep their block from one inference to the next.
    for (int i = 0; i < n; i++) {
      if (g.tensor(i).variable()) {
        touch(first, last, root[i], -1);
        touch(first, last, root[i], steps);
      }
    }

    List<ArenaBlock> blocks = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      if (root[r] == r && first[r] != Integer.MAX_VALUE && !g.tensor(r).isConstant()
          && offsets[r] >= 0) {
        blocks.add(new ArenaBlock(r, g.tensor(r).name(),
            (long) ARENA_BYTES_PER_ELEMENT * offsets[r],
            ARENA_BYTES_PER_ELEMENT * g.tensor(r).elementCount(), first[r], last[r]));
      }
    }

    List<LayerReport> layers = new ArrayList<>();
    long totalMacs = 0;
    long totalWeights = 0;
    for (Operator op : g.operators()) {
      List<TensorSummary> inputs = new ArrayList<>();
      List<TensorSummary> weights = new ArrayList<>();
      long weightBytes = 0;
      for (int in : op.inputs()) {
        if (in < 0) {
          continue;
        }
        Tensor t = g.tensor(in);
        if (t.isConstant()) {
          weights.add(TensorSummary.of(t));
          weightBytes += t.dataLength();
        } else {
          inputs.add(TensorSummary.of(t));
        }
      }
      List<TensorSummary> outputs = new ArrayList<>();
      for (int out : op.outputs()) {
        outputs.add(TensorSummary.of(g.tensor(out)));
      }
      int out0 = op.outputCount() > 0 ? op.output(0) : -1;
      long offset = out0 >= 0 && offsets[out0] >= 0
          ? (long) ARENA_BYTES_PER_ELEMENT * offsets[out0] : -1;
      long size = out0 >= 0 ? ARENA_BYTES_PER_ELEMENT * g.tensor(out0).elementCount() : 0;
      long live = 0;
      for (ArenaBlock b : blocks) {
        if (b.firstStep() <= op.index() && op.index() <= b.lastStep()) {
          live += b.sizeBytes();
        }
      }
      LayerPlan layer = model.plan(op);
      OperatorKernel<?, ?> kernel = model.kernel(layer);
      long macs = kernel.macsOf(layer);
      totalMacs += macs;
      totalWeights += weightBytes;
      layers.add(new LayerReport(op.index(), op.kind(), inputs, weights, outputs, macs,
          weightBytes, offset, size, aliases(model, op), live, kernel.category().label()));
    }

    List<TensorSummary> inputs = new ArrayList<>();
    for (int i : g.inputs()) {
      inputs.add(TensorSummary.of(g.tensor(i)));
    }
    List<TensorSummary> outputs = new ArrayList<>();
    for (int o : g.outputs()) {
      outputs.add(TensorSummary.of(g.tensor(o)));
    }
    return new ModelReport(className, g.sourceName(), g.sha256(), g.fileSize(), compilerVersion,
        options.describe(), inputs, outputs, layers, blocks, totalMacs, totalWeights,
        code.constantBytes(), (long) ARENA_BYTES_PER_ELEMENT * plan.arenaSize(),
        (long) ARENA_BYTES_PER_ELEMENT * plan.lowerBound(), code.classCount(),
        code.methodCount(), BatchResizer.hasDynamicBatch(g), compiledBatch(g));
  }

  /** Dimension 0 of the first dynamic-batch tensor, or 0 when there is none. */
  static int compiledBatch(ModelGraph g) {
    for (Tensor t : g.tensors()) {
      if (t.dynamicBatch() && t.rank() > 0) {
        return t.dim(0);
      }
    }
    return 0;
  }

  private static boolean aliases(PreparedModel model, Operator op) {
    return model.plan(op).aliasesInput() && op.inputCount() > 0 && op.outputCount() > 0;
  }

  private static void touch(int[] first, int[] last, int tensor, int step) {
    first[tensor] = Math.min(first[tensor], step);
    last[tensor] = Math.max(last[tensor], step);
  }
}

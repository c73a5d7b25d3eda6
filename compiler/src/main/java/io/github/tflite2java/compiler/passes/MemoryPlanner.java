package io.github.tflite2java.compiler.passes;

import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ops.OperatorLowering;
import io.github.tflite2java.compiler.ops.OperatorRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Plans the activation arena by tensor lifetime. Tensors that an operator only reinterprets
 * (RESHAPE, SQUEEZE) share one storage block. Blocks are placed greedily, largest first, at
 * the lowest offset that does not overlap a block alive at the same time (TFLite's "greedy by
 * size" strategy).
 */
public final class MemoryPlanner {
  private final OperatorRegistry registry;

  public MemoryPlanner(OperatorRegistry registry) {
    this.registry = registry;
  }

  /** A storage block: the tensors in it, its size and the steps it must survive. */
  private static final class Block {
    final int root;
    final int size;
    int first = Integer.MAX_VALUE;
    int last = Integer.MIN_VALUE;
    int offset = -1;

    Block(int root, int size) {
      this.root = root;
      this.size = size;
    }

    void touch(int step) {
      first = Math.min(first, step);
      last = Math.max(last, step);
    }

    boolean overlapsInTime(Block o) {
      return first <= o.last && o.first <= last;
    }
  }

  public MemoryPlan plan(ModelGraph g) {
    int n = g.tensors().size();
    int[] root = new int[n];
    for (int i = 0; i < n; i++) {
      root[i] = i;
    }
    for (Operator op : g.operators()) {
      OperatorLowering l = registry.find(op.kind());
      if (l != null && l.aliasesInput()) {
        root[op.output(0)] = root[op.input(0)];
      }
    }
    Block[] blocks = new Block[n];
    int steps = g.operators().size();
    for (int i : g.inputs()) {
      block(g, blocks, root, i).touch(-1);
    }
    for (int s = 0; s < steps; s++) {
      Operator op = g.operators().get(s);
      for (int in : op.inputs()) {
        if (in >= 0 && !g.tensor(in).isConstant()) {
          block(g, blocks, root, in).touch(s);
        }
      }
      for (int out : op.outputs()) {
        block(g, blocks, root, out).touch(s);
      }
    }
    for (int o : g.outputs()) {
      block(g, blocks, root, o).touch(steps);
    }

    List<Block> order = new ArrayList<>();
    for (Block b : blocks) {
      if (b != null) {
        order.add(b);
      }
    }
    order.sort(Comparator.comparingInt((Block b) -> -b.size)
        .thenComparingInt(b -> b.first)
        .thenComparingInt(b -> b.root));
    List<Block> placed = new ArrayList<>();
    int arena = 0;
    for (Block b : order) {
      List<Block> live = new ArrayList<>();
      for (Block p : placed) {
        if (p.overlapsInTime(b)) {
          live.add(p);
        }
      }
      live.sort(Comparator.comparingInt(p -> p.offset));
      int offset = 0;
      for (Block p : live) {
        if (offset + b.size <= p.offset) {
          break;
        }
        offset = Math.max(offset, p.offset + p.size);
      }
      b.offset = offset;
      placed.add(b);
      arena = Math.max(arena, offset + b.size);
    }

    int lowerBound = 0;
    for (int s = -1; s <= steps; s++) {
      int live = 0;
      for (Block b : order) {
        if (b.first <= s && s <= b.last) {
          live += b.size;
        }
      }
      lowerBound = Math.max(lowerBound, live);
    }

    int[] offsets = new int[n];
    for (int i = 0; i < n; i++) {
      Block b = blocks[root[i]];
      offsets[i] = b == null || g.tensor(i).isConstant() ? -1 : b.offset;
    }
    return new MemoryPlan(offsets, arena, lowerBound);
  }

  private static Block block(ModelGraph g, Block[] blocks, int[] root, int tensor) {
    int r = root[tensor];
    if (blocks[r] == null) {
      blocks[r] = new Block(r, Math.toIntExact(g.tensor(r).elementCount()));
    }
    return blocks[r];
  }
}

package io.github.tflite2java.compiler.passes;

import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ops.PreparedModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Plans the activation arena by tensor lifetime. Tensors that an operator only reinterprets
 * (RESHAPE, SQUEEZE) share one storage block. Blocks are placed greedily, largest first, at
 * the lowest offset that does not overlap a block alive at the same time (TFLite's "greedy by
 * size" strategy). Variable tensors (state) live through every step and share with nothing.
 */
public final class MemoryPlanner {

  public MemoryPlanner() {}

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

  /** Plans a prepared model: operators whose plan aliases its input share its storage. */
  public MemoryPlan plan(PreparedModel model) {
    return plan(model.graph(), op -> model.plan(op).aliasesInput());
  }

  /**
   * Plans a graph.
   *
   * @param aliases which operators' output 0 is their input 0 reinterpreted
   */
  public MemoryPlan plan(ModelGraph g, Predicate<Operator> aliases) {
    int n = g.tensors().size();
    int[] root = new int[n];
    for (int i = 0; i < n; i++) {
      root[i] = i;
    }
    for (Operator op : g.operators()) {
      if (aliases.test(op)) {
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
    for (io.github.tflite2java.compiler.ir.Tensor t : g.tensors()) {
      if (t.variable() && !t.isConstant()) {
        // State: kept from one inference to the next, so its block lives through the whole
        // inference (before the inputs are loaded until after the outputs are read) and no
        // other tensor ever shares its memory.
        Block b = block(g, blocks, root, t.index());
        b.touch(-1);
        b.touch(steps);
      }
    }

    List<Block> order = new ArrayList<>();
    for (Block b : blocks) {
      if (b != null) {
        order.add(b);
      }
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

    // Two strategies; keep the smaller arena (ties: greedy by size).
    int bySize = placeGreedyBySize(order);
    int[] bySizeOffsets = offsetsOf(order);
    int twoEnded = placeTwoEnded(order, lowerBound);
    if (bySize <= twoEnded) {
      for (int i = 0; i < order.size(); i++) {
        order.get(i).offset = bySizeOffsets[i];
      }
    }
    int arena = Math.min(bySize, twoEnded);

    int[] offsets = new int[n];
    for (int i = 0; i < n; i++) {
      Block b = blocks[root[i]];
      offsets[i] = b == null || g.tensor(i).isConstant() ? -1 : b.offset;
    }
    return new MemoryPlan(offsets, arena, lowerBound);
  }

  private static int[] offsetsOf(List<Block> blocks) {
    int[] o = new int[blocks.size()];
    for (int i = 0; i < o.length; i++) {
      o[i] = blocks.get(i).offset;
    }
    return o;
  }

  /** TFLite's greedy by size: largest first, at the lowest offset that fits. */
  private static int placeGreedyBySize(List<Block> blocks) {
    List<Block> order = new ArrayList<>(blocks);
    order.sort(Comparator.comparingInt((Block b) -> -b.size)
        .thenComparingInt(b -> b.first)
        .thenComparingInt(b -> b.root));
    List<Block> placed = new ArrayList<>();
    int arena = 0;
    for (Block b : order) {
      b.offset = lowestFit(b, placed, 0);
      placed.add(b);
      arena = Math.max(arena, b.offset + b.size);
    }
    return arena;
  }

  /**
   * In order of first use, alternately from the bottom and from the top of an arena the size
   * of the lower bound, so that consecutive tensors of a chain sit at opposite ends (which
   * reaches the lower bound for chains); falls back to the lowest fit above.
   */
  private static int placeTwoEnded(List<Block> blocks, int limit) {
    List<Block> order = new ArrayList<>(blocks);
    order.sort(Comparator.comparingInt((Block b) -> b.first).thenComparingInt(b -> b.root));
    List<Block> placed = new ArrayList<>();
    int arena = 0;
    boolean top = false;
    for (Block b : order) {
      int offset = -1;
      if (top) {
        offset = highestFit(b, placed, limit);
      }
      if (offset < 0) {
        offset = lowestFit(b, placed, 0);
      }
      b.offset = offset;
      placed.add(b);
      arena = Math.max(arena, offset + b.size);
      top = !top;
    }
    return arena;
  }

  private static List<Block> liveWith(Block b, List<Block> placed) {
    List<Block> live = new ArrayList<>();
    for (Block p : placed) {
      if (p.overlapsInTime(b)) {
        live.add(p);
      }
    }
    return live;
  }

  private static int lowestFit(Block b, List<Block> placed, int from) {
    List<Block> live = liveWith(b, placed);
    live.sort(Comparator.comparingInt(p -> p.offset));
    int offset = from;
    for (Block p : live) {
      if (offset + b.size <= p.offset) {
        break;
      }
      offset = Math.max(offset, p.offset + p.size);
    }
    return offset;
  }

  /** The highest offset at most {@code limit - size} free of live blocks, or -1. */
  private static int highestFit(Block b, List<Block> placed, int limit) {
    List<Block> live = liveWith(b, placed);
    live.sort(Comparator.comparingInt((Block p) -> p.offset + p.size).reversed());
    int end = limit;
    for (Block p : live) {
      if (p.offset + p.size <= end - b.size) {
        break;
      }
      end = Math.min(end, p.offset);
    }
    return end - b.size >= 0 ? end - b.size : -1;
  }

  private static Block block(ModelGraph g, Block[] blocks, int[] root, int tensor) {
    int r = root[tensor];
    if (blocks[r] == null) {
      blocks[r] = new Block(r, Math.toIntExact(g.tensor(r).elementCount()));
    }
    return blocks[r];
  }
}

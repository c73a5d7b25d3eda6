package io.github.tflite2java.compiler.passes;

/**
 * Where every run-time tensor lives in the generated class's single {@code int[]} arena.
 *
 * @param offsets arena offset per tensor index, -1 for constants and unused tensors
 * @param arenaSize elements the arena needs
 * @param lowerBound the largest sum of sizes of tensors live at the same time: no plan can be
 *     smaller
 */
public record MemoryPlan(int[] offsets, int arenaSize, int lowerBound) {

  public MemoryPlan {
    offsets = offsets.clone();
  }

  public int offset(int tensor) {
    int o = offsets[tensor];
    if (o < 0) {
      throw new IllegalArgumentException("tensor " + tensor + " has no arena storage");
    }
    return o;
  }

  @Override
  public int[] offsets() {
    return offsets.clone();
  }
}

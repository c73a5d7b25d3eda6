package io.github.tflite2java.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.OperatorRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryPlannerTest {
  private final MemoryPlanner planner = new MemoryPlanner();

  private static Tensor t(int index, int... shape) {
    return new Tensor(index, "t" + index, TensorType.UINT8, shape,
        QuantParams.perTensor(0.5f, 0), null);
  }

  private static Operator op(int index, String kind, int in, int out) {
    return new Operator(index, kind, 0, 1, new int[] {in}, new int[] {out},
        new OperatorOptions.None());
  }

  @Test
  void chainPingPongsBetweenTwoBlocks() {
    // t0 (100) -> t1 (50) -> t2 (100) -> t3 (10)
    List<Tensor> ts = List.of(t(0, 100), t(1, 50), t(2, 100), t(3, 10));
    List<Operator> ops = List.of(op(0, "X", 0, 1), op(1, "X", 1, 2), op(2, "X", 2, 3));
    ModelGraph g = new ModelGraph("m", "", 0, 3, "", ts, ops, new int[] {0}, new int[] {3});
    MemoryPlan plan = planner.plan(g, MemoryPlannerTest::aliases);
    assertEquals(150, plan.lowerBound());
    assertEquals(150, plan.arenaSize());
    assertDisjointWhileLive(g, plan);
  }

  @Test
  void variableTensorsLiveThroughTheWholeInferenceAndShareWithNothing() {
    // t0 -> X(t0, state t4) -> t1 -> X -> t2 -> X -> t3; t4 is read by the first operator only.
    List<Tensor> ts = List.of(t(0, 100), t(1, 100), t(2, 100), t(3, 100),
        new Tensor(4, "state", TensorType.INT8, new int[] {100}, QuantParams.perTensor(0.5f, 3),
            null, true));
    List<Operator> ops = List.of(
        new Operator(0, "X", 0, 1, new int[] {0, 4}, new int[] {1}, new OperatorOptions.None()),
        op(1, "X", 1, 2), op(2, "X", 2, 3));
    ModelGraph g = new ModelGraph("m", "", 0, 3, "", ts, ops, new int[] {0}, new int[] {3});
    MemoryPlan plan = planner.plan(g, MemoryPlannerTest::aliases);
    int s = plan.offset(4);
    for (int i = 0; i < 4; i++) {
      int o = plan.offset(i);
      assertTrue(o + 100 <= s || s + 100 <= o, "tensor " + i + " at " + o
          + " overlaps the state at " + s);
    }
    // Two tensors of the chain plus the state are alive at every step.
    assertEquals(300, plan.lowerBound());
    assertEquals(300, plan.arenaSize());
  }

  @Test
  void reshapeSharesStorageWithItsInput() {
    List<Tensor> ts = List.of(t(0, 1, 2, 2, 4), t(1, 1, 16), t(2, 1, 16));
    List<Operator> ops = List.of(op(0, "RESHAPE", 0, 1), op(1, "SOFTMAX", 1, 2));
    ModelGraph g = new ModelGraph("m", "", 0, 3, "", ts, ops, new int[] {0}, new int[] {2});
    MemoryPlan plan = planner.plan(g, MemoryPlannerTest::aliases);
    assertEquals(plan.offset(0), plan.offset(1));
    assertNotEquals(plan.offset(1), plan.offset(2));
    assertEquals(32, plan.arenaSize());
  }

  @Test
  void randomGraphsNeverOverlapLiveTensorsAndStayNearTheBound() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(7);
    for (int trial = 0; trial < 300; trial++) {
      int n = 2 + r.nextInt(30);
      List<Tensor> ts = new ArrayList<>();
      List<Operator> ops = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ts.add(t(i, 1 + r.nextInt(1000)));
      }
      for (int i = 1; i < n; i++) {
        // Each op reads one or two earlier tensors (skip connections) and writes tensor i.
        int a = r.nextInt(i);
        int b = r.nextInt(i);
        ops.add(new Operator(i - 1, "X", 0, 1, new int[] {a, b}, new int[] {i},
            new OperatorOptions.None()));
      }
      ModelGraph g = new ModelGraph("m", "", 0, 3, "", ts, ops, new int[] {0},
          new int[] {n - 1});
      MemoryPlan plan = planner.plan(g, MemoryPlannerTest::aliases);
      assertDisjointWhileLive(g, plan);
      assertTrue(plan.arenaSize() >= plan.lowerBound());
    }
  }

  private static void assertDisjointWhileLive(ModelGraph g, MemoryPlan plan) {
    int n = g.tensors().size();
    int steps = g.operators().size();
    int[] first = new int[n];
    int[] last = new int[n];
    java.util.Arrays.fill(first, Integer.MAX_VALUE);
    java.util.Arrays.fill(last, Integer.MIN_VALUE);
    for (int i : g.inputs()) {
      first[i] = -1;
      last[i] = Math.max(last[i], -1);
    }
    for (Operator op : g.operators()) {
      for (int i : op.inputs()) {
        first[i] = Math.min(first[i], op.index());
        last[i] = Math.max(last[i], op.index());
      }
      for (int o : op.outputs()) {
        first[o] = Math.min(first[o], op.index());
        last[o] = Math.max(last[o], op.index());
      }
    }
    for (int o : g.outputs()) {
      last[o] = steps;
    }
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        if (first[a] > last[a] || first[b] > last[b]) {
          continue;
        }
        boolean liveTogether = first[a] <= last[b] && first[b] <= last[a];
        int sa = (int) g.tensor(a).elementCount();
        int sb = (int) g.tensor(b).elementCount();
        boolean overlap = plan.offset(a) < plan.offset(b) + sb
            && plan.offset(b) < plan.offset(a) + sa;
        assertTrue(!(liveTogether && overlap), "tensors " + a + " and " + b + " overlap");
      }
      assertTrue(plan.offset(a) + g.tensor(a).elementCount() <= plan.arenaSize());
    }
  }

  /** RESHAPE and SQUEEZE share their input's storage, as their kernels' plans say. */
  private static boolean aliases(io.github.tflite2java.compiler.ir.Operator op) {
    return op.kind().equals("RESHAPE") || op.kind().equals("SQUEEZE");
  }
}

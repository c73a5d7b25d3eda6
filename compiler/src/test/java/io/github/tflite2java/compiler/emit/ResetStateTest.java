package io.github.tflite2java.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.PreparedModel;
import io.github.tflite2java.compiler.ops.Reshape;
import io.github.tflite2java.compiler.passes.MemoryPlan;
import io.github.tflite2java.compiler.passes.MemoryPlanner;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import java.lang.reflect.Field;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code resetState()} of a class whose model has variable tensors, on a hand-made kernel-free
 * model (the planner and the generator only; validation would want a kernel that keeps state):
 * int8 state starts at its zero point (centered 0), uint8 and int16 state at raw 0 (centered
 * minus the zero point), as TFLite's ResetVariableTensor; a new instance starts reset.
 */
class ResetStateTest {

  @Test
  void resetStateRestoresTfliteInitialValuesAndNewInstancesStartReset() throws Exception {
    QuantParams q = QuantParams.perTensor(0.5f, 3);
    List<Tensor> tensors = List.of(
        new Tensor(0, "x", TensorType.INT8, new int[] {1, 4}, q, null),
        new Tensor(1, "y", TensorType.INT8, new int[] {4}, q, null),
        new Tensor(2, "h", TensorType.INT8, new int[] {1, 5}, QuantParams.perTensor(0.1f, -7),
            null, true),
        new Tensor(3, "c", TensorType.INT16, new int[] {1, 6}, QuantParams.perTensor(0.1f, 0),
            null, true),
        new Tensor(4, "u", TensorType.UINT8, new int[] {1, 3}, QuantParams.perTensor(0.1f, 9),
            null, true));
    Operator reshape = new Operator(0, "RESHAPE", 22, 1, new int[] {0}, new int[] {1},
        new Reshape.Options(new int[] {4}));
    ModelGraph g = new ModelGraph("s.tflite", "00", 1, 3, "", tensors, List.of(reshape),
        new int[] {0}, new int[] {1});
    PreparedModel model = new PreparedModel(g, List.of(new Reshape.AliasPlan(reshape,
        tensors.get(0), tensors.get(1))));
    MemoryPlan plan = new MemoryPlanner().plan(model);
    String source = new ModelClassGenerator("test").generate(model, plan,
        CompileOptions.defaults(), "t", "S").source();
    assertTrue(source.contains("public void resetState()"), source);
    assertTrue(source.contains("streaming") || source.contains("stream"), "Javadoc on streams");
    Class<?> c = InMemoryJavac.compile("t.S", source).load("t.S");
    Object m = c.getConstructor().newInstance();
    Field f = c.getDeclaredField("arena");
    f.setAccessible(true);
    int[] arena = (int[]) f.get(m);
    assertState(arena, plan, 0, 0, 9 * -1);
    java.util.Arrays.fill(arena, 77);
    c.getMethod("resetState").invoke(m);
    assertState(arena, plan, 0, 0, -9);
    // The state blocks share nothing with each other or with x/y.
    int[][] blocks = {{plan.offset(0), 4}, {plan.offset(2), 5}, {plan.offset(3), 6},
        {plan.offset(4), 3}};
    for (int i = 0; i < blocks.length; i++) {
      for (int j = i + 1; j < blocks.length; j++) {
        boolean disjoint = blocks[i][0] + blocks[i][1] <= blocks[j][0]
            || blocks[j][0] + blocks[j][1] <= blocks[i][0];
        assertTrue(disjoint, "blocks " + i + " and " + j + " overlap");
      }
    }
  }

  private static void assertState(int[] arena, MemoryPlan plan, int h, int c, int u) {
    for (int i = 0; i < 5; i++) {
      assertEquals(h, arena[plan.offset(2) + i], "int8 state at its zero point: centered 0");
    }
    for (int i = 0; i < 6; i++) {
      assertEquals(c, arena[plan.offset(3) + i], "int16 state 0");
    }
    for (int i = 0; i < 3; i++) {
      assertEquals(u, arena[plan.offset(4) + i], "uint8 state raw 0: centered -9");
    }
  }
}

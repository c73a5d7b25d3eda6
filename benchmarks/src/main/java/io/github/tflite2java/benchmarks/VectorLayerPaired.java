package io.github.tflite2java.benchmarks;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Paired layer timing of any model class compiled with {@code kernels=vector} (in {@code
 * benchmarks.vec}): one inference on grace_hopper's input fills the arena, then operator {@code
 * OP}'s scalar kernel (the model class's method over its whole split extent {@code EXTENT}, as
 * the class's {@code run()} calls it; run with {@code -Dtflite2java.kernels=scalar}) and its
 * vector kernel (the companion's layer method, called directly) alternate call by call on the
 * same arena, each call timed, after checking that both write the same arena. Prints both medians and the ratio (compare ratios only on a
 * loaded machine). {@link LayerPaired} does the same for the flagship with G MAC/s.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Dtflite2java.kernels=scalar \
 *   -cp benchmarks/target/benchmarks.jar io.github.tflite2java.benchmarks.VectorLayerPaired \
 *   Tf2MobilenetV2PtqVk tf2_mobilenet_v2_1.0_224_ptq 7 300 3136
 * </pre>
 */
public final class VectorLayerPaired {
  private VectorLayerPaired() {}

  public static void main(String[] args) throws Exception {
    Class<?> type = Class.forName("io.github.tflite2java.benchmarks.vec." + args[0]);
    String input = args[1];
    int target = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    if (!"scalar".equals(System.getProperty("tflite2java.kernels"))) {
      throw new IllegalStateException("run with -Dtflite2java.kernels=scalar");
    }
    int extent = Integer.parseInt(args[4]);
    Object model = type.getConstructor().newInstance();
    Method load = type.getDeclaredMethod("load0", byte[].class);
    load.setAccessible(true);
    load.invoke(model, (Object) Shared.read(Shared.input(input)));
    // One whole inference fills the arena with grace_hopper's activations (the memory planner
    // may have reused the layer's input buffer for a later layer's: real activations either way).
    Method run = type.getDeclaredMethod("run");
    run.setAccessible(true);
    run.invoke(model);
    Method layer = find(type, String.format("op%02d", target), 2);
    layer.setAccessible(true);
    Runnable scalar = () -> {
      try {
        layer.invoke(model, 0, extent);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    };
    Class<?> vc = Class.forName(type.getName() + "Vector");
    // The vector layer method: (int[] arena, int from, int to), the scalar layer's range.
    Method vector = find(vc, String.format("op%02d", target), 3);
    vector.setAccessible(true);
    Field f = type.getDeclaredField("arena");
    f.setAccessible(true);
    int[] arena = (int[]) f.get(model);
    int[] before = arena.clone();
    scalar.run();
    int[] afterScalar = arena.clone();
    System.arraycopy(before, 0, arena, 0, arena.length);
    vector.invoke(null, arena, 0, extent);
    if (!Arrays.equals(afterScalar, arena)) {
      throw new AssertionError("scalar and vector kernels of operator " + target + " differ");
    }
    PairedTimes.Medians t = PairedTimes.of(rounds, scalar::run,
        () -> vector.invoke(null, arena, 0, extent));
    double ms = t.scalarMs();
    double mv = t.vectorMs();
    System.out.printf("%s operator %d, %s (%s): scalar %.3f ms, vector %.3f ms, vector / scalar"
        + " time %.2f; %d pairs after %d, medians%n", args[0], target, vector.getName(),
        System.getProperty("java.version"), ms, mv, mv / ms, rounds, rounds);
  }

  private static Method find(Class<?> c, String prefix, int params) {
    for (Method m : c.getDeclaredMethods()) {
      String n = m.getName();
      if (n.startsWith(prefix) && m.getParameterCount() == params
          && (n.endsWith("Conv2d") || n.endsWith("FullyConnected"))) {
        return m;
      }
    }
    throw new IllegalStateException("no method " + prefix + " in " + c.getName());
  }
}

package io.github.tflite2java.benchmarks;

import io.github.tflite2java.benchmarks.vec.MobilenetV1QuantVk;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Paired layer timing for a loaded machine: one layer of the flagship compiled with {@code
 * kernels=vector}, its scalar kernel (the model class's method, run with {@code
 * -Dtflite2java.kernels=scalar}) and its vector kernel (the companion's method, called directly)
 * alternated call by call on the same activations (grace_hopper's), each call timed; prints
 * both medians, G MAC/s and the ratio, after checking that both write the same output.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Dtflite2java.kernels=scalar \
 *   -cp benchmarks/target/benchmarks.jar io.github.tflite2java.benchmarks.LayerPaired 10 400
 * </pre>
 * (operator 10: pointwise 28x28, 256 -> 256; 14: pointwise 14x14, 512 -> 512; 9: depthwise 3x3
 * 28x28x256; rounds after as many warm-up rounds).
 */
public final class LayerPaired {
  private LayerPaired() {}

  public static void main(String[] args) throws Exception {
    int target = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    if (!"scalar".equals(System.getProperty("tflite2java.kernels"))) {
      throw new IllegalStateException("run with -Dtflite2java.kernels=scalar");
    }
    MobilenetV1QuantVk model = new MobilenetV1QuantVk();
    Method load = MobilenetV1QuantVk.class.getDeclaredMethod("load0", byte[].class);
    load.setAccessible(true);
    load.invoke(model, (Object) Shared.read(Shared.input("mobilenet_v1_1.0_224_quant")));
    Method scalar = null;
    for (int i = 0; i <= target; i++) {
      // Layer methods take the range of output pixels (pointwise) or rows (depthwise) to
      // compute; the whole layer is [0, extent).
      Method m = find(MobilenetV1QuantVk.class, String.format("op%02d", i), 2);
      m.setAccessible(true);
      if (i < target) {
        m.invoke(model, 0, extent(i));
      } else {
        scalar = m;
      }
    }
    final int whole = extent(target);
    Class<?> vc = Class.forName(MobilenetV1QuantVk.class.getName() + "Vector");
    Method vector = find(vc, String.format("op%02d", target), -1);
    vector.setAccessible(true);
    Field f = MobilenetV1QuantVk.class.getDeclaredField("arena");
    f.setAccessible(true);
    int[] arena = (int[]) f.get(model);
    int[] before = arena.clone();
    scalar.invoke(model, 0, whole);
    int[] afterScalar = arena.clone();
    System.arraycopy(before, 0, arena, 0, arena.length);
    vector.invoke(null, arena, 0, whole);
    if (!Arrays.equals(afterScalar, arena)) {
      throw new AssertionError("scalar and vector kernels of operator " + target + " differ");
    }
    long macs = switch (target) {
      case 4 -> 3136L * 64 * 128;
      case 10 -> 784L * 256 * 256;
      case 14 -> 196L * 512 * 512;
      case 26 -> 49L * 1024 * 1024;
      case 9 -> 784L * 256 * 9;
      default -> 0;
    };
    final Method layer = scalar;
    PairedTimes.Medians t = PairedTimes.of(rounds, () -> layer.invoke(model, 0, whole),
        () -> vector.invoke(null, arena, 0, whole));
    double ms = t.scalarMs();
    double mv = t.vectorMs();
    System.out.printf("operator %d (%s): scalar %.3f ms (%.2f G MAC/s), vector %.3f ms"
        + " (%.2f G MAC/s), vector / scalar time %.2f; %d pairs, medians%n", target,
        System.getProperty("java.version"), ms, macs / (ms * 1e6), mv, macs / (mv * 1e6),
        mv / ms, rounds);
  }

  /** The flagship's layer extents: output pixels of a pointwise layer, rows of the others. */
  static int extent(int op) {
    int[] first = {112, 112, 12544, 56, 3136, 56, 3136, 28, 784, 28, 784, 14, 196};
    if (op < first.length) {
      return first[op];
    }
    if (op <= 22) {
      return op % 2 == 1 ? 14 : 196;
    }
    return op % 2 == 1 ? 7 : 49;
  }

  /**
   * {@code params} -1: the vector class's layer method ({@code (int[] arena, int from, int to)},
   * the scalar layer's range).
   */
  private static Method find(Class<?> c, String prefix, int params) {
    for (Method m : c.getDeclaredMethods()) {
      if (!m.getName().startsWith(prefix)) {
        continue;
      }
      if (params == -1 ? m.getParameterCount() == 3 && m.getParameterTypes()[0] == int[].class
          && (m.getName().endsWith("Conv2d") || m.getName().endsWith("Dw"))
          : m.getParameterCount() == params && m.getParameterTypes()[0] == int.class) {
        return m;
      }
    }
    throw new IllegalStateException("no method " + prefix + " in " + c.getName());
  }
}

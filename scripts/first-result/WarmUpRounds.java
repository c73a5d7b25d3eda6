import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The vector warm-up's rounds replayed on the calling thread, with nothing else running in the
 * JVM (no inference on another thread, the class's own warm-up thread kept from starting): each
 * round runs the vector layers, then the scalar inference, on one instance whose arena holds the
 * warm-up's pattern, as the generated {@code warmUpVectorKernels} does; prints each round's two
 * times (ms) and what the class's own {@code vectorWarmUpDecision} says after it, and stops at
 * the first decision (or after ROUNDS rounds). A measurement tool for docs/start-up.md: it
 * reaches into the generated class's private members.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp model.jar:harness.jar WarmUpRounds CLASS [ROUNDS [all]]
 * </pre>
 *
 * <p>With {@code all}: all ROUNDS rounds, not stopping at the decision (steady-state times).
 */
public final class WarmUpRounds {
  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Throwable {
    Class<?> c = Class.forName(args[0]);
    int max = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    boolean all = args.length > 2 && args[2].equals("all");
    Field started = c.getDeclaredField("vectorWarmUpStarted");
    started.setAccessible(true);
    started.set(null, true); // no background warm-up thread
    Method companion = Class.forName(args[0] + "Vector").getMethod("layers");
    companion.setAccessible(true); // a package-private class
    Object[] layers = (Object[]) companion.invoke(null);
    Object model = c.getConstructor().newInstance();
    Field f = c.getDeclaredField("arena");
    f.setAccessible(true);
    int[] arena = (int[]) f.get(model);
    for (int i = 0; i < arena.length; i++) {
      arena[i] = ((i * 37 + (i >>> 5)) & 255) - 128;
    }
    Method run = c.getDeclaredMethod("run");
    run.setAccessible(true);
    Method decide = c.getDeclaredMethod("vectorWarmUpDecision", long[].class, long[].class,
        int.class);
    decide.setAccessible(true);
    long[] vector = new long[Math.max(max, 1000)];
    long[] scalar = new long[vector.length];
    long start = System.nanoTime();
    for (int round = 1; round <= max; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < layers.length - 1; i++) {
        ((Consumer<int[]>) layers[i]).accept(arena);
      }
      long t1 = System.nanoTime();
      run.invoke(model);
      long t2 = System.nanoTime();
      vector[round - 1] = t1 - t0;
      scalar[round - 1] = t2 - t1;
      int d = round <= 1000 ? (Integer) decide.invoke(null, vector, scalar, round) : 0;
      System.out.printf(Locale.ROOT, "round %d vector %.1f scalar %.1f elapsed %.0f decision %d%n",
          round, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t2 - start) / 1e6, d);
      if (d != 0 && !all) {
        break;
      }
    }
  }
}

package io.github.tflite2java.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * One thread against {@code setExecutor(pool, parts)}, timed in alternation in one JVM (so both
 * see the same load on a shared machine): per model, one instance left at the default and one
 * with its large layers in {@code parts} parts on a fixed pool of {@code parts - 1} daemon
 * threads; both checked against TFLite 2.9.0's golden bytes first, then a warm-up, then slices of
 * about {@code --slice} seconds alternating 1, N, N, 1, ...; the table gives each side's median
 * and minimum ms per inference and the speed-up (1-thread time / N-thread time).
 *
 * <pre>
 * java -cp benchmarks.jar io.github.tflite2java.benchmarks.ThreadsPaired [--models a,b]
 *     [--parts N] [--rounds N] [--slice S] [--warmup S]
 * </pre>
 *
 * <p>Models: the generated-examples classes by .tflite name (e.g. {@code
 * mobilenet_v1_1.0_224_quant}) and the real models of {@link RealModel}.
 */
public final class ThreadsPaired {
  private static final MethodType RAW =
      MethodType.methodType(void.class, byte[][].class, byte[][].class);

  private ThreadsPaired() {}

  public static void main(String[] args) throws Throwable {
    List<String> models = new ArrayList<>(List.of("mobilenet_v1_1.0_224_quant",
        "mobilenet_v1_0.25_128_quant", "ssd_mobilenet_v2_coco_quant_postprocess"));
    int parts = 2;
    int rounds = 10;
    double slice = 1.0;
    double warmup = 8.0;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + a);
      }
      switch (a) {
        case "--models" -> models = Arrays.asList(args[++i].split(","));
        case "--parts" -> parts = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--slice" -> slice = Double.parseDouble(args[++i]);
        case "--warmup" -> warmup = Double.parseDouble(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + a
            + "; usage: ThreadsPaired [--models a,b] [--parts N] [--rounds N] [--slice S]"
            + " [--warmup S]");
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parts - 1), r -> {
      Thread t = new Thread(r, "threads-paired");
      t.setDaemon(true);
      return t;
    });
    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "| model | JDK | 1 thread ms (median / min) |"
        + " %d parts ms (median / min) | speed-up (medians) | speed-up (minima) | slices |"
        + " load average before / after |%n|---|---|---:|---:|---:|---:|---:|---|%n", parts));
    for (String name : models) {
      Class<?> c;
      byte[][] in;
      byte[][] golden;
      try {
        RealModel m = RealModel.of(name);
        c = m.generatedClass();
        in = RealModel.input(m.goldenDir(), m.benchInput());
        golden = RealModel.golden(m.goldenDir(), m.benchInput());
      } catch (IllegalArgumentException notReal) {
        BenchModel m = BenchModel.of(name);
        c = Class.forName(m.className());
        Path dir = Shared.dir().resolve("golden").resolve(m.fileName);
        in = new byte[][] {Shared.read(dir.resolve("grace_hopper.in"))};
        golden = new byte[][] {Shared.read(dir.resolve("grace_hopper.tflite-2.9.out"))};
      }
      Object serial = c.getConstructor().newInstance();
      Object parallel = c.getConstructor().newInstance();
      c.getMethod("setExecutor", Executor.class, int.class).invoke(parallel, pool, parts);
      MethodHandle[] h = {
          MethodHandles.publicLookup().findVirtual(c, "inferRaw", RAW).bindTo(serial),
          MethodHandles.publicLookup().findVirtual(c, "inferRaw", RAW).bindTo(parallel)};
      byte[][] out = new byte[golden.length][];
      for (int k = 0; k < out.length; k++) {
        out[k] = new byte[golden[k].length];
      }
      for (MethodHandle run : h) {
        run.invokeExact(in, out);
        for (int k = 0; k < out.length; k++) {
          if (!Arrays.equals(golden[k], out[k])) {
            throw new IllegalStateException(name + ": output " + k
                + " differs from TFLite 2.9.0's golden bytes; refusing to time it");
          }
        }
      }
      String load0 = RealPaired.load();
      long until = System.nanoTime() + (long) (warmup * 1e9);
      while (System.nanoTime() < until) {
        slice(h[0], in, out, 0.25);
        slice(h[1], in, out, 0.25);
      }
      double[][] times = new double[2][rounds];
      for (int r = 0; r < rounds; r++) {
        int first = r % 2;
        times[first][r] = slice(h[first], in, out, slice);
        times[1 - first][r] = slice(h[1 - first], in, out, slice);
      }
      double sMed = RealPaired.median(times[0]);
      double pMed = RealPaired.median(times[1]);
      double sMin = Arrays.stream(times[0]).min().getAsDouble();
      double pMin = Arrays.stream(times[1]).min().getAsDouble();
      String row = String.format(Locale.ROOT,
          "| %s | %s | %.2f / %.2f | %.2f / %.2f | **%.2f** | %.2f | %d x %.1f s each | %s / %s |%n",
          name, System.getProperty("java.runtime.version"), sMed, sMin, pMed, pMin, sMed / pMed,
          sMin / pMin, rounds, slice, load0, RealPaired.load());
      System.err.print(row);
      table.append(row);
    }
    System.out.print(table);
  }

  private static double slice(MethodHandle h, byte[][] in, byte[][] out, double seconds)
      throws Throwable {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    int n = 0;
    long now;
    do {
      h.invokeExact(in, out);
      n++;
      now = System.nanoTime();
    } while (now < end || n < 2);
    return (now - start) / 1e6 / n;
  }
}

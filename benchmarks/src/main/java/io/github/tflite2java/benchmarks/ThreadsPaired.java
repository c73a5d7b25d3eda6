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
 *     [--parts N] [--rounds N] [--slice S] [--warmup S] [--kernels vector]
 * </pre>
 *
 * <p>Models: the generated-examples classes by .tflite name (e.g. {@code
 * mobilenet_v1_1.0_224_quant}) and the real models of {@link RealModel}. With {@code --kernels
 * vector} (run with {@code --add-modules jdk.incubator.vector}): the classes compiled with
 * {@code kernels=vector} ({@code benchmarks.vec.*Vk}: the flagship, 0.25_128 and TF2 MobileNet
 * v2 int8), timed once their vector kernels run: after the background warm-up has switched
 * them on (the warm-up slices go on until {@code kernels()} says so), or from the start with
 * {@code -Dtflite2java.vectorWarmUp=false}; both sides are checked against the golden bytes
 * again after the switch, and the row says which kernels ran.
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
    boolean vector = false;
    boolean modelsGiven = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + a);
      }
      switch (a) {
        case "--models" -> {
          models = Arrays.asList(args[++i].split(","));
          modelsGiven = true;
        }
        case "--parts" -> parts = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--slice" -> slice = Double.parseDouble(args[++i]);
        case "--warmup" -> warmup = Double.parseDouble(args[++i]);
        case "--kernels" -> vector = switch (args[++i]) {
          case "vector" -> true;
          case "scalar" -> false;
          default -> throw new IllegalArgumentException("--kernels scalar or vector");
        };
        default -> throw new IllegalArgumentException("unknown argument " + a
            + "; usage: ThreadsPaired [--models a,b] [--parts N] [--rounds N] [--slice S]"
            + " [--warmup S] [--kernels vector]");
      }
    }
    if (vector && !modelsGiven) {
      models = List.of("mobilenet_v1_1.0_224_quant");
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
      if (vector) {
        c = Class.forName(vectorClass(name));
        Path dir = Shared.dir().resolve("golden").resolve(name);
        in = new byte[][] {Shared.read(dir.resolve("grace_hopper.in"))};
        golden = new byte[][] {Shared.read(dir.resolve("grace_hopper.tflite-2.9.out"))};
      } else {
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
      checkGolden(name, h, in, out, golden);
      String load0 = RealPaired.load();
      long until = System.nanoTime() + (long) (warmup * 1e9);
      // With the vector kernels: on until the background warm-up has switched them on (at most
      // 10 minutes).
      long vectorDeadline = System.nanoTime() + 600_000_000_000L;
      while (System.nanoTime() < until
          || vector && kernels(c).contains("warming up") && System.nanoTime() < vectorDeadline) {
        slice(h[0], in, out, 0.25);
        slice(h[1], in, out, 0.25);
      }
      String kernels = vector ? kernels(c) : null;
      if (vector) {
        if (!kernels.startsWith("vector: ") || kernels.contains("warming up")) {
          throw new IllegalStateException(name + ": not on the vector kernels: " + kernels);
        }
        System.err.println(name + ": " + kernels);
        checkGolden(name, h, in, out, golden);
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
          vector ? name + " (kernels=vector)" : name, System.getProperty("java.runtime.version"),
          sMed, sMin, pMed, pMin, sMed / pMed,
          sMin / pMin, rounds, slice, load0, RealPaired.load());
      System.err.print(row);
      table.append(row);
    }
    System.out.print(table);
  }

  /** Runs both sides once and checks their outputs against the golden bytes. */
  private static void checkGolden(String name, MethodHandle[] h, byte[][] in, byte[][] out,
      byte[][] golden) throws Throwable {
    for (MethodHandle run : h) {
      run.invokeExact(in, out);
      for (int k = 0; k < out.length; k++) {
        if (!Arrays.equals(golden[k], out[k])) {
          throw new IllegalStateException(name + ": output " + k
              + " differs from TFLite 2.9.0's golden bytes; refusing to time it");
        }
      }
    }
  }

  /** The class compiled with {@code kernels=vector} of a model (benchmarks' vector-models). */
  private static String vectorClass(String model) {
    String simple = switch (model) {
      case "mobilenet_v1_1.0_224_quant" -> "MobilenetV1QuantVk";
      case "mobilenet_v1_0.25_128_quant" -> "MobilenetV1Quant025x128Vk";
      case "tf2_mobilenet_v2_1.0_224_ptq" -> "Tf2MobilenetV2PtqVk";
      default -> throw new IllegalArgumentException("no kernels=vector class of " + model
          + " (mobilenet_v1_1.0_224_quant, mobilenet_v1_0.25_128_quant,"
          + " tf2_mobilenet_v2_1.0_224_ptq)");
    };
    return "io.github.tflite2java.benchmarks.vec." + simple;
  }

  private static String kernels(Class<?> c) throws Exception {
    return (String) c.getMethod("kernels").invoke(null);
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

package io.github.tflite2java.benchmarks;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The generated class and TFLite 2.9.0 C timed in alternation, in one JVM: for a machine shared
 * with other work, where JMH's benchmarks of the two runtimes, minutes apart, see different loads.
 * Per model, after checking both against the golden bytes ({@link RealModelBenchmark#conformance})
 * and a warm-up, it runs slices of about {@code --slice} seconds, alternating generated, C, C,
 * generated, ...; each slice gives one time per inference, and the table reports each runtime's
 * median and minimum slice and the ratios generated / C of both. Same inputs and state handling as
 * {@link RealModelBenchmark} (one instance or interpreter per runtime for the whole run).
 *
 * <pre>
 * java -cp benchmarks.jar io.github.tflite2java.benchmarks.RealPaired [--models a,b] [--rounds N]
 *     [--slice S] [--warmup S] [--md FILE]
 * </pre>
 */
public final class RealPaired {

  private RealPaired() {}

  public static void main(String[] args) throws IOException {
    List<String> models = new ArrayList<>();
    for (RealModel m : RealModel.values()) {
      if (m.buildHint == null) {
        models.add(m.fileName);
      }
    }
    int rounds = 10;
    double slice = 1.0;
    double warmup = 8.0;
    String md = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) {
        usage("missing value after " + a);
      }
      switch (a) {
        case "--models":
          models = Arrays.asList(args[++i].split(","));
          break;
        case "--rounds":
          rounds = Integer.parseInt(args[++i]);
          break;
        case "--slice":
          slice = Double.parseDouble(args[++i]);
          break;
        case "--warmup":
          warmup = Double.parseDouble(args[++i]);
          break;
        case "--md":
          md = args[++i];
          break;
        default:
          usage("unknown argument " + a);
      }
    }
    if (!TfliteC.findLibrary().isPresent()) {
      throw new IllegalStateException(TfliteC.MISSING);
    }
    StringBuilder table = new StringBuilder();
    table.append("| model | JDK | generated ms (median / min) | TFLite 2.9.0 C ms (median / min) |")
        .append(" generated / C (medians) | generated / C (minima) | slices | load average before / after |\n");
    table.append("|---|---|---:|---:|---:|---:|---:|---|\n");
    for (String name : models) {
      RealModel m = RealModel.of(name);
      String load0 = load();
      for (String runtime : new String[] {"generated", "tflite290C"}) {
        String problem = RealModelBenchmark.conformance(m, runtime);
        if (problem != null) {
          throw new IllegalStateException(problem + ": refusing to time a wrong result");
        }
      }
      byte[][] in = RealModel.input(m.goldenDir(), m.benchInput());
      byte[][] golden = RealModel.golden(m.goldenDir(), m.benchInput());
      byte[][] out = new byte[golden.length][];
      for (int k = 0; k < golden.length; k++) {
        out[k] = new byte[golden[k].length];
      }
      MethodHandle gen = m.newInferRaw();
      try (TfliteCRaw c = new TfliteCRaw(Shared.read(m.modelFile()))) {
        c.setInput(0, in[0]);
        Runnable[] runners = {() -> RealModel.run(gen, in, out), c::run};
        long until = System.nanoTime() + (long) (warmup * 1e9);
        while (System.nanoTime() < until) {
          slice(runners[0], 0.25);
          slice(runners[1], 0.25);
        }
        double[][] times = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
          int first = r % 2; // G C, C G, G C, ...
          times[first][r] = slice(runners[first], slice);
          times[1 - first][r] = slice(runners[1 - first], slice);
        }
        double gMed = median(times[0]);
        double cMed = median(times[1]);
        double gMin = Arrays.stream(times[0]).min().getAsDouble();
        double cMin = Arrays.stream(times[1]).min().getAsDouble();
        String row =
            String.format(
                Locale.ROOT,
                "| %s | %s | %.3f / %.3f | %.3f / %.3f | **%.2f** | %.2f | %d x %.1f s each | %s / %s |%n",
                m.fileName,
                System.getProperty("java.runtime.version"),
                gMed,
                gMin,
                cMed,
                cMin,
                gMed / cMed,
                gMin / cMin,
                rounds,
                slice,
                load0,
                load());
        System.err.print(row);
        table.append(row);
      }
    }
    System.out.print(table);
    if (md != null) {
      Files.write(Paths.get(md), table.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Runs {@code r} for about {@code seconds} (at least twice); returns ms per call. */
  private static double slice(Runnable r, double seconds) {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    int n = 0;
    long now;
    do {
      r.run();
      n++;
      now = System.nanoTime();
    } while (now < end || n < 2);
    return (now - start) / 1e6 / n;
  }

  /** The median of {@code v} (mean of the middle two for an even count). */
  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** The load average (1, 5, 15 min) from /proc/loadavg, or "?". */
  static String load() {
    try {
      String[] f = new String(Files.readAllBytes(Paths.get("/proc/loadavg")), StandardCharsets.UTF_8)
          .trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static void usage(String problem) {
    System.err.println("error: " + problem);
    System.err.println(
        "usage: RealPaired [--models a,b] [--rounds N] [--slice S] [--warmup S] [--md FILE]");
    System.exit(2);
  }
}

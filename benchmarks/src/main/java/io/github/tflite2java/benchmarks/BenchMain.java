package io.github.tflite2java.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Main class of {@code benchmarks.jar}: runs the JMH benchmarks with JMH's usual command line, then
 * prints the results as a markdown table.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar [JMH options] [--md FILE] [--tsv FILE]
 * </pre>
 *
 * <p>Differences from JMH's own main: the GC profiler ({@code -prof gc}, for {@code
 * gc.alloc.rate.norm}) is on unless other profilers are given; the TFLite 2.9.0 C benchmark is
 * excluded, with a message, when its library is absent; {@code --md FILE} also writes the table to
 * FILE; {@code --tsv FILE} writes the rows as tab-separated values for {@link PeerTable}. After the
 * run, each runtime that ran is run once more in this JVM on each model and its output compared
 * with the golden bytes (column "Output vs golden"). {@code -h}, {@code -l} and the other listing options go to JMH unchanged. Run {@code java
 * -cp benchmarks.jar io.github.tflite2java.benchmarks.Footprint} for the memory and size report.
 */
public final class BenchMain {

  private static final String C_BENCHMARK = "\\.tflite290C$";
  private static final String LARGE_BENCHMARK = "\\.LargeModelBenchmark\\.";
  private static final String NORM = "gc.alloc.rate.norm";
  private static final String WORKER_NORM = "worker.alloc.norm";
  /** Row order of the table: models as in the @Param list, then runtimes. */
  private static final List<String> MODELS =
      Arrays.asList(
          "mobilenet_v1_1.0_224_quant",
          "mobilenet_v1_0.25_128_quant",
          "tf2_mobilenet_v2_1.0_224_ptq",
          "mobilenet_v2_1.0_224_quant");

  private static final List<String> RUNTIMES =
      Arrays.asList(
          "generated",
          "vkScalar",
          "vkVector",
          "tflite262Java",
          "tflite290C",
          "xnnpack221",
          "onnxRuntime");

  private BenchMain() {}

  public static void main(String[] args) throws RunnerException, IOException {
    List<String> jmhArgs = new ArrayList<>();
    Path markdown = null;
    Path tsv = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--md") && i + 1 < args.length) {
        markdown = Paths.get(args[++i]);
      } else if (args[i].equals("--tsv") && i + 1 < args.length) {
        tsv = Paths.get(args[++i]);
      } else {
        jmhArgs.add(args[i]);
      }
    }
    for (String a : jmhArgs) {
      if (Arrays.asList("-h", "--help", "-l", "-lp", "-lprof", "-lrf").contains(a)) {
        org.openjdk.jmh.Main.main(jmhArgs.toArray(new String[0]));
        return;
      }
    }
    CommandLineOptions cmd;
    try {
      cmd = new CommandLineOptions(jmhArgs.toArray(new String[0]));
    } catch (CommandLineOptionException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
      return;
    }
    ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd);
    if (cmd.getProfilers().isEmpty()) {
      options.addProfiler(GCProfiler.class);
      options.addProfiler(WorkerAllocProfiler.class);
    }
    if (cmd.getIncludes().stream().noneMatch(p -> p.contains("LargeModel"))) {
      options.exclude(LARGE_BENCHMARK); // run on request only: its models are built beforehand
    }
    String skipped = null;
    if (!TfliteC.findLibrary().isPresent()) {
      skipped = TfliteC.MISSING;
      System.out.println("NOTE: " + skipped);
      options.exclude(C_BENCHMARK);
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    if (results.isEmpty()) {
      System.out.println("no benchmark ran");
      return;
    }
    Map<String, String> conformance = conformance(results);
    String table = table(results, skipped, conformance);
    System.out.println();
    System.out.print(table);
    if (markdown != null) {
      Files.write(markdown, table.getBytes(StandardCharsets.UTF_8));
    }
    if (tsv != null) {
      Files.write(tsv, tsv(results, conformance).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Output vs golden of every (model, runtime) that ran, keyed "model runtime". */
  static Map<String, String> conformance(Collection<RunResult> results) {
    Map<String, String> out = new HashMap<>();
    for (RunResult r : results) {
      String key = r.getParams().getParam("model") + " " + method(r);
      if (!out.containsKey(key)) {
        String value;
        try {
          String model = r.getParams().getParam("model");
          if (r.getParams().getBenchmark().contains(".LargeModelBenchmark.")) {
            value = method(r).equals("generated")
                ? "equal to TFLite 2.9.0 C (checked at set-up)" : "not compared";
          } else if (r.getParams().getBenchmark().contains(".VectorInferenceBenchmark.")) {
            value = vectorConformance(r, model);
          } else if (r.getParams().getBenchmark().contains(".RealModelBenchmark.")) {
            String problem = RealModelBenchmark.conformance(RealModel.of(model), method(r));
            value = problem == null ? "bit-exact (golden/real, sequence included)" : problem;
          } else {
            value = InferenceBenchmark.conformance(model, method(r)).toString();
          }
        } catch (RuntimeException | LinkageError e) {
          value = "not checked: " + e;
        }
        out.put(key, value);
      }
    }
    return out;
  }

  /**
   * {@link VectorInferenceBenchmark}'s output vs golden, checked in a JVM started like the
   * benchmark's fork (its JVM and JVM arguments: {@code --add-modules jdk.incubator.vector} and
   * the kernel property), since this JVM may run other kernels than the ones timed.
   */
  private static String vectorConformance(RunResult r, String model) {
    return vectorConformance(r.getParams().getJvm(), r.getParams().getJvmArgs(), model);
  }

  /**
   * Runs {@link VectorInferenceBenchmark#main} for {@code model} in a new JVM ({@code jvm} with
   * {@code jvmArgs}, this JVM's class path) and returns its result: "bit-exact", "differs: ...",
   * or "not checked: " with the child's exit code and last line (e.g. when {@code kernels()} are
   * not the ones its JVM arguments ask for).
   */
  static String vectorConformance(String jvm, Collection<String> jvmArgs, String model) {
    List<String> command = new ArrayList<>();
    command.add(jvm);
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-D" + Shared.PROPERTY + "=" + Shared.dir());
    command.add(VectorInferenceBenchmark.class.getName());
    command.add(model);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = p.waitFor();
      for (String line : text.split("\\R")) {
        if (exit == 0 && line.startsWith(VectorInferenceBenchmark.RESULT)) {
          return line.substring(VectorInferenceBenchmark.RESULT.length());
        }
        if (line.startsWith(VectorInferenceBenchmark.FAILED)) {
          return line;
        }
      }
      String[] lines = text.trim().split("\\R");
      return "not checked: exit " + exit + ": " + lines[lines.length - 1];
    } catch (IOException e) {
      return "not checked: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "not checked: interrupted";
    }
  }

  /**
   * One line per result: java.runtime.version, model, runtime, score, error, unit, output vs
   * golden; tab-separated, with a header line.
   */
  static String tsv(Collection<RunResult> results, Map<String, String> conformance) {
    StringBuilder sb = new StringBuilder("java\tmodel\truntime\tscore\terror\tunit\toutput\n");
    for (RunResult r : results) {
      String model = r.getParams().getParam("model");
      Result<?> p = r.getPrimaryResult();
      sb.append(
          String.join(
              "\t",
              r.getParams().getJdkVersion(),
              model,
              method(r),
              String.format(Locale.ROOT, "%.4f", p.getScore()),
              String.format(Locale.ROOT, "%.4f", p.getScoreError()),
              p.getScoreUnit(),
              conformance.getOrDefault(model + " " + method(r), "")));
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The results as a markdown table, one row per model and runtime. */
  static String table(
      Collection<RunResult> results, String skipped, Map<String, String> conformance) {
    Map<String, Double> generatedScore = new HashMap<>();
    for (RunResult r : results) {
      if (method(r).equals("generated")) {
        generatedScore.put(r.getParams().getParam("model"), r.getPrimaryResult().getScore());
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "JMH %s, %s %s (%s), %d thread, fork %d, warmup %d x %s, measurement %d x %s%n%n",
            first(results).getParams().getJmhVersion(),
            System.getProperty("java.vm.name"),
            System.getProperty("java.runtime.version"),
            System.getProperty("java.vm.vendor"),
            first(results).getParams().getThreads(),
            first(results).getParams().getForks(),
            first(results).getParams().getWarmup().getCount(),
            first(results).getParams().getWarmup().getTime(),
            first(results).getParams().getMeasurement().getCount(),
            first(results).getParams().getMeasurement().getTime()));
    sb.append("| Model | Runtime | Time per inference | Error (99.9%) | Time / generated's |")
        .append(" gc.alloc.rate.norm | worker.alloc.norm | Output vs golden |\n");
    sb.append("|---|---|---:|---:|---:|---:|---:|---|\n");
    List<RunResult> rows = new ArrayList<>(results);
    rows.sort(
        Comparator.comparing((RunResult r) -> MODELS.indexOf(r.getParams().getParam("model")))
            .thenComparing(r -> RUNTIMES.indexOf(method(r))));
    for (RunResult r : rows) {
      String model = r.getParams().getParam("model");
      Result<?> p = r.getPrimaryResult();
      Double gen = generatedScore.get(model);
      Result<?> norm = secondary(r, NORM);
      Result<?> workerNorm = secondary(r, WORKER_NORM);
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.2f %s | ± %.2f | %s | %s | %s | %s |%n",
              model,
              r.getParams().getBenchmark().contains(".RealModelBenchmark.")
                      && method(r).equals("generated")
                  ? "tflite2java generated, `new X().inferRaw(in, out)`"
                  : runtimeName(method(r)),
              p.getScore(),
              p.getScoreUnit(),
              p.getScoreError(),
              gen == null ? "" : String.format(Locale.ROOT, "%.2fx", p.getScore() / gen),
              bytesPerOp(norm),
              bytesPerOp(workerNorm),
              conformance.getOrDefault(model + " " + method(r), "")));
    }
    if (skipped != null) {
      sb.append("| all | TFLite 2.9.0 C (JNA) | skipped | | | | | |\n\n").append(skipped).append('\n');
    }
    return sb.toString();
  }

  private static Result<?> secondary(RunResult r, String suffix) {
    for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
      if (e.getKey().endsWith(suffix)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String bytesPerOp(Result<?> r) {
    if (r == null) {
      return "n/a";
    }
    double error = r.getScoreError();
    return Double.isNaN(error)
        ? String.format(Locale.ROOT, "%.1f B/op", r.getScore())
        : String.format(Locale.ROOT, "%.1f ± %.1f B/op", r.getScore(), error);
  }

  private static RunResult first(Collection<RunResult> results) {
    return results.iterator().next();
  }

  static String method(RunResult r) {
    return BenchSetup.method(r.getParams());
  }

  static String runtimeName(String method) {
    switch (method) {
      case "generated":
        return "tflite2java generated, `new X().infer(in, out)`";
      case "tflite262Java":
        return "TFLite 2.6.2 Java Interpreter";
      case "tflite290C":
        return "TFLite 2.9.0 C (JNA)";
      case "xnnpack221":
        return "TFLite 2.21 + XNNPACK (JavaCPP)";
      case "onnxRuntime":
        return "ONNX Runtime 1.23.2 (QLinear ONNX)";
      case "vkScalar":
        return "generated with kernels=vector, run scalar (`-Dtflite2java.kernels=scalar`)";
      case "vkVector":
        return "generated with kernels=vector, vector kernels";
      default:
        return method;
    }
  }
}

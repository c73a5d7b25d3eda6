package io.github.tflite2java.compiler.fuzz;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Problem;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.reader.TfliteReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one hostile model through the whole compiler (reader, validation, planning, emission)
 * and judges the outcome: a {@link ModelCompileException} with a useful message or a
 * successful compile are fine; any other throwable, a case over its time limit, or one that
 * allocates more than its memory budget is a crash. Counts both.
 */
final class FuzzHarness implements AutoCloseable {

  /** How one case ended. */
  enum Outcome { COMPILED, REJECTED, CRASH }

  /** One crash: the case, what happened, and the input to reproduce it. */
  record Crash(String caseName, String what, byte[] model) {}

  /** A NaN or infinite float literal in code (string literals and comments removed). */
  static final java.util.regex.Pattern NON_FINITE_LITERAL =
      java.util.regex.Pattern.compile("[=(,\\s-](NaN|Infinity)f?[;,)\\s]");

  /** Per-case wall-clock limit. */
  final long timeoutMillis;
  /** Per-case allocation budget in bytes, on top of a multiple of the file size. */
  final long allocationBudget;

  private final CompileOptions options;
  private ExecutorService worker;
  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  int cases;
  int compiled;
  int rejected;
  long maxAllocated;
  String maxAllocatedCase = "";
  final List<Crash> crashes = new ArrayList<>();
  /** The distinct problem ids seen, for coverage reports. */
  final java.util.TreeMap<String, Integer> problemIds = new java.util.TreeMap<>();

  FuzzHarness(CompileOptions options, long timeoutMillis, long allocationBudget) {
    this.options = options;
    this.timeoutMillis = timeoutMillis;
    this.allocationBudget = allocationBudget;
    this.worker = newWorker();
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-case");
      t.setDaemon(true);
      return t;
    });
  }

  /** What the worker returns: the outcome or the throwable, and the bytes allocated. */
  private record Result(GeneratedSource source, Throwable thrown, long allocated) {}

  /** Runs one case; returns its outcome (crashes are recorded). */
  Outcome run(String caseName, String fileName, byte[] model) {
    cases++;
    Future<Result> f = worker.submit(() -> {
      long id = Thread.currentThread().getId();
      long before = threads.getThreadAllocatedBytes(id);
      GeneratedSource source = null;
      Throwable thrown = null;
      try {
        ModelGraph g = TfliteReader.read(fileName, model);
        source = Tflite2JavaCompiler.compile(g, "fuzz.gen.Model", options);
      } catch (Throwable t) { // NOPMD: the point is to see everything
        thrown = t;
      }
      return new Result(source, thrown, threads.getThreadAllocatedBytes(id) - before);
    });
    Result r;
    try {
      r = f.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      worker.shutdownNow();
      worker = newWorker(); // the stuck thread is a daemon and is left behind
      return crash(caseName, "no result within " + timeoutMillis + " ms (hang?)", model);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      return crash(caseName, "harness: " + e.getCause(), model);
    }
    if (r.allocated > maxAllocated) {
      maxAllocated = r.allocated;
      maxAllocatedCase = caseName;
    }
    long budget = allocationBudget + 256L * model.length;
    if (r.allocated > budget) {
      return crash(caseName, "allocated " + r.allocated + " bytes for a " + model.length
          + "-byte model (budget " + budget + ")", model);
    }
    if (r.thrown == null) {
      if (r.source == null || r.source.source().isEmpty()) {
        return crash(caseName, "no source and no exception", model);
      }
      String src = r.source.source();
      if (NON_FINITE_LITERAL.matcher(SourceText.code(src)).find()) {
        return crash(caseName, "generated source holds a non-finite float literal", model);
      }
      compiled++;
      return Outcome.COMPILED;
    }
    if (r.thrown instanceof ModelCompileException e) {
      String problem = usefulness(e, fileName);
      if (problem != null) {
        return crash(caseName, problem + ": " + e.getMessage(), model);
      }
      for (Problem p : e.problems()) {
        problemIds.merge(p.id(), 1, Integer::sum);
      }
      rejected++;
      return Outcome.REJECTED;
    }
    StringWriter trace = new StringWriter();
    r.thrown.printStackTrace(new PrintWriter(trace));
    String text = trace.toString();
    return crash(caseName, text.substring(0, Math.min(text.length(), 3000)), model);
  }

  /** Why a rejection's message is not useful, or null when it is. */
  static String usefulness(ModelCompileException e, String fileName) {
    if (e.problems().isEmpty()) {
      return "ModelCompileException without problems";
    }
    String m = e.getMessage();
    if (m == null || !m.startsWith(fileName + ": ")) {
      return "message does not start with the file name";
    }
    if (m.length() > 40_000) {
      return "message of " + m.length() + " characters";
    }
    for (Problem p : e.problems()) {
      if (p.id() == null || !p.id().startsWith("tflite2java/") || p.message() == null
          || p.message().length() < 10) {
        return "problem without id or message: " + p;
      }
      for (int i = 0; i < p.message().length(); i++) {
        char c = p.message().charAt(i);
        if (c < 0x20 && c != '\n') {
          return "control character in message";
        }
      }
    }
    return null;
  }

  private Outcome crash(String caseName, String what, byte[] model) {
    crashes.add(new Crash(caseName, what, model));
    return Outcome.CRASH;
  }

  /** Writes each crash's model under {@code dir} for reproduction; returns the summary. */
  String report(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(java.util.Locale.ROOT,
        "%d cases: %d compiled, %d rejected, %d crashes; most allocated by one case %,d bytes"
            + " (%s)%n", cases, compiled, rejected, crashes.size(), maxAllocated,
        maxAllocatedCase));
    sb.append("problem ids: ").append(problemIds).append('\n');
    if (!crashes.isEmpty()) {
      Files.createDirectories(dir);
    }
    int shown = 0;
    for (Crash c : crashes) {
      Path file = dir.resolve(c.caseName().replaceAll("[^A-Za-z0-9._-]", "_") + ".tflite");
      Files.write(file, c.model());
      if (shown++ < 10) {
        sb.append("CRASH ").append(c.caseName()).append(" (").append(file).append("): ")
            .append(c.what()).append('\n');
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}

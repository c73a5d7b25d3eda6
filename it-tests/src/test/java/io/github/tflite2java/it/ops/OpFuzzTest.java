package io.github.tflite2java.it.ops;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.tflite2java.it.ops.FuzzRunner.Outcome;
import io.github.tflite2java.it.ops.FuzzRunner.Prepared;
import io.github.tflite2java.it.ops.FuzzRunner.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Proof by generated models (issue 4): a randomized differential test of every operator
 * tflite2java supports. Each case is a small random model written with {@code
 * TfliteModelBuilder} by a generator of {@link OpGenerators#TABLE} (one operator with random
 * shapes, strides, padding, dilations, weights, zero points, scales and fused activation, uint8
 * or int8), or a chain of two to four such operators. It is compiled with tflite2java in memory,
 * run on three random input sets, and every output byte is compared with the live TFLite build
 * the compile options target: the default options against TFLite 2.9.0's C library (skipped,
 * with the reason, when {@code scripts/fetch-tflite-c.sh} has not been run), {@code
 * tfliteVersion 2.6} against TFLite 2.6.2's Java Interpreter.
 *
 * <p>A case fails when any byte differs, when tflite2java rejects a model TFLite accepts (unless
 * the generator made it unsupported on purpose; then the message must name the problem), or
 * when the compiler, javac or the generated class crashes. Models TFLite itself rejects are
 * counted and reported; an operator fails when more than {@value #MAX_REJECTED_PERCENT}% of its
 * cases are rejected, so that a generator cannot silently produce junk.
 *
 * <p>System properties (Maven passes {@code -D} options through to the tests):
 *
 * <ul>
 *   <li>{@code -Dtflite2java.it.case=<seed>:<index>}: replay one case (printed by every
 *       failure), writing its model, inputs and generated sources to {@code target/op-fuzz/};
 *   <li>{@code -Dtflite2java.it.longFuzz=true}: the long run, {@value FuzzPlan#LONG_UNIT} cases
 *       per unit of weight instead of {@value FuzzPlan#DEFAULT_UNIT} (26,000 cases instead of
 *       1,560 with the table of 59 rows and chains);
 *   <li>{@code -Dtflite2java.it.fuzzUnit=N}: N cases per unit of weight;
 *   <li>{@code -Dtflite2java.it.fuzzSeed=S}: another base seed (decimal or 0x-hex);
 *   <li>{@code -Dtflite2java.it.fuzzOps=CONV_2D,chains}: only these rows of the table.
 * </ul>
 *
 * <p>A fifth of the cases write shape signatures with -1 in dimension 0 (a dynamic batch, as
 * Keras/MLIR converters do) and are compiled at the stored shape; those made only of operators
 * that keep dimension 0 as the batch ({@link FuzzPlan#BATCH_SAFE}) mostly also run at a batch
 * of 2 to 5: compiled with the compile option {@code batch}, TFLite resized the same way.
 *
 * <p>For example: {@code mvn -o -pl it-tests -am verify -Dinvoker.skip=true -Dtest=OpFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtflite2java.it.longFuzz=true}.
 */
class OpFuzzTest {

  /** Largest share of an operator's cases TFLite may reject before the generator is suspect. */
  static final int MAX_REJECTED_PERCENT = 5;

  /** Failures listed in full per operator and target. */
  static final int LISTED_FAILURES = 12;

  /** Cases per javac task: small enough to keep both cores busy, large enough to amortize. */
  static final int CHUNK = 16;

  /** The rows whose two targets get different classes: their final rounding differs. */
  static final List<String> GEMM_ROWS = List.of("CONV_2D", "FULLY_CONNECTED", "CONV_2D_1X1",
      "CONV_2D_1X1_WIDE", "CONV_2D_FEW_PIXELS", "CONV_2D_PER_CHANNEL");

  /** Generates and compiles the batches in the background, on every core. */
  private static ExecutorService compilers;

  @AfterAll
  static void stopCompilers() {
    if (compilers != null) {
      compilers.shutdownNow();
      compilers = null;
    }
  }

  /** Under {@code -Dtflite2java.it.parts=N}, some layers really ran in parts on the pool. */
  @AfterAll
  static void layersRanInParts() {
    if (GeneratedModel.PARTS > 1) {
      System.out.println("OpFuzzTest: " + GeneratedModel.PARALLEL_TASKS.get()
          + " layer parts handed to the pool (" + GeneratedModel.PARTS + " parts per layer)");
      org.junit.jupiter.api.Assertions.assertTrue(GeneratedModel.PARALLEL_TASKS.get() > 0,
          "no layer ran in parts");
    }
  }

  /**
   * Under {@code -Dtflite2java.it.kernels=vector}, some cases really ran vector layers, of every
   * kind the vector backend has (else the run proved nothing about them).
   */
  @AfterAll
  static void vectorLayersRan() {
    if (FuzzRunner.KERNELS == io.github.tflite2java.compiler.KernelBackend.VECTOR) {
      System.out.println("OpFuzzTest: " + FuzzRunner.VECTOR_CASES.get()
          + " compiled cases ran vector layers");
      org.junit.jupiter.api.Assertions.assertTrue(FuzzRunner.VECTOR_CASES.get() > 0,
          "no case ran a vector layer");
      System.out.println("OpFuzzTest: vector layer kinds (cases): " + FuzzRunner.VECTOR_KINDS);
      for (String kind : FuzzRunner.VECTOR_KIND_NAMES) {
        org.junit.jupiter.api.Assertions.assertTrue(FuzzRunner.VECTOR_KINDS.containsKey(kind),
            "no case ran a vector layer of kind " + kind + ": " + FuzzRunner.VECTOR_KINDS);
      }
    }
  }

  /**
   * The dynamic-batch variants are really made: of the CONV_2D and SOFTMAX cases of this run's
   * plan, some carry -1 batch signatures (run at the stored shape) and some of those run
   * resized to another batch, in both tflite2java and TFLite.
   */
  @org.junit.jupiter.api.Test
  void someCasesHaveADynamicBatchAndSomeRunAtAnotherBatch() {
    FuzzPlan plan = FuzzPlan.fromSystemProperties();
    int dynamic = 0;
    int resized = 0;
    int total = 0;
    for (String row : List.of("CONV_2D", "SOFTMAX")) {
      for (long index : plan.indices(row)) {
        FuzzCase c = plan.make(index);
        total++;
        boolean signature = c.description().contains("[shape signatures -1 in dimension 0");
        dynamic += signature ? 1 : 0;
        resized += c.batch() > 0 ? 1 : 0;
        if (c.batch() > 0) {
          org.junit.jupiter.api.Assertions.assertTrue(signature, c.description());
        }
      }
    }
    System.out.printf(Locale.ROOT, "[op-fuzz] of %d CONV_2D and SOFTMAX cases %d have a dynamic"
        + " batch, %d of them run at another batch%n", total, dynamic, resized);
    org.junit.jupiter.api.Assertions.assertTrue(dynamic > 0 && resized > 0,
        "dynamic " + dynamic + ", resized " + resized + " of " + total);
  }

  @TestFactory
  Stream<DynamicNode> generatedModels() {
    FuzzPlan plan = FuzzPlan.fromSystemProperties();
    System.out.println("[op-fuzz] " + plan);
    if (plan.replay != null) {
      return Stream.of(replay(plan));
    }
    FuzzRunner.clearDumps();
    compilers = Executors.newFixedThreadPool(
        Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), r -> {
          Thread t = new Thread(r, "op-fuzz-javac");
          t.setDaemon(true);
          return t;
        });
    List<String> rows = new ArrayList<>();
    OpGenerators.TABLE.forEach(e -> rows.add(e.name()));
    rows.add(OpGenerators.CHAINS);
    List<DynamicNode> nodes = new ArrayList<>();
    for (String row : rows) {
      String why = plan.disabledReason(row);
      if (why != null) {
        // Not a missing dependency but a choice (-D selection) or an operator the compiler does
        // not have yet: no test node, so the run's "Skipped" count stays 0.
        System.out.println("[op-fuzz] " + row + ": not run: " + why);
        continue;
      }
      Batch batch = new Batch(plan, row, compilers);
      List<DynamicNode> tests = new ArrayList<>();
      // The check that the cases tell the two builds apart (needs 20 and more cases per row):
      // not in a run of a few cases per row that checks something else (-D
      // tflite2java.it.crossBuildCheck=false: no test node, as for a row not selected).
      boolean gemm = (GEMM_ROWS.contains(row) || DetectionGens.VERSIONED_ROWS.contains(row))
          && !"false".equals(System.getProperty("tflite2java.it.crossBuildCheck"));
      boolean detection = DetectionGens.ROWS.contains(row);
      for (Target t : Target.values()) {
        boolean last = !gemm && !detection && t == Target.TFLITE_2_6;
        tests.add(DynamicTest.dynamicTest("vs " + t.label(), () -> {
          try {
            t.require();
            check(row, t, batch.get());
          } finally {
            if (last) {
              batch.release();
            }
          }
        }));
      }
      if (detection) {
        tests.add(DynamicTest.dynamicTest("cases detect nothing, some and the most", () -> {
          try {
            DetectionGens.coverage(row, batch.get());
          } finally {
            if (!gemm) {
              batch.release();
            }
          }
        }));
      }
      if (gemm) {
        tests.add(DynamicTest.dynamicTest("cases tell TFLite 2.9 from 2.6", () -> {
          try {
            sensitivity(row, batch.get());
          } finally {
            batch.release();
          }
        }));
      }
      nodes.add(DynamicContainer.dynamicContainer(row, tests));
    }
    return nodes.stream();
  }

  /** A row's cases, generated and compiled in chunks on the background executor. */
  private static final class Batch {
    private final String row;
    private final List<Future<List<Prepared>>> chunks = new ArrayList<>();
    private final long start = System.nanoTime();
    private List<Prepared> prepared;

    Batch(FuzzPlan plan, String row, ExecutorService executor) {
      this.row = row;
      long[] indices = plan.indices(row);
      for (int from = 0; from < indices.length; from += CHUNK) {
        long[] part = Arrays.copyOfRange(indices, from, Math.min(indices.length, from + CHUNK));
        chunks.add(executor.submit(() -> {
          List<FuzzCase> cases = new ArrayList<>();
          for (long index : part) {
            cases.add(plan.make(index));
          }
          return FuzzRunner.prepare(cases);
        }));
      }
    }

    /** Drops the compiled classes once the row's tests are done. */
    synchronized void release() {
      chunks.forEach(f -> f.cancel(false));
      chunks.clear();
      prepared = List.of();
    }

    synchronized List<Prepared> get() throws Exception {
      if (prepared == null) {
        List<Prepared> all = new ArrayList<>();
        for (Future<List<Prepared>> f : chunks) {
          try {
            all.addAll(f.get());
          } catch (ExecutionException e) {
            throw new AssertionError(row + ": generating or compiling the cases failed: "
                + FuzzRunner.stackTrace(e.getCause()), e.getCause());
          }
        }
        prepared = all;
        System.out.printf(Locale.ROOT, "[op-fuzz] %s: %d cases generated and compiled (ready"
            + " after %.1f s)%n", row, all.size(), (System.nanoTime() - start) / 1e9);
      }
      return prepared;
    }
  }

  private static void check(String row, Target t, List<Prepared> batch) {
    long start = System.nanoTime();
    Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
    List<Outcome> failed = new ArrayList<>();
    List<String> rejections = new ArrayList<>();
    for (Prepared p : batch) {
      Outcome o = FuzzRunner.evaluate(p, t);
      counts.merge(o.verdict(), 1, Integer::sum);
      if (o.verdict() == Verdict.FAILURE) {
        FuzzRunner.dump(p, t);
        failed.add(o);
      } else if (o.verdict() == Verdict.REJECTED_BY_TFLITE && rejections.size() < 5) {
        rejections.add(describe(o));
      }
    }
    // Smallest models first: the first listed is the easiest to study.
    failed.sort(java.util.Comparator.comparingInt(o -> o.c().model().length));
    List<String> failures = failed.stream().limit(LISTED_FAILURES).map(OpFuzzTest::describe)
        .toList();
    int n = batch.size();
    int rejected = counts.getOrDefault(Verdict.REJECTED_BY_TFLITE, 0);
    int failedCount = failed.size();
    String summary = String.format(Locale.ROOT,
        "%s vs %s: %d cases: %d equal (%d input sets each), %d unsupported as intended,"
            + " %d rejected by TFLite, %d failed (%.1f s)",
        row, t.label(), n, counts.getOrDefault(Verdict.EQUAL, 0), FuzzCase.INPUT_SETS,
        counts.getOrDefault(Verdict.UNSUPPORTED_AS_INTENDED, 0), rejected, failedCount,
        (System.nanoTime() - start) / 1e9);
    System.out.println("[op-fuzz] " + summary);
    rejections.forEach(r -> System.out.println("[op-fuzz]   rejected by TFLite: " + r));
    StringBuilder message = new StringBuilder();
    if (failedCount > 0) {
      message.append(summary).append("\nFailing cases, smallest model first (replay one with -D")
          .append(FuzzPlan.CASE).append("=<seed>:<index>; models written to target/op-fuzz/):");
      failures.forEach(f -> message.append("\n  ").append(f));
      if (failedCount > failures.size()) {
        message.append("\n  ... and ").append(failedCount - failures.size()).append(" more");
      }
    }
    if (rejected * 100 > MAX_REJECTED_PERCENT * n && rejected > 1) {
      message.append(message.length() == 0 ? summary : "").append("\nTFLite rejects ")
          .append(rejected).append(" of ").append(n).append(" cases (more than ")
          .append(MAX_REJECTED_PERCENT).append("%): the generator makes invalid models, e.g.:");
      rejections.forEach(r -> message.append("\n  ").append(r));
    }
    if (message.length() > 0) {
      fail(message.toString());
    }
  }

  /**
   * The cases must be sharp enough to see the one difference between the two TFLite builds:
   * some class compiled for one build must differ from the other build's bytes (exact halves
   * in the final rounding of CONV_2D / FULLY_CONNECTED; the order of tied detections in
   * regular NMS). Otherwise the generator has lost the power to catch rounding bugs.
   */
  private static void sensitivity(String row, List<Prepared> batch) {
    Target.TFLITE_2_9.require();
    int compared = 0;
    int differ = 0;
    for (Prepared p : batch) {
      if (!p.targetsDiffer()) {
        continue;
      }
      Boolean a = FuzzRunner.differsAcross(p, Target.TFLITE_2_6, Target.TFLITE_2_9);
      Boolean b = FuzzRunner.differsAcross(p, Target.TFLITE_2_9, Target.TFLITE_2_6);
      if (a != null && b != null) {
        compared++;
        differ += a || b ? 1 : 0;
      }
    }
    System.out.printf(Locale.ROOT, "[op-fuzz] %s: on %d of %d cases the class compiled for one"
        + " TFLite build differs from the other build's outputs%n", row, differ, compared);
    Assumptions.assumeTrue(compared >= 20, "too few cases to judge: " + compared);
    if (differ == 0) {
      fail(row + ": none of " + compared + " cases tells TFLite 2.9 from 2.6 ("
          + (DetectionGens.ROWS.contains(row) ? "their regular NMS orders tied detections"
              + " differently): the generator no longer makes enough ties"
              : "their GEMM rounding of exact halves differs): the generator no longer makes"
              + " exact halves"));
    }
  }

  static String describe(Outcome o) {
    FuzzCase c = o.c();
    return "case " + c.id() + " [-D" + FuzzPlan.CASE + "=" + c.id() + "] " + c.generator()
        + ": " + c.description() + "\n      " + o.detail().replace("\n", "\n      ");
  }

  private static DynamicNode replay(FuzzPlan plan) {
    long seed = plan.replay[0];
    long index = plan.replay[1];
    FuzzCase c = plan.make(seed, index);
    System.out.println("[op-fuzz] case " + c.id() + " (" + c.generator() + "): "
        + c.description());
    List<Prepared> prepared = FuzzRunner.prepare(List.of(c));
    List<DynamicNode> tests = new ArrayList<>();
    for (Target t : Target.values()) {
      tests.add(DynamicTest.dynamicTest("case " + c.id() + " vs " + t.label(), () -> {
        t.require();
        Outcome o = FuzzRunner.evaluate(prepared.get(0), t);
        System.out.println("[op-fuzz] " + t.label() + ": " + o.verdict()
            + (o.detail() == null ? "" : ": " + o.detail()) + "; files: "
            + FuzzRunner.dump(prepared.get(0), t).getParent());
        if (o.verdict() == Verdict.FAILURE) {
          fail(describe(o));
        }
      }));
    }
    return DynamicContainer.dynamicContainer("case " + c.id() + " (" + c.generator() + ")",
        tests);
  }
}

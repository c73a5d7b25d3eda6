package io.github.tflite2java.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Bytes allocated per operation by the benchmark's worker threads only ({@code worker.alloc.norm}).
 *
 * <p>JMH's {@code gc.alloc.rate.norm} divides what all threads of the forked JVM allocated by the
 * operations; that includes JMH's own per-iteration bookkeeping (a few KB), which for operations
 * of many milliseconds (a few dozen per iteration) reads as tens to hundreds of B/op. This
 * profiler reads {@code ThreadMXBean.getThreadAllocatedBytes} of the {@code jmh-worker} threads
 * around each iteration, so what remains is the benchmark method plus JMH's measurement loop.
 * Use: {@code -prof io.github.tflite2java.benchmarks.WorkerAllocProfiler} (BenchMain adds it).
 */
public final class WorkerAllocProfiler implements InternalProfiler {

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private Map<Long, Long> before = Collections.emptyMap();

  @Override
  public String getDescription() {
    return "Bytes allocated per operation by the jmh-worker threads alone";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    before = snapshot();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    Map<Long, Long> after = snapshot();
    long bytes = 0;
    boolean any = false;
    for (Map.Entry<Long, Long> e : after.entrySet()) {
      Long start = before.get(e.getKey());
      if (start != null && start >= 0 && e.getValue() >= 0) {
        bytes += e.getValue() - start;
        any = true;
      }
    }
    long ops = result.getMetadata().getAllOps();
    if (!any || ops == 0) {
      return Collections.emptyList(); // workers not started yet (first iteration)
    }
    return Collections.singletonList(
        new ScalarResult("worker.alloc.norm", (double) bytes / ops, "B/op", AggregationPolicy.AVG));
  }

  private Map<Long, Long> snapshot() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] all = new Thread[root.activeCount() + 16];
    int n = root.enumerate(all, true);
    Map<Long, Long> map = new HashMap<>();
    for (int i = 0; i < n; i++) {
      if (all[i].getName().contains("jmh-worker")) {
        map.put(all[i].getId(), threads.getThreadAllocatedBytes(all[i].getId()));
      }
    }
    return map;
  }
}

package io.github.tflite2java.compiler.helpers;

/**
 * Runs one layer in parts on an {@link java.util.concurrent.Executor} and the calling thread, as
 * generated classes carry it (nested, for their opt-in {@code setExecutor}): the one definition,
 * compiled and unit-tested here, whose source {@link HelperSource} copies into generated classes.
 *
 * <p>A layer's range {@code [0, extent)} (output rows, pixels or output channels) is cut into
 * {@code parts} consecutive parts of nearly equal size, each boundary a multiple of the layer's
 * grain. Every participant, the calling thread and up to {@code parts - 1} runs of its one
 * helping task on the executor, claims parts from one counter until none is left, and part {@code p} always
 * runs on the model instance {@code p} (its own scratch memory, the shared arena). So the
 * caller never waits for a task that has not started: if the executor runs nothing (saturated,
 * shut down, or slower than the caller), the caller runs every part itself. The results are the
 * same whoever runs which part: the parts write disjoint outputs.
 *
 * <p>Nothing here allocates per layer: the task handed to the executor is built once
 * (whatever the executor allocates to queue it is its own). Not thread-safe: one layer at a
 * time, from the one thread that runs the instance's inferences.
 */
public final class ParallelLayers {

  /** Runs part {@code part} of layer {@code layer}: rows {@code [from, to)}, on instance {@code part}. */
  public interface Parts {
    void runPart(int layer, int part, int from, int to);
  }

  /** Polls of the caller for the last parts before it parks. */
  private static final int SPINS = 256;

  private final java.util.concurrent.Executor executor;
  private final int count;
  private final Parts parts;
  /** The next part to claim; at least {@code count} between layers, so late tasks claim nothing. */
  private final java.util.concurrent.atomic.AtomicInteger next;
  /** Parts of the current layer not yet finished. */
  private final java.util.concurrent.atomic.AtomicInteger remaining =
      new java.util.concurrent.atomic.AtomicInteger();
  // The current layer: written by the caller before it publishes the layer through next.
  private int layer;
  private int extent;
  private int grain;
  private Thread waiter;
  private volatile Throwable failure;
  /** The task handed to the executor, built once: claims and runs parts until none is left. */
  private final Runnable helper = new Runnable() {
    @Override
    public void run() {
      work();
    }
  };

  /**
   * @param executor runs the helping tasks (the caller is one participant of its own)
   * @param count parts per layer, at least 1
   * @param parts runs one part
   */
  public ParallelLayers(java.util.concurrent.Executor executor, int count, Parts parts) {
    if (count < 1) {
      throw new IllegalArgumentException("parts must be at least 1, not " + count);
    }
    if (executor == null) {
      throw new NullPointerException("executor");
    }
    if (parts == null) {
      throw new NullPointerException("parts");
    }
    this.executor = executor;
    this.count = count;
    this.parts = parts;
    this.next = new java.util.concurrent.atomic.AtomicInteger(count);
  }

  /** Parts per layer. */
  public int parts() {
    return count;
  }

  /**
   * The first row of part {@code part} of {@code [0, extent)} in {@code count} parts, rounded up
   * to a multiple of {@code grain} (the last part ends at {@code extent}).
   */
  public static int boundary(int part, int count, int extent, int grain) {
    if (part >= count) {
      return extent;
    }
    long at = (long) extent * part / count;
    at = (at + grain - 1) / grain * grain;
    return (int) Math.min(extent, at);
  }

  /**
   * Runs {@code [0, extent)} of layer {@code layer} in parts (boundaries multiples of {@code
   * grain}) and returns when every part is done; rethrows what a part threw.
   */
  public void run(int layer, int extent, int grain) {
    this.layer = layer;
    this.extent = extent;
    this.grain = grain;
    this.waiter = Thread.currentThread();
    remaining.set(count);
    next.set(0);
    for (int i = 1; i < count; i++) {
      try {
        executor.execute(helper);
      } catch (RuntimeException e) {
        // Rejected (e.g. shut down): the caller claims the parts itself.
        break;
      }
    }
    work();
    for (int spins = 0; remaining.get() != 0; spins++) {
      if (spins < SPINS) {
        Thread.yield();
      } else {
        java.util.concurrent.locks.LockSupport.parkNanos(this, 100000L);
      }
    }
    Throwable f = failure;
    if (f != null) {
      failure = null;
      if (f instanceof RuntimeException) {
        throw (RuntimeException) f;
      }
      if (f instanceof Error) {
        throw (Error) f;
      }
      throw new IllegalStateException(f);
    }
  }

  private void work() {
    int p;
    while ((p = next.getAndIncrement()) < count) {
      try {
        int from = boundary(p, count, extent, grain);
        int to = boundary(p + 1, count, extent, grain);
        if (from < to) {
          parts.runPart(layer, p, from, to);
        }
      } catch (Throwable t) {
        failure = t;
      } finally {
        Thread w = waiter;
        if (remaining.decrementAndGet() == 0) {
          java.util.concurrent.locks.LockSupport.unpark(w);
        }
      }
    }
  }
}

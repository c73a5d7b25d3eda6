package io.github.tflite2java.compiler.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelLayersTest {

  @Test
  void boundariesCoverTheRangeInOrderOnTheGrain() {
    for (int extent : new int[] {1, 2, 7, 16, 17, 112, 1001}) {
      for (int count = 1; count <= 9; count++) {
        for (int grain : new int[] {1, 16}) {
          assertEquals(0, ParallelLayers.boundary(0, count, extent, grain));
          assertEquals(extent, ParallelLayers.boundary(count, count, extent, grain));
          for (int p = 1; p < count; p++) {
            int at = ParallelLayers.boundary(p, count, extent, grain);
            assertTrue(at >= ParallelLayers.boundary(p - 1, count, extent, grain));
            assertTrue(at == extent || at % grain == 0, extent + "/" + count + ": " + at);
          }
        }
      }
    }
    // Equal parts: 112 rows in 2 are 56 + 56, 1001 units in 2 on a grain of 16 are 512 + 489.
    assertEquals(56, ParallelLayers.boundary(1, 2, 112, 1));
    assertEquals(512, ParallelLayers.boundary(1, 2, 1001, 16));
  }

  /** Every row of every layer is computed exactly once, each part on its own instance. */
  @Test
  void everyRowRunsOnceOnItsPartsInstance() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      int layers = 500;
      int extent = 37;
      int count = 4;
      AtomicIntegerArray hits = new AtomicIntegerArray(layers * extent);
      AtomicIntegerArray busy = new AtomicIntegerArray(count);
      ParallelLayers runner = new ParallelLayers(pool, count, (layer, part, from, to) -> {
        if (busy.getAndIncrement(part) != 0) {
          throw new AssertionError("instance " + part + " used by two threads at once");
        }
        assertEquals(ParallelLayers.boundary(part, count, extent, 1), from);
        assertEquals(ParallelLayers.boundary(part + 1, count, extent, 1), to);
        for (int r = from; r < to; r++) {
          hits.incrementAndGet(layer * extent + r);
        }
        busy.decrementAndGet(part);
      });
      for (int layer = 0; layer < layers; layer++) {
        runner.run(layer, extent, 1);
        for (int r = 0; r < extent; r++) {
          assertEquals(1, hits.get(layer * extent + r), "layer " + layer + " row " + r);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPartsFailureReachesTheCaller() {
    IllegalStateException boom = new IllegalStateException("boom");
    ParallelLayers runner = new ParallelLayers(Runnable::run, 3, (layer, part, from, to) -> {
      if (layer == 0 && part == 2) {
        throw boom;
      }
    });
    assertSame(boom, assertThrows(IllegalStateException.class, () -> runner.run(0, 9, 1)));
    // The next layer runs normally.
    runner.run(1, 9, 1);
  }

  @Test
  void anExecutorThatRunsNothingLeavesEveryPartToTheCaller() {
    int[] rows = new int[1];
    ParallelLayers runner = new ParallelLayers(r -> { }, 5,
        (layer, part, from, to) -> rows[0] += to - from);
    runner.run(0, 100, 1);
    assertEquals(100, rows[0]);
  }
}

package io.github.tflite2java.benchmarks;

import java.util.Arrays;

/**
 * A scalar and a vector call timed alternately, call by call in one JVM (so that a loaded
 * machine slows both alike): two phases of {@code rounds} pairs, the first a warm-up, the medians
 * of the second.
 */
final class PairedTimes {
  private PairedTimes() {}

  /** One timed call. */
  interface Call {
    void run() throws Exception;
  }

  /** Median times of the two calls, in milliseconds. */
  record Medians(double scalarMs, double vectorMs) {
    double ratio() {
      return vectorMs / scalarMs;
    }
  }

  static Medians of(int rounds, Call scalar, Call vector) throws Exception {
    long[] ts = new long[rounds];
    long[] tv = new long[rounds];
    for (int phase = 0; phase < 2; phase++) {
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        scalar.run();
        long t1 = System.nanoTime();
        vector.run();
        long t2 = System.nanoTime();
        ts[r] = t1 - t0;
        tv[r] = t2 - t1;
      }
    }
    Arrays.sort(ts);
    Arrays.sort(tv);
    return new Medians(ts[rounds / 2] / 1e6, tv[rounds / 2] / 1e6);
  }
}

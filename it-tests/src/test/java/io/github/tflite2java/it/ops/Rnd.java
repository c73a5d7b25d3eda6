package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ir.TensorType;
import java.util.List;
import java.util.Random;

/** Seeded random choices for model generators: sizes, scales, zero points, weights. */
final class Rnd {
  private final Random random;

  Rnd(long seed) {
    this.random = new Random(seed);
  }

  /** The seed of case {@code index} under the run seed {@code seed} (a SplitMix64 step). */
  static long caseSeed(long seed, long index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in {@code [lo, hi]}. */
  int between(int lo, int hi) {
    return lo + random.nextInt(hi - lo + 1);
  }

  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  double uniform(double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }

  /** Log-uniform in {@code [lo, hi]}. */
  double logUniform(double lo, double hi) {
    return Math.exp(uniform(Math.log(lo), Math.log(hi)));
  }

  @SafeVarargs
  final <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }

  <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  int pickInt(int... options) {
    return options[random.nextInt(options.length)];
  }

  /** A small dimension, weighted toward the low end: {@code [1, max]}. */
  int dim(int max) {
    return chance(0.5) ? between(1, Math.min(max, 4)) : between(1, max);
  }

  /**
   * An activation scale: mostly log-uniform in [1e-3, 1], sometimes an exact power of two
   * (which makes exact halves, and so rounding differences, common).
   */
  float activationScale() {
    if (chance(0.2)) {
      return (float) Math.scalb(1.0, -between(0, 10));
    }
    return (float) logUniform(1e-3, 1.0);
  }

  /** A zero point of {@code type}: often the symmetric choices, otherwise anywhere. */
  int zeroPoint(TensorType type) {
    if (type == TensorType.INT16) {
      // TFLite's 16x8 quantization is symmetric.
      return 0;
    }
    int lo = type.qmin();
    int hi = type.qmax();
    double p = random.nextDouble();
    if (p < 0.2) {
      return type == TensorType.UINT8 ? 128 : 0;
    }
    if (p < 0.35) {
      return lo;
    }
    if (p < 0.4) {
      return hi;
    }
    return between(lo, hi);
  }

  /** {@code n} random values of {@code type} as raw bytes. */
  byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /**
   * {@code n} values in {@code [lo, hi]} (as raw bytes of an 8-bit type), with a random
   * distribution: uniform, concentrated around {@code center}, or sparse.
   */
  byte[] values(int n, int lo, int hi, int center) {
    byte[] b = new byte[n];
    int style = between(0, 3);
    int spread = Math.max(1, (hi - lo) / pickInt(2, 4, 8, 32));
    for (int i = 0; i < n; i++) {
      int v;
      switch (style) {
        case 0:
          v = between(lo, hi);
          break;
        case 1:
          v = center + (int) Math.round(random.nextGaussian() * spread);
          break;
        case 2:
          v = chance(0.6) ? center : between(lo, hi);
          break;
        default:
          v = chance(0.5) ? pickInt(lo, hi) : between(lo, hi);
          break;
      }
      b[i] = (byte) Math.max(lo, Math.min(hi, v));
    }
    return b;
  }

  long nextLong() {
    return random.nextLong();
  }

  double gaussian() {
    return random.nextGaussian();
  }
}

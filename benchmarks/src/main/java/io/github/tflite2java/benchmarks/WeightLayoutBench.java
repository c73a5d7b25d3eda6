package io.github.tflite2java.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Focused harness (issue 16, "compact at run time"): run-time weight layouts for
 * FULLY_CONNECTED and pointwise CONV_2D kernels on the default (Java 8) path, each kernel written
 * in the shape the generator emits. Rounds interleave every candidate (the machine is shared), and
 * the median time of each is printed with its ratio to today's {@code int[]} kernel. Every
 * candidate's accumulators are checked against the reference first.
 *
 * <pre>
 * java -cp benchmarks/target/classes io.github.tflite2java.benchmarks.WeightLayoutBench [fc|conv] [rounds]
 * </pre>
 */
public final class WeightLayoutBench {

  private WeightLayoutBench() {}

  interface Kernel {
    void run(int[] acc);
  }

  record Candidate(String name, Kernel kernel) {}

  public static void main(String[] args) {
    String what = args.length > 0 ? args[0] : "fc";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    System.out.println("java " + System.getProperty("java.version") + ", " + what);
    if (what.equals("fc")) {
      // One size per JVM (args[2] = depth, args[3] = units): each kernel compiled for it alone.
      fc(Integer.parseInt(args[2]), Integer.parseInt(args[3]), rounds);
    } else {
      // args[2] = pixels, args[3] = input channels, args[4] = output channels.
      conv(Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
          rounds);
    }
  }

  // ---------------------------------------------------------------- FULLY_CONNECTED, one row

  static void fc(int depth, int units, int rounds) {
    Random r = new Random(42);
    int zp = 128;
    byte[] u8 = new byte[depth * units]; // [depth][units], raw uint8
    r.nextBytes(u8);
    int[] wInt = new int[u8.length]; // today: centered int[]
    short[] wShort = new short[u8.length];
    for (int i = 0; i < u8.length; i++) {
      wInt[i] = (u8[i] & 0xFF) - zp;
      wShort[i] = (short) wInt[i];
    }
    byte[] s8 = u8; // as int8 (zero point 0) the same bytes
    int[] wIntS8 = new int[u8.length];
    for (int i = 0; i < u8.length; i++) {
      wIntS8[i] = s8[i];
    }
    byte[] s8T = new byte[u8.length]; // [units][depth] for dot products
    for (int d = 0; d < depth; d++) {
      for (int u = 0; u < units; u++) {
        s8T[u * depth + d] = s8[d * units + u];
      }
    }
    int[][] rowsInt = new int[depth][units];
    byte[][] rowsU8 = new byte[depth][units];
    short[][] rowsShort = new short[depth][units];
    for (int d = 0; d < depth; d++) {
      for (int u = 0; u < units; u++) {
        rowsInt[d][u] = wInt[d * units + u];
        rowsU8[d][u] = u8[d * units + u];
        rowsShort[d][u] = wShort[d * units + u];
      }
    }
    byte[][] rowsS8 = rowsU8;
    int[] x = new int[depth];
    for (int d = 0; d < depth; d++) {
      x[d] = r.nextInt(256) - 128;
    }
    int[][] scratch = new int[8][units];
    // Packed: four int8 weights (rows d..d+3 of one unit) per int; two int16 per int.
    int[][] packed8 = new int[depth / 4][units];
    int[][] packed16 = new int[depth / 2][units];
    int[][] packedU8 = new int[depth / 4][units];
    for (int d = 0; d < depth; d++) {
      for (int u = 0; u < units; u++) {
        packed8[d / 4][u] |= (s8[d * units + u] & 0xFF) << (8 * (d % 4));
        packedU8[d / 4][u] |= (u8[d * units + u] & 0xFF) << (8 * (d % 4));
        packed16[d / 2][u] |= (wInt[d * units + u] & 0xFFFF) << (16 * (d % 2));
      }
    }
    List<Candidate> cs = new ArrayList<>();
    cs.add(new Candidate("int[] axpy (today, u8)", acc -> intAxpy(x, wInt, acc, depth, units)));
    cs.add(new Candidate("int[][] rows axpy (u8)", acc -> rowsInt1(x, rowsInt, acc, depth, units)));
    cs.add(new Candidate("int[][] rows 8/pass (u8)", acc -> rowsInt8(x, rowsInt, acc, depth, units)));
    cs.add(new Candidate("byte[][] rows s8 axpy", acc -> rowsByte1(x, rowsS8, acc, depth, units)));
    cs.add(new Candidate("short[][] rows 8/pass (u8)",
        acc -> rowsShort8(x, rowsShort, acc, depth, units)));
    cs.add(new Candidate("int8x4 packed, 4/pass s8", acc -> packed8x4(x, packed8, acc, depth, units)));
    cs.add(new Candidate("int8x4 packed, 8/pass s8", acc -> packed8x8(x, packed8, acc, depth, units)));
    cs.add(new Candidate("uint8x4 packed, 4/pass, zp folded",
        acc -> packedU8x4(x, packedU8, acc, depth, units, zp)));
    cs.add(new Candidate("int16x2 packed, 4/pass (u8)",
        acc -> packed16x4(x, packed16, acc, depth, units)));
    cs.add(new Candidate("int16x2 packed, 8/pass (u8)",
        acc -> packed16x8(x, packed16, acc, depth, units)));
    System.out.printf("FC depth %d x units %d (%d weights)%n", depth, units, u8.length);
    int[] ref = new int[units];
    intAxpy(x, wInt, ref, depth, units);
    int[] refS8 = new int[units];
    intAxpy(x, wIntS8, refS8, depth, units);
    race(cs, units, (name, acc) -> Arrays.equals(acc, name.contains("s8") ? refS8 : ref), rounds,
        (long) depth * units);
  }

  interface Check {
    boolean ok(String name, int[] acc);
  }

  static void race(List<Candidate> cs, int n, Check check, int rounds, long macs) {
    for (Candidate c : cs) {
      int[] acc = new int[n];
      c.kernel().run(acc);
      if (!check.ok(c.name(), acc)) {
        throw new AssertionError(c.name() + " differs from the reference");
      }
    }
    // Warm-up: each kernel compiled by C2 (run with -Xbatch so that compilation is done in the
    // foreground even on a loaded machine).
    int[] acc = new int[n];
    for (Candidate c : cs) {
      long end = System.nanoTime() + 1_000_000_000L;
      for (int i = 0; i < 20 || System.nanoTime() < end; i++) {
        c.kernel().run(acc);
      }
    }
    double[][] t = new double[cs.size()][rounds];
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < cs.size(); i++) {
        Candidate c = cs.get(i);
        int reps = 0;
        long start = System.nanoTime();
        long now;
        do {
          c.kernel().run(acc);
          reps++;
          now = System.nanoTime();
        } while (now - start < 100_000_000L);
        t[i][round] = (now - start) / 1e6 / reps;
      }
    }
    double base = median(t[0]);
    for (int i = 0; i < cs.size(); i++) {
      double m = median(t[i]);
      System.out.printf("  %-34s %8.3f ms  %5.2fx  %6.1f G MAC/s%n", cs.get(i).name(), m,
          m / base, macs / m / 1e6);
    }
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  static void intAxpy(int[] t, int[] weights, int[] acc, int depth, int units) {
    Arrays.fill(acc, 0);
    for (int d = 0, w = 0; d < depth; d++, w += units) {
      final int x = t[d];
      if (x == 0) {
        continue;
      }
      for (int u = 0; u < units; u++) {
        acc[u] += x * weights[w + u];
      }
    }
  }

  static void intAxpy8(int[] t, int[] weights, int[] acc, int depth, int units) {
    Arrays.fill(acc, 0);
    int d = 0;
    for (; d + 8 <= depth; d += 8) {
      final int w = d * units;
      final int x0 = t[d], x1 = t[d + 1], x2 = t[d + 2], x3 = t[d + 3];
      final int x4 = t[d + 4], x5 = t[d + 5], x6 = t[d + 6], x7 = t[d + 7];
      final int w1 = w + units, w2 = w1 + units, w3 = w2 + units, w4 = w3 + units;
      final int w5 = w4 + units, w6 = w5 + units, w7 = w6 + units;
      for (int u = 0; u < units; u++) {
        acc[u] += x0 * weights[w + u] + x1 * weights[w1 + u] + x2 * weights[w2 + u]
            + x3 * weights[w3 + u] + x4 * weights[w4 + u] + x5 * weights[w5 + u]
            + x6 * weights[w6 + u] + x7 * weights[w7 + u];
      }
    }
    for (; d < depth; d++) {
      final int x = t[d];
      for (int u = 0, w = d * units; u < units; u++) {
        acc[u] += x * weights[w + u];
      }
    }
  }

  static void byteAxpyU8(int[] t, byte[] weights, int[] acc, int depth, int units, int zp) {
    Arrays.fill(acc, 0);
    int sum = 0;
    for (int d = 0, w = 0; d < depth; d++, w += units) {
      final int x = t[d];
      if (x == 0) {
        continue;
      }
      sum += x;
      for (int u = 0; u < units; u++) {
        acc[u] += x * (weights[w + u] & 0xFF);
      }
    }
    final int fold = zp * sum;
    for (int u = 0; u < units; u++) {
      acc[u] -= fold;
    }
  }

  static void byteAxpyS8(int[] t, byte[] weights, int[] acc, int depth, int units) {
    Arrays.fill(acc, 0);
    for (int d = 0, w = 0; d < depth; d++, w += units) {
      final int x = t[d];
      if (x == 0) {
        continue;
      }
      for (int u = 0; u < units; u++) {
        acc[u] += x * weights[w + u];
      }
    }
  }

  static void byteAxpy8S8(int[] t, byte[] weights, int[] acc, int depth, int units) {
    Arrays.fill(acc, 0);
    int d = 0;
    for (; d + 8 <= depth; d += 8) {
      final int w = d * units;
      final int x0 = t[d], x1 = t[d + 1], x2 = t[d + 2], x3 = t[d + 3];
      final int x4 = t[d + 4], x5 = t[d + 5], x6 = t[d + 6], x7 = t[d + 7];
      final int w1 = w + units, w2 = w1 + units, w3 = w2 + units, w4 = w3 + units;
      final int w5 = w4 + units, w6 = w5 + units, w7 = w6 + units;
      for (int u = 0; u < units; u++) {
        acc[u] += x0 * weights[w + u] + x1 * weights[w1 + u] + x2 * weights[w2 + u]
            + x3 * weights[w3 + u] + x4 * weights[w4 + u] + x5 * weights[w5 + u]
            + x6 * weights[w6 + u] + x7 * weights[w7 + u];
      }
    }
    for (; d < depth; d++) {
      final int x = t[d];
      for (int u = 0, w = d * units; u < units; u++) {
        acc[u] += x * weights[w + u];
      }
    }
  }

  static void byteWiden1(int[] t, byte[] weights, int[] acc, int depth, int units, int[] row) {
    Arrays.fill(acc, 0);
    for (int d = 0, w = 0; d < depth; d++, w += units) {
      final int x = t[d];
      if (x == 0) {
        continue;
      }
      for (int u = 0; u < units; u++) {
        row[u] = weights[w + u];
      }
      for (int u = 0; u < units; u++) {
        acc[u] += x * row[u];
      }
    }
  }

  static void byteWiden8(int[] t, byte[] weights, int[] acc, int depth, int units, int[][] rows) {
    Arrays.fill(acc, 0);
    final int[] r0 = rows[0], r1 = rows[1], r2 = rows[2], r3 = rows[3];
    final int[] r4 = rows[4], r5 = rows[5], r6 = rows[6], r7 = rows[7];
    int d = 0;
    for (; d + 8 <= depth; d += 8) {
      final int x0 = t[d], x1 = t[d + 1], x2 = t[d + 2], x3 = t[d + 3];
      final int x4 = t[d + 4], x5 = t[d + 5], x6 = t[d + 6], x7 = t[d + 7];
      widen(weights, d * units, r0, units);
      widen(weights, (d + 1) * units, r1, units);
      widen(weights, (d + 2) * units, r2, units);
      widen(weights, (d + 3) * units, r3, units);
      widen(weights, (d + 4) * units, r4, units);
      widen(weights, (d + 5) * units, r5, units);
      widen(weights, (d + 6) * units, r6, units);
      widen(weights, (d + 7) * units, r7, units);
      for (int u = 0; u < units; u++) {
        acc[u] += x0 * r0[u] + x1 * r1[u] + x2 * r2[u] + x3 * r3[u]
            + x4 * r4[u] + x5 * r5[u] + x6 * r6[u] + x7 * r7[u];
      }
    }
    for (; d < depth; d++) {
      final int x = t[d];
      for (int u = 0, w = d * units; u < units; u++) {
        acc[u] += x * weights[w + u];
      }
    }
  }

  static void widen(byte[] weights, int from, int[] row, int n) {
    for (int u = 0; u < n; u++) {
      row[u] = weights[from + u];
    }
  }

  static void shortAxpy(int[] t, short[] weights, int[] acc, int depth, int units) {
    Arrays.fill(acc, 0);
    for (int d = 0, w = 0; d < depth; d++, w += units) {
      final int x = t[d];
      if (x == 0) {
        continue;
      }
      for (int u = 0; u < units; u++) {
        acc[u] += x * weights[w + u];
      }
    }
  }

  static void rowsInt1(int[] t, int[][] rows, int[] acc, int depth, int units) {
    Arrays.fill(acc, 0);
    for (int d = 0; d < depth; d++) {
      final int x = t[d];
      if (x == 0) {
        continue;
      }
      final int[] r = rows[d];
      for (int u = 0; u < units; u++) {
        acc[u] += x * r[u];
      }
    }
  }

  static void rowsByte1(int[] t, byte[][] rows, int[] acc, int depth, int units) {
    Arrays.fill(acc, 0);
    for (int d = 0; d < depth; d++) {
      final int x = t[d];
      if (x == 0) {
        continue;
      }
      final byte[] r = rows[d];
      for (int u = 0; u < units; u++) {
        acc[u] += x * r[u];
      }
    }
  }

  static void rowsInt8(int[] t, int[][] rows, int[] acc, int depth, int units) {
    Arrays.fill(acc, 0);
    int d = 0;
    for (; d + 8 <= depth; d += 8) {
      final int x0 = t[d], x1 = t[d + 1], x2 = t[d + 2], x3 = t[d + 3];
      final int x4 = t[d + 4], x5 = t[d + 5], x6 = t[d + 6], x7 = t[d + 7];
      final int[] r0 = rows[d], r1 = rows[d + 1], r2 = rows[d + 2], r3 = rows[d + 3];
      final int[] r4 = rows[d + 4], r5 = rows[d + 5], r6 = rows[d + 6], r7 = rows[d + 7];
      for (int u = 0; u < units; u++) {
        acc[u] += x0 * r0[u] + x1 * r1[u] + x2 * r2[u] + x3 * r3[u]
            + x4 * r4[u] + x5 * r5[u] + x6 * r6[u] + x7 * r7[u];
      }
    }
    for (; d < depth; d++) {
      final int x = t[d];
      final int[] r = rows[d];
      for (int u = 0; u < units; u++) {
        acc[u] += x * r[u];
      }
    }
  }

  static void rowsShort8(int[] t, short[][] rows, int[] acc, int depth, int units) {
    Arrays.fill(acc, 0);
    int d = 0;
    for (; d + 8 <= depth; d += 8) {
      final int x0 = t[d], x1 = t[d + 1], x2 = t[d + 2], x3 = t[d + 3];
      final int x4 = t[d + 4], x5 = t[d + 5], x6 = t[d + 6], x7 = t[d + 7];
      final short[] r0 = rows[d], r1 = rows[d + 1], r2 = rows[d + 2], r3 = rows[d + 3];
      final short[] r4 = rows[d + 4], r5 = rows[d + 5], r6 = rows[d + 6], r7 = rows[d + 7];
      for (int u = 0; u < units; u++) {
        acc[u] += x0 * r0[u] + x1 * r1[u] + x2 * r2[u] + x3 * r3[u]
            + x4 * r4[u] + x5 * r5[u] + x6 * r6[u] + x7 * r7[u];
      }
    }
    for (; d < depth; d++) {
      final int x = t[d];
      final short[] r = rows[d];
      for (int u = 0; u < units; u++) {
        acc[u] += x * r[u];
      }
    }
  }

  static void rowsByte8(int[] t, byte[][] rows, int[] acc, int depth, int units) {
    Arrays.fill(acc, 0);
    int d = 0;
    for (; d + 8 <= depth; d += 8) {
      final int x0 = t[d], x1 = t[d + 1], x2 = t[d + 2], x3 = t[d + 3];
      final int x4 = t[d + 4], x5 = t[d + 5], x6 = t[d + 6], x7 = t[d + 7];
      final byte[] r0 = rows[d], r1 = rows[d + 1], r2 = rows[d + 2], r3 = rows[d + 3];
      final byte[] r4 = rows[d + 4], r5 = rows[d + 5], r6 = rows[d + 6], r7 = rows[d + 7];
      for (int u = 0; u < units; u++) {
        acc[u] += x0 * r0[u] + x1 * r1[u] + x2 * r2[u] + x3 * r3[u]
            + x4 * r4[u] + x5 * r5[u] + x6 * r6[u] + x7 * r7[u];
      }
    }
    for (; d < depth; d++) {
      final int x = t[d];
      final byte[] r = rows[d];
      for (int u = 0; u < units; u++) {
        acc[u] += x * r[u];
      }
    }
  }

  static void rowsU8x8(int[] t, byte[][] rows, int[] acc, int depth, int units, int zp) {
    Arrays.fill(acc, 0);
    int sum = 0;
    int d = 0;
    for (; d + 8 <= depth; d += 8) {
      final int x0 = t[d], x1 = t[d + 1], x2 = t[d + 2], x3 = t[d + 3];
      final int x4 = t[d + 4], x5 = t[d + 5], x6 = t[d + 6], x7 = t[d + 7];
      sum += x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7;
      final byte[] r0 = rows[d], r1 = rows[d + 1], r2 = rows[d + 2], r3 = rows[d + 3];
      final byte[] r4 = rows[d + 4], r5 = rows[d + 5], r6 = rows[d + 6], r7 = rows[d + 7];
      for (int u = 0; u < units; u++) {
        acc[u] += x0 * (r0[u] & 0xFF) + x1 * (r1[u] & 0xFF) + x2 * (r2[u] & 0xFF)
            + x3 * (r3[u] & 0xFF) + x4 * (r4[u] & 0xFF) + x5 * (r5[u] & 0xFF)
            + x6 * (r6[u] & 0xFF) + x7 * (r7[u] & 0xFF);
      }
    }
    for (; d < depth; d++) {
      final int x = t[d];
      sum += x;
      final byte[] r = rows[d];
      for (int u = 0; u < units; u++) {
        acc[u] += x * (r[u] & 0xFF);
      }
    }
    final int fold = zp * sum;
    for (int u = 0; u < units; u++) {
      acc[u] -= fold;
    }
  }

  static void rowsWiden8(int[] t, byte[][] rows, int[] acc, int depth, int units, int[][] s) {
    Arrays.fill(acc, 0);
    final int[] c0 = s[0], c1 = s[1], c2 = s[2], c3 = s[3], c4 = s[4], c5 = s[5], c6 = s[6];
    final int[] c7 = s[7];
    int d = 0;
    for (; d + 8 <= depth; d += 8) {
      final int x0 = t[d], x1 = t[d + 1], x2 = t[d + 2], x3 = t[d + 3];
      final int x4 = t[d + 4], x5 = t[d + 5], x6 = t[d + 6], x7 = t[d + 7];
      widen(rows[d], 0, c0, units);
      widen(rows[d + 1], 0, c1, units);
      widen(rows[d + 2], 0, c2, units);
      widen(rows[d + 3], 0, c3, units);
      widen(rows[d + 4], 0, c4, units);
      widen(rows[d + 5], 0, c5, units);
      widen(rows[d + 6], 0, c6, units);
      widen(rows[d + 7], 0, c7, units);
      for (int u = 0; u < units; u++) {
        acc[u] += x0 * c0[u] + x1 * c1[u] + x2 * c2[u] + x3 * c3[u]
            + x4 * c4[u] + x5 * c5[u] + x6 * c6[u] + x7 * c7[u];
      }
    }
    for (; d < depth; d++) {
      final int x = t[d];
      final byte[] r = rows[d];
      for (int u = 0; u < units; u++) {
        acc[u] += x * r[u];
      }
    }
  }

  static void packed8x4(int[] t, int[][] packed, int[] acc, int depth, int units) {
    Arrays.fill(acc, 0);
    for (int d = 0; d < depth; d += 4) {
      final int x0 = t[d], x1 = t[d + 1], x2 = t[d + 2], x3 = t[d + 3];
      final int[] p = packed[d >> 2];
      for (int u = 0; u < units; u++) {
        final int w = p[u];
        acc[u] += x0 * (w << 24 >> 24) + x1 * (w << 16 >> 24) + x2 * (w << 8 >> 24)
            + x3 * (w >> 24);
      }
    }
  }

  static void packedU8x4(int[] t, int[][] packed, int[] acc, int depth, int units, int zp) {
    Arrays.fill(acc, 0);
    int sum = 0;
    for (int d = 0; d < depth; d += 4) {
      final int x0 = t[d], x1 = t[d + 1], x2 = t[d + 2], x3 = t[d + 3];
      sum += x0 + x1 + x2 + x3;
      final int[] p = packed[d >> 2];
      for (int u = 0; u < units; u++) {
        final int w = p[u];
        acc[u] += x0 * (w & 0xFF) + x1 * (w >>> 8 & 0xFF) + x2 * (w >>> 16 & 0xFF)
            + x3 * (w >>> 24);
      }
    }
    final int fold = zp * sum;
    for (int u = 0; u < units; u++) {
      acc[u] -= fold;
    }
  }

  static void packed8x8(int[] t, int[][] packed, int[] acc, int depth, int units) {
    Arrays.fill(acc, 0);
    for (int d = 0; d < depth; d += 8) {
      final int x0 = t[d], x1 = t[d + 1], x2 = t[d + 2], x3 = t[d + 3];
      final int x4 = t[d + 4], x5 = t[d + 5], x6 = t[d + 6], x7 = t[d + 7];
      final int[] p = packed[d >> 2], q = packed[(d >> 2) + 1];
      for (int u = 0; u < units; u++) {
        final int w = p[u], v = q[u];
        acc[u] += x0 * (w << 24 >> 24) + x1 * (w << 16 >> 24) + x2 * (w << 8 >> 24)
            + x3 * (w >> 24) + x4 * (v << 24 >> 24) + x5 * (v << 16 >> 24)
            + x6 * (v << 8 >> 24) + x7 * (v >> 24);
      }
    }
  }

  static void packed16x4(int[] t, int[][] packed, int[] acc, int depth, int units) {
    Arrays.fill(acc, 0);
    for (int d = 0; d < depth; d += 4) {
      final int x0 = t[d], x1 = t[d + 1], x2 = t[d + 2], x3 = t[d + 3];
      final int[] p = packed[d >> 1], q = packed[(d >> 1) + 1];
      for (int u = 0; u < units; u++) {
        final int w = p[u], v = q[u];
        acc[u] += x0 * (w << 16 >> 16) + x1 * (w >> 16) + x2 * (v << 16 >> 16) + x3 * (v >> 16);
      }
    }
  }

  static void packed16x8(int[] t, int[][] packed, int[] acc, int depth, int units) {
    Arrays.fill(acc, 0);
    for (int d = 0; d < depth; d += 8) {
      final int x0 = t[d], x1 = t[d + 1], x2 = t[d + 2], x3 = t[d + 3];
      final int x4 = t[d + 4], x5 = t[d + 5], x6 = t[d + 6], x7 = t[d + 7];
      final int[] p0 = packed[d >> 1], p1 = packed[(d >> 1) + 1];
      final int[] p2 = packed[(d >> 1) + 2], p3 = packed[(d >> 1) + 3];
      for (int u = 0; u < units; u++) {
        final int w0 = p0[u], w1 = p1[u], w2 = p2[u], w3 = p3[u];
        acc[u] += x0 * (w0 << 16 >> 16) + x1 * (w0 >> 16) + x2 * (w1 << 16 >> 16)
            + x3 * (w1 >> 16) + x4 * (w2 << 16 >> 16) + x5 * (w2 >> 16)
            + x6 * (w3 << 16 >> 16) + x7 * (w3 >> 16);
      }
    }
  }

  static void byteDot(int[] t, byte[] weights, int[] acc, int depth, int units) {
    for (int u = 0, w = 0; u < units; u++, w += depth) {
      int s = 0;
      for (int d = 0; d < depth; d++) {
        s += t[d] * weights[w + d];
      }
      acc[u] = s;
    }
  }

  // ---------------------------------------------------------------- pointwise CONV_2D

  static void conv(int pixels, int inC, int outC, int rounds) {
    Random r = new Random(7);
    byte[] s8 = new byte[inC * outC]; // [inC][outC]
    r.nextBytes(s8);
    int[][] rowsInt = new int[inC][outC];
    byte[][] rowsByte = new byte[inC][outC];
    for (int ic = 0; ic < inC; ic++) {
      for (int oc = 0; oc < outC; oc++) {
        rowsInt[ic][oc] = s8[ic * outC + oc];
        rowsByte[ic][oc] = s8[ic * outC + oc];
      }
    }
    int[] t = new int[pixels * inC];
    for (int i = 0; i < t.length; i++) {
      t[i] = r.nextInt(3) == 0 ? 0 : r.nextInt(255) - 127; // a third zeros, as after a ReLU
    }
    int[] xs = new int[inC];
    int[] xs2 = new int[inC];
    int[] rows = new int[inC];
    int[][] pairs = new int[(inC + 1) / 2][outC];
    for (int ic = 0; ic < inC; ic++) {
      for (int oc = 0; oc < outC; oc++) {
        pairs[ic / 2][oc] |= ic % 2 == 0 ? s8[ic * outC + oc] & 0xFFFF : s8[ic * outC + oc] << 16;
      }
    }
    int[][] scratch = new int[8][outC];
    List<Candidate> cs = new ArrayList<>();
    cs.add(new Candidate("int[][] rows (today)",
        acc -> pixelInt(t, rowsInt, acc, pixels, inC, outC, xs, rows)));
    cs.add(new Candidate("int16x2 pairs, 2 pairs/pass",
        acc -> pixelPairs(t, pairs, acc, pixels, inC, outC, xs, xs2, rows)));
    cs.add(new Candidate("int16x2 pairs, 4 pairs/pass",
        acc -> pixelPairs4(t, pairs, acc, pixels, inC, outC, xs, xs2, rows)));
    System.out.printf("1x1 conv %d pixels, %d -> %d channels (%d weights)%n", pixels, inC, outC,
        s8.length);
    int[] ref = new int[pixels * outC];
    pixelInt(t, rowsInt, ref, pixels, inC, outC, xs, rows);
    long nonzero = Arrays.stream(t).filter(v -> v != 0).count();
    race(cs, pixels * outC, (name, acc) -> Arrays.equals(acc, ref), rounds,
        (long) pixels * inC * outC);
    System.out.printf("  (%.0f%% of inputs zero, skipped by all)%n",
        100.0 * (t.length - nonzero) / t.length);
  }

  static int gather(int[] t, int in, int inC, int[] xs, int[] rows) {
    int n = 0;
    for (int ic = 0; ic < inC; ic++) {
      final int x = t[in + ic];
      xs[n] = x;
      rows[n] = ic;
      n += (x | -x) >>> 31;
    }
    return n;
  }

  static void pixelInt(int[] t, int[][] filter, int[] out, int pixels, int inC, int outC,
      int[] xs, int[] rows) {
    int[] acc = new int[outC];
    for (int p = 0; p < pixels; p++) {
      final int n = gather(t, p * inC, inC, xs, rows);
      Arrays.fill(acc, 0);
      int j = 0;
      for (; j + 8 <= n; j += 8) {
        final int x0 = xs[j], x1 = xs[j + 1], x2 = xs[j + 2], x3 = xs[j + 3];
        final int x4 = xs[j + 4], x5 = xs[j + 5], x6 = xs[j + 6], x7 = xs[j + 7];
        final int[] r0 = filter[rows[j]], r1 = filter[rows[j + 1]];
        final int[] r2 = filter[rows[j + 2]], r3 = filter[rows[j + 3]];
        final int[] r4 = filter[rows[j + 4]], r5 = filter[rows[j + 5]];
        final int[] r6 = filter[rows[j + 6]], r7 = filter[rows[j + 7]];
        for (int oc = 0; oc < outC; oc++) {
          acc[oc] += x0 * r0[oc] + x1 * r1[oc] + x2 * r2[oc] + x3 * r3[oc]
              + x4 * r4[oc] + x5 * r5[oc] + x6 * r6[oc] + x7 * r7[oc];
        }
      }
      for (; j < n; j++) {
        final int x0 = xs[j];
        final int[] r0 = filter[rows[j]];
        for (int oc = 0; oc < outC; oc++) {
          acc[oc] += x0 * r0[oc];
        }
      }
      System.arraycopy(acc, 0, out, p * outC, outC);
    }
  }

  static void pixelPairs(int[] t, int[][] filter, int[] out, int pixels, int inC, int outC,
      int[] xa, int[] xb, int[] rows) {
    int[] acc = new int[outC];
    for (int p = 0; p < pixels; p++) {
      final int in = p * inC;
      int n = 0;
      for (int ic = 0, k = 0; ic < inC; ic += 2, k++) {
        final int a = t[in + ic], b = t[in + ic + 1];
        xa[n] = a;
        xb[n] = b;
        rows[n] = k;
        n += ((a | b) | -(a | b)) >>> 31;
      }
      Arrays.fill(acc, 0);
      int j = 0;
      for (; j + 2 <= n; j += 2) {
        final int a0 = xa[j], b0 = xb[j], a1 = xa[j + 1], b1 = xb[j + 1];
        final int[] r0 = filter[rows[j]], r1 = filter[rows[j + 1]];
        for (int oc = 0; oc < outC; oc++) {
          final int w = r0[oc], v = r1[oc];
          acc[oc] += a0 * (w << 16 >> 16) + b0 * (w >> 16) + a1 * (v << 16 >> 16) + b1 * (v >> 16);
        }
      }
      if (j < n) {
        final int a0 = xa[j], b0 = xb[j];
        final int[] r0 = filter[rows[j]];
        for (int oc = 0; oc < outC; oc++) {
          final int w = r0[oc];
          acc[oc] += a0 * (w << 16 >> 16) + b0 * (w >> 16);
        }
      }
      System.arraycopy(acc, 0, out, p * outC, outC);
    }
  }

  static void pixelPairs4(int[] t, int[][] filter, int[] out, int pixels, int inC, int outC,
      int[] xa, int[] xb, int[] rows) {
    int[] acc = new int[outC];
    for (int p = 0; p < pixels; p++) {
      final int in = p * inC;
      int n = 0;
      for (int ic = 0, k = 0; ic < inC; ic += 2, k++) {
        final int a = t[in + ic], b = t[in + ic + 1];
        xa[n] = a;
        xb[n] = b;
        rows[n] = k;
        n += ((a | b) | -(a | b)) >>> 31;
      }
      Arrays.fill(acc, 0);
      int j = 0;
      for (; j + 4 <= n; j += 4) {
        final int a0 = xa[j], b0 = xb[j], a1 = xa[j + 1], b1 = xb[j + 1];
        final int a2 = xa[j + 2], b2 = xb[j + 2], a3 = xa[j + 3], b3 = xb[j + 3];
        final int[] r0 = filter[rows[j]], r1 = filter[rows[j + 1]];
        final int[] r2 = filter[rows[j + 2]], r3 = filter[rows[j + 3]];
        for (int oc = 0; oc < outC; oc++) {
          final int w = r0[oc], v = r1[oc], y = r2[oc], z = r3[oc];
          acc[oc] += a0 * (w << 16 >> 16) + b0 * (w >> 16) + a1 * (v << 16 >> 16) + b1 * (v >> 16)
              + a2 * (y << 16 >> 16) + b2 * (y >> 16) + a3 * (z << 16 >> 16) + b3 * (z >> 16);
        }
      }
      for (; j < n; j++) {
        final int a0 = xa[j], b0 = xb[j];
        final int[] r0 = filter[rows[j]];
        for (int oc = 0; oc < outC; oc++) {
          final int w = r0[oc];
          acc[oc] += a0 * (w << 16 >> 16) + b0 * (w >> 16);
        }
      }
      System.arraycopy(acc, 0, out, p * outC, outC);
    }
  }

  static void pixelByte(int[] t, byte[][] filter, int[] out, int pixels, int inC, int outC,
      int[] xs, int[] rows) {
    int[] acc = new int[outC];
    for (int p = 0; p < pixels; p++) {
      final int n = gather(t, p * inC, inC, xs, rows);
      Arrays.fill(acc, 0);
      int j = 0;
      for (; j + 8 <= n; j += 8) {
        final int x0 = xs[j], x1 = xs[j + 1], x2 = xs[j + 2], x3 = xs[j + 3];
        final int x4 = xs[j + 4], x5 = xs[j + 5], x6 = xs[j + 6], x7 = xs[j + 7];
        final byte[] r0 = filter[rows[j]], r1 = filter[rows[j + 1]];
        final byte[] r2 = filter[rows[j + 2]], r3 = filter[rows[j + 3]];
        final byte[] r4 = filter[rows[j + 4]], r5 = filter[rows[j + 5]];
        final byte[] r6 = filter[rows[j + 6]], r7 = filter[rows[j + 7]];
        for (int oc = 0; oc < outC; oc++) {
          acc[oc] += x0 * r0[oc] + x1 * r1[oc] + x2 * r2[oc] + x3 * r3[oc]
              + x4 * r4[oc] + x5 * r5[oc] + x6 * r6[oc] + x7 * r7[oc];
        }
      }
      for (; j < n; j++) {
        final int x0 = xs[j];
        final byte[] r0 = filter[rows[j]];
        for (int oc = 0; oc < outC; oc++) {
          acc[oc] += x0 * r0[oc];
        }
      }
      System.arraycopy(acc, 0, out, p * outC, outC);
    }
  }

  static void pixelByteWiden(int[] t, byte[][] filter, int[] out, int pixels, int inC, int outC,
      int[] xs, int[] rows, int[][] s) {
    int[] acc = new int[outC];
    final int[] c0 = s[0], c1 = s[1], c2 = s[2], c3 = s[3], c4 = s[4], c5 = s[5], c6 = s[6];
    final int[] c7 = s[7];
    for (int p = 0; p < pixels; p++) {
      final int n = gather(t, p * inC, inC, xs, rows);
      Arrays.fill(acc, 0);
      int j = 0;
      for (; j + 8 <= n; j += 8) {
        final int x0 = xs[j], x1 = xs[j + 1], x2 = xs[j + 2], x3 = xs[j + 3];
        final int x4 = xs[j + 4], x5 = xs[j + 5], x6 = xs[j + 6], x7 = xs[j + 7];
        widen(filter[rows[j]], 0, c0, outC);
        widen(filter[rows[j + 1]], 0, c1, outC);
        widen(filter[rows[j + 2]], 0, c2, outC);
        widen(filter[rows[j + 3]], 0, c3, outC);
        widen(filter[rows[j + 4]], 0, c4, outC);
        widen(filter[rows[j + 5]], 0, c5, outC);
        widen(filter[rows[j + 6]], 0, c6, outC);
        widen(filter[rows[j + 7]], 0, c7, outC);
        for (int oc = 0; oc < outC; oc++) {
          acc[oc] += x0 * c0[oc] + x1 * c1[oc] + x2 * c2[oc] + x3 * c3[oc]
              + x4 * c4[oc] + x5 * c5[oc] + x6 * c6[oc] + x7 * c7[oc];
        }
      }
      for (; j < n; j++) {
        final int x0 = xs[j];
        final byte[] r0 = filter[rows[j]];
        for (int oc = 0; oc < outC; oc++) {
          acc[oc] += x0 * r0[oc];
        }
      }
      System.arraycopy(acc, 0, out, p * outC, outC);
    }
  }
}

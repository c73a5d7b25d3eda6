package io.github.tflite2java.benchmarks;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Zero skipping in the vector pointwise kernel (issue 15), hand-written candidates beside
 * {@link VectorKernelStudy}'s {@code int6x2} (today's generated shape). After ReLU6 a quarter to a
 * half of MobileNet's pointwise inputs are zero; the scalar kernel skips them per pixel, the
 * vector kernel did not. Candidates (all compute the int32 accumulators {@code bias + sum x * w},
 * checked against the plain-Java reference):
 *
 * <ul>
 *   <li>{@code int6x2g}: per group of 6 pixels, the input channels where all six activations are
 *       zero are dropped once (a compact list of channel indices and the six values), and every
 *       block of 16 output channels sweeps the compact list;
 *   <li>{@code int1x8p}: per pixel, the nonzero (channel, value) pairs are gathered once (as the
 *       scalar kernel does), then blocks of 64 output channels (8 accumulators) sweep them;
 *   <li>{@code float6x2g} / {@code float1x8p}: the same with exact float FMA accumulation (valid
 *       when the layer's accumulator bound, known from its weights, is below 2^24: then every
 *       partial sum is an integer a float holds exactly).
 * </ul>
 *
 * <pre>
 * javac --add-modules jdk.incubator.vector -d /tmp/vks \
 *   benchmarks/src/main/java/io/github/tflite2java/benchmarks/VectorKernelStudy.java \
 *   benchmarks/src/main/java/io/github/tflite2java/benchmarks/VectorSkipStudy.java
 * java --add-modules jdk.incubator.vector -cp /tmp/vks \
 *   io.github.tflite2java.benchmarks.VectorSkipStudy OUTC ROUNDS (ACTIVATIONS.bin | PIXELS INC ZEROS)
 * </pre>
 * ACTIVATIONS.bin: {@code int pixels, int inC, int[pixels * inC]} (big-endian), a real layer's
 * input as the arena holds it (written by {@link ActivationDump}).
 */
final class VectorSkipStudy {
  static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
  static final VectorSpecies<Float> F = FloatVector.SPECIES_256;

  private VectorSkipStudy() {}

  // ------------------------------------------------ int, 6 x 16, channels compacted per group

  /** Scratch: {@code rows[inC]} channel indices, {@code xs[6 * inC]} values, per group. */
  static void int6x2g(int[] x, int pixels, int inC, int outC, int[] wb, int[] bias, int[] acc,
      int[] rows, int[] xs) {
    int p = 0;
    for (; p + 6 <= pixels; p += 6) {
      int n = compact6(x, p * inC, inC, rows, xs);
      for (int c0 = 0; c0 < outC; c0 += 16) {
        int6x2gBlock(rows, xs, n, inC, outC, wb, bias, acc, p * outC + c0, c0);
      }
    }
    for (; p < pixels; p++) {
      for (int c0 = 0; c0 < outC; c0 += 16) {
        VectorKernelStudy.int1x2Block(x, p * inC, inC, outC, wb, bias, acc, p * outC + c0, c0);
      }
    }
  }

  /** Branch-free: the channels where some of the six pixels' activations are nonzero. */
  static int compact6(int[] t, int in, int inC, int[] rows, int[] xs) {
    return compact6(t, in, inC, rows, xs, false);
  }

  /** {@code all}: keep every channel (the same kernel without skipping, for comparison). */
  static int compact6(int[] t, int in, int inC, int[] rows, int[] xs, boolean all) {
    int n = 0;
    int keep = all ? 1 : 0;
    for (int ic = 0; ic < inC; ic++) {
      int x0 = t[in + ic], x1 = t[in + inC + ic], x2 = t[in + 2 * inC + ic],
          x3 = t[in + 3 * inC + ic], x4 = t[in + 4 * inC + ic], x5 = t[in + 5 * inC + ic];
      rows[n] = ic * 16;
      int j = 6 * n;
      xs[j] = x0; xs[j + 1] = x1; xs[j + 2] = x2; xs[j + 3] = x3; xs[j + 4] = x4; xs[j + 5] = x5;
      int any = x0 | x1 | x2 | x3 | x4 | x5;
      n += ((any | -any) >>> 31) | keep;
    }
    return n;
  }

  static void int6x2gBlock(int[] rows, int[] xs, int n, int inC, int outC, int[] w, int[] bias,
      int[] out, int o, int c0) {
    IntVector b0 = IntVector.fromArray(I, bias, c0), b1 = IntVector.fromArray(I, bias, c0 + 8);
    IntVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1,
        a40 = b0, a41 = b1, a50 = b0, a51 = b1;
    int wb = c0 * inC;
    for (int j = 0; j < n; j++) {
      int wi = wb + rows[j];
      IntVector w0 = IntVector.fromArray(I, w, wi), w1 = IntVector.fromArray(I, w, wi + 8);
      int k = 6 * j;
      int x0 = xs[k], x1 = xs[k + 1], x2 = xs[k + 2], x3 = xs[k + 3], x4 = xs[k + 4],
          x5 = xs[k + 5];
      a00 = a00.add(w0.mul(x0)); a01 = a01.add(w1.mul(x0));
      a10 = a10.add(w0.mul(x1)); a11 = a11.add(w1.mul(x1));
      a20 = a20.add(w0.mul(x2)); a21 = a21.add(w1.mul(x2));
      a30 = a30.add(w0.mul(x3)); a31 = a31.add(w1.mul(x3));
      a40 = a40.add(w0.mul(x4)); a41 = a41.add(w1.mul(x4));
      a50 = a50.add(w0.mul(x5)); a51 = a51.add(w1.mul(x5));
    }
    a00.intoArray(out, o); a01.intoArray(out, o + 8);
    a10.intoArray(out, o + outC); a11.intoArray(out, o + outC + 8);
    a20.intoArray(out, o + 2 * outC); a21.intoArray(out, o + 2 * outC + 8);
    a30.intoArray(out, o + 3 * outC); a31.intoArray(out, o + 3 * outC + 8);
    a40.intoArray(out, o + 4 * outC); a41.intoArray(out, o + 4 * outC + 8);
    a50.intoArray(out, o + 5 * outC); a51.intoArray(out, o + 5 * outC + 8);
  }

  // --------------------------------------- int, 1 pixel x 64, nonzero pairs gathered per pixel

  /** Weights {@code [outC / 64][inC][64]}; scratch {@code rows[inC]}, {@code xs[inC]}. */
  static void int1x8p(int[] x, int pixels, int inC, int outC, int[] w64, int[] bias, int[] acc,
      int[] rows, int[] xs) {
    for (int p = 0; p < pixels; p++) {
      int n = gather(x, p * inC, inC, 64, rows, xs);
      for (int c0 = 0; c0 < outC; c0 += 64) {
        int1x8pBlock(rows, xs, n, inC, w64, bias, acc, p * outC + c0, c0);
      }
    }
  }

  static int gather(int[] t, int in, int inC, int stride, int[] rows, int[] xs) {
    int n = 0;
    for (int ic = 0; ic < inC; ic++) {
      int v = t[in + ic];
      rows[n] = ic * stride;
      xs[n] = v;
      n += (v | -v) >>> 31;
    }
    return n;
  }

  static void int1x8pBlock(int[] rows, int[] xs, int n, int inC, int[] w, int[] bias,
      int[] out, int o, int c0) {
    IntVector a0 = IntVector.fromArray(I, bias, c0), a1 = IntVector.fromArray(I, bias, c0 + 8),
        a2 = IntVector.fromArray(I, bias, c0 + 16), a3 = IntVector.fromArray(I, bias, c0 + 24),
        a4 = IntVector.fromArray(I, bias, c0 + 32), a5 = IntVector.fromArray(I, bias, c0 + 40),
        a6 = IntVector.fromArray(I, bias, c0 + 48), a7 = IntVector.fromArray(I, bias, c0 + 56);
    int wb = c0 * inC;
    for (int j = 0; j < n; j++) {
      int wi = wb + rows[j];
      int x = xs[j];
      a0 = a0.add(IntVector.fromArray(I, w, wi).mul(x));
      a1 = a1.add(IntVector.fromArray(I, w, wi + 8).mul(x));
      a2 = a2.add(IntVector.fromArray(I, w, wi + 16).mul(x));
      a3 = a3.add(IntVector.fromArray(I, w, wi + 24).mul(x));
      a4 = a4.add(IntVector.fromArray(I, w, wi + 32).mul(x));
      a5 = a5.add(IntVector.fromArray(I, w, wi + 40).mul(x));
      a6 = a6.add(IntVector.fromArray(I, w, wi + 48).mul(x));
      a7 = a7.add(IntVector.fromArray(I, w, wi + 56).mul(x));
    }
    a0.intoArray(out, o); a1.intoArray(out, o + 8); a2.intoArray(out, o + 16);
    a3.intoArray(out, o + 24); a4.intoArray(out, o + 32); a5.intoArray(out, o + 40);
    a6.intoArray(out, o + 48); a7.intoArray(out, o + 56);
  }

  // ---------------------------------------------------- float FMA (bound < 2^24), 6 x 16 grouped

  static void float6x2g(int[] x, int pixels, int inC, int outC, float[] wb, float[] bias,
      int[] acc, int[] rows, float[] xs, int[] xsInt, boolean all) {
    int p = 0;
    for (; p + 6 <= pixels; p += 6) {
      int n = compact6(x, p * inC, inC, rows, xsInt, all);
      for (int i = 0; i < 6 * n; i++) {
        xs[i] = xsInt[i];
      }
      for (int c0 = 0; c0 < outC; c0 += 16) {
        float6x2gBlock(rows, xs, n, inC, outC, wb, bias, acc, p * outC + c0, c0);
      }
    }
    for (; p < pixels; p++) {
      for (int c0 = 0; c0 < outC; c0 += 16) {
        VectorKernelStudy.floatB1x2Block(x, p * inC, inC, outC, wb, bias, acc, p * outC + c0,
            c0);
      }
    }
  }

  static IntVector toInt(FloatVector v) {
    return (IntVector) v.convert(VectorOperators.F2I, 0);
  }

  static void float6x2gBlock(int[] rows, float[] xs, int n, int inC, int outC, float[] w,
      float[] bias, int[] out, int o, int c0) {
    FloatVector b0 = FloatVector.fromArray(F, bias, c0), b1 = FloatVector.fromArray(F, bias, c0 + 8);
    FloatVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1,
        a40 = b0, a41 = b1, a50 = b0, a51 = b1;
    int wb = c0 * inC;
    for (int j = 0; j < n; j++) {
      int wi = wb + rows[j];
      FloatVector w0 = FloatVector.fromArray(F, w, wi), w1 = FloatVector.fromArray(F, w, wi + 8);
      int k = 6 * j;
      FloatVector x0 = FloatVector.broadcast(F, xs[k]);
      a00 = w0.fma(x0, a00); a01 = w1.fma(x0, a01);
      FloatVector x1 = FloatVector.broadcast(F, xs[k + 1]);
      a10 = w0.fma(x1, a10); a11 = w1.fma(x1, a11);
      FloatVector x2 = FloatVector.broadcast(F, xs[k + 2]);
      a20 = w0.fma(x2, a20); a21 = w1.fma(x2, a21);
      FloatVector x3 = FloatVector.broadcast(F, xs[k + 3]);
      a30 = w0.fma(x3, a30); a31 = w1.fma(x3, a31);
      FloatVector x4 = FloatVector.broadcast(F, xs[k + 4]);
      a40 = w0.fma(x4, a40); a41 = w1.fma(x4, a41);
      FloatVector x5 = FloatVector.broadcast(F, xs[k + 5]);
      a50 = w0.fma(x5, a50); a51 = w1.fma(x5, a51);
    }
    toInt(a00).intoArray(out, o); toInt(a01).intoArray(out, o + 8);
    toInt(a10).intoArray(out, o + outC); toInt(a11).intoArray(out, o + outC + 8);
    toInt(a20).intoArray(out, o + 2 * outC); toInt(a21).intoArray(out, o + 2 * outC + 8);
    toInt(a30).intoArray(out, o + 3 * outC); toInt(a31).intoArray(out, o + 3 * outC + 8);
    toInt(a40).intoArray(out, o + 4 * outC); toInt(a41).intoArray(out, o + 4 * outC + 8);
    toInt(a50).intoArray(out, o + 5 * outC); toInt(a51).intoArray(out, o + 5 * outC + 8);
  }

  /**
   * As float6x2g, the float accumulators started at bias + 1.5 * 2^23 (bias pre-offset, so exact
   * while the accumulator bound is below 2^22): the int is the float's bits minus 0x4B400000, no
   * float-to-int conversion (which JDK 17 does not intrinsify on AVX2: it allocates).
   */
  static void floatM6x2g(int[] x, int pixels, int inC, int outC, float[] wb, float[] biasM,
      int[] acc, int[] rows, float[] xs, int[] xsInt) {
    int p = 0;
    for (; p + 6 <= pixels; p += 6) {
      int n = compact6(x, p * inC, inC, rows, xsInt, false);
      for (int i = 0; i < 6 * n; i++) {
        xs[i] = xsInt[i];
      }
      for (int c0 = 0; c0 < outC; c0 += 16) {
        floatM6x2gBlock(rows, xs, n, inC, outC, wb, biasM, acc, p * outC + c0, c0);
      }
    }
    for (; p < pixels; p++) {
      for (int c0 = 0; c0 < outC; c0 += 16) {
        VectorKernelStudy.floatM1x2Block(x, p * inC, inC, outC, wb, biasM, acc, p * outC + c0,
            c0);
      }
    }
  }

  static void floatM6x2gBlock(int[] rows, float[] xs, int n, int inC, int outC, float[] w,
      float[] bias, int[] out, int o, int c0) {
    FloatVector b0 = FloatVector.fromArray(F, bias, c0), b1 = FloatVector.fromArray(F, bias, c0 + 8);
    FloatVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1,
        a40 = b0, a41 = b1, a50 = b0, a51 = b1;
    int wb = c0 * inC;
    for (int j = 0; j < n; j++) {
      int wi = wb + rows[j];
      FloatVector w0 = FloatVector.fromArray(F, w, wi), w1 = FloatVector.fromArray(F, w, wi + 8);
      int k = 6 * j;
      FloatVector x0 = FloatVector.broadcast(F, xs[k]);
      a00 = w0.fma(x0, a00); a01 = w1.fma(x0, a01);
      FloatVector x1 = FloatVector.broadcast(F, xs[k + 1]);
      a10 = w0.fma(x1, a10); a11 = w1.fma(x1, a11);
      FloatVector x2 = FloatVector.broadcast(F, xs[k + 2]);
      a20 = w0.fma(x2, a20); a21 = w1.fma(x2, a21);
      FloatVector x3 = FloatVector.broadcast(F, xs[k + 3]);
      a30 = w0.fma(x3, a30); a31 = w1.fma(x3, a31);
      FloatVector x4 = FloatVector.broadcast(F, xs[k + 4]);
      a40 = w0.fma(x4, a40); a41 = w1.fma(x4, a41);
      FloatVector x5 = FloatVector.broadcast(F, xs[k + 5]);
      a50 = w0.fma(x5, a50); a51 = w1.fma(x5, a51);
    }
    VectorKernelStudy.magic(a00).intoArray(out, o); VectorKernelStudy.magic(a01).intoArray(out, o + 8);
    VectorKernelStudy.magic(a10).intoArray(out, o + outC); VectorKernelStudy.magic(a11).intoArray(out, o + outC + 8);
    VectorKernelStudy.magic(a20).intoArray(out, o + 2 * outC); VectorKernelStudy.magic(a21).intoArray(out, o + 2 * outC + 8);
    VectorKernelStudy.magic(a30).intoArray(out, o + 3 * outC); VectorKernelStudy.magic(a31).intoArray(out, o + 3 * outC + 8);
    VectorKernelStudy.magic(a40).intoArray(out, o + 4 * outC); VectorKernelStudy.magic(a41).intoArray(out, o + 4 * outC + 8);
    VectorKernelStudy.magic(a50).intoArray(out, o + 5 * outC); VectorKernelStudy.magic(a51).intoArray(out, o + 5 * outC + 8);
  }

  /** As float6x2g, the weights kept as ints and converted to float in-register. */
  static void float6x2gi(int[] x, int pixels, int inC, int outC, int[] wb, float[] bias,
      int[] acc, int[] rows, float[] xs, int[] xsInt, float[] fwb) {
    int p = 0;
    for (; p + 6 <= pixels; p += 6) {
      int n = compact6(x, p * inC, inC, rows, xsInt, false);
      for (int i = 0; i < 6 * n; i++) {
        xs[i] = xsInt[i];
      }
      for (int c0 = 0; c0 < outC; c0 += 16) {
        float6x2giBlock(rows, xs, n, inC, outC, wb, bias, acc, p * outC + c0, c0);
      }
    }
    for (; p < pixels; p++) {
      for (int c0 = 0; c0 < outC; c0 += 16) {
        VectorKernelStudy.floatB1x2Block(x, p * inC, inC, outC, fwb, bias, acc, p * outC + c0,
            c0);
      }
    }
  }

  static void float6x2giBlock(int[] rows, float[] xs, int n, int inC, int outC, int[] w,
      float[] bias, int[] out, int o, int c0) {
    FloatVector b0 = FloatVector.fromArray(F, bias, c0), b1 = FloatVector.fromArray(F, bias, c0 + 8);
    FloatVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1,
        a40 = b0, a41 = b1, a50 = b0, a51 = b1;
    int wb = c0 * inC;
    for (int j = 0; j < n; j++) {
      int wi = wb + rows[j];
      FloatVector w0 = (FloatVector) IntVector.fromArray(I, w, wi).convert(VectorOperators.I2F, 0),
          w1 = (FloatVector) IntVector.fromArray(I, w, wi + 8).convert(VectorOperators.I2F, 0);
      int k = 6 * j;
      FloatVector x0 = FloatVector.broadcast(F, xs[k]);
      a00 = w0.fma(x0, a00); a01 = w1.fma(x0, a01);
      FloatVector x1 = FloatVector.broadcast(F, xs[k + 1]);
      a10 = w0.fma(x1, a10); a11 = w1.fma(x1, a11);
      FloatVector x2 = FloatVector.broadcast(F, xs[k + 2]);
      a20 = w0.fma(x2, a20); a21 = w1.fma(x2, a21);
      FloatVector x3 = FloatVector.broadcast(F, xs[k + 3]);
      a30 = w0.fma(x3, a30); a31 = w1.fma(x3, a31);
      FloatVector x4 = FloatVector.broadcast(F, xs[k + 4]);
      a40 = w0.fma(x4, a40); a41 = w1.fma(x4, a41);
      FloatVector x5 = FloatVector.broadcast(F, xs[k + 5]);
      a50 = w0.fma(x5, a50); a51 = w1.fma(x5, a51);
    }
    toInt(a00).intoArray(out, o); toInt(a01).intoArray(out, o + 8);
    toInt(a10).intoArray(out, o + outC); toInt(a11).intoArray(out, o + outC + 8);
    toInt(a20).intoArray(out, o + 2 * outC); toInt(a21).intoArray(out, o + 2 * outC + 8);
    toInt(a30).intoArray(out, o + 3 * outC); toInt(a31).intoArray(out, o + 3 * outC + 8);
    toInt(a40).intoArray(out, o + 4 * outC); toInt(a41).intoArray(out, o + 4 * outC + 8);
    toInt(a50).intoArray(out, o + 5 * outC); toInt(a51).intoArray(out, o + 5 * outC + 8);
  }

  // ------------------------------------------------- float FMA (bound < 2^24), 1 x 64 gathered

  static void float1x8p(int[] x, int pixels, int inC, int outC, float[] w64, float[] bias,
      int[] acc, int[] rows, float[] xs) {
    for (int p = 0; p < pixels; p++) {
      int in = p * inC, n = 0;
      for (int ic = 0; ic < inC; ic++) {
        int v = x[in + ic];
        rows[n] = ic * 64;
        xs[n] = v;
        n += (v | -v) >>> 31;
      }
      for (int c0 = 0; c0 < outC; c0 += 64) {
        float1x8pBlock(rows, xs, n, inC, w64, bias, acc, p * outC + c0, c0);
      }
    }
  }

  static void float1x8pBlock(int[] rows, float[] xs, int n, int inC, float[] w, float[] bias,
      int[] out, int o, int c0) {
    FloatVector a0 = FloatVector.fromArray(F, bias, c0), a1 = FloatVector.fromArray(F, bias, c0 + 8),
        a2 = FloatVector.fromArray(F, bias, c0 + 16), a3 = FloatVector.fromArray(F, bias, c0 + 24),
        a4 = FloatVector.fromArray(F, bias, c0 + 32), a5 = FloatVector.fromArray(F, bias, c0 + 40),
        a6 = FloatVector.fromArray(F, bias, c0 + 48), a7 = FloatVector.fromArray(F, bias, c0 + 56);
    int wb = c0 * inC;
    for (int j = 0; j < n; j++) {
      int wi = wb + rows[j];
      FloatVector x = FloatVector.broadcast(F, xs[j]);
      a0 = FloatVector.fromArray(F, w, wi).fma(x, a0);
      a1 = FloatVector.fromArray(F, w, wi + 8).fma(x, a1);
      a2 = FloatVector.fromArray(F, w, wi + 16).fma(x, a2);
      a3 = FloatVector.fromArray(F, w, wi + 24).fma(x, a3);
      a4 = FloatVector.fromArray(F, w, wi + 32).fma(x, a4);
      a5 = FloatVector.fromArray(F, w, wi + 40).fma(x, a5);
      a6 = FloatVector.fromArray(F, w, wi + 48).fma(x, a6);
      a7 = FloatVector.fromArray(F, w, wi + 56).fma(x, a7);
    }
    toInt(a0).intoArray(out, o); toInt(a1).intoArray(out, o + 8);
    toInt(a2).intoArray(out, o + 16); toInt(a3).intoArray(out, o + 24);
    toInt(a4).intoArray(out, o + 32); toInt(a5).intoArray(out, o + 40);
    toInt(a6).intoArray(out, o + 48); toInt(a7).intoArray(out, o + 56);
  }

  // ------------------------------------------------------------------------------- harness

  interface K {
    void run();
  }

  public static void main(String[] args) throws IOException {
    int outC = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    java.util.Random r = new java.util.Random(7);
    int pixels;
    int inC;
    int[] x;
    if (args.length == 3) {
      try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(
          Files.newInputStream(Paths.get(args[2]))))) {
        pixels = in.readInt();
        inC = in.readInt();
        x = new int[pixels * inC];
        for (int i = 0; i < x.length; i++) {
          x[i] = in.readInt();
        }
      }
    } else {
      pixels = Integer.parseInt(args[2]);
      inC = Integer.parseInt(args[3]);
      double zeros = Double.parseDouble(args[4]);
      x = new int[pixels * inC];
      for (int i = 0; i < x.length; i++) {
        x[i] = r.nextDouble() < zeros ? 0 : 1 + r.nextInt(255);
      }
    }
    int zeros = 0;
    for (int v : x) {
      zeros += v == 0 ? 1 : 0;
    }
    // Weights like a real layer's: centered, mostly small (so float sums stay below 2^24).
    int[] w = new int[inC * outC];
    for (int i = 0; i < w.length; i++) {
      w[i] = (int) Math.max(-128, Math.min(127, Math.round(r.nextGaussian() * 30)));
    }
    int[] bias = new int[outC];
    float[] fbias = new float[outC];
    for (int i = 0; i < outC; i++) {
      bias[i] = r.nextInt(20001) - 10000;
      fbias[i] = bias[i];
    }
    long bound = 0;
    for (int oc = 0; oc < outC; oc++) {
      long s = Math.abs(bias[oc]);
      for (int ic = 0; ic < inC; ic++) {
        s += 255L * Math.abs(w[ic * outC + oc]);
      }
      bound = Math.max(bound, s);
    }
    float[] mbias = new float[outC];
    for (int i = 0; i < outC; i++) {
      mbias[i] = bias[i] + VectorKernelStudy.MAGIC;
    }
    int[] w16 = VectorKernelStudy.blockInts(w, inC, outC, 16);
    int[] w64 = VectorKernelStudy.blockInts(w, inC, outC, 64);
    float[] f16 = VectorKernelStudy.toFloats(w16), f64 = VectorKernelStudy.toFloats(w64);
    int[] acc = new int[pixels * outC];
    int[] expected = new int[acc.length];
    VectorKernelStudy.reference(x, pixels, inC, outC, w, bias, expected);
    int[] rows = new int[inC];
    int[] xs = new int[6 * inC];
    float[] fxs = new float[6 * inC];
    String[] names = {"int6x2", "int6x2g", "int1x8p", "float6x2", "float6x2g", "float1x8p",
        "float6x2gi", "floatM6x2g"};
    K[] ks = {
        () -> VectorKernelStudy.int6x2(x, pixels, inC, outC, w16, bias, acc),
        () -> int6x2g(x, pixels, inC, outC, w16, bias, acc, rows, xs),
        () -> int1x8p(x, pixels, inC, outC, w64, bias, acc, rows, xs),
        () -> float6x2g(x, pixels, inC, outC, f16, fbias, acc, rows, fxs, xs, true),
        () -> float6x2g(x, pixels, inC, outC, f16, fbias, acc, rows, fxs, xs, false),
        () -> float1x8p(x, pixels, inC, outC, f64, fbias, acc, rows, fxs),
        () -> float6x2gi(x, pixels, inC, outC, w16, fbias, acc, rows, fxs, xs, f16),
        () -> floatM6x2g(x, pixels, inC, outC, f16, mbias, acc, rows, fxs, xs),
    };
    System.out.printf("%d pixels, %d -> %d, %.3f of the inputs zero, accumulator bound %d (%s"
        + " 2^24), %s%n", pixels, inC, outC, zeros / (double) x.length, bound,
        bound < (1 << 24) ? "<" : ">=", System.getProperty("java.version"));
    long[][] times = new long[ks.length][rounds];
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)
        java.lang.management.ManagementFactory.getThreadMXBean();
    long[] alloc = new long[ks.length];
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < ks.length; k++) {
        java.util.Arrays.fill(acc, 0);
        long a0 = mx.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        ks[k].run();
        times[k][round] = System.nanoTime() - t0;
        alloc[k] = mx.getCurrentThreadAllocatedBytes() - a0;
        if (!java.util.Arrays.equals(acc, expected)) {
          throw new AssertionError(names[k]);
        }
      }
    }
    // Medians over the second half of the rounds; the ratio is the median of the per-round
    // ratios (each candidate against int6x2 of the same round: robust to a changing load).
    double macs = (double) pixels * inC * outC;
    int half = rounds - rounds / 2;
    for (int k = 0; k < ks.length; k++) {
      long[] t = java.util.Arrays.copyOfRange(times[k], rounds / 2, rounds);
      double[] ratio = new double[half];
      for (int i = 0; i < half; i++) {
        ratio[i] = times[k][rounds / 2 + i] / (double) times[0][rounds / 2 + i];
      }
      java.util.Arrays.sort(t);
      java.util.Arrays.sort(ratio);
      long median = t[half / 2];
      System.out.printf("%-10s %8.3f ms %6.2f G MAC/s  time / int6x2 %.2f (paired median)"
          + "  alloc %d B%n", names[k], median / 1e6, macs / median, ratio[half / 2], alloc[k]);
    }
  }
}

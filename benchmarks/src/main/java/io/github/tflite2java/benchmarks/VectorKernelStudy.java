package io.github.tflite2java.benchmarks;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Hand-written pointwise (1x1) convolution kernels on {@code jdk.incubator.vector}, 256-bit
 * (AVX2: 16 ymm registers), for {@link LayerKernelBench}: candidate register blockings and weight
 * types for the vector backend. Each computes the int32 accumulators {@code bias + sum x * w}
 * ({@code x} centered activations, {@code [pixels][inC]}; {@code w} centered weights) into
 * {@code acc[pixels][outC]}; requantization is left out (it is the same for all of them).
 *
 * <p>Float kernels are exact: every product of two centered 8-bit values is an integer of at
 * most 255 * 255 in magnitude, so a float sum of at most {@link #CHUNK} of them stays an integer
 * below 2^24 and every FMA rounds to itself. The sums of chunks are added as ints.
 */
final class VectorKernelStudy {
  static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
  static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  static final VectorSpecies<Byte> B64 = ByteVector.SPECIES_64;
  /** Products per exact float partial sum: 258 * 255 * 255 < 2^24. */
  static final int CHUNK = 256;

  private VectorKernelStudy() {}

  /** {@code w[inC][outC]} (centered) laid out {@code [outC / block][inC][block]}. */
  static int[] blockInts(int[] w, int inC, int outC, int block) {
    int[] b = new int[w.length];
    for (int ic = 0; ic < inC; ic++) {
      for (int oc = 0; oc < outC; oc++) {
        b[((oc / block) * inC + ic) * block + oc % block] = w[ic * outC + oc];
      }
    }
    return b;
  }

  static float[] toFloats(int[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = a[i];
    }
    return f;
  }

  // ------------------------------------------------------------- int, 6 pixels x 16 channels

  static void int6x2(int[] x, int pixels, int inC, int outC, int[] wb, int[] bias, int[] acc) {
    for (int c0 = 0; c0 < outC; c0 += 16) {
      int p = 0;
      for (; p + 6 <= pixels; p += 6) {
        int6x2Block(x, p * inC, inC, outC, wb, bias, acc, p * outC + c0, c0);
      }
      for (; p < pixels; p++) {
        int1x2Block(x, p * inC, inC, outC, wb, bias, acc, p * outC + c0, c0);
      }
    }
  }

  static void int6x2Block(int[] t, int in, int inC, int outC, int[] w, int[] bias, int[] out,
      int o, int c0) {
    IntVector b0 = IntVector.fromArray(I, bias, c0), b1 = IntVector.fromArray(I, bias, c0 + 8);
    IntVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1,
        a40 = b0, a41 = b1, a50 = b0, a51 = b1;
    int wb = c0 * inC;
    for (int ic = 0; ic < inC; ic++) {
      int wi = wb + ic * 16;
      IntVector w0 = IntVector.fromArray(I, w, wi), w1 = IntVector.fromArray(I, w, wi + 8);
      int x0 = t[in + ic], x1 = t[in + inC + ic], x2 = t[in + 2 * inC + ic],
          x3 = t[in + 3 * inC + ic], x4 = t[in + 4 * inC + ic], x5 = t[in + 5 * inC + ic];
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

  static void int1x2Block(int[] t, int in, int inC, int outC, int[] w, int[] bias, int[] out,
      int o, int c0) {
    IntVector a0 = IntVector.fromArray(I, bias, c0), a1 = IntVector.fromArray(I, bias, c0 + 8);
    int wb = c0 * inC;
    for (int ic = 0; ic < inC; ic++) {
      int wi = wb + ic * 16;
      int x0 = t[in + ic];
      a0 = a0.add(IntVector.fromArray(I, w, wi).mul(x0));
      a1 = a1.add(IntVector.fromArray(I, w, wi + 8).mul(x0));
    }
    a0.intoArray(out, o);
    a1.intoArray(out, o + 8);
  }

  // ------------------------------------------------------------- int, 3 pixels x 32 channels

  static void int3x4(int[] x, int pixels, int inC, int outC, int[] wb, int[] bias, int[] acc) {
    for (int c0 = 0; c0 < outC; c0 += 32) {
      int p = 0;
      for (; p + 3 <= pixels; p += 3) {
        int3x4Block(x, p * inC, inC, outC, wb, bias, acc, p * outC + c0, c0);
      }
      for (; p < pixels; p++) {
        int3x4Block1(x, p * inC, inC, outC, wb, bias, acc, p * outC + c0, c0);
      }
    }
  }

  static void int3x4Block(int[] t, int in, int inC, int outC, int[] w, int[] bias, int[] out,
      int o, int c0) {
    IntVector b0 = IntVector.fromArray(I, bias, c0), b1 = IntVector.fromArray(I, bias, c0 + 8),
        b2 = IntVector.fromArray(I, bias, c0 + 16), b3 = IntVector.fromArray(I, bias, c0 + 24);
    IntVector a00 = b0, a01 = b1, a02 = b2, a03 = b3, a10 = b0, a11 = b1, a12 = b2, a13 = b3,
        a20 = b0, a21 = b1, a22 = b2, a23 = b3;
    int wb = c0 * inC;
    for (int ic = 0; ic < inC; ic++) {
      int wi = wb + ic * 32;
      int x0 = t[in + ic], x1 = t[in + inC + ic], x2 = t[in + 2 * inC + ic];
      IntVector w0 = IntVector.fromArray(I, w, wi);
      a00 = a00.add(w0.mul(x0)); a10 = a10.add(w0.mul(x1)); a20 = a20.add(w0.mul(x2));
      IntVector w1 = IntVector.fromArray(I, w, wi + 8);
      a01 = a01.add(w1.mul(x0)); a11 = a11.add(w1.mul(x1)); a21 = a21.add(w1.mul(x2));
      IntVector w2 = IntVector.fromArray(I, w, wi + 16);
      a02 = a02.add(w2.mul(x0)); a12 = a12.add(w2.mul(x1)); a22 = a22.add(w2.mul(x2));
      IntVector w3 = IntVector.fromArray(I, w, wi + 24);
      a03 = a03.add(w3.mul(x0)); a13 = a13.add(w3.mul(x1)); a23 = a23.add(w3.mul(x2));
    }
    a00.intoArray(out, o); a01.intoArray(out, o + 8); a02.intoArray(out, o + 16);
    a03.intoArray(out, o + 24);
    a10.intoArray(out, o + outC); a11.intoArray(out, o + outC + 8);
    a12.intoArray(out, o + outC + 16); a13.intoArray(out, o + outC + 24);
    a20.intoArray(out, o + 2 * outC); a21.intoArray(out, o + 2 * outC + 8);
    a22.intoArray(out, o + 2 * outC + 16); a23.intoArray(out, o + 2 * outC + 24);
  }

  static void int3x4Block1(int[] t, int in, int inC, int outC, int[] w, int[] bias, int[] out,
      int o, int c0) {
    IntVector a0 = IntVector.fromArray(I, bias, c0), a1 = IntVector.fromArray(I, bias, c0 + 8),
        a2 = IntVector.fromArray(I, bias, c0 + 16), a3 = IntVector.fromArray(I, bias, c0 + 24);
    int wb = c0 * inC;
    for (int ic = 0; ic < inC; ic++) {
      int wi = wb + ic * 32;
      int x0 = t[in + ic];
      a0 = a0.add(IntVector.fromArray(I, w, wi).mul(x0));
      a1 = a1.add(IntVector.fromArray(I, w, wi + 8).mul(x0));
      a2 = a2.add(IntVector.fromArray(I, w, wi + 16).mul(x0));
      a3 = a3.add(IntVector.fromArray(I, w, wi + 24).mul(x0));
    }
    a0.intoArray(out, o); a1.intoArray(out, o + 8); a2.intoArray(out, o + 16);
    a3.intoArray(out, o + 24);
  }

  // ------------------------------------- byte weights (raw uint8), widened in-register, 6 x 16

  /**
   * Raw uint8 weights {@code [outC/16][inC][16]}, zero-extended in-register; the zero point's
   * cross term {@code -zp * sum(x)} is added per pixel (int arithmetic wraps, so the result
   * equals the centered sum exactly).
   */
  static void byte6x2(int[] x, int pixels, int inC, int outC, byte[] wb, int zp, int[] bias,
      int[] acc) {
    for (int c0 = 0; c0 < outC; c0 += 16) {
      int p = 0;
      for (; p + 6 <= pixels; p += 6) {
        byte6x2Block(x, p * inC, inC, outC, wb, zp, bias, acc, p * outC + c0, c0);
      }
      for (; p < pixels; p++) {
        byte1x2Block(x, p * inC, inC, outC, wb, zp, bias, acc, p * outC + c0, c0);
      }
    }
  }

  static IntVector widen(byte[] w, int i) {
    return (IntVector) ByteVector.fromArray(B64, w, i)
        .convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0);
  }

  static void byte6x2Block(int[] t, int in, int inC, int outC, byte[] w, int zp, int[] bias,
      int[] out, int o, int c0) {
    IntVector a00 = I.zero().reinterpretAsInts(), a01 = a00, a10 = a00, a11 = a00, a20 = a00,
        a21 = a00, a30 = a00, a31 = a00, a40 = a00, a41 = a00, a50 = a00, a51 = a00;
    int s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0;
    int wb = c0 * inC;
    for (int ic = 0; ic < inC; ic++) {
      int wi = wb + ic * 16;
      IntVector w0 = widen(w, wi), w1 = widen(w, wi + 8);
      int x0 = t[in + ic], x1 = t[in + inC + ic], x2 = t[in + 2 * inC + ic],
          x3 = t[in + 3 * inC + ic], x4 = t[in + 4 * inC + ic], x5 = t[in + 5 * inC + ic];
      s0 += x0; s1 += x1; s2 += x2; s3 += x3; s4 += x4; s5 += x5;
      a00 = a00.add(w0.mul(x0)); a01 = a01.add(w1.mul(x0));
      a10 = a10.add(w0.mul(x1)); a11 = a11.add(w1.mul(x1));
      a20 = a20.add(w0.mul(x2)); a21 = a21.add(w1.mul(x2));
      a30 = a30.add(w0.mul(x3)); a31 = a31.add(w1.mul(x3));
      a40 = a40.add(w0.mul(x4)); a41 = a41.add(w1.mul(x4));
      a50 = a50.add(w0.mul(x5)); a51 = a51.add(w1.mul(x5));
    }
    IntVector b0 = IntVector.fromArray(I, bias, c0), b1 = IntVector.fromArray(I, bias, c0 + 8);
    a00.add(b0).sub(zp * s0).intoArray(out, o); a01.add(b1).sub(zp * s0).intoArray(out, o + 8);
    a10.add(b0).sub(zp * s1).intoArray(out, o + outC);
    a11.add(b1).sub(zp * s1).intoArray(out, o + outC + 8);
    a20.add(b0).sub(zp * s2).intoArray(out, o + 2 * outC);
    a21.add(b1).sub(zp * s2).intoArray(out, o + 2 * outC + 8);
    a30.add(b0).sub(zp * s3).intoArray(out, o + 3 * outC);
    a31.add(b1).sub(zp * s3).intoArray(out, o + 3 * outC + 8);
    a40.add(b0).sub(zp * s4).intoArray(out, o + 4 * outC);
    a41.add(b1).sub(zp * s4).intoArray(out, o + 4 * outC + 8);
    a50.add(b0).sub(zp * s5).intoArray(out, o + 5 * outC);
    a51.add(b1).sub(zp * s5).intoArray(out, o + 5 * outC + 8);
  }

  static void byte1x2Block(int[] t, int in, int inC, int outC, byte[] w, int zp, int[] bias,
      int[] out, int o, int c0) {
    IntVector a0 = IntVector.fromArray(I, bias, c0), a1 = IntVector.fromArray(I, bias, c0 + 8);
    int s = 0;
    int wb = c0 * inC;
    for (int ic = 0; ic < inC; ic++) {
      int wi = wb + ic * 16;
      int x0 = t[in + ic];
      s += x0;
      a0 = a0.add(widen(w, wi).mul(x0));
      a1 = a1.add(widen(w, wi + 8).mul(x0));
    }
    a0.sub(zp * s).intoArray(out, o);
    a1.sub(zp * s).intoArray(out, o + 8);
  }

  // ------------------------------------------- float FMA, exact in chunks, 7 pixels x 16 channels

  /** Float weights {@code [outC/16][inC][16]}; activations converted to float per broadcast. */
  static void float7x2(int[] x, int pixels, int inC, int outC, float[] wb, int[] bias,
      int[] acc) {
    for (int c0 = 0; c0 < outC; c0 += 16) {
      int p = 0;
      for (; p + 7 <= pixels; p += 7) {
        float7x2Block(x, p * inC, inC, outC, wb, bias, acc, p * outC + c0, c0);
      }
      for (; p < pixels; p++) {
        float1x2Block(x, p * inC, inC, outC, wb, bias, acc, p * outC + c0, c0);
      }
    }
  }

  static void float7x2Block(int[] t, int in, int inC, int outC, float[] w, int[] bias,
      int[] out, int o, int c0) {
    IntVector b0 = IntVector.fromArray(I, bias, c0), b1 = IntVector.fromArray(I, bias, c0 + 8);
    IntVector i00 = b0, i01 = b1, i10 = b0, i11 = b1, i20 = b0, i21 = b1, i30 = b0, i31 = b1,
        i40 = b0, i41 = b1, i50 = b0, i51 = b1, i60 = b0, i61 = b1;
    int wb = c0 * inC;
    for (int c = 0; c < inC; c += CHUNK) {
      int end = Math.min(inC, c + CHUNK);
      FloatVector a00 = FloatVector.zero(F), a01 = a00, a10 = a00, a11 = a00, a20 = a00,
          a21 = a00, a30 = a00, a31 = a00, a40 = a00, a41 = a00, a50 = a00, a51 = a00,
          a60 = a00, a61 = a00;
      for (int ic = c; ic < end; ic++) {
        int wi = wb + ic * 16;
        FloatVector w0 = FloatVector.fromArray(F, w, wi), w1 = FloatVector.fromArray(F, w, wi + 8);
        FloatVector x0 = bc(t[in + ic]), x1 = bc(t[in + inC + ic]), x2 = bc(t[in + 2 * inC + ic]),
            x3 = bc(t[in + 3 * inC + ic]), x4 = bc(t[in + 4 * inC + ic]), x5 = bc(t[in + 5 * inC + ic]),
            x6 = bc(t[in + 6 * inC + ic]);
        a00 = w0.fma(x0, a00); a01 = w1.fma(x0, a01);
        a10 = w0.fma(x1, a10); a11 = w1.fma(x1, a11);
        a20 = w0.fma(x2, a20); a21 = w1.fma(x2, a21);
        a30 = w0.fma(x3, a30); a31 = w1.fma(x3, a31);
        a40 = w0.fma(x4, a40); a41 = w1.fma(x4, a41);
        a50 = w0.fma(x5, a50); a51 = w1.fma(x5, a51);
        a60 = w0.fma(x6, a60); a61 = w1.fma(x6, a61);
      }
      i00 = i00.add(toInt(a00)); i01 = i01.add(toInt(a01));
      i10 = i10.add(toInt(a10)); i11 = i11.add(toInt(a11));
      i20 = i20.add(toInt(a20)); i21 = i21.add(toInt(a21));
      i30 = i30.add(toInt(a30)); i31 = i31.add(toInt(a31));
      i40 = i40.add(toInt(a40)); i41 = i41.add(toInt(a41));
      i50 = i50.add(toInt(a50)); i51 = i51.add(toInt(a51));
      i60 = i60.add(toInt(a60)); i61 = i61.add(toInt(a61));
    }
    i00.intoArray(out, o); i01.intoArray(out, o + 8);
    i10.intoArray(out, o + outC); i11.intoArray(out, o + outC + 8);
    i20.intoArray(out, o + 2 * outC); i21.intoArray(out, o + 2 * outC + 8);
    i30.intoArray(out, o + 3 * outC); i31.intoArray(out, o + 3 * outC + 8);
    i40.intoArray(out, o + 4 * outC); i41.intoArray(out, o + 4 * outC + 8);
    i50.intoArray(out, o + 5 * outC); i51.intoArray(out, o + 5 * outC + 8);
    i60.intoArray(out, o + 6 * outC); i61.intoArray(out, o + 6 * outC + 8);
  }

  static FloatVector bc(int v) {
    return FloatVector.broadcast(F, (float) v);
  }

  static IntVector toInt(FloatVector v) {
    return (IntVector) v.convert(VectorOperators.F2I, 0);
  }

  static void float1x2Block(int[] t, int in, int inC, int outC, float[] w, int[] bias,
      int[] out, int o, int c0) {
    IntVector i0 = IntVector.fromArray(I, bias, c0), i1 = IntVector.fromArray(I, bias, c0 + 8);
    int wb = c0 * inC;
    for (int c = 0; c < inC; c += CHUNK) {
      int end = Math.min(inC, c + CHUNK);
      FloatVector a0 = FloatVector.zero(F), a1 = a0;
      for (int ic = c; ic < end; ic++) {
        int wi = wb + ic * 16;
        FloatVector x0 = bc(t[in + ic]);
        a0 = FloatVector.fromArray(F, w, wi).fma(x0, a0);
        a1 = FloatVector.fromArray(F, w, wi + 8).fma(x0, a1);
      }
      i0 = i0.add(toInt(a0));
      i1 = i1.add(toInt(a1));
    }
    i0.intoArray(out, o);
    i1.intoArray(out, o + 8);
  }

  // ------------------------------------------- float FMA, exact in chunks, 3 pixels x 32 channels

  static void float3x4(int[] x, int pixels, int inC, int outC, float[] wb, int[] bias,
      int[] acc) {
    for (int c0 = 0; c0 < outC; c0 += 32) {
      int p = 0;
      for (; p + 3 <= pixels; p += 3) {
        float3x4Block(x, p * inC, inC, outC, wb, bias, acc, p * outC + c0, c0, 3);
      }
      for (; p < pixels; p++) {
        float3x4Block(x, p * inC, inC, outC, wb, bias, acc, p * outC + c0, c0, 1);
      }
    }
  }

  /** {@code n} = 3 pixels, or 1 (the rows of the others are read from pixel 0 again). */
  static void float3x4Block(int[] t, int in, int inC, int outC, float[] w, int[] bias,
      int[] out, int o, int c0, int n) {
    int r1 = n > 1 ? inC : 0, r2 = n > 2 ? 2 * inC : 0;
    IntVector b0 = IntVector.fromArray(I, bias, c0), b1 = IntVector.fromArray(I, bias, c0 + 8),
        b2 = IntVector.fromArray(I, bias, c0 + 16), b3 = IntVector.fromArray(I, bias, c0 + 24);
    IntVector i00 = b0, i01 = b1, i02 = b2, i03 = b3, i10 = b0, i11 = b1, i12 = b2, i13 = b3,
        i20 = b0, i21 = b1, i22 = b2, i23 = b3;
    int wb = c0 * inC;
    for (int c = 0; c < inC; c += CHUNK) {
      int end = Math.min(inC, c + CHUNK);
      FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00, a10 = a00,
          a11 = a00, a12 = a00, a13 = a00, a20 = a00, a21 = a00, a22 = a00, a23 = a00;
      for (int ic = c; ic < end; ic++) {
        int wi = wb + ic * 32;
        FloatVector x0 = bc(t[in + ic]), x1 = bc(t[in + r1 + ic]), x2 = bc(t[in + r2 + ic]);
        FloatVector w0 = FloatVector.fromArray(F, w, wi);
        a00 = w0.fma(x0, a00); a10 = w0.fma(x1, a10); a20 = w0.fma(x2, a20);
        FloatVector w1 = FloatVector.fromArray(F, w, wi + 8);
        a01 = w1.fma(x0, a01); a11 = w1.fma(x1, a11); a21 = w1.fma(x2, a21);
        FloatVector w2 = FloatVector.fromArray(F, w, wi + 16);
        a02 = w2.fma(x0, a02); a12 = w2.fma(x1, a12); a22 = w2.fma(x2, a22);
        FloatVector w3 = FloatVector.fromArray(F, w, wi + 24);
        a03 = w3.fma(x0, a03); a13 = w3.fma(x1, a13); a23 = w3.fma(x2, a23);
      }
      i00 = i00.add(toInt(a00)); i01 = i01.add(toInt(a01));
      i02 = i02.add(toInt(a02)); i03 = i03.add(toInt(a03));
      i10 = i10.add(toInt(a10)); i11 = i11.add(toInt(a11));
      i12 = i12.add(toInt(a12)); i13 = i13.add(toInt(a13));
      i20 = i20.add(toInt(a20)); i21 = i21.add(toInt(a21));
      i22 = i22.add(toInt(a22)); i23 = i23.add(toInt(a23));
    }
    i00.intoArray(out, o); i01.intoArray(out, o + 8); i02.intoArray(out, o + 16);
    i03.intoArray(out, o + 24);
    if (n > 1) {
      i10.intoArray(out, o + outC); i11.intoArray(out, o + outC + 8);
      i12.intoArray(out, o + outC + 16); i13.intoArray(out, o + outC + 24);
    }
    if (n > 2) {
      i20.intoArray(out, o + 2 * outC); i21.intoArray(out, o + 2 * outC + 8);
      i22.intoArray(out, o + 2 * outC + 16); i23.intoArray(out, o + 2 * outC + 24);
    }
  }

  // ------------------------------------------------------------------ reference (plain Java)

  static void reference(int[] x, int pixels, int inC, int outC, int[] w, int[] bias,
      int[] acc) {
    for (int p = 0; p < pixels; p++) {
      for (int oc = 0; oc < outC; oc++) {
        int s = bias[oc];
        for (int ic = 0; ic < inC; ic++) {
          s += x[p * inC + ic] * w[ic * outC + oc];
        }
        acc[p * outC + oc] = s;
      }
    }
  }

  // ----------------- float FMA, one exact float sum (accumulator bound below 2^24), 7 x 16

  /**
   * For layers whose accumulators (bias included) stay within 2^24 in magnitude for every input
   * (a bound the compiler has from the layer's weights): one float sum per output, bias first,
   * converted to int once.
   */
  static void floatB7x2(int[] x, int pixels, int inC, int outC, float[] wb, float[] bias,
      int[] acc) {
    for (int c0 = 0; c0 < outC; c0 += 16) {
      int p = 0;
      for (; p + 7 <= pixels; p += 7) {
        floatB7x2Block(x, p * inC, inC, outC, wb, bias, acc, p * outC + c0, c0);
      }
      for (; p < pixels; p++) {
        floatB1x2Block(x, p * inC, inC, outC, wb, bias, acc, p * outC + c0, c0);
      }
    }
  }

  static void floatB7x2Block(int[] t, int in, int inC, int outC, float[] w, float[] bias,
      int[] out, int o, int c0) {
    FloatVector b0 = FloatVector.fromArray(F, bias, c0), b1 = FloatVector.fromArray(F, bias, c0 + 8);
    FloatVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1,
        a40 = b0, a41 = b1, a50 = b0, a51 = b1, a60 = b0, a61 = b1;
    int wb = c0 * inC;
    for (int ic = 0; ic < inC; ic++) {
      int wi = wb + ic * 16;
      FloatVector w0 = FloatVector.fromArray(F, w, wi), w1 = FloatVector.fromArray(F, w, wi + 8);
      FloatVector x0 = FloatVector.broadcast(F, (float) t[in + ic]);
      a00 = w0.fma(x0, a00); a01 = w1.fma(x0, a01);
      FloatVector x1 = FloatVector.broadcast(F, (float) t[in + inC + ic]);
      a10 = w0.fma(x1, a10); a11 = w1.fma(x1, a11);
      FloatVector x2 = FloatVector.broadcast(F, (float) t[in + 2 * inC + ic]);
      a20 = w0.fma(x2, a20); a21 = w1.fma(x2, a21);
      FloatVector x3 = FloatVector.broadcast(F, (float) t[in + 3 * inC + ic]);
      a30 = w0.fma(x3, a30); a31 = w1.fma(x3, a31);
      FloatVector x4 = FloatVector.broadcast(F, (float) t[in + 4 * inC + ic]);
      a40 = w0.fma(x4, a40); a41 = w1.fma(x4, a41);
      FloatVector x5 = FloatVector.broadcast(F, (float) t[in + 5 * inC + ic]);
      a50 = w0.fma(x5, a50); a51 = w1.fma(x5, a51);
      FloatVector x6 = FloatVector.broadcast(F, (float) t[in + 6 * inC + ic]);
      a60 = w0.fma(x6, a60); a61 = w1.fma(x6, a61);
    }
    toInt(a00).intoArray(out, o);
    toInt(a01).intoArray(out, o + 8);
    toInt(a10).intoArray(out, o + outC);
    toInt(a11).intoArray(out, o + outC + 8);
    toInt(a20).intoArray(out, o + 2 * outC);
    toInt(a21).intoArray(out, o + 2 * outC + 8);
    toInt(a30).intoArray(out, o + 3 * outC);
    toInt(a31).intoArray(out, o + 3 * outC + 8);
    toInt(a40).intoArray(out, o + 4 * outC);
    toInt(a41).intoArray(out, o + 4 * outC + 8);
    toInt(a50).intoArray(out, o + 5 * outC);
    toInt(a51).intoArray(out, o + 5 * outC + 8);
    toInt(a60).intoArray(out, o + 6 * outC);
    toInt(a61).intoArray(out, o + 6 * outC + 8);
  }

  static void floatB1x2Block(int[] t, int in, int inC, int outC, float[] w, float[] bias,
      int[] out, int o, int c0) {
    FloatVector a0 = FloatVector.fromArray(F, bias, c0), a1 = FloatVector.fromArray(F, bias, c0 + 8);
    int wb = c0 * inC;
    for (int ic = 0; ic < inC; ic++) {
      int wi = wb + ic * 16;
      FloatVector x0 = FloatVector.broadcast(F, (float) t[in + ic]);
      a0 = FloatVector.fromArray(F, w, wi).fma(x0, a0);
      a1 = FloatVector.fromArray(F, w, wi + 8).fma(x0, a1);
    }
    toInt(a0).intoArray(out, o);
    toInt(a1).intoArray(out, o + 8);
  }

  /** 1.5 * 2^23: an integer v with |v| < 2^22 plus MAGIC has the bits 0x4B400000 + v. */
  static final float MAGIC = 12582912f;

  static IntVector magic(FloatVector v) {
    return v.reinterpretAsInts().sub(0x4B400000);
  }

  /** As floatB7x2, the bias pre-offset by {@link #MAGIC} (accumulators within 2^22): no conversion. */
  static void floatM7x2(int[] x, int pixels, int inC, int outC, float[] wb, float[] biasM,
      int[] acc) {
    for (int c0 = 0; c0 < outC; c0 += 16) {
      int p = 0;
      for (; p + 7 <= pixels; p += 7) {
        floatM7x2Block(x, p * inC, inC, outC, wb, biasM, acc, p * outC + c0, c0);
      }
      for (; p < pixels; p++) {
        floatM1x2Block(x, p * inC, inC, outC, wb, biasM, acc, p * outC + c0, c0);
      }
    }
  }

  static void floatM7x2Block(int[] t, int in, int inC, int outC, float[] w, float[] bias,
      int[] out, int o, int c0) {
    FloatVector b0 = FloatVector.fromArray(F, bias, c0), b1 = FloatVector.fromArray(F, bias, c0 + 8);
    FloatVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1,
        a40 = b0, a41 = b1, a50 = b0, a51 = b1, a60 = b0, a61 = b1;
    int wb = c0 * inC;
    for (int ic = 0; ic < inC; ic++) {
      int wi = wb + ic * 16;
      FloatVector w0 = FloatVector.fromArray(F, w, wi), w1 = FloatVector.fromArray(F, w, wi + 8);
      FloatVector x0 = FloatVector.broadcast(F, (float) t[in + ic]);
      a00 = w0.fma(x0, a00); a01 = w1.fma(x0, a01);
      FloatVector x1 = FloatVector.broadcast(F, (float) t[in + inC + ic]);
      a10 = w0.fma(x1, a10); a11 = w1.fma(x1, a11);
      FloatVector x2 = FloatVector.broadcast(F, (float) t[in + 2 * inC + ic]);
      a20 = w0.fma(x2, a20); a21 = w1.fma(x2, a21);
      FloatVector x3 = FloatVector.broadcast(F, (float) t[in + 3 * inC + ic]);
      a30 = w0.fma(x3, a30); a31 = w1.fma(x3, a31);
      FloatVector x4 = FloatVector.broadcast(F, (float) t[in + 4 * inC + ic]);
      a40 = w0.fma(x4, a40); a41 = w1.fma(x4, a41);
      FloatVector x5 = FloatVector.broadcast(F, (float) t[in + 5 * inC + ic]);
      a50 = w0.fma(x5, a50); a51 = w1.fma(x5, a51);
      FloatVector x6 = FloatVector.broadcast(F, (float) t[in + 6 * inC + ic]);
      a60 = w0.fma(x6, a60); a61 = w1.fma(x6, a61);
    }
    magic(a00).intoArray(out, o);
    magic(a01).intoArray(out, o + 8);
    magic(a10).intoArray(out, o + outC);
    magic(a11).intoArray(out, o + outC + 8);
    magic(a20).intoArray(out, o + 2 * outC);
    magic(a21).intoArray(out, o + 2 * outC + 8);
    magic(a30).intoArray(out, o + 3 * outC);
    magic(a31).intoArray(out, o + 3 * outC + 8);
    magic(a40).intoArray(out, o + 4 * outC);
    magic(a41).intoArray(out, o + 4 * outC + 8);
    magic(a50).intoArray(out, o + 5 * outC);
    magic(a51).intoArray(out, o + 5 * outC + 8);
    magic(a60).intoArray(out, o + 6 * outC);
    magic(a61).intoArray(out, o + 6 * outC + 8);
  }

  /** As floatB6x2, the bias pre-offset by {@link #MAGIC} (accumulators within 2^22): no conversion. */
  static void floatM6x2(int[] x, int pixels, int inC, int outC, float[] wb, float[] biasM,
      int[] acc) {
    for (int c0 = 0; c0 < outC; c0 += 16) {
      int p = 0;
      for (; p + 6 <= pixels; p += 6) {
        floatM6x2Block(x, p * inC, inC, outC, wb, biasM, acc, p * outC + c0, c0);
      }
      for (; p < pixels; p++) {
        floatM1x2Block(x, p * inC, inC, outC, wb, biasM, acc, p * outC + c0, c0);
      }
    }
  }

  static void floatM6x2Block(int[] t, int in, int inC, int outC, float[] w, float[] bias,
      int[] out, int o, int c0) {
    FloatVector b0 = FloatVector.fromArray(F, bias, c0), b1 = FloatVector.fromArray(F, bias, c0 + 8);
    FloatVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1,
        a40 = b0, a41 = b1, a50 = b0, a51 = b1;
    int wb = c0 * inC;
    for (int ic = 0; ic < inC; ic++) {
      int wi = wb + ic * 16;
      FloatVector w0 = FloatVector.fromArray(F, w, wi), w1 = FloatVector.fromArray(F, w, wi + 8);
      FloatVector x0 = FloatVector.broadcast(F, (float) t[in + ic]);
      a00 = w0.fma(x0, a00); a01 = w1.fma(x0, a01);
      FloatVector x1 = FloatVector.broadcast(F, (float) t[in + inC + ic]);
      a10 = w0.fma(x1, a10); a11 = w1.fma(x1, a11);
      FloatVector x2 = FloatVector.broadcast(F, (float) t[in + 2 * inC + ic]);
      a20 = w0.fma(x2, a20); a21 = w1.fma(x2, a21);
      FloatVector x3 = FloatVector.broadcast(F, (float) t[in + 3 * inC + ic]);
      a30 = w0.fma(x3, a30); a31 = w1.fma(x3, a31);
      FloatVector x4 = FloatVector.broadcast(F, (float) t[in + 4 * inC + ic]);
      a40 = w0.fma(x4, a40); a41 = w1.fma(x4, a41);
      FloatVector x5 = FloatVector.broadcast(F, (float) t[in + 5 * inC + ic]);
      a50 = w0.fma(x5, a50); a51 = w1.fma(x5, a51);
    }
    magic(a00).intoArray(out, o);
    magic(a01).intoArray(out, o + 8);
    magic(a10).intoArray(out, o + outC);
    magic(a11).intoArray(out, o + outC + 8);
    magic(a20).intoArray(out, o + 2 * outC);
    magic(a21).intoArray(out, o + 2 * outC + 8);
    magic(a30).intoArray(out, o + 3 * outC);
    magic(a31).intoArray(out, o + 3 * outC + 8);
    magic(a40).intoArray(out, o + 4 * outC);
    magic(a41).intoArray(out, o + 4 * outC + 8);
    magic(a50).intoArray(out, o + 5 * outC);
    magic(a51).intoArray(out, o + 5 * outC + 8);
  }

  static void floatM1x2Block(int[] t, int in, int inC, int outC, float[] w, float[] bias,
      int[] out, int o, int c0) {
    FloatVector a0 = FloatVector.fromArray(F, bias, c0), a1 = FloatVector.fromArray(F, bias, c0 + 8);
    int wb = c0 * inC;
    for (int ic = 0; ic < inC; ic++) {
      int wi = wb + ic * 16;
      FloatVector x0 = FloatVector.broadcast(F, (float) t[in + ic]);
      a0 = FloatVector.fromArray(F, w, wi).fma(x0, a0);
      a1 = FloatVector.fromArray(F, w, wi + 8).fma(x0, a1);
    }
    magic(a0).intoArray(out, o);
    magic(a1).intoArray(out, o + 8);
  }

  // ------------------------------------------------------------------ quick harness

  interface K { void run(); }

  /** {@code java --add-modules jdk.incubator.vector VectorKernelStudy pixels inC rounds zeros}. */
  public static void main(String[] args) {
    int pixels = Integer.parseInt(args[0]), inC = Integer.parseInt(args[1]), outC = inC;
    int rounds = Integer.parseInt(args[2]);
    double zeros = Double.parseDouble(args[3]);
    java.util.Random r = new java.util.Random(7);
    int zp = 119;
    int[] x = new int[pixels * inC];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble() < zeros ? 0 : 1 + r.nextInt(255);
    }
    int[] w = new int[inC * outC];
    for (int i = 0; i < w.length; i++) {
      w[i] = r.nextInt(256) - zp;
    }
    int[] bias = new int[outC];
    float[] fbias = new float[outC];
    for (int i = 0; i < outC; i++) {
      bias[i] = r.nextInt(20001) - 10000;
      fbias[i] = bias[i];
    }
    int[] w16 = blockInts(w, inC, outC, 16), w32 = blockInts(w, inC, outC, 32);
    float[] f16 = toFloats(w16), f32 = toFloats(w32);
    byte[] raw16 = new byte[w16.length];
    for (int i = 0; i < raw16.length; i++) {
      raw16[i] = (byte) (w16[i] + zp);
    }
    int[] acc = new int[pixels * outC];
    int[] expected = new int[acc.length];
    reference(x, pixels, inC, outC, w, bias, expected);
    float[] mbias = new float[outC];
    for (int i = 0; i < outC; i++) {
      mbias[i] = bias[i] + MAGIC;
    }
    String[] names = {"int6x2", "int3x4", "byte6x2", "float7x2", "float3x4", "floatB7x2",
        "floatM7x2", "floatM6x2"};
    K[] ks = {
        () -> int6x2(x, pixels, inC, outC, w16, bias, acc),
        () -> int3x4(x, pixels, inC, outC, w32, bias, acc),
        () -> byte6x2(x, pixels, inC, outC, raw16, zp, bias, acc),
        () -> float7x2(x, pixels, inC, outC, f16, bias, acc),
        () -> float3x4(x, pixels, inC, outC, f32, bias, acc),
        () -> floatB7x2(x, pixels, inC, outC, f16, fbias, acc),
        () -> floatM7x2(x, pixels, inC, outC, f16, mbias, acc),
        () -> floatM6x2(x, pixels, inC, outC, f16, mbias, acc),
    };
    long[][] times = new long[ks.length][rounds];
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
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
    double macs = (double) pixels * inC * outC;
    for (int k = 0; k < ks.length; k++) {
      long[] t = times[k];
      java.util.Arrays.sort(t, rounds / 2, rounds);
      long median = t[rounds / 2 + (rounds - rounds / 2) / 2];
      System.out.printf("%-10s %8.3f ms %6.2f G MAC/s  alloc %d B (last round)%n", names[k],
          median / 1e6, macs / median, alloc[k]);
    }
  }
}

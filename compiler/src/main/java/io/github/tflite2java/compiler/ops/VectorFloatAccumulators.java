package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.ops.VectorConv.FLOAT_EXACT;
import static io.github.tflite2java.compiler.ops.VectorConv.FLOAT_VECTOR;
import static io.github.tflite2java.compiler.ops.VectorConv.INT_VECTOR;
import static io.github.tflite2java.compiler.ops.VectorConv.LANES;
import static io.github.tflite2java.compiler.ops.VectorConv.MAGIC;
import static io.github.tflite2java.compiler.ops.VectorConv.MAGIC_BITS;
import static io.github.tflite2java.compiler.ops.VectorConv.SPECIES;

import com.squareup.javapoet.CodeBlock;

/**
 * The exact float accumulation both float convolution kernels share ({@link VectorConv}'s
 * pointwise one and {@link VectorWindowConv}'s window one): when it is exact, how the
 * accumulators start ({@code kernel bias + 1.5 * 2^23}, see {@link VectorConv#FLOAT_EXACT}) and
 * how they are read back as the int accumulators the requantization takes.
 */
final class VectorFloatAccumulators {
  private VectorFloatAccumulators() {}

  /**
   * The largest |accumulator - bias| of each output channel of {@code l} ({@link
   * VectorRequantizer#spreads} of its filter).
   */
  static long[] spreads(Conv2d.Plan l) {
    return VectorRequantizer.spreads(l.filter().data(), l.outC(), false, l.signedWeights(),
        l.filter().quant().zeroPoint(), l.in().type(), l.in().quant().zeroPoint());
  }

  /**
   * Whether float accumulation is exact for every input: for each channel, the accumulator's
   * start plus its spread is below {@link VectorConv#FLOAT_EXACT}. Every partial sum is then an
   * integer within that bound (whatever the inputs and their order), so each FMA rounds to
   * itself and the float sum, read back, equals the int32 sum lane by lane.
   */
  static boolean exact(int[] start, long[] spreads) {
    for (int c = 0; c < spreads.length; c++) {
      if (Math.abs((long) start[c]) + spreads[c] >= FLOAT_EXACT) {
        return false;
      }
    }
    return true;
  }

  /**
   * The accumulators' start per channel, {@code kernelBias + 1.5 * 2^23} as float bits (exact:
   * |kernelBias| < 2^22, see {@link #exact}), so that no int-to-float conversion runs per call.
   */
  static int[] startBits(int[] kernelBias) {
    int[] start = new int[kernelBias.length];
    for (int i = 0; i < start.length; i++) {
      start[i] = Float.floatToIntBits((float) kernelBias[i] + MAGIC);
    }
    return start;
  }

  /**
   * Statements declaring the start vectors {@code b0, b1} of channels {@code c0..c0+15} (read
   * from the int field {@code start}, {@link #startBits}) and the accumulators {@code fi0, fi1}
   * of {@code k} pixels.
   */
  static CodeBlock declare(String start, int k) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final $T b0 = $T.fromArray($N, $N, c0).reinterpretAsFloats()",
        FLOAT_VECTOR, INT_VECTOR, SPECIES, start);
    b.addStatement("final $T b1 = $T.fromArray($N, $N, c0 + $L).reinterpretAsFloats()",
        FLOAT_VECTOR, INT_VECTOR, SPECIES, start, LANES);
    for (int i = 0; i < k; i++) {
      b.addStatement("$T f$L0 = b0, f$L1 = b1", FLOAT_VECTOR, i, i);
    }
    return b.build();
  }

  /**
   * Statements declaring the int accumulators {@code ai0, ai1} of {@code k} pixels: the bits of
   * {@code fi0, fi1} minus {@link VectorConv#MAGIC_BITS}.
   */
  static CodeBlock toInts(int k) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (int i = 0; i < k; i++) {
      for (int v = 0; v < 2; v++) {
        b.addStatement("final $T a$L$L = f$L$L.reinterpretAsInts().sub(0x$L)", INT_VECTOR, i, v,
            i, v, Integer.toHexString(MAGIC_BITS));
      }
    }
    return b.build();
  }
}

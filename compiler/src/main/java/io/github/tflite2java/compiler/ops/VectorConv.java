package io.github.tflite2java.compiler.ops;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * CONV_2D kernels on {@code jdk.incubator.vector} for the vector companion class (compile
 * option {@code kernels=vector}). Today: pointwise (1x1, stride 1, no padding) layers whose
 * requantization has the exact 32-bit form ({@link VectorRequantizer}: per-tensor multipliers,
 * and int8 per-channel ones as per-lane vectors).
 *
 * <p>Shape (a register-blocked GEMM micro-kernel for 256-bit vectors, 16 of them on AVX2): the
 * output channels go in blocks of {@value #BLOCK} (two 8-lane vectors), the pixels in groups of
 * {@value #PIXELS}; the 12 accumulators of one group stay in registers while the input channels
 * are swept, each step loading one block row of weights (two vectors) and broadcasting one
 * activation per pixel. The weights are laid out at build time as {@code [outC / 16][inC][16]}
 * (the last block padded with zero weights), so every load is contiguous. Requantization runs on
 * the same vectors with {@link VectorRequantizer}'s exact 32-bit arithmetic, lane by lane equal to
 * the scalar code.
 */
final class VectorConv {
  static final ClassName INT_VECTOR = ClassName.get("jdk.incubator.vector", "IntVector");
  static final ClassName OPS = ClassName.get("jdk.incubator.vector", "VectorOperators");
  static final ClassName MASK = ClassName.get("jdk.incubator.vector", "VectorMask");
  /** Lanes of the species the vector class uses ({@code IntVector.SPECIES_256}). */
  static final int LANES = 8;
  /** Output channels per block: two vectors. */
  static final int BLOCK = 2 * LANES;
  /** Pixels per register block: 6 x 2 accumulators + 2 weights + 1 broadcast of 16 registers. */
  static final int PIXELS = 6;
  /** The species field of the vector class. */
  static final String SPECIES = "S";

  private VectorConv() {}

  /**
   * Emits the vector kernel of {@code l} into the vector class when the compile option asks for
   * one and the layer has a vector kernel; returns the model class's field holding it, or null.
   */
  static String emit(Conv2d.Plan l, EmitContext ctx) {
    VectorSink sink = ctx.vector();
    VectorRequantizer rq = sink == null ? null : VectorRequantizer.of(l.rq(), l.outC());
    if (rq == null || !pointwise(l) || l.outC() < LANES) {
      return null;
    }
    String prefix = ctx.prefix(l.op());
    String constants = prefix.toUpperCase(Locale.ROOT);
    int inC = l.inC();
    int outC = l.outC();
    int blocks = (outC + BLOCK - 1) / BLOCK;
    int padded = blocks * BLOCK;
    // l.weights() is [inC][outC] for the per-pixel kernel (pointwise layers never take the row
    // kernel's layout here: see pointwise()); lay it out [block][inC][16], padding with the zero
    // point so that padded weights decode to 0.
    byte[] pixelLayout = l.weights();
    byte zero = (byte) l.filter().quant().zeroPoint();
    byte[] blocked = new byte[blocks * inC * BLOCK];
    java.util.Arrays.fill(blocked, zero);
    for (int ic = 0; ic < inC; ic++) {
      for (int oc = 0; oc < outC; oc++) {
        blocked[((oc / BLOCK) * inC + ic) * BLOCK + oc % BLOCK] = pixelLayout[ic * outC + oc];
      }
    }
    int[] bias = java.util.Arrays.copyOf(l.bias(), padded);
    String weights = sink.centeredWeights(constants + "_VW", blocked, l.signedWeights(),
        l.filter().quant().zeroPoint());
    String biasField = sink.intArray(constants + "_VBIAS", bias);
    String table = rq.table(sink, constants + "_VRQ", padded);

    int inOff = ctx.arenaOffset(l.in().index());
    int outOff = ctx.arenaOffset(l.out().index());
    int pixels = l.batches() * l.inH() * l.inW();
    int fullBlocks = outC / BLOCK;
    int tail = outC % BLOCK;


    // The register blocks are methods of their own, called many times per inference: C2 then
    // compiles them as whole methods, with the vectors in registers. (One long loop per layer,
    // called once, runs in an on-stack-replacement compilation that keeps the accumulators
    // boxed: 10x slower than the scalar code, measured.)
    String group = prefix + "Pixels" + PIXELS;
    String one = prefix + "Pixel";
    sink.method(groupMethod(l, group, PIXELS, weights, biasField, inC, outC, -1, rq, table, padded));
    sink.method(groupMethod(l, one, 1, weights, biasField, inC, outC, -1, rq, table, padded));
    if (tail != 0) {
      sink.method(groupMethod(l, group + "Tail", PIXELS, weights, biasField, inC, outC, tail, rq,
          table, padded));
      sink.method(groupMethod(l, one + "Tail", 1, weights, biasField, inC, outC, tail, rq, table,
          padded));
    }
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int inC = $L, outC = $L, pixels = $L", inC, outC, pixels);
    b.beginControlFlow("for (int cb = 0; cb < $L; cb++)", blocks);
    b.addStatement("final int c0 = cb * $L", BLOCK);
    if (tail != 0) {
      b.addStatement("final boolean tail = cb == $L", fullBlocks);
    }
    b.addStatement("int p = 0");
    b.beginControlFlow("for (; p + $L <= pixels; p += $L)", PIXELS, PIXELS);
    emitCall(b, tail != 0, group, inOff, outOff);
    b.endControlFlow();
    b.beginControlFlow("for (; p < pixels; p++)");
    emitCall(b, tail != 0, one, inOff, outOff);
    b.endControlFlow();
    b.endControlFlow();
    MethodSpec method = MethodSpec.methodBuilder(prefix + "Conv2d")
        .addModifiers(Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addJavadoc("Operator $L: CONV_2D 1x1, $L -> $L channels, $L pixels; blocks of $L"
            + " channels x $L pixels.\n", l.op().index(), inC, outC, pixels, BLOCK, PIXELS)
        .addCode(b.build())
        .build();
    return sink.layer(l.op(), method);
  }

  /** Whether the layer is a 1x1, stride 1, unpadded convolution laid out for the pixel kernel. */
  static boolean pointwise(Conv2d.Plan l) {
    ConvGeometry geo = l.geo();
    return !l.rowKernel() && l.kH() == 1 && l.kW() == 1 && l.o().strideH() == 1
        && l.o().strideW() == 1 && geo.padTop() == 0 && geo.padLeft() == 0
        && geo.outH() == l.inH() && geo.outW() == l.inW();
  }

  private static void emitCall(CodeBlock.Builder b, boolean tail, String method, int inOff,
      int outOff) {
    CodeBlock args = CodeBlock.of("t, $L, $L, c0", Layers.plus(inOff, "p * inC"),
        Layers.plus(outOff, "p * outC + c0"));
    if (tail) {
      b.beginControlFlow("if (tail)");
      b.addStatement("$NTail($L)", method, args);
      b.nextControlFlow("else");
      b.addStatement("$N($L)", method, args);
      b.endControlFlow();
    } else {
      b.addStatement("$N($L)", method, args);
    }
  }

  /**
   * {@code static void name(int[] t, int in, int o, int c0)}: {@code n} pixels whose inputs
   * start at {@code t[in]}, output channels {@code c0..c0+15}, written from {@code t[o]}.
   */
  private static MethodSpec groupMethod(Conv2d.Plan l, String name, int n, String weights,
      String bias, int inC, int outC, int count, VectorRequantizer rq, String table,
      int padded) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] w = $N", weights);
    b.addStatement("final int inC = $L, outC = $L", inC, outC);
    b.addStatement("final $T b0 = $T.fromArray($N, $N, c0), b1 = $T.fromArray($N, $N, c0 + $L)",
        INT_VECTOR, INT_VECTOR, SPECIES, bias, INT_VECTOR, SPECIES, bias, LANES);
    for (int k = 0; k < n; k++) {
      b.addStatement("$T a$L0 = b0, a$L1 = b1", INT_VECTOR, k, k);
    }
    b.addStatement("final int wb = c0 * inC");
    b.beginControlFlow("for (int ic = 0; ic < inC; ic++)");
    b.addStatement("final int wi = wb + ic * $L", BLOCK);
    b.addStatement("final $T w0 = $T.fromArray($N, w, wi), w1 = $T.fromArray($N, w, wi + $L)",
        INT_VECTOR, INT_VECTOR, SPECIES, INT_VECTOR, SPECIES, LANES);
    for (int k = 0; k < n; k++) {
      b.addStatement("final int x$L = t[in + $Lic]", k,
          k == 0 ? "" : k == 1 ? "inC + " : k + " * inC + ");
      b.addStatement("a$L0 = a$L0.add(w0.mul(x$L))", k, k, k);
      b.addStatement("a$L1 = a$L1.add(w1.mul(x$L))", k, k, k);
    }
    b.endControlFlow();
    // The stores inline, not calls: C2 does not inline a callee whose own compiled code is
    // large, and a call boxes its vector arguments (measured: 8x slower than the scalar code).
    b.add(Requantization.declareBounds(l.rq().range, l.rq().outZeroPoint));
    // Per-channel multipliers: this block's lanes, loaded once for all its pixels.
    b.add(rq.load(table, padded, "c0", "0"));
    if (count < 0 || count > LANES) {
      b.add(rq.load(table, padded, "c0 + " + LANES, "1"));
    }
    for (int k = 0; k < n; k++) {
      b.add(store(rq, "a" + k, k == 0 ? "o" : k == 1 ? "o + outC" : "o + " + k + " * outC",
          count));
    }
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addParameter(int.class, "in")
        .addParameter(int.class, "o")
        .addParameter(int.class, "c0")
        .addCode(b.build())
        .build();
  }

  /**
   * Requantizes the 16 accumulators {@code acc0, acc1} and writes the first {@code count} of
   * them ({@code -1}: all) from {@code t[at]}.
   */
  private static CodeBlock store(VectorRequantizer rq, String acc, String at, int count) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (int v = 0; v < 2; v++) {
      int lanes = count < 0 ? LANES : Math.min(LANES, count - v * LANES);
      if (lanes <= 0) {
        break;
      }
      b.add("{\n$>");
      b.add(rq.apply(acc + v, "q", String.valueOf(v)));
      String to = v == 0 ? at : at + " + " + LANES;
      if (lanes == LANES) {
        b.addStatement("q.max(outMin).min(outMax).intoArray(t, $L)", to);
      } else {
        b.addStatement("q.max(outMin).min(outMax).intoArray(t, $L, $N.indexInRange(0, $L))", to,
            SPECIES, lanes);
      }
      b.add("$<}\n");
    }
    return b.build();
  }
}

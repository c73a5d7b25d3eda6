package io.github.tflite2java.compiler.ops;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * CONV_2D kernels on {@code jdk.incubator.vector} for the vector companion class (compile
 * option {@code kernels=vector}). Today: pointwise (1x1, stride 1, no padding) layers whose
 * requantization has the exact 32-bit form (per-tensor multipliers: every uint8 model, int8
 * models whose channels share one multiplier).
 *
 * <p>Shape (a register-blocked GEMM micro-kernel for 256-bit vectors, 16 of them on AVX2): the
 * output channels go in blocks of {@value #BLOCK} (two 8-lane vectors), the pixels in groups of
 * {@value #PIXELS}; the 12 accumulators of one group stay in registers while the input channels
 * are swept, each step loading one block row of weights (two vectors) and broadcasting one
 * activation per pixel. The weights are laid out at build time as {@code [outC / 16][inC][16]}
 * (the last block padded with zero weights), so every load is contiguous. Requantization runs on
 * the same vectors with {@link IntRequantizer}'s exact 32-bit arithmetic, lane by lane equal to
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
    if (sink == null || !pointwise(l) || l.rq().integer() == null || l.outC() < LANES) {
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

    int inOff = ctx.arenaOffset(l.in().index());
    int outOff = ctx.arenaOffset(l.out().index());
    int pixels = l.batches() * l.inH() * l.inW();
    int fullBlocks = outC / BLOCK;
    int tail = outC % BLOCK;

    String store = prefix + "Store";
    sink.method(storeMethod(l, store, -1));
    String storeTail = prefix + "StoreTail";
    if (tail != 0) {
      sink.method(storeMethod(l, storeTail, tail));
    }

    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] w = $N, bias = $N", weights, biasField);
    b.addStatement("final int inC = $L, outC = $L, pixels = $L", inC, outC, pixels);
    if (fullBlocks > 0) {
      b.beginControlFlow("for (int cb = 0; cb < $L; cb++)", fullBlocks);
      b.add(block(inOff, outOff, store));
      b.endControlFlow();
    }
    if (tail != 0) {
      b.add("// The last $L channels: padded weights, masked stores.\n", tail);
      b.beginControlFlow("");
      b.addStatement("final int cb = $L", fullBlocks);
      b.add(block(inOff, outOff, storeTail));
      b.endControlFlow();
    }
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

  /** One channel block {@code cb}: groups of {@value #PIXELS} pixels, then single pixels. */
  private static CodeBlock block(int inOff, int outOff, String store) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int c0 = cb * $L", BLOCK);
    b.addStatement("final $T b0 = $T.fromArray($N, bias, c0), b1 = $T.fromArray($N, bias, c0 + $L)",
        INT_VECTOR, INT_VECTOR, SPECIES, INT_VECTOR, SPECIES, LANES);
    b.addStatement("final int wb = c0 * inC");
    b.addStatement("int p = 0");
    b.beginControlFlow("for (; p + $L <= pixels; p += $L)", PIXELS, PIXELS);
    b.add(group(PIXELS, inOff, outOff, store));
    b.endControlFlow();
    b.beginControlFlow("for (; p < pixels; p++)");
    b.add(group(1, inOff, outOff, store));
    b.endControlFlow();
    return b.build();
  }

  /** {@code n} pixels from {@code p} on: accumulate over the input channels, then store. */
  private static CodeBlock group(int n, int inOff, int outOff, String store) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (int k = 0; k < n; k++) {
      b.addStatement("$T a$L0 = b0, a$L1 = b1", INT_VECTOR, k, k);
    }
    b.addStatement("final int in = $L", Layers.plus(inOff, "p * inC"));
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
    b.addStatement("final int o = $L", Layers.plus(outOff, "p * outC + c0"));
    for (int k = 0; k < n; k++) {
      b.addStatement("$N(a$L0, a$L1, t, $L)", store, k, k,
          k == 0 ? "o" : k == 1 ? "o + outC" : "o + " + k + " * outC");
    }
    return b.build();
  }

  /**
   * {@code static void name(IntVector a0, IntVector a1, int[] t, int at)}: requantizes 16
   * accumulators and writes the first {@code count} of them ({@code -1}: all) at {@code t[at]}.
   */
  private static MethodSpec storeMethod(Conv2d.Plan l, String name, int count) {
    Requantization rq = l.rq();
    IntRequantizer plan = rq.integer();
    CodeBlock.Builder b = CodeBlock.builder();
    b.add(Requantization.declareBounds(rq.range, rq.outZeroPoint));
    for (int v = 0; v < 2; v++) {
      int lanes = count < 0 ? LANES : Math.min(LANES, count - v * LANES);
      if (lanes <= 0) {
        break;
      }
      b.add("{\n$>");
      b.add(plan.emitVector("a" + v, "q" + v, INT_VECTOR, OPS));
      String at = v == 0 ? "at" : "at + " + LANES;
      if (lanes == LANES) {
        b.addStatement("q$L.max(outMin).min(outMax).intoArray(t, $L)", v, at);
      } else {
        b.addStatement("q$L.max(outMin).min(outMax).intoArray(t, $L, $N.indexInRange(0, $L))", v,
            at, SPECIES, lanes);
      }
      b.add("$<}\n");
    }
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(INT_VECTOR, "a0")
        .addParameter(INT_VECTOR, "a1")
        .addParameter(int[].class, "t")
        .addParameter(int.class, "at")
        .addCode(b.build())
        .build();
  }
}

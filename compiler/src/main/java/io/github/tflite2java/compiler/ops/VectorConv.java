package io.github.tflite2java.compiler.ops;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.TensorType;
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
  static final ClassName FLOAT_VECTOR = ClassName.get("jdk.incubator.vector", "FloatVector");
  /**
   * The float kernel's bound: its accumulators start at bias + {@link #MAGIC}, so every partial
   * sum is {@code MAGIC + s} with {@code |s| <} 2^22, a float in (2^23, 2^24) where floats are
   * exactly the integers: each FMA rounds to its exact value, and the float's bits minus {@link
   * #MAGIC_BITS} are {@code s} (no float-to-int conversion, which JDK 17 does not compile to
   * one instruction on AVX2: it allocates).
   */
  static final long FLOAT_EXACT = 1L << 22;
  /** 1.5 * 2^23 (written as {@code 12582912f} in the generated code). */
  static final float MAGIC = 12582912f;
  /** {@code Float.floatToRawIntBits(MAGIC)}. */
  static final int MAGIC_BITS = 0x4B400000;
  /** Lanes of the species the vector class uses ({@code IntVector.SPECIES_256}). */
  static final int LANES = 8;
  /** Output channels per block: two vectors. */
  static final int BLOCK = 2 * LANES;
  /** Pixels per register block: 6 x 2 accumulators + 2 weights + 1 broadcast of 16 registers. */
  static final int PIXELS = 6;
  /**
   * Gathered channels per trip of the float kernel's sweep (2 measured 0.25-0.84x the time of
   * 1 per layer; 4 made the flagship's 56x56 128 -> 128 layer about 100x slower, presumably
   * C2's inlining budget running out in the larger method, leaving Vector API calls boxed).
   */
  static final int UNROLL = 2;
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
    byte[] blocked = blocked(l.weights(), inC, outC, false,
        (byte) l.filter().quant().zeroPoint());
    int[] bias = java.util.Arrays.copyOf(l.bias(), padded);
    if (floatExact(l)) {
      String biasField = sink.intArray(constants + "_VSTART",
          VectorFloatAccumulators.startBits(bias));
      return emitFloat(l, ctx, sink, prefix, biasField,
          sink.centeredFloatWeights(constants + "_VWF", blocked, l.signedWeights(),
              l.filter().quant().zeroPoint()),
          rq, rq.table(sink, constants + "_VRQ", padded), padded);
    }
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
    boolean channels = channelParts(l);
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int inC = $L, outC = $L, pixels = $L", inC, outC, pixels);
    // The range: output channels [from, to) in whole blocks, or pixels [from, to).
    if (channels) {
      b.beginControlFlow("for (int cb = from / $L; cb < (to + $L) / $L; cb++)", BLOCK,
          BLOCK - 1, BLOCK);
    } else {
      b.beginControlFlow("for (int cb = 0; cb < $L; cb++)", blocks);
    }
    b.addStatement("final int c0 = cb * $L", BLOCK);
    if (tail != 0) {
      b.addStatement("final boolean tail = cb == $L", fullBlocks);
    }
    b.addStatement("int p = $L", channels ? "0" : "from");
    String end = channels ? "pixels" : "to";
    b.beginControlFlow("for (; p + $L <= $L; p += $L)", PIXELS, end, PIXELS);
    emitCall(b, tail != 0, group, inOff, outOff);
    b.endControlFlow();
    b.beginControlFlow("for (; p < $L; p++)", end);
    emitCall(b, tail != 0, one, inOff, outOff);
    b.endControlFlow();
    b.endControlFlow();
    MethodSpec method = MethodSpec.methodBuilder(prefix + "Conv2d")
        .addModifiers(Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addParameter(int.class, "from")
        .addParameter(int.class, "to")
        .addJavadoc("Operator $L: CONV_2D 1x1, $L -> $L channels, $L pixels; blocks of $L"
            + " channels x $L pixels; $L [from, to).\n", l.op().index(), inC, outC, pixels,
            BLOCK, PIXELS, channels ? "output channels" : "pixels")
        .addCode(b.build())
        .build();
    return sink.rangeLayer(l.op(), method, channels ? outC : pixels);
  }

  /**
   * Whether the scalar kernel splits the layer by output channels ({@link FewPixelConv}: whole
   * column blocks), not by pixels ({@code Conv2d.splitExtent}); the vector kernel then takes the
   * same channel ranges, as whole blocks of {@value #BLOCK}: the column blocks are multiples of
   * 16 unless one block holds every channel.
   */
  static boolean channelParts(Conv2d.Plan l) {
    if (!FewPixelConv.applies(l)) {
      return false;
    }
    int columns = FewPixelConv.columns(l);
    if (columns % BLOCK != 0 && columns < l.outC()) {
      throw new IllegalStateException("operator " + l.op().index() + ": column blocks of "
          + columns + " channels are not whole blocks of " + BLOCK);
    }
    return true;
  }

  /**
   * Whether the float kernel is exact for every input ({@link VectorFloatAccumulators#exact}),
   * its accumulators starting at the bias; 8-bit inputs only.
   */
  static boolean floatExact(Conv2d.Plan l) {
    TensorType in = l.in().type();
    return (in == TensorType.UINT8 || in == TensorType.INT8)
        && VectorFloatAccumulators.exact(l.bias(), VectorFloatAccumulators.spreads(l));
  }

  /**
   * The kernel with exact float FMA accumulation ({@link #floatExact}) and zero skipping: per
   * group of {@value #PIXELS} pixels, a gather step drops the input channels where all the
   * group's activations are zero (after ReLU they are 10-20% of MobileNet's channels per group)
   * and converts the others to floats once, into two per-thread scratch arrays; every
   * block of 16 output channels then sweeps that compact list with 12 float accumulators (on
   * AVX2, {@code vfmadd231ps} has twice the throughput of {@code vpmulld}). The pixels left over
   * ({@code pixels % 6}, known at build time) make one smaller group of their own. The
   * accumulators are read back as int vectors and requantized exactly as in the int kernel.
   */
  private static String emitFloat(Conv2d.Plan l, EmitContext ctx, VectorSink sink,
      String prefix, String biasField, String weights, VectorRequantizer rq, String table,
      int padded) {
    int inC = l.inC();
    int outC = l.outC();
    int blocks = (outC + BLOCK - 1) / BLOCK;
    int fullBlocks = outC / BLOCK;
    int tail = outC % BLOCK;
    int inOff = ctx.arenaOffset(l.in().index());
    int outOff = ctx.arenaOffset(l.out().index());
    int pixels = l.batches() * l.inH() * l.inW();
    int rest = pixels % PIXELS;
    boolean channels = channelParts(l);
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int inC = $L, outC = $L, pixels = $L", inC, outC, pixels);
    // Per-thread scratch (the warm-up thread runs beside inferences, and the parts of a split
    // layer run on threads of their own): nothing is allocated per call.
    b.addStatement("final int[] rows = $N.get()", sink.threadScratch("GATHER_ROWS", int.class,
        inC));
    b.addStatement("final float[] xs = $N.get()", sink.threadScratch("GATHER_VALUES",
        float.class, PIXELS * inC));
    Group g = new Group(l, sink, prefix, weights, biasField, inOff, outOff, blocks, fullBlocks,
        tail, rq, table, padded, channels ? "from / " + BLOCK : "0",
        channels ? "(to + " + (BLOCK - 1) + ") / " + BLOCK : String.valueOf(blocks));
    if (channels) {
      // Output channels [from, to) (whole blocks) of every pixel.
      b.addStatement("int p = 0");
      if (pixels >= PIXELS) {
        b.beginControlFlow("for (; p + $L <= pixels; p += $L)", PIXELS, PIXELS);
        g.call(b, PIXELS);
        b.endControlFlow();
      }
      if (rest != 0) {
        g.call(b, rest);
      }
    } else {
      // Pixels [from, to): groups of 6, then the rest; a part whose rest is not the whole
      // layer's (pixels % 6, the group of its own) runs its last pixels one at a time.
      b.addStatement("int p = from");
      if (pixels >= PIXELS) {
        b.beginControlFlow("for (; p + $L <= to; p += $L)", PIXELS, PIXELS);
        g.call(b, PIXELS);
        b.endControlFlow();
      }
      if (rest > 1) {
        b.beginControlFlow("if (to - p == $L)", rest);
        g.call(b, rest);
        b.nextControlFlow("else");
      }
      b.beginControlFlow("for (; p < to; p++)");
      g.call(b, 1);
      b.endControlFlow();
      if (rest > 1) {
        b.endControlFlow();
      }
    }
    MethodSpec method = MethodSpec.methodBuilder(prefix + "Conv2d")
        .addModifiers(Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addParameter(int.class, "from")
        .addParameter(int.class, "to")
        .addJavadoc("Operator $L: CONV_2D 1x1, $L -> $L channels, $L pixels; groups of $L pixels"
            + " (channels where all are zero skipped) x blocks of $L channels, exact float"
            + " FMA; $L [from, to).\n", l.op().index(), inC, outC, pixels, PIXELS, BLOCK,
            channels ? "output channels" : "pixels")
        .addCode(b.build())
        .build();
    return sink.rangeLayer(l.op(), method, channels ? outC : pixels);
  }

  /**
   * The float kernel's groups of one layer: the methods of each group size (added to the vector
   * class once) and their calls; {@code cbFrom}, {@code cbTo}: the blocks of output channels
   * the calls sweep (expressions).
   */
  private record Group(Conv2d.Plan l, VectorSink sink, String prefix, String weights,
      String biasField, int inOff, int outOff, int blocks, int fullBlocks, int tail,
      VectorRequantizer rq, String table, int padded, String cbFrom, String cbTo,
      java.util.Set<Integer> defined) {
    Group(Conv2d.Plan l, VectorSink sink, String prefix, String weights, String biasField,
        int inOff, int outOff, int blocks, int fullBlocks, int tail, VectorRequantizer rq,
        String table, int padded, String cbFrom, String cbTo) {
      this(l, sink, prefix, weights, biasField, inOff, outOff, blocks, fullBlocks, tail, rq,
          table, padded, cbFrom, cbTo, new java.util.TreeSet<>());
    }

    void call(CodeBlock.Builder b, int k) {
      floatGroup(l, sink, b, prefix, k, weights, biasField, inOff, outOff, cbFrom, cbTo,
          fullBlocks, tail, rq, table, padded, defined.add(k));
    }
  }

  /**
   * Adds the methods of groups of {@code k} pixels (when {@code define}) and their calls for the
   * pixels at p, output channel blocks {@code cbFrom} to {@code cbTo} (expressions).
   */
  private static void floatGroup(Conv2d.Plan l, VectorSink sink, CodeBlock.Builder b,
      String prefix, int k, String weights, String biasField, int inOff, int outOff,
      String cbFrom, String cbTo, int fullBlocks, int tail, VectorRequantizer rq, String table,
      int padded, boolean define) {
    int inC = l.inC();
    int outC = l.outC();
    String gather = prefix + "Gather" + k;
    String group = prefix + "Pixels" + k;
    if (define) {
      sink.method(gatherMethod(gather, inC, k));
      sink.method(floatGroupMethod(l, group, k, weights, biasField, inC, outC, -1, rq, table,
          padded));
      if (tail != 0) {
        sink.method(floatGroupMethod(l, group + "Tail", k, weights, biasField, inC, outC, tail,
            rq, table, padded));
      }
    }
    b.addStatement("$L$N(t, $L, rows, xs)", k == PIXELS ? "final int n = " : "final int m = ",
        gather, Layers.plus(inOff, "p * inC"));
    String n = k == PIXELS ? "n" : "m";
    b.beginControlFlow("for (int cb = $L; cb < $L; cb++)", cbFrom, cbTo);
    b.addStatement("final int c0 = cb * $L", BLOCK);
    CodeBlock args = CodeBlock.of("t, rows, xs, $L, $L, c0", n,
        Layers.plus(outOff, "p * outC + c0"));
    blockCall(b, tail != 0 ? CodeBlock.of("cb == $L", fullBlocks) : null, group, args);
    b.endControlFlow();
  }

  /**
   * {@code static int name(int[] t, int in, int[] rows, float[] xs)}: for the {@code k} pixels
   * whose inputs start at {@code t[in]}, writes the channels where some activation is nonzero
   * (as weight offsets {@code ic * 16}) to {@code rows} and their activations as floats to
   * {@code xs} ({@code k} per channel), branch-free; returns how many.
   */
  private static MethodSpec gatherMethod(String name, int inC, int k) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int inC = $L", inC);
    b.addStatement("int n = 0");
    b.beginControlFlow("for (int ic = 0; ic < inC; ic++)");
    StringBuilder any = new StringBuilder();
    for (int i = 0; i < k; i++) {
      b.addStatement("final int x$L = t[in + $Lic]", i,
          i == 0 ? "" : i == 1 ? "inC + " : i + " * inC + ");
      any.append(i == 0 ? "" : " | ").append("x").append(i);
    }
    b.addStatement("rows[n] = ic * $L", BLOCK);
    b.addStatement("final int j = $L", k == 1 ? "n" : k + " * n");
    for (int i = 0; i < k; i++) {
      b.addStatement("xs[$L] = x$L", i == 0 ? "j" : "j + " + i, i);
    }
    b.addStatement("final int any = $L", any);
    b.addStatement("n += (any | -any) >>> 31");
    b.endControlFlow();
    b.addStatement("return n");
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(int.class)
        .addParameter(int[].class, "t")
        .addParameter(int.class, "in")
        .addParameter(int[].class, "rows")
        .addParameter(float[].class, "xs")
        .addCode(b.build())
        .build();
  }

  /**
   * {@code static void name(int[] t, int[] rows, float[] xs, int n, int o, int c0)}: the
   * {@code k} pixels gathered into {@code rows, xs} ({@code n} channels), output channels
   * {@code c0..c0+15}, written from {@code t[o]}.
   */
  private static MethodSpec floatGroupMethod(Conv2d.Plan l, String name, int k, String weights,
      String bias, int inC, int outC, int count, VectorRequantizer rq, String table, int padded) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final float[] w = $N", weights);
    b.addStatement("final int inC = $L, outC = $L", inC, outC);
    b.add(VectorFloatAccumulators.declare(bias, k));
    b.addStatement("final int wb = c0 * inC");
    // UNROLL gathered channels per trip, then the rest one by one: C2 does not always unroll
    // this loop itself (measured: the same layer 2-4x slower in some JVMs than in others).
    b.addStatement("int j = 0");
    b.beginControlFlow("for (; j + $L < n; j += $L)", UNROLL - 1, UNROLL);
    for (int u = 0; u < UNROLL; u++) {
      floatStep(b, k, u == 0 ? "j" : "j + " + u, String.valueOf((char) ('a' + u)));
    }
    b.endControlFlow();
    b.beginControlFlow("for (; j < n; j++)");
    floatStep(b, k, "j", "a");
    b.endControlFlow();
    b.add(VectorFloatAccumulators.toInts(k));
    // The stores inline, as in the int kernel.
    b.add(Requantization.declareBounds(l.rq().range, l.rq().outZeroPoint));
    // Per-channel multipliers: this block's lanes, loaded once for all its pixels.
    b.add(rq.loadBlock(table, padded, "c0", count));
    for (int i = 0; i < k; i++) {
      b.add(rq.store("a" + i, i == 0 ? "o" : i == 1 ? "o + outC" : "o + " + i + " * outC",
          count));
    }
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addParameter(int[].class, "rows")
        .addParameter(float[].class, "xs")
        .addParameter(int.class, "n")
        .addParameter(int.class, "o")
        .addParameter(int.class, "c0")
        .addCode(b.build())
        .build();
  }

  /**
   * One step of the float kernel's sweep: gathered channel {@code j} (an expression) into the
   * {@code k} pixels' accumulators; {@code s} suffixes its locals.
   */
  private static void floatStep(CodeBlock.Builder b, int k, String j, String s) {
    b.addStatement("final int wi$L = wb + rows[$L]", s, j);
    b.addStatement("final $T w$L0 = $T.fromArray($T.SPECIES_256, w, wi$L),"
        + " w$L1 = $T.fromArray($T.SPECIES_256, w, wi$L + $L)", FLOAT_VECTOR, s, FLOAT_VECTOR,
        FLOAT_VECTOR, s, s, FLOAT_VECTOR, FLOAT_VECTOR, s, LANES);
    b.addStatement("final int x$L = $L", s, k == 1 ? j : k + " * (" + j + ")");
    for (int i = 0; i < k; i++) {
      b.addStatement("final $T x$L$L = $T.broadcast($T.SPECIES_256, xs[$L])", FLOAT_VECTOR, s,
          i, FLOAT_VECTOR, FLOAT_VECTOR, i == 0 ? "x" + s : "x" + s + " + " + i);
      b.addStatement("f$L0 = w$L0.fma(x$L$L, f$L0)", i, s, s, i, i);
      b.addStatement("f$L1 = w$L1.fma(x$L$L, f$L1)", i, s, s, i, i);
    }
  }

  /**
   * A weight matrix of {@code k} rows (the inputs a kernel sweeps) by {@code n} columns (its
   * outputs) laid out {@code [n / 16][k][16]} for the vector kernels: each step of a block's
   * sweep loads 16 contiguous weights. {@code src} is {@code [k][n]}, or {@code [n][k]} when
   * {@code nMajor}; the last block's missing columns are {@code pad} (the zero point, so they
   * decode to 0).
   */
  static byte[] blocked(byte[] src, int k, int n, boolean nMajor, byte pad) {
    int blocks = (n + BLOCK - 1) / BLOCK;
    byte[] out = new byte[blocks * k * BLOCK];
    java.util.Arrays.fill(out, pad);
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < n; j++) {
        out[((j / BLOCK) * k + i) * BLOCK + j % BLOCK] = nMajor ? src[j * k + i] : src[i * n + j];
      }
    }
    return out;
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
    blockCall(b, tail ? CodeBlock.of("tail") : null, method, args);
  }

  /**
   * The call of a block method {@code method(args)}, or of its {@code methodTail} twin (the last
   * block, fewer than {@value #BLOCK} channels) when {@code tailCondition} holds; {@code null}: the
   * layer has no tail block, always {@code method}.
   */
  static void blockCall(CodeBlock.Builder b, CodeBlock tailCondition, String method,
      CodeBlock args) {
    if (tailCondition != null) {
      b.beginControlFlow("if ($L)", tailCondition);
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
    b.add(rq.loadBlock(table, padded, "c0", count));
    for (int k = 0; k < n; k++) {
      b.add(rq.store("a" + k, k == 0 ? "o" : k == 1 ? "o + outC" : "o + " + k + " * outC",
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

}

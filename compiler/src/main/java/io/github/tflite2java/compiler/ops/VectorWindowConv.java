package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.ops.VectorConv.BLOCK;
import static io.github.tflite2java.compiler.ops.VectorConv.INT_VECTOR;
import static io.github.tflite2java.compiler.ops.VectorConv.LANES;
import static io.github.tflite2java.compiler.ops.VectorConv.SPECIES;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * CONV_2D with a window (any kernel size, stride and padding, dilation 1) on {@code
 * jdk.incubator.vector} for the vector companion class: the layers {@link VectorConv}'s
 * pointwise kernel does not take, first of all MobileNet's first 3x3, stride 2 convolution of
 * the 3 image channels. At least 8 output channels; per-tensor or per-channel requantization
 * with the exact 32-bit form ({@link VectorRequantizer}).
 *
 * <p>Shape: one call per output row and block of {@value VectorConv#BLOCK} output channels (two
 * 8-lane accumulators per pixel). Within one input row the {@code kW * inC} inputs a pixel reads
 * are contiguous, so the weights are laid out at build time as {@code [outC / 16][kH][kW *
 * inC][16]} (the last block padded with zero weights) and every step is one broadcast input and
 * two weight vectors. Pixels whose window lies inside the image go in groups of {@value #PIXELS}
 * (8 accumulators, the weights loaded once for the group); the others one by one, their window
 * cut to the image at build time per row ({@code kyLo..kyHi}) and per column ({@code jLo..jHi}):
 * what lies outside is padding, i.e. zero, and adds nothing.
 */
final class VectorWindowConv {
  /** Pixels per register block inside the image: 4 x 2 accumulators + 2 weights + 1 input. */
  static final int PIXELS = 4;

  private VectorWindowConv() {}

  /** Whether {@code l} has a window vector kernel (and no pointwise one). */
  static boolean covered(Conv2d.Plan l) {
    return !VectorConv.pointwise(l) && l.o().dilationH() == 1 && l.o().dilationW() == 1
        && l.outC() >= LANES && requantizer(l) != null;
  }

  /**
   * The layer's requantization: {@link VectorRequantizer#of}, or where that has no 32-bit plan
   * (a bias near 2^28 in MobileNet v2's first convolution) a {@link VectorRequantizer#centered}
   * one; null when neither has.
   */
  private static VectorRequantizer requantizer(Conv2d.Plan l) {
    return VectorRequantizer.choose(l.rq(), l.bias(), VectorFloatAccumulators.spreads(l));
  }

  /**
   * Emits the vector kernel of {@code l} into the vector class when the compile option asks for
   * one and the layer has one; returns the model class's field holding it, or null.
   */
  static String emit(Conv2d.Plan l, EmitContext ctx) {
    VectorSink sink = ctx.vector();
    if (sink == null || !covered(l)) {
      return null;
    }
    VectorRequantizer rq = requantizer(l);
    if (floatExact(l, rq)) {
      return emitFloat(l, ctx, sink, rq);
    }
    String prefix = ctx.prefix(l.op());
    String constants = prefix.toUpperCase(Locale.ROOT);
    int inC = l.inC();
    int outC = l.outC();
    int kH = l.kH();
    int kW = l.kW();
    int rowTaps = kW * inC;
    int taps = kH * rowTaps;
    int blocks = (outC + BLOCK - 1) / BLOCK;
    int padded = blocks * BLOCK;
    // TFLite's filter is [outC][kH][kW][inC], i.e. [outC][taps]: lay it out [block][taps][16].
    byte[] blocked = VectorConv.blocked(l.filter().data(), taps, outC, true,
        (byte) l.filter().quant().zeroPoint());
    String weights = sink.centeredWeights(constants + "_VWW", blocked, l.signedWeights(),
        l.filter().quant().zeroPoint());
    String bias = sink.intArray(constants + "_VWBIAS", rq.kernelBias(l.bias(), padded));
    String table = rq.table(sink, constants + "_VWRQ", padded);

    ConvGeometry geo = l.geo();
    int strideH = l.o().strideH();
    int strideW = l.o().strideW();
    int inH = l.inH();
    int inW = l.inW();
    int outH = geo.outH();
    int outW = geo.outW();
    // Output columns whose window lies inside the image: [interiorLo, interiorHi).
    int interiorLo = 0;
    while (interiorLo < outW && interiorLo * strideW - geo.padLeft() < 0) {
      interiorLo++;
    }
    int interiorHi = interiorLo;
    while (interiorHi < outW && interiorHi * strideW - geo.padLeft() + kW <= inW) {
      interiorHi++;
    }
    int tail = outC % BLOCK;
    Shape shape = new Shape(inC, outC, kW, taps, rowTaps, inW, strideW, geo.padLeft(), outW,
        interiorLo, interiorHi);
    String row = prefix + "WinRow";
    sink.method(rowMethod(l, row, shape, weights, bias, rq, table, padded, -1));
    if (tail != 0) {
      sink.method(rowMethod(l, row + "Tail", shape, weights, bias, rq, table, padded, tail));
    }

    CodeBlock.Builder b = CodeBlock.builder();
    b.beginControlFlow("for (int b = 0; b < $L; b++)", l.batches());
    // Output rows [from, to) of each batch (Conv2d.splitExtent: a window layer splits by rows).
    b.beginControlFlow("for (int oy = from; oy < to; oy++)");
    b.addStatement("final int iy = oy * $L - $L", strideH, geo.padTop());
    b.addStatement("final int kyLo = Math.max(0, -iy), kyHi = Math.min($L, $L - iy)", kH, inH);
    b.addStatement("final int in = $L", Layers.plus(ctx.arenaOffset(l.in().index()),
        "(b * " + inH + " + iy) * " + (inW * inC)));
    b.addStatement("final int o = $L", Layers.plus(ctx.arenaOffset(l.out().index()),
        "(b * " + outH + " + oy) * " + (outW * outC)));
    b.beginControlFlow("for (int c0 = 0; c0 < $L; c0 += $L)", padded, BLOCK);
    VectorConv.blockCall(b, tail != 0 ? CodeBlock.of("c0 == $L", padded - BLOCK) : null, row,
        CodeBlock.of("t, in, kyLo, kyHi, o, c0"));
    b.endControlFlow();
    b.endControlFlow();
    b.endControlFlow();
    MethodSpec method = MethodSpec.methodBuilder(prefix + "WindowConv2d")
        .addModifiers(Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addParameter(int.class, "from")
        .addParameter(int.class, "to")
        .addJavadoc("Operator $L: CONV_2D $Lx$L stride $Lx$L, $L -> $L channels, $Lx$L outputs;"
            + " one row and $L channels per call; rows [from, to) of each batch.\n",
            l.op().index(), kH, kW, strideH, strideW, inC, outC, outH, outW, BLOCK)
        .addCode(b.build())
        .build();
    return sink.rangeLayer(l.op(), method, outH);
  }

  /** The sizes a row method is generated for. */
  private record Shape(int inC, int outC, int kW, int taps, int rowTaps, int inW, int strideW,
      int padLeft, int outW, int interiorLo, int interiorHi) {}

  /**
   * {@code static void name(int[] t, int in, int kyLo, int kyHi, int o, int c0)}: one output
   * row (from {@code t[o]}) of channels {@code c0..c0+15} ({@code count} of them, -1: all), from
   * the input rows {@code kyLo..kyHi-1} of the window whose row 0 starts at {@code t[in]}.
   */
  private static MethodSpec rowMethod(Conv2d.Plan l, String name, Shape s, String weights,
      String bias, VectorRequantizer rq, String table, int padded, int count) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] w = $N", weights);
    b.addStatement("final $T b0 = $T.fromArray($N, $N, c0), b1 = $T.fromArray($N, $N, c0 + $L)",
        INT_VECTOR, INT_VECTOR, SPECIES, bias, INT_VECTOR, SPECIES, bias, LANES);
    b.addStatement("final int wc = c0 * $L", s.taps());
    b.add(Requantization.declareBounds(l.rq().range, l.rq().outZeroPoint));
    b.add(rq.loadBlock(table, padded, "c0", count));
    // Columns with the window cut by the image's edges, one pixel at a time: those left of the
    // interior, then those right of it.
    int lo = s.interiorLo();
    int hi = s.interiorHi();
    if (lo > 0 || hi < s.outW()) {
      if (lo == 0) {
        b.beginControlFlow("for (int ox = $L; ox < $L; ox++)", hi, s.outW());
      } else if (hi == s.outW()) {
        b.beginControlFlow("for (int ox = 0; ox < $L; ox++)", lo);
      } else {
        b.beginControlFlow("for (int ox = 0; ox < $L; ox = ox + 1 == $L ? $L : ox + 1)",
            s.outW(), lo, hi);
      }
      edgePixel(b, s, rq, count);
      b.endControlFlow();
    }
    // Columns inside the image, PIXELS at a time, then one by one.
    int groups = (s.interiorHi() - s.interiorLo()) / PIXELS;
    int groupEnd = s.interiorLo() + groups * PIXELS;
    if (groups > 0) {
      b.beginControlFlow("for (int ox = $L; ox < $L; ox += $L)", s.interiorLo(), groupEnd,
          PIXELS);
      b.add(interior(s, rq, count, PIXELS));
      b.endControlFlow();
    }
    if (groupEnd < s.interiorHi()) {
      b.beginControlFlow("for (int ox = $L; ox < $L; ox++)", groupEnd, s.interiorHi());
      b.add(interior(s, rq, count, 1));
      b.endControlFlow();
    }
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addParameter(int.class, "in")
        .addParameter(int.class, "kyLo")
        .addParameter(int.class, "kyHi")
        .addParameter(int.class, "o")
        .addParameter(int.class, "c0")
        .addCode(b.build())
        .build();
  }

  /** The pixel of column {@code ox}, its window cut to the image. */
  private static void edgePixel(CodeBlock.Builder b, Shape s, VectorRequantizer rq, int count) {
    b.addStatement("final int ix = $L", Layers.scaled("ox", s.strideW(), s.padLeft()));
    b.addStatement("final int jLo = Math.max(0, -ix) * $L, jHi = Math.min($L, $L - ix) * $L",
        s.inC(), s.kW(), s.inW(), s.inC());
    b.addStatement("$T a00 = b0, a01 = b1", INT_VECTOR);
    b.beginControlFlow("for (int ky = kyLo; ky < kyHi; ky++)");
    b.addStatement("final int x = in + ky * $L + ix * $L", s.inW() * s.inC(), s.inC());
    b.addStatement("final int wk = wc + ky * $L", s.rowTaps() * BLOCK);
    b.beginControlFlow("for (int j = jLo; j < jHi; j++)");
    b.addStatement("final int v = t[x + j], wi = wk + j * $L", BLOCK);
    b.addStatement("a00 = a00.add($T.fromArray($N, w, wi).mul(v))", INT_VECTOR, SPECIES);
    b.addStatement("a01 = a01.add($T.fromArray($N, w, wi + $L).mul(v))", INT_VECTOR, SPECIES,
        LANES);
    b.endControlFlow();
    b.endControlFlow();
    b.add(rq.store("a0", "o + ox * " + s.outC() + " + c0", count));
  }

  /** {@code n} pixels from column {@code ox} on, their windows inside the image. */
  private static CodeBlock interior(Shape s, VectorRequantizer rq, int count, int n) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int ix = $L", Layers.scaled("ox", s.strideW(), s.padLeft()));
    for (int k = 0; k < n; k++) {
      b.addStatement("$T a$L0 = b0, a$L1 = b1", INT_VECTOR, k, k);
    }
    b.beginControlFlow("for (int ky = kyLo; ky < kyHi; ky++)");
    b.addStatement("final int x = in + ky * $L + ix * $L", s.inW() * s.inC(), s.inC());
    b.addStatement("final int wk = wc + ky * $L", s.rowTaps() * BLOCK);
    b.beginControlFlow("for (int j = 0; j < $L; j++)", s.rowTaps());
    b.addStatement("final int wi = wk + j * $L", BLOCK);
    b.addStatement("final $T w0 = $T.fromArray($N, w, wi), w1 = $T.fromArray($N, w, wi + $L)",
        INT_VECTOR, INT_VECTOR, SPECIES, INT_VECTOR, SPECIES, LANES);
    for (int k = 0; k < n; k++) {
      b.addStatement("final int v$L = t[x + j$L]", k,
          k == 0 ? "" : " + " + k * s.strideW() * s.inC());
      b.addStatement("a$L0 = a$L0.add(w0.mul(v$L))", k, k, k);
      b.addStatement("a$L1 = a$L1.add(w1.mul(v$L))", k, k, k);
    }
    b.endControlFlow();
    b.endControlFlow();
    for (int k = 0; k < n; k++) {
      b.add(rq.store("a" + k,
          "o + " + (k == 0 ? "ox" : "(ox + " + k + ")") + " * " + s.outC() + " + c0", count));
    }
    return b.build();
  }


  /** Pixels per register block of the float kernel: 6 x 2 accumulators + 2 weights + 1 input. */
  static final int FLOAT_PIXELS = 6;

  /**
   * Whether {@code l} takes the float kernel: a real window (more than one tap per input
   * channel) whose accumulators, starting at the kernel's bias ({@link
   * VectorRequantizer#kernelBias}: the bias, or 0 for a centered plan), stay exact in floats
   * ({@link VectorFloatAccumulators#exact}).
   */
  static boolean floatExact(Conv2d.Plan l, VectorRequantizer rq) {
    return l.kH() * l.kW() > 1 && VectorFloatAccumulators.exact(
        rq.kernelBias(l.bias(), l.outC()), VectorFloatAccumulators.spreads(l));
  }

  /**
   * The float kernel ({@link #floatExact}): per output row, the {@code kH} input rows its
   * windows read are converted to floats once, into a per-thread scratch whose rows carry the
   * padding as zero columns (and rows outside the image as zero rows), so that every pixel,
   * edges included, runs the same loop with no bounds. Then groups of {@value #FLOAT_PIXELS}
   * pixels x blocks of {@value VectorConv#BLOCK} output channels accumulate with exact float
   * FMA (12 accumulators, from the kernel's start + 1.5 * 2^23: see {@link
   * VectorConv#FLOAT_EXACT}), one broadcast input per pixel and tap and two weight vectors per
   * tap; the accumulators' bits minus {@link VectorConv#MAGIC_BITS} are the int accumulators,
   * requantized as in the int kernel.
   */
  private static String emitFloat(Conv2d.Plan l, EmitContext ctx, VectorSink sink,
      VectorRequantizer rq) {
    String prefix = ctx.prefix(l.op());
    String constants = prefix.toUpperCase(Locale.ROOT);
    int inC = l.inC();
    int outC = l.outC();
    int kH = l.kH();
    int kW = l.kW();
    int rowTaps = kW * inC;
    int taps = kH * rowTaps;
    int blocks = (outC + BLOCK - 1) / BLOCK;
    int padded = blocks * BLOCK;
    byte[] blocked = VectorConv.blocked(l.filter().data(), taps, outC, true,
        (byte) l.filter().quant().zeroPoint());
    String weights = sink.centeredFloatWeights(constants + "_VWWF", blocked, l.signedWeights(),
        l.filter().quant().zeroPoint());
    String startField = sink.intArray(constants + "_VWSTART",
        VectorFloatAccumulators.startBits(rq.kernelBias(l.bias(), padded)));
    String table = rq.table(sink, constants + "_VWRQ", padded);

    ConvGeometry geo = l.geo();
    int strideH = l.o().strideH();
    int strideW = l.o().strideW();
    int inH = l.inH();
    int inW = l.inW();
    int outH = geo.outH();
    int outW = geo.outW();
    int padLeft = geo.padLeft();
    int padRight = Math.max(0, (outW - 1) * strideW - padLeft + kW - inW);
    int rowLen = (padLeft + inW + padRight) * inC;
    int tail = outC % BLOCK;
    int fullBlocks = outC / BLOCK;

    String fill = prefix + "WinFill";
    sink.method(fillMethod(fill, kH, inH, inW * inC, padLeft * inC, rowLen));
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final float[] xs = $N.get()",
        sink.threadScratch("WINDOW_ROWS", float.class, kH * rowLen));
    b.beginControlFlow("for (int b = 0; b < $L; b++)", l.batches());
    // Output rows [from, to) of each batch (Conv2d.splitExtent: a window layer splits by rows).
    b.beginControlFlow("for (int oy = from; oy < to; oy++)");
    b.addStatement("$N(t, $L, $L, xs)", fill, Layers.plus(ctx.arenaOffset(l.in().index()),
        "b * " + (inH * inW * inC)), "oy * " + strideH
        + (geo.padTop() == 0 ? "" : " - " + geo.padTop()));
    b.addStatement("final int o = $L", Layers.plus(ctx.arenaOffset(l.out().index()),
        "(b * " + outH + " + oy) * " + (outW * outC)));
    int groups = outW / FLOAT_PIXELS;
    int rest = outW % FLOAT_PIXELS;
    for (int k : rest == 0 ? new int[] {FLOAT_PIXELS} : groups == 0 ? new int[] {rest}
        : new int[] {FLOAT_PIXELS, rest}) {
      String group = prefix + "WinPixels" + k;
      sink.method(floatGroupMethod(l, group, k, weights, startField, rq, table, padded, -1,
          rowLen, taps, rowTaps));
      if (tail != 0) {
        sink.method(floatGroupMethod(l, group + "Tail", k, weights, startField, rq, table,
            padded, tail, rowLen, taps, rowTaps));
      }
      if (k == FLOAT_PIXELS) {
        b.beginControlFlow("for (int ox = 0; ox < $L; ox += $L)", groups * FLOAT_PIXELS,
            FLOAT_PIXELS);
      } else {
        b.add("{\n$>");
        b.addStatement("final int ox = $L", groups * FLOAT_PIXELS);
      }
      b.beginControlFlow("for (int cb = 0; cb < $L; cb++)", blocks);
      CodeBlock args = CodeBlock.of("t, xs, ox * $L, o + ox * $L + cb * $L, cb * $L",
          strideW * inC, outC, BLOCK, BLOCK);
      VectorConv.blockCall(b, tail != 0 ? CodeBlock.of("cb == $L", fullBlocks) : null, group,
          args);
      b.endControlFlow();
      if (k == FLOAT_PIXELS) {
        b.endControlFlow();
      } else {
        b.add("$<}\n");
      }
    }
    b.endControlFlow();
    b.endControlFlow();
    MethodSpec method = MethodSpec.methodBuilder(prefix + "WindowConv2d")
        .addModifiers(Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addParameter(int.class, "from")
        .addParameter(int.class, "to")
        .addJavadoc("Operator $L: CONV_2D $Lx$L stride $Lx$L, $L -> $L channels, $Lx$L outputs;"
            + " per row the input rows as floats, then $L pixels x $L channels per call, exact"
            + " float FMA; rows [from, to) of each batch.\n", l.op().index(), kH, kW, strideH,
            strideW, inC, outC, outH, outW, FLOAT_PIXELS, BLOCK)
        .addCode(b.build())
        .build();
    return sink.rangeLayer(l.op(), method, outH);
  }

  /**
   * {@code static void name(int[] t, int in, int iy, float[] xs)}: the {@code kH} input rows
   * from {@code iy} on of the image at {@code t[in]} as floats into {@code xs}, {@code rowLen}
   * each: {@code left} zeros, the row's {@code width} values, zeros to the end; rows outside
   * the image all zeros.
   */
  private static MethodSpec fillMethod(String name, int kH, int inH, int width, int left,
      int rowLen) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.beginControlFlow("for (int ky = 0; ky < $L; ky++)", kH);
    b.addStatement("final int y = iy + ky, d = ky * $L", rowLen);
    b.beginControlFlow("if (y < 0 || y >= $L)", inH);
    b.addStatement("$T.fill(xs, d, d + $L, 0f)", java.util.Arrays.class, rowLen);
    b.addStatement("continue");
    b.endControlFlow();
    if (left > 0) {
      b.addStatement("$T.fill(xs, d, d + $L, 0f)", java.util.Arrays.class, left);
    }
    b.addStatement("final int s = in + y * $L, e = $L", width, left == 0 ? "d" : "d + " + left);
    b.beginControlFlow("for (int i = 0; i < $L; i++)", width);
    b.addStatement("xs[e + i] = t[s + i]");
    b.endControlFlow();
    if (left + width < rowLen) {
      b.addStatement("$T.fill(xs, d + $L, d + $L, 0f)", java.util.Arrays.class, left + width,
          rowLen);
    }
    b.endControlFlow();
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addParameter(int.class, "in")
        .addParameter(int.class, "iy")
        .addParameter(float[].class, "xs")
        .addCode(b.build())
        .build();
  }

  /**
   * {@code static void name(int[] t, float[] xs, int x0, int o, int c0)}: {@code k} pixels
   * whose windows start at column offset {@code x0} of the scratch rows {@code xs}, output
   * channels {@code c0..c0+15} ({@code count} of them, -1: all) written from {@code t[o]}, one
   * pixel every {@code outC}.
   */
  private static MethodSpec floatGroupMethod(Conv2d.Plan l, String name, int k, String weights,
      String start, VectorRequantizer rq, String table, int padded, int count, int rowLen,
      int taps, int rowTaps) {
    int step = l.o().strideW() * l.inC();
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final float[] w = $N", weights);
    b.add(VectorFloatAccumulators.declare(start, k));
    b.addStatement("final int wb = c0 * $L", taps);
    b.beginControlFlow("for (int ky = 0; ky < $L; ky++)", l.kH());
    b.addStatement("final int xr = x0 + ky * $L, wr = wb + ky * $L", rowLen, rowTaps * BLOCK);
    b.beginControlFlow("for (int j = 0; j < $L; j++)", rowTaps);
    b.addStatement("final int wi = wr + j * $L, xi = xr + j", BLOCK);
    b.addStatement("final $T w0 = $T.fromArray($T.SPECIES_256, w, wi),"
        + " w1 = $T.fromArray($T.SPECIES_256, w, wi + $L)", VectorConv.FLOAT_VECTOR,
        VectorConv.FLOAT_VECTOR, VectorConv.FLOAT_VECTOR, VectorConv.FLOAT_VECTOR,
        VectorConv.FLOAT_VECTOR, LANES);
    for (int i = 0; i < k; i++) {
      b.addStatement("final $T v$L = $T.broadcast($T.SPECIES_256, xs[xi$L])",
          VectorConv.FLOAT_VECTOR, i, VectorConv.FLOAT_VECTOR, VectorConv.FLOAT_VECTOR,
          i == 0 ? "" : " + " + i * step);
      b.addStatement("f$L0 = w0.fma(v$L, f$L0)", i, i, i);
      b.addStatement("f$L1 = w1.fma(v$L, f$L1)", i, i, i);
    }
    b.endControlFlow();
    b.endControlFlow();
    b.add(VectorFloatAccumulators.toInts(k));
    b.add(Requantization.declareBounds(l.rq().range, l.rq().outZeroPoint));
    b.add(rq.loadBlock(table, padded, "c0", count));
    int outC = l.outC();
    for (int i = 0; i < k; i++) {
      b.add(rq.store("a" + i, i == 0 ? "o" : "o + " + i * outC, count));
    }
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addParameter(float[].class, "xs")
        .addParameter(int.class, "x0")
        .addParameter(int.class, "o")
        .addParameter(int.class, "c0")
        .addCode(b.build())
        .build();
  }
}

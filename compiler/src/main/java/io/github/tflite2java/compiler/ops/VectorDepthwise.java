package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.ops.VectorConv.INT_VECTOR;
import static io.github.tflite2java.compiler.ops.VectorConv.LANES;
import static io.github.tflite2java.compiler.ops.VectorConv.SPECIES;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.TensorType;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * DEPTHWISE_CONV_2D 3x3 on {@code jdk.incubator.vector} for the vector companion class (compile
 * option {@code kernels=vector}): depth multiplier 1, dilation 1, any stride and padding,
 * channels a multiple of 8, requantization with the exact 32-bit form ({@link
 * VectorRequantizer}: per tensor, or per channel as per-lane vectors).
 *
 * <p>Shape: one call per output row and block of 8 channels. The nine taps (one 8-lane vector
 * each) and the bias stay in registers while the call sweeps the row; every output pixel loads
 * its nine inputs straight from the arena (no row buffers), multiplies, adds, requantizes on the
 * same vector and stores. Kernel rows above or below the image take zero taps (their input row
 * is clamped to a real one, and any value times 0 adds 0), so only the columns at the left and
 * right edges test their taps.
 */
final class VectorDepthwise {
  private VectorDepthwise() {}

  /** Whether {@code p} has a vector kernel (see the class comment). */
  static boolean covered(DepthwiseConv2d.Plan p) {
    DepthwiseConv2d.Options o = p.o();
    return p.kH() == 3 && p.kW() == 3 && p.multiplier() == 1 && o.dilationH() == 1
        && o.dilationW() == 1 && p.outC() % LANES == 0
        && requantizer(p) != null;
  }

  /** {@link VectorRequantizer#choose} for the layer's bias and weights. */
  private static VectorRequantizer requantizer(DepthwiseConv2d.Plan p) {
    return VectorRequantizer.choose(p.rq(), p.bias(), VectorRequantizer.spreads(
        p.filter().data(), p.outC(), true, p.filter().type() == TensorType.INT8,
        p.filter().quant().zeroPoint(), p.in().type(), p.in().quant().zeroPoint()));
  }

  /**
   * Emits the vector kernel of {@code p} into the vector class when the compile option asks
   * for one and the layer has one; returns the model class's field holding it, or null.
   */
  static String emit(DepthwiseConv2d.Plan p, EmitContext ctx) {
    VectorSink sink = ctx.vector();
    if (sink == null || !covered(p)) {
      return null;
    }
    String prefix = ctx.prefix(p.op());
    String constants = prefix.toUpperCase(Locale.ROOT);
    ConvGeometry geo = p.geo();
    DepthwiseConv2d.Options o = p.o();
    int batches = p.in().dim(0);
    int inH = p.in().dim(1);
    int inW = p.in().dim(2);
    int c = p.outC();
    int outH = geo.outH();
    int outW = geo.outW();
    // The filter [1][3][3][C] is already tap-major: taps (ky * 3 + kx) of C channels each.
    String weights = sink.centeredWeights(constants + "_VDW", p.filter().data(),
        p.filter().type() == TensorType.INT8, p.filter().quant().zeroPoint());
    VectorRequantizer rq = requantizer(p);
    String bias = sink.intArray(constants + "_VDBIAS", rq.kernelBias(p.bias(), c));
    String table = rq.table(sink, constants + "_VDRQ", c);
    int inOff = ctx.arenaOffset(p.in().index());
    int outOff = ctx.arenaOffset(p.out().index());
    CodeBlock.Builder b = CodeBlock.builder();
    b.beginControlFlow("for (int b = 0; b < $L; b++)", batches);
    int bandRows = bandRows(outH, outW);
    if (channelInner(c)) {
      String pixelsMethod = prefix + "DwPixels";
      sink.method(pixels(p, sink, pixelsMethod, weights, bias, inOff, outOff, rq, table));
      bandRows = 1;
      b.beginControlFlow("for (int oy = 0; oy < $L; oy++)", outH);
      b.addStatement("$N(t, b, oy)", pixelsMethod);
      b.endControlFlow();
    } else {
      String rowsMethod = prefix + "DwRows";
      sink.method(rows(p, rowsMethod, weights, bias, inOff, outOff, rq, table));
      if (bandRows >= outH) {
        b.beginControlFlow("for (int c0 = 0; c0 < $L; c0 += $L)", c, LANES);
        b.addStatement("$N(t, b, 0, $L, c0)", rowsMethod, outH);
        b.endControlFlow();
      } else {
        b.beginControlFlow("for (int oy = 0; oy < $L; oy += $L)", outH, bandRows);
        b.addStatement("final int oyEnd = Math.min($L, oy + $L)", outH, bandRows);
        b.beginControlFlow("for (int c0 = 0; c0 < $L; c0 += $L)", c, LANES);
        b.addStatement("$N(t, b, oy, oyEnd, c0)", rowsMethod);
        b.endControlFlow();
        b.endControlFlow();
      }
    }
    b.endControlFlow();
    MethodSpec method = MethodSpec.methodBuilder(prefix + "DepthwiseConv2d")
        .addModifiers(Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addJavadoc("Operator $L: DEPTHWISE_CONV_2D 3x3 stride $Lx$L, $L channels, $Lx$L"
            + " outputs; $L.\n", p.op().index(), o.strideH(), o.strideW(), c, outH, outW,
            channelInner(c) ? "one output row, all channels per call"
                : Math.min(bandRows, outH) + " output rows and 8 channels per call")
        .addCode(b.build())
        .build();
    return sink.layer(p.op(), method);
  }

  /** Channels from which a pixel's channels are the inner loop ({@link #pixels}). */
  static final int CHANNEL_INNER = Integer.getInteger("tflite2java.dwChannelInner", 256);

  /**
   * Whether a layer of {@code c} channels sweeps all channels of a pixel before the next pixel
   * ({@link #pixels}) rather than a block of 8 channels over many pixels ({@link #rows}): with
   * many channels a pixel is 1-4 KB, and a block's sweep over a row touches one 32-byte slice
   * per 1-4 KB, the same L1 sets and a new page each time.
   */
  static boolean channelInner(int c) {
    return c >= CHANNEL_INNER;
  }

  /** Output pixels one call should sweep at least (fewer calls on small images). */
  static final int BAND_PIXELS = Integer.getInteger("tflite2java.dwBandPixels", 128);

  /**
   * Output rows per call: the image's rows in bands of about {@link #BAND_PIXELS} pixels (all
   * rows for images of at most that many; the bands of equal height but the last).
   */
  static int bandRows(int outH, int outW) {
    int bands = Math.max(1, (outH * outW + BAND_PIXELS - 1) / BAND_PIXELS);
    bands = Math.min(bands, outH);
    return (outH + bands - 1) / bands;
  }

  /**
   * {@code static void name(int[] t, int b, int oyFrom, int oyTo, int c0)}: output rows {@code
   * oyFrom..oyTo-1} of batch {@code b}, channels {@code c0..c0+7}. Per row the nine taps are
   * loaded and masked to 0 for kernel rows outside the image (their input row clamped to a real
   * one; anything times 0 adds 0); the columns whose window lies inside the image run without a
   * test, the edge columns (at most a few per row, known at build time) after them with their
   * taps tested.
   */
  private static MethodSpec rows(DepthwiseConv2d.Plan p, String name, String weights,
      String bias, int inOff, int outOff, VectorRequantizer rq, String table) {
    ConvGeometry geo = p.geo();
    DepthwiseConv2d.Options o = p.o();
    int inH = p.in().dim(1);
    int inW = p.in().dim(2);
    int c = p.outC();
    int outH = geo.outH();
    int outW = geo.outW();
    int sw = o.strideW();
    int padLeft = geo.padLeft();
    // Interior columns lo..hi-1: 0 <= ox * sw - padLeft and ox * sw - padLeft + 2 < inW.
    int lo = Math.min(outW, (padLeft + sw - 1) / sw);
    int hi = Math.max(lo, Math.min(outW, inW - 3 + padLeft >= 0
        ? (inW - 3 + padLeft) / sw + 1 : 0));
    int edges = lo + (outW - hi);
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] w = $N", weights);
    b.addStatement("final $T bias = $T.fromArray($N, $N, c0)", INT_VECTOR, INT_VECTOR, SPECIES,
        bias);
    b.add(Requantization.declareBounds(p.rq().range, p.rq().outZeroPoint));
    b.add(rq.load(table, c, "c0", "0"));
    b.beginControlFlow("for (int oy = oyFrom; oy < oyTo; oy++)");
    b.addStatement("final int iy = oy * $L - $L", o.strideH(), geo.padTop());
    for (int ky = 0; ky < 3; ky++) {
      String y = ky == 0 ? "iy" : "iy + " + ky;
      b.addStatement("final int m$L = $L >= 0 && $L < $L ? -1 : 0", ky, y, y, inH);
      b.addStatement("final int r$L = $L", ky, Layers.plus(inOff,
          "(b * " + inH + " + Math.min(" + (inH - 1) + ", Math.max(0, " + y + "))) * "
              + (inW * c) + " + c0"));
    }
    for (int ky = 0; ky < 3; ky++) {
      for (int kx = 0; kx < 3; kx++) {
        b.addStatement("final $T w$L$L = $T.fromArray($N, w, c0 + $L).and(m$L)", INT_VECTOR, ky,
            kx, INT_VECTOR, SPECIES, (ky * 3 + kx) * c, ky);
      }
    }
    b.addStatement("final int o = $L", Layers.plus(outOff,
        "(b * " + outH + " + oy) * " + (outW * c) + " + c0"));
    if (hi > lo) {
      b.beginControlFlow("for (int ox = $L; ox < $L; ox++)", lo, hi);
      b.addStatement("final int q = ox * $L - $L", sw * c, padLeft * c);
      b.addStatement("$T acc = bias", INT_VECTOR);
      for (int ky = 0; ky < 3; ky++) {
        for (int kx = 0; kx < 3; kx++) {
          b.addStatement("acc = acc.add($T.fromArray($N, t, r$L + q$L).mul(w$L$L))", INT_VECTOR,
              SPECIES, ky, kx == 0 ? "" : " + " + kx * c, ky, kx);
        }
      }
      // Requantized on the same vector, inline (a call would box it).
      b.add(rq.apply("acc", "v", "0"));
      b.addStatement("v.max(outMin).min(outMax).intoArray(t, o + ox * $L)", c);
      b.endControlFlow();
    }
    if (edges > 0) {
      b.beginControlFlow("for (int e = 0; e < $L; e++)", edges);
      if (lo == 0) {
        b.addStatement("final int ox = e + $L", hi);
      } else if (hi == outW) {
        b.addStatement("final int ox = e");
      } else {
        b.addStatement("final int ox = e < $L ? e : e + $L", lo, hi - lo);
      }
      b.addStatement("final int ix = ox * $L - $L", sw, padLeft);
      b.addStatement("$T acc = bias", INT_VECTOR);
      // Edge columns: only the taps inside the image.
      for (int kx = 0; kx < 3; kx++) {
        String x = kx == 0 ? "ix" : "ix + " + kx;
        b.beginControlFlow("if ($L >= 0 && $L < $L)", x, x, inW);
        b.addStatement("final int q = ($L) * $L", x, c);
        for (int ky = 0; ky < 3; ky++) {
          b.addStatement("acc = acc.add($T.fromArray($N, t, r$L + q).mul(w$L$L))", INT_VECTOR,
              SPECIES, ky, ky, kx);
        }
        b.endControlFlow();
      }
      b.add(rq.apply("acc", "v", "0"));
      b.addStatement("v.max(outMin).min(outMax).intoArray(t, o + ox * $L)", c);
      b.endControlFlow();
    }
    b.endControlFlow();
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addParameter(int.class, "b")
        .addParameter(int.class, "oyFrom")
        .addParameter(int.class, "oyTo")
        .addParameter(int.class, "c0")
        .addCode(b.build())
        .build();
  }

  /**
   * {@code static void name(int[] t, int b, int oy)}: output row {@code oy} of batch {@code b},
   * every channel: per pixel the blocks of 8 channels one after the other (the arena read and
   * written in order), the taps read from the weights per block. Kernel rows outside the image
   * read a zero row instead (per-thread scratch, never written): no masks, no tests. The columns
   * whose window lies inside the image run without a test, the edge columns after them with
   * their columns tested.
   */
  private static MethodSpec pixels(DepthwiseConv2d.Plan p, VectorSink sink, String name,
      String weights, String bias, int inOff, int outOff, VectorRequantizer rq, String table) {
    ConvGeometry geo = p.geo();
    DepthwiseConv2d.Options o = p.o();
    int inH = p.in().dim(1);
    int inW = p.in().dim(2);
    int c = p.outC();
    int outH = geo.outH();
    int outW = geo.outW();
    int sw = o.strideW();
    int padLeft = geo.padLeft();
    int lo = Math.min(outW, (padLeft + sw - 1) / sw);
    int hi = Math.max(lo, Math.min(outW, inW - 3 + padLeft >= 0
        ? (inW - 3 + padLeft) / sw + 1 : 0));
    int edges = lo + (outW - hi);
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] w = $N", weights);
    b.addStatement("final int[] z = $N.get()", sink.threadScratch("DW_ZERO_ROW", int.class,
        inW * c));
    b.add(Requantization.declareBounds(p.rq().range, p.rq().outZeroPoint));
    b.addStatement("final int iy = oy * $L - $L", o.strideH(), geo.padTop());
    for (int ky = 0; ky < 3; ky++) {
      String y = ky == 0 ? "iy" : "iy + " + ky;
      b.addStatement("final boolean v$L = $L >= 0 && $L < $L", ky, y, y, inH);
      b.addStatement("final int[] s$L = v$L ? t : z", ky, ky);
      b.addStatement("final int r$L = v$L ? $L : 0", ky, ky, Layers.plus(inOff,
          "(b * " + inH + " + " + y + ") * " + (inW * c)));
    }
    b.addStatement("final int o = $L", Layers.plus(outOff, "(b * " + outH + " + oy) * "
        + (outW * c)));
    if (hi > lo) {
      b.beginControlFlow("for (int ox = $L; ox < $L; ox++)", lo, hi);
      b.addStatement("final int q = ox * $L - $L", sw * c, padLeft * c);
      b.addStatement("final int d = o + ox * $L", c);
      b.beginControlFlow("for (int c0 = 0; c0 < $L; c0 += $L)", c, LANES);
      b.addStatement("$T acc = $T.fromArray($N, $N, c0)", INT_VECTOR, INT_VECTOR, SPECIES, bias);
      for (int ky = 0; ky < 3; ky++) {
        for (int kx = 0; kx < 3; kx++) {
          b.addStatement("acc = acc.add($T.fromArray($N, s$L, r$L + q + c0$L).mul($T.fromArray("
              + "$N, w, c0 + $L)))", INT_VECTOR, SPECIES, ky, ky, kx == 0 ? "" : " + " + kx * c,
              INT_VECTOR, SPECIES, (ky * 3 + kx) * c);
        }
      }
      b.add(rq.load(table, c, "c0", "0"));
      b.add(rq.apply("acc", "v", "0"));
      b.addStatement("v.max(outMin).min(outMax).intoArray(t, d + c0)");
      b.endControlFlow();
      b.endControlFlow();
    }
    if (edges > 0) {
      b.beginControlFlow("for (int e = 0; e < $L; e++)", edges);
      if (lo == 0) {
        b.addStatement("final int ox = e + $L", hi);
      } else if (hi == outW) {
        b.addStatement("final int ox = e");
      } else {
        b.addStatement("final int ox = e < $L ? e : e + $L", lo, hi - lo);
      }
      b.addStatement("final int ix = ox * $L - $L", sw, padLeft);
      b.addStatement("final int d = o + ox * $L", c);
      b.beginControlFlow("for (int c0 = 0; c0 < $L; c0 += $L)", c, LANES);
      b.addStatement("$T acc = $T.fromArray($N, $N, c0)", INT_VECTOR, INT_VECTOR, SPECIES, bias);
      // Edge columns: only the taps inside the image.
      for (int kx = 0; kx < 3; kx++) {
        String x = kx == 0 ? "ix" : "ix + " + kx;
        b.beginControlFlow("if ($L >= 0 && $L < $L)", x, x, inW);
        b.addStatement("final int q = ($L) * $L + c0", x, c);
        for (int ky = 0; ky < 3; ky++) {
          b.addStatement("acc = acc.add($T.fromArray($N, s$L, r$L + q).mul($T.fromArray($N, w,"
              + " c0 + $L)))", INT_VECTOR, SPECIES, ky, ky, INT_VECTOR, SPECIES,
              (ky * 3 + kx) * c);
        }
        b.endControlFlow();
      }
      b.add(rq.load(table, c, "c0", "0"));
      b.add(rq.apply("acc", "v", "0"));
      b.addStatement("v.max(outMin).min(outMax).intoArray(t, d + c0)");
      b.endControlFlow();
      b.endControlFlow();
    }
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addParameter(int.class, "b")
        .addParameter(int.class, "oy")
        .addCode(b.build())
        .build();
  }
}

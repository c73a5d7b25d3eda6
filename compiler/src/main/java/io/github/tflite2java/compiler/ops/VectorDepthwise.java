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
 * <p>Shape: one call per output row; per output pixel the blocks of 8 channels one after the
 * other, so the arena is read and written in order (a block of 8 channels swept over a row reads
 * 32 bytes every 1-4 KB on MobileNet's small images: the same L1 sets and a new page per pixel,
 * 2-4x slower; docs/vector-kernels.md, "Depthwise, round 3"). The nine taps are read from the
 * weights per block, the inputs straight from the arena; kernel rows above or below the image
 * read a zero row (per-thread scratch nobody writes), so the interior columns (known at build
 * time) run without a test, and only the edge columns, after them, test their taps.
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
    String pixelsMethod = prefix + "DwPixels";
    sink.method(pixels(p, sink, pixelsMethod, weights, bias, inOff, outOff, rq, table));
    CodeBlock.Builder b = CodeBlock.builder();
    b.beginControlFlow("for (int b = 0; b < $L; b++)", batches);
    // Output rows [from, to) of each batch (DepthwiseConv2d.splitExtent).
    b.beginControlFlow("for (int oy = from; oy < to; oy++)");
    b.addStatement("$N(t, b, oy)", pixelsMethod);
    b.endControlFlow();
    b.endControlFlow();
    MethodSpec method = MethodSpec.methodBuilder(prefix + "DepthwiseConv2d")
        .addModifiers(Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addParameter(int.class, "from")
        .addParameter(int.class, "to")
        .addJavadoc("Operator $L: DEPTHWISE_CONV_2D 3x3 stride $Lx$L, $L channels, $Lx$L"
            + " outputs; one output row, every channel, per call; rows [from, to) of each"
            + " batch.\n", p.op().index(), o.strideH(), o.strideW(), c, outH, outW)
        .addCode(b.build())
        .build();
    return sink.rangeLayer(p.op(), method, outH);
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
    b.addStatement("final int iy = $L", Layers.scaled("oy", o.strideH(), geo.padTop()));
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
      b.addStatement("final int q = $L", Layers.scaled("ox", sw * c, padLeft * c));
      b.addStatement("final int d = o + ox * $L", c);
      b.beginControlFlow("for (int c0 = 0; c0 < $L; c0 += $L)", c, LANES);
      b.addStatement("$T acc = $T.fromArray($N, $N, c0)", INT_VECTOR, INT_VECTOR, SPECIES, bias);
      for (int ky = 0; ky < 3; ky++) {
        for (int kx = 0; kx < 3; kx++) {
          b.addStatement("acc = acc.add($T.fromArray($N, s$L, r$L + q + $L).mul($T.fromArray("
              + "$N, w, $L)))", INT_VECTOR, SPECIES, ky, ky, channel(kx * c), INT_VECTOR, SPECIES,
              channel((ky * 3 + kx) * c));
        }
      }
      b.add(store(rq, table, c));
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
      b.addStatement("final int ix = $L", Layers.scaled("ox", sw, padLeft));
      b.addStatement("final int d = o + ox * $L", c);
      b.beginControlFlow("for (int c0 = 0; c0 < $L; c0 += $L)", c, LANES);
      b.addStatement("$T acc = $T.fromArray($N, $N, c0)", INT_VECTOR, INT_VECTOR, SPECIES, bias);
      // Edge columns: only the taps inside the image.
      for (int kx = 0; kx < 3; kx++) {
        String x = kx == 0 ? "ix" : "ix + " + kx;
        b.beginControlFlow("if ($L >= 0 && $L < $L)", x, x, inW);
        b.addStatement("final int q = $L * $L + c0", kx == 0 ? x : "(" + x + ")", c);
        for (int ky = 0; ky < 3; ky++) {
          b.addStatement("acc = acc.add($T.fromArray($N, s$L, r$L + q).mul($T.fromArray($N, w,"
              + " $L)))", INT_VECTOR, SPECIES, ky, ky, INT_VECTOR, SPECIES,
              channel((ky * 3 + kx) * c));
        }
        b.endControlFlow();
      }
      b.add(store(rq, table, c));
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

  /** {@code c0 + offset}: channel {@code c0}'s index {@code offset} further on. */
  private static String channel(int offset) {
    return offset == 0 ? "c0" : "c0 + " + offset;
  }

  /** Requantizes {@code acc} (8 channels from {@code c0}), clamps it and stores it at {@code d}. */
  private static CodeBlock store(VectorRequantizer rq, String table, int c) {
    return CodeBlock.builder()
        .add(rq.load(table, c, "c0", "0"))
        .add(rq.apply("acc", "v", "0"))
        .addStatement("v.max(outMin).min(outMax).intoArray(t, d + c0)")
        .build();
  }
}

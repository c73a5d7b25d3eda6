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
    String rowMethod = prefix + "DwRow";
    sink.method(row(p, rowMethod, weights, bias, inW, c, outW, o.strideW(), geo.padLeft(), rq,
        table));

    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int inH = $L, inRow = $L, outH = $L, outRow = $L", inH, inW * c,
        outH, outW * c);
    b.beginControlFlow("for (int b = 0; b < $L; b++)", batches);
    b.beginControlFlow("for (int oy = 0; oy < outH; oy++)");
    b.addStatement("final int iy = oy * $L - $L", o.strideH(), geo.padTop());
    for (int ky = 0; ky < 3; ky++) {
      String y = ky == 0 ? "iy" : "iy + " + ky;
      b.addStatement("final int z$L = $L >= 0 && $L < inH ? 1 : 0", ky, y, y);
      b.addStatement("final int r$L = $L", ky, Layers.plus(inOff,
          "(b * inH + Math.min(inH - 1, Math.max(0, " + y + "))) * inRow"));
    }
    b.addStatement("final int o = $L", Layers.plus(outOff, "(b * outH + oy) * outRow"));
    b.beginControlFlow("for (int c0 = 0; c0 < $L; c0 += $L)", c, LANES);
    b.addStatement("$N(t, r0, r1, r2, z0, z1, z2, o, c0)", rowMethod);
    b.endControlFlow();
    b.endControlFlow();
    b.endControlFlow();
    MethodSpec method = MethodSpec.methodBuilder(prefix + "DepthwiseConv2d")
        .addModifiers(Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addJavadoc("Operator $L: DEPTHWISE_CONV_2D 3x3 stride $Lx$L, $L channels, $Lx$L"
            + " outputs; one row and 8 channels per call.\n", p.op().index(), o.strideH(),
            o.strideW(), c, outH, outW)
        .addCode(b.build())
        .build();
    return sink.layer(p.op(), method);
  }

  /**
   * {@code static void name(int[] t, int r0, int r1, int r2, int z0, int z1, int z2, int o, int
   * c0)}: one output row (from {@code t[o]}) of channels {@code c0..c0+7}, from the input rows
   * starting at {@code t[r0..r2]}, whose taps count when {@code z0..z2} is 1.
   */
  private static MethodSpec row(DepthwiseConv2d.Plan p, String name, String weights,
      String bias, int inW, int c, int outW, int stride, int padLeft, VectorRequantizer rq,
      String table) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] w = $N", weights);
    for (int ky = 0; ky < 3; ky++) {
      for (int kx = 0; kx < 3; kx++) {
        b.addStatement("final $T w$L$L = $T.fromArray($N, w, c0 + $L).mul(z$L)", INT_VECTOR, ky,
            kx, INT_VECTOR, SPECIES, (ky * 3 + kx) * c, ky);
      }
    }
    b.addStatement("final $T bias = $T.fromArray($N, $N, c0)", INT_VECTOR, INT_VECTOR, SPECIES,
        bias);
    b.add(Requantization.declareBounds(p.rq().range, p.rq().outZeroPoint));
    b.add(rq.load(table, c, "c0", "0"));
    b.beginControlFlow("for (int ox = 0; ox < $L; ox++)", outW);
    b.addStatement("final int ix = ox * $L - $L", stride, padLeft);
    b.addStatement("$T acc = bias", INT_VECTOR);
    b.beginControlFlow("if (ix >= 0 && ix + 2 < $L)", inW);
    b.addStatement("final int q = ix * $L + c0", c);
    for (int ky = 0; ky < 3; ky++) {
      for (int kx = 0; kx < 3; kx++) {
        b.addStatement("acc = acc.add($T.fromArray($N, t, r$L + q$L).mul(w$L$L))", INT_VECTOR,
            SPECIES, ky, kx == 0 ? "" : " + " + kx * c, ky, kx);
      }
    }
    b.nextControlFlow("else");
    // Edge columns: only the taps inside the image.
    for (int kx = 0; kx < 3; kx++) {
      String x = kx == 0 ? "ix" : "ix + " + kx;
      b.beginControlFlow("if ($L >= 0 && $L < $L)", x, x, inW);
      b.addStatement("final int q = ($L) * $L + c0", x, c);
      for (int ky = 0; ky < 3; ky++) {
        b.addStatement("acc = acc.add($T.fromArray($N, t, r$L + q).mul(w$L$L))", INT_VECTOR,
            SPECIES, ky, ky, kx);
      }
      b.endControlFlow();
    }
    b.endControlFlow();
    // Requantized on the same vector, inline (a call would box it).
    b.add(rq.apply("acc", "v", "0"));
    b.addStatement("v.max(outMin).min(outMax).intoArray(t, o + ox * $L + c0)", c);
    b.endControlFlow();
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addParameter(int.class, "r0")
        .addParameter(int.class, "r1")
        .addParameter(int.class, "r2")
        .addParameter(int.class, "z0")
        .addParameter(int.class, "z1")
        .addParameter(int.class, "z2")
        .addParameter(int.class, "o")
        .addParameter(int.class, "c0")
        .addCode(b.build())
        .build();
  }
}

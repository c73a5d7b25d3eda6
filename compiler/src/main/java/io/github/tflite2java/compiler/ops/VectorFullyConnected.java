package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.ops.VectorConv.BLOCK;
import static io.github.tflite2java.compiler.ops.VectorConv.INT_VECTOR;
import static io.github.tflite2java.compiler.ops.VectorConv.LANES;
import static io.github.tflite2java.compiler.ops.VectorConv.SPECIES;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.TensorType;
import java.util.Arrays;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * FULLY_CONNECTED (uint8 and int8, per-tensor weights) on {@code jdk.incubator.vector} for the
 * vector companion class: at least 8 units, the multiplier with the exact 32-bit form for the
 * layer's accumulator bound ({@link VectorRequantizer}).
 *
 * <p>Shape: one call per input row and block of {@value VectorConv#BLOCK} units. The weights are
 * laid out at build time as {@code [units / 16][depth][16]} (the last block padded with zero
 * weights); the call sweeps the depth two steps at a time into four accumulators (two per step,
 * so that consecutive adds do not wait on each other), each step one broadcast input and two
 * weight vectors, then adds them, requantizes and stores.
 */
final class VectorFullyConnected {
  private VectorFullyConnected() {}

  /** The layer's vector requantization, or null when it has no vector kernel. */
  private static VectorRequantizer requantizer(FullyConnected.Plan p) {
    if (p.units() < LANES) {
      return null;
    }
    long bound = Requantization.accumulatorBound(p.bias(), p.weights(), p.units(),
        p.filter().type() == TensorType.INT8, p.filter().quant().zeroPoint(), p.in().type(),
        p.in().quant().zeroPoint());
    IntRequantizer plan = IntRequantizer.plan(p.multiplier(), p.rounding(), bound);
    return plan == null ? null : VectorRequantizer.uniform(plan);
  }

  /**
   * Emits the vector kernel of {@code p} into the vector class when the compile option asks for
   * one and the layer has one; returns the model class's field holding it, or null.
   */
  static String emit(FullyConnected.Plan p, EmitContext ctx) {
    VectorSink sink = ctx.vector();
    VectorRequantizer rq = sink == null ? null : requantizer(p);
    if (rq == null) {
      return null;
    }
    String prefix = ctx.prefix(p.op());
    String constants = prefix.toUpperCase(Locale.ROOT);
    int units = p.units();
    int depth = p.depth();
    int blocks = (units + BLOCK - 1) / BLOCK;
    int padded = blocks * BLOCK;
    // p.weights() is [depth][units]: lay it out [block][depth][16].
    byte[] blocked = VectorConv.blocked(p.weights(), depth, units, false,
        (byte) p.filter().quant().zeroPoint());
    String weights = sink.centeredWeights(constants + "_VFW", blocked,
        p.filter().type() == TensorType.INT8, p.filter().quant().zeroPoint());
    String bias = sink.intArray(constants + "_VFBIAS", Arrays.copyOf(p.bias(), padded));
    int tail = units % BLOCK;
    String block = prefix + "FcBlock";
    sink.method(blockMethod(p, block, weights, bias, rq, -1));
    if (tail != 0) {
      sink.method(blockMethod(p, block + "Tail", weights, bias, rq, tail));
    }
    int inOff = ctx.arenaOffset(p.in().index());
    int outOff = ctx.arenaOffset(p.out().index());
    CodeBlock.Builder b = CodeBlock.builder();
    b.beginControlFlow("for (int r = 0; r < $L; r++)", p.rows());
    b.addStatement("final int in = $L, o = $L", Layers.plus(inOff, "r * " + depth),
        Layers.plus(outOff, "r * " + units));
    // Units [from, to): from is a multiple of 16 (FullyConnected.splitGrain), to one too or
    // the units, so that the blocks of a part are whole blocks of the whole layer.
    b.beginControlFlow("for (int u0 = from; u0 < to; u0 += $L)", BLOCK);
    VectorConv.blockCall(b, tail != 0 ? CodeBlock.of("u0 == $L", padded - BLOCK) : null, block,
        CodeBlock.of("t, in, o, u0"));
    b.endControlFlow();
    b.endControlFlow();
    MethodSpec method = MethodSpec.methodBuilder(prefix + "FullyConnected")
        .addModifiers(Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addParameter(int.class, "from")
        .addParameter(int.class, "to")
        .addJavadoc("Operator $L: FULLY_CONNECTED $L -> $L units, $L rows; $L units per call;"
            + " units [from, to) of every row.\n", p.op().index(), depth, units, p.rows(), BLOCK)
        .addCode(b.build())
        .build();
    return sink.rangeLayer(p.op(), method, units);
  }

  /**
   * {@code static void name(int[] t, int in, int o, int u0)}: units {@code u0..u0+15} ({@code
   * count} of them, -1: all) of the row whose inputs start at {@code t[in]}, written from {@code
   * t[o + u0]}.
   */
  private static MethodSpec blockMethod(FullyConnected.Plan p, String name, String weights,
      String bias, VectorRequantizer rq, int count) {
    int depth = p.depth();
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] w = $N", weights);
    b.addStatement("$T a0 = $T.fromArray($N, $N, u0), a1 = $T.fromArray($N, $N, u0 + $L)",
        INT_VECTOR, INT_VECTOR, SPECIES, bias, INT_VECTOR, SPECIES, bias, LANES);
    b.addStatement("$T c0 = $T.zero($N), c1 = c0", INT_VECTOR, INT_VECTOR, SPECIES);
    b.addStatement("final int wb = u0 * $L", depth);
    b.addStatement("int d = 0");
    b.beginControlFlow("for (; d + 2 <= $L; d += 2)", depth);
    b.addStatement("final int x = t[in + d], y = t[in + d + 1], wi = wb + d * $L", BLOCK);
    b.addStatement("a0 = a0.add($T.fromArray($N, w, wi).mul(x))", INT_VECTOR, SPECIES);
    b.addStatement("a1 = a1.add($T.fromArray($N, w, wi + $L).mul(x))", INT_VECTOR, SPECIES,
        LANES);
    b.addStatement("c0 = c0.add($T.fromArray($N, w, wi + $L).mul(y))", INT_VECTOR, SPECIES,
        BLOCK);
    b.addStatement("c1 = c1.add($T.fromArray($N, w, wi + $L).mul(y))", INT_VECTOR, SPECIES,
        BLOCK + LANES);
    b.endControlFlow();
    if (depth % 2 == 1) {
      b.addStatement("final int x = t[in + d], wi = wb + d * $L", BLOCK);
      b.addStatement("a0 = a0.add($T.fromArray($N, w, wi).mul(x))", INT_VECTOR, SPECIES);
      b.addStatement("a1 = a1.add($T.fromArray($N, w, wi + $L).mul(x))", INT_VECTOR, SPECIES,
          LANES);
    }
    b.addStatement("a0 = a0.add(c0)");
    b.addStatement("a1 = a1.add(c1)");
    b.add(Requantization.declareBounds(p.range(), p.out().quant().zeroPoint()));
    b.add(rq.store("a", "o + u0", count));
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addParameter(int.class, "in")
        .addParameter(int.class, "o")
        .addParameter(int.class, "u0")
        .addCode(b.build())
        .build();
  }
}

package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.ops.VectorConv.INT_VECTOR;
import static io.github.tflite2java.compiler.ops.VectorConv.LANES;
import static io.github.tflite2java.compiler.ops.VectorConv.OPS;
import static io.github.tflite2java.compiler.ops.VectorConv.SPECIES;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.quant.FixedPoint;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import javax.lang.model.element.Modifier;

/**
 * Quantized ADD (uint8 and int8, two computed inputs of the same shape: MobileNet v2's residual
 * adds) on {@code jdk.incubator.vector} for the vector companion class, bit-exact with {@link
 * Add}: TFLite's three {@code MultiplyByQuantizedMultiplierSmallerThanOneExp} (each input
 * shifted left by 20 and scaled, the sum scaled to the output), then the fused activation's
 * clamp, on 8 int lanes in exact 32-bit arithmetic:
 *
 * <ul>
 *   <li>{@code SaturatingRoundingDoublingHighMul(a, M)} (no saturation: {@code a} is never
 *       {@code INT_MIN}) is {@code floor((a * M + 2^30) / 2^31)} for either sign (gemmlowp's
 *       negative nudge {@code 1 - 2^30} with truncating division gives the same), computed from
 *       16-bit halves of {@code M} (and of {@code a} for the output) so that no product leaves
 *       32 bits;
 *   <li>{@code RoundingDivideByPOT(v, e)} (halves away from zero) is {@code (v + 2^(e-1) + (v >>
 *       31)) >> e}.
 * </ul>
 *
 * <p>The layer is covered only where the bounds keep every step inside 32 bits; the build checks
 * the lane formulas against {@link FixedPoint} for every input value of each input (256) and for
 * every sum the two inputs can make (65,536 pairs), so the vector kernel returns the scalar
 * kernel's bytes for every input by construction. One call of the block method per {@value
 * #CHUNK} elements (C2 compiles a method called many times as a whole; one long loop per layer
 * would run as an on-stack-replacement compilation).
 */
final class VectorAdd {
  /** Elements per call of the block method. */
  static final int CHUNK = 512;

  private VectorAdd() {}

  /** The constants of one input's scaling: {@code M = mHigh * 2^16 + mLow}, right shift. */
  private record InputScale(int mHigh, int mLow, int right) {
    static InputScale of(QuantizedMultiplier m) {
      if (m.multiplier() < (1 << 30) || m.shift() > 0 || m.shift() < -30) {
        return null;
      }
      return new InputScale(m.multiplier() >>> 16, m.multiplier() & 0xFFFF, -m.shift());
    }

    /**
     * {@code RoundingDivideByPOT(SRDHM(x << 20, M), right)}: {@code SRDHM = floor((x * M +
     * 2^10) / 2^11) = x * mHigh * 2^5 + floor((x * mLow + 2^10) / 2^11)} for |x| < 2^9; its
     * sign is x's.
     */
    int apply(int x) {
      int v = ((x * mHigh) << 5) + ((x * mLow + 1024) >> 11);
      return right == 0 ? v : (v + (1 << (right - 1)) + (x >> 31)) >> right;
    }
  }

  /** The output's scaling: {@code M = mHigh * 2^16 + mLow}, right shift (0 to 30). */
  private record OutputScale(int mHigh, int mLow, int right) {
    static OutputScale of(QuantizedMultiplier m) {
      if (m.multiplier() < (1 << 30) || m.shift() > 0 || m.shift() < -30) {
        return null;
      }
      return new OutputScale(m.multiplier() >>> 16, m.multiplier() & 0xFFFF, -m.shift());
    }

    /**
     * {@code RoundingDivideByPOT(SRDHM(x, M), right)} for |x| < 2^28: with {@code x = xh * 2^16
     * + xl}, {@code floor((x * M + 2^30) / 2^16) = xh * mHigh * 2^16 + P + Q}, {@code P = xl *
     * mHigh < 2^31}, {@code Q = xh * mLow + 2^14 + floor(xl * mLow / 2^16)} (the last product
     * unsigned, below 2^32); then {@code / 2^15}, splitting {@code P} so the sum stays in range.
     */
    int apply(int x) {
      int xl = x & 0xFFFF;
      int xh = x >> 16;
      int p = xl * mHigh;
      int q = xh * mLow + (1 << 14) + ((xl * mLow) >>> 16);
      int v = xh * (mHigh << 1) + (p >> 15) + (((p & 0x7FFF) + q) >> 15);
      return right == 0 ? v : (v + (1 << (right - 1)) + (v >> 31)) >> right;
    }
  }

  /**
   * Emits the vector kernel of {@code plan} into the vector class when the compile option asks
   * for one and the layer has one; returns the model class's field holding it, or null.
   */
  static String emit(Add.Plan plan, EmitContext ctx) {
    VectorSink sink = ctx.vector();
    if (sink == null) {
      return null;
    }
    BinaryElementwise.Operands io = plan.operands();
    Add.Multipliers m = plan.multipliers();
    InputScale s1 = InputScale.of(m.input1());
    InputScale s2 = InputScale.of(m.input2());
    OutputScale so = OutputScale.of(m.output());
    if (!io.broadcast().isElementwise() || io.a().isConstant() || io.b().isConstant()
        || plan.table1() == null || plan.table2() == null || s1 == null || s2 == null
        || so == null || !exact(plan, s1, s2, so)) {
      return null;
    }
    long n = io.out().elementCount();
    if (n < LANES || n > Integer.MAX_VALUE / 2) {
      return null;
    }
    String prefix = ctx.prefix(plan.op());
    int outZp = io.out().quant().zeroPoint();
    String block = prefix + "AddBlock";
    sink.method(blockMethod(block, plan, s1, s2, so, outZp));
    int a = ctx.arenaOffset(io.a().tensor().index());
    int b = ctx.arenaOffset(io.b().tensor().index());
    int o = ctx.arenaOffset(io.out().index());
    CodeBlock.Builder body = CodeBlock.builder();
    body.beginControlFlow("for (int i = 0; i < $L; i += $L)", n, CHUNK);
    body.addStatement("$N(t, $L, $L, $L, Math.min($L, $L - i))", block, Layers.plus(a, "i"),
        Layers.plus(b, "i"), Layers.plus(o, "i"), CHUNK, n);
    body.endControlFlow();
    MethodSpec method = MethodSpec.methodBuilder(prefix + "Add")
        .addModifiers(Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addJavadoc("Operator $L: ADD $L, $L elements, $L per call.\n", plan.op().index(),
            plan.activation(), n, CHUNK)
        .addCode(body.build())
        .build();
    return sink.layer(plan.op(), method);
  }

  /**
   * Whether the lane formulas give {@link Add}'s values: each input's scaled value for all 256
   * inputs (the scalar kernel's tables), and the output for every pair of them.
   */
  private static boolean exact(Add.Plan plan, InputScale s1, InputScale s2, OutputScale so) {
    int[] t1 = plan.table1();
    int[] t2 = plan.table2();
    int q1 = plan.operands().a().tensor().type().qmin();
    int z1 = plan.operands().a().tensor().quant().zeroPoint();
    int q2 = plan.operands().b().tensor().type().qmin();
    int z2 = plan.operands().b().tensor().quant().zeroPoint();
    QuantizedMultiplier out = plan.multipliers().output();
    for (int i = 0; i < 256; i++) {
      if (s1.apply(q1 + i - z1) != t1[i] || s2.apply(q2 + i - z2) != t2[i]
          || Math.abs(t1[i]) >= 1 << 27 || Math.abs(t2[i]) >= 1 << 27) {
        return false;
      }
    }
    for (int i = 0; i < 256; i++) {
      for (int j = 0; j < 256; j++) {
        int sum = t1[i] + t2[j];
        if (so.apply(sum) != FixedPoint.multiplyByQuantizedMultiplierSmallerThanOneExp(sum,
            out.multiplier(), out.shift())) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * {@code static void name(int[] t, int a, int b, int o, int n)}: {@code n} elements of the
   * inputs at {@code t[a]}, {@code t[b]} into {@code t[o]}, 8 lanes at a time, the last ones
   * masked.
   */
  private static MethodSpec blockMethod(String name, Add.Plan plan, InputScale s1,
      InputScale s2, OutputScale so, int outZp) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.add(Requantization.declareBounds(plan.range(), outZp));
    b.addStatement("int i = 0");
    b.beginControlFlow("for (; i + $L <= n; i += $L)", LANES, LANES);
    b.add(lanes(s1, s2, so, "$T.fromArray($N, t, a + i)", "$T.fromArray($N, t, b + i)",
        CodeBlock.of("q.intoArray(t, o + i)")));
    b.endControlFlow();
    b.beginControlFlow("if (i < n)");
    b.addStatement("final $T<Integer> m = $N.indexInRange(i, n)", VectorConv.MASK, SPECIES);
    b.add(lanes(s1, s2, so, "$T.fromArray($N, t, a + i, m)", "$T.fromArray($N, t, b + i, m)",
        CodeBlock.of("q.intoArray(t, o + i, m)")));
    b.endControlFlow();
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(int[].class, "t")
        .addParameter(int.class, "a")
        .addParameter(int.class, "b")
        .addParameter(int.class, "o")
        .addParameter(int.class, "n")
        .addCode(b.build())
        .build();
  }

  /** One vector of elements: loads, the three scalings, clamp and {@code store}. */
  private static CodeBlock lanes(InputScale s1, InputScale s2, OutputScale so, String load1,
      String load2, CodeBlock store) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final $T x1 = " + load1, INT_VECTOR, INT_VECTOR, SPECIES);
    b.addStatement("final $T x2 = " + load2, INT_VECTOR, INT_VECTOR, SPECIES);
    input(b, "x1", "v1", s1);
    input(b, "x2", "v2", s2);
    b.addStatement("final $T x = v1.add(v2)", INT_VECTOR);
    b.addStatement("final $T xl = x.and(0xFFFF), xh = x.lanewise($T.ASHR, 16)", INT_VECTOR, OPS);
    b.addStatement("final $T p = xl.mul($L)", INT_VECTOR, so.mHigh());
    b.addStatement("final $T r = xh.mul($L).add($L).add(xl.mul($L).lanewise($T.LSHR, 16))",
        INT_VECTOR, so.mLow(), 1 << 14, so.mLow(), OPS);
    b.addStatement("final $T h = xh.mul($L).add(p.lanewise($T.ASHR, 15))"
        + ".add(p.and(0x7FFF).add(r).lanewise($T.ASHR, 15))", INT_VECTOR, so.mHigh() << 1, OPS,
        OPS);
    if (so.right() == 0) {
      b.addStatement("final $T q = h.max(outMin).min(outMax)", INT_VECTOR);
    } else {
      b.addStatement("final $T q = h.add($L).add(h.lanewise($T.ASHR, 31)).lanewise($T.ASHR, $L)"
          + ".max(outMin).min(outMax)", INT_VECTOR, 1 << (so.right() - 1), OPS, OPS, so.right());
    }
    b.addStatement(store);
    return b.build();
  }

  /**
   * {@code out = RoundingDivideByPOT(SRDHM(in << 20, M), right)} ({@link InputScale#apply}); the
   * low half's term left out where {@code mLow} is 0 (it is then {@code 1024 >> 11 = 0}).
   */
  private static void input(CodeBlock.Builder b, String in, String out, InputScale s) {
    CodeBlock.Builder e = CodeBlock.builder()
        .add("$L.mul($L).lanewise($T.LSHL, 5)", in, s.mHigh(), OPS);
    if (s.mLow() != 0) {
      e.add(".add($L.mul($L).add(1024).lanewise($T.ASHR, 11))", in, s.mLow(), OPS);
    }
    if (s.right() != 0) {
      e.add(".add($L).add($L.lanewise($T.ASHR, 31)).lanewise($T.ASHR, $L)",
          1 << (s.right() - 1), in, OPS, OPS, s.right());
    }
    b.addStatement("final $T $L = $L", INT_VECTOR, out, e.build());
  }
}

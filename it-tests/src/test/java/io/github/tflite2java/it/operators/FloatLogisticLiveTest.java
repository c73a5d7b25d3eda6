package io.github.tflite2java.it.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.TfliteVersion;
import io.github.tflite2java.compiler.floatmath.EigenLogistic;
import io.github.tflite2java.compiler.floatmath.EigenLogistic26;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.it.tflite.LiveTflite;
import io.github.tflite2java.it.tflite.LiveTfliteC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * float32 LOGISTIC against live TFLite 2.9.0 (C library) and, compiled with {@code tfliteVersion
 * 2.6}, live TFLite 2.6.2 (Java interpreter), bit for bit: two sets of 2^20 + 3 inputs (a sweep
 * of [-105, 90] that covers every binade of the non-trivial range, the cutoffs of both kernels
 * and their neighbours, signed zeros, subnormals, infinities, NaNs with payloads, the largest
 * floats, random bit patterns), rotated; and small tensors of every size modulo 4, where the
 * last {@code size % 4} elements take TFLite's other code path, fed every special value at every
 * position, then random picks.
 */
class FloatLogisticLiveTest {

  static byte[] model(int n) {
    return OpModels.unary("LOGISTIC", new int[] {n}, TensorType.FLOAT32, QuantParams.NONE,
        TensorType.FLOAT32, QuantParams.NONE);
  }

  /** The values of interest: cutoffs and their neighbours, specials, then a sweep. */
  static int[] interesting(int n, Random r) {
    List<Integer> v = new ArrayList<>();
    float[] points = {-104f, 88.723f, 16.6355324f, 17.328679f, 15.7243834f, -9f, -87.33655f,
        -103.97208f, -103.27893f, 88.72283f, 88.7f, 0.5f, 1f, -1f, 1e-7f, -1e-7f,
        Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
        15.643771f, -88.723f};
    for (float p : points) {
      int b = Float.floatToRawIntBits(p);
      for (int d = -8; d <= 8; d++) {
        v.add(b + d);
      }
    }
    int[] specials = {0, 0x80000000, 1, 0x80000001, 0x007FFFFF, 0x807FFFFF, 0x00400000,
        0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000, 0x7F800001, 0xFF800001, 0x7FA12345,
        0xFFB00001, 0x7FFFFFFF, 0xFFFFFFFF, 0x7FC54321};
    for (int s : specials) {
      v.add(s);
    }
    int[] out = new int[n];
    int k = 0;
    for (; k < v.size(); k++) {
      out[k] = v.get(k);
    }
    // A sweep through [-105, 90]: evenly spaced in value, then a quarter random bit patterns.
    int sweep = (n - k) * 3 / 4;
    for (int i = 0; i < sweep; i++, k++) {
      out[k] = Float.floatToRawIntBits(-105f + 195f * i / sweep);
      if ((i & 3) == 1) {
        out[k] = Float.floatToRawIntBits((float) ((r.nextDouble() * 2 - 1)
            * Math.pow(2, -40 + 48 * r.nextDouble()))); // every binade below 2^8
      }
    }
    for (; k < n; k++) {
      out[k] = r.nextInt();
    }
    return out;
  }

  static byte[] bytes(int[] bits) {
    ByteBuffer b = ByteBuffer.allocate(4 * bits.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : bits) {
      b.putInt(v);
    }
    return b.array();
  }

  /** A live TFLite: one invocation, the output's bytes. */
  interface Live extends AutoCloseable {
    byte[] run(byte[] input);

    @Override
    void close();
  }

  /** The live TFLite of {@code version} on {@code model}. */
  static Live live(TfliteVersion version, byte[] model) {
    if (version == TfliteVersion.V2_6) {
      LiveTflite t = new LiveTflite(model);
      return live(input -> t.run(List.of(input)).get(0), t::close);
    }
    LiveTfliteC.require();
    LiveTfliteC t = new LiveTfliteC(model);
    return live(input -> t.run(List.of(input)).get(0), t::close);
  }

  private static Live live(java.util.function.UnaryOperator<byte[]> run, Runnable close) {
    return new Live() {
      @Override
      public byte[] run(byte[] input) {
        return run.apply(input);
      }

      @Override
      public void close() {
        close.run();
      }
    };
  }

  static String name(TfliteVersion version) {
    return version == TfliteVersion.V2_6 ? "TFLite 2.6.2" : "TFLite 2.9.0";
  }

  /** Runs both and fails listing the first differing elements with their inputs. */
  static void assertSame(String what, byte[] model, List<int[]> sets, TfliteVersion version) {
    try (Live tflite = live(version, model)) {
      LiveOps.Generated gen = new LiveOps.Generated(LiveOps.read(model), version);
      for (int s = 0; s < sets.size(); s++) {
        int[] in = sets.get(s);
        ByteBuffer expected = ByteBuffer.wrap(tflite.run(bytes(in)))
            .order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer actual = ByteBuffer.wrap(gen.run(List.of(bytes(in))).get(0))
            .order(ByteOrder.LITTLE_ENDIAN);
        int count = 0;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < in.length; i++) {
          int e = expected.getInt(4 * i);
          int a = actual.getInt(4 * i);
          if (e != a && count++ < 8) {
            first.append(String.format("%n  [%d of %d] x=%08x (%s): TFLite %08x (%s), generated"
                + " %08x (%s)", i, in.length, in[i], Float.intBitsToFloat(in[i]), e,
                Float.intBitsToFloat(e), a, Float.intBitsToFloat(a)));
          }
        }
        if (count > 0) {
          fail(what + ", input set " + s + ": " + count + " of " + in.length
              + " elements differ from " + name(version) + first);
        }
      }
    } catch (ModelCompileException e) {
      fail(what + ": does not compile: " + e.getMessage(), e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TfliteVersion.class)
  void millionsOfInputsMatchTfliteBitForBit(TfliteVersion version) {
    int n = (1 << 20) + 3;
    Random r = new Random(20260514);
    int[] base = interesting(n, r);
    List<int[]> sets = new ArrayList<>();
    // Rotations put the specials (stored first) into the tail, the packet starts and middles.
    for (int shift : new int[] {n - 3, 12345}) {
      int[] s = new int[n];
      for (int i = 0; i < n; i++) {
        s[(i + shift) % n] = base[i];
      }
      sets.add(s);
    }
    assertSame("LOGISTIC float32 [" + n + "]", model(n), sets, version);
  }

  static List<Arguments> sizes() {
    List<Arguments> a = new ArrayList<>();
    for (TfliteVersion v : TfliteVersion.values()) {
      for (int n : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 31, 64, 1001}) {
        a.add(Arguments.of(v, n));
      }
    }
    return a;
  }

  @ParameterizedTest(name = "{0}: LOGISTIC float32 [{1}]")
  @MethodSource("sizes")
  void everySizeModuloFourMatchesTflite(TfliteVersion version, int n) {
    Random r = new Random(n);
    List<int[]> sets = new ArrayList<>();
    int[] pool = interesting(4096, r);
    // The specials (the pool's first 400 values) at every position of the tensor.
    for (int o = 0; o < Math.min(n, 13); o++) {
      for (int start = -o; start < 400; start += n) {
        int[] in = new int[n];
        for (int i = 0; i < n; i++) {
          in[i] = pool[Math.floorMod(start + i, pool.length)];
        }
        sets.add(in);
      }
    }
    for (int s = 0; s < 32; s++) {
      int[] in = new int[n];
      for (int i = 0; i < n; i++) {
        in[i] = pool[r.nextInt(pool.length)];
      }
      sets.add(in);
    }
    assertSame("LOGISTIC float32 [" + n + "]", model(n), sets, version);
  }

  /**
   * Why {@code tfliteVersion} matters for float32 LOGISTIC: TFLite 2.6.2 (Java) differs from
   * 2.9.0 on a large share of inputs (its Eigen has another logistic), and the class compiled
   * for 2.6 gives 2.6.2's bits where 2.9's kernel would not.
   */
  @Test
  void tflite26DiffersFrom29() {
    int n = (1 << 16) + 3;
    int[] in = interesting(n, new Random(5));
    byte[] model = model(n);
    int differ = 0;
    try (LiveTflite t = new LiveTflite(model)) {
      ByteBuffer e = ByteBuffer.wrap(t.run(List.of(bytes(in))).get(0))
          .order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        boolean packet = i < n - n % 4;
        int as29 = packet ? EigenLogistic.packet(in[i]) : EigenLogistic.scalar(in[i]);
        int as26 = packet ? EigenLogistic26.packet(in[i]) : EigenLogistic26.scalar(in[i]);
        differ += e.getInt(4 * i) != as29 ? 1 : 0;
        assertEquals(e.getInt(4 * i), as26, "x=" + Integer.toHexString(in[i]));
      }
      // 15.724376: 1.0 in 2.6.2, 0.9999999 in 2.9.0.
      int[] one = new int[n];
      java.util.Arrays.fill(one, 0x417b970b);
      assertEquals(0x3f800000, ByteBuffer.wrap(t.run(List.of(bytes(one))).get(0))
          .order(ByteOrder.LITTLE_ENDIAN).getInt(0));
      assertEquals(0x3f7ffffe, EigenLogistic.packet(0x417b970b));
      assertEquals(0x3f800000, EigenLogistic26.packet(0x417b970b));
    }
    System.out.println("FloatLogisticLiveTest: TFLite 2.6.2 differs from 2.9.0 on " + differ
        + " of " + n + " inputs");
    assertTrue(differ > n / 10, differ + " of " + n + " differ");
  }

  /**
   * Eigen's packet path against TFLite 2.9.0 (2.6.2's against TFLite 2.6.2) on float32 bit
   * patterns whose top byte is 0x00-0x42 or 0x80-0xC3 (every input with a result strictly
   * between 0 and 1, and beyond), plus the top bytes 0x60, 0x7F, 0xE0, 0xFF, all in packets. By
   * default every 251st pattern of each top byte (9.2 million per version, seconds); with
   * {@code -Dtflite2java.it.exhaustiveLogistic=true} every one (2^24 per top byte, 2.33 billion,
   * about 10 minutes per version).
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(TfliteVersion.class)
  void everyInterestingBitPatternMatchesTfliteInPackets(TfliteVersion version) {
    int step = Boolean.getBoolean("tflite2java.it.exhaustiveLogistic") ? 1 : 251;
    java.util.function.IntUnaryOperator packet = version == TfliteVersion.V2_6
        ? EigenLogistic26::packet : EigenLogistic::packet;
    int n = (1 << 24) / step & ~3; // whole packets: no element takes the scalar tail path
    List<Integer> tops = new ArrayList<>();
    for (int k = 0; k <= 0x42; k++) {
      tops.add(k);
    }
    for (int k = 0x80; k <= 0xC3; k++) {
      tops.add(k);
    }
    tops.addAll(List.of(0x60, 0x7F, 0xE0, 0xFF));
    long differ = 0;
    try (Live tflite = live(version, model(n))) {
      ByteBuffer in = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
      for (int top : tops) {
        for (int i = 0; i < n; i++) {
          in.putInt(4 * i, (top << 24) + i * step);
        }
        ByteBuffer out = ByteBuffer.wrap(tflite.run(in.array()))
            .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
          int x = (top << 24) + i * step;
          if (out.getInt(4 * i) != packet.applyAsInt(x) && differ++ < 8) {
            System.out.printf("x=%08x TFLite %08x generated %08x%n", x, out.getInt(4 * i),
                packet.applyAsInt(x));
          }
        }
      }
    }
    System.out.println("FloatLogisticLiveTest: " + name(version) + ", "
        + (long) tops.size() * n + " bit patterns, "
        + differ + " differ");
    assertEquals(0, differ);
  }

  /**
   * The scalar path (a 3-element tensor, all tail) against TFLite on every 3rd float32 of
   * [-105, -9) (where 2.6.2 takes libm's {@code expf}) and every 64th of [-9, 16] with
   * {@code -Dtflite2java.it.exhaustiveLogistic=true} (44 million inputs, about a minute per
   * version); by default every 192nd and every 4096th (about 700,000 inputs, a second).
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(TfliteVersion.class)
  void tailPathMatchesTflite(TfliteVersion version) {
    int sparse = Boolean.getBoolean("tflite2java.it.exhaustiveLogistic") ? 1 : 64;
    java.util.function.IntUnaryOperator scalar = version == TfliteVersion.V2_6
        ? EigenLogistic26::scalar : EigenLogistic::scalar;
    int[][] ranges = {
        {Float.floatToRawIntBits(-9f) + 1, Float.floatToRawIntBits(-105f), 3 * sparse},
        {0x80000000, Float.floatToRawIntBits(-9f), 64 * sparse},
        {0, Float.floatToRawIntBits(16f), 64 * sparse}};
    long differ = 0;
    long count = 0;
    try (Live tflite = live(version, model(3))) {
      int[] x = new int[3];
      int k = 0;
      for (int[] r : ranges) {
        for (int b = r[0]; b <= r[1]; b += r[2]) {
          x[k++] = b;
          if (k < 3) {
            continue;
          }
          k = 0;
          ByteBuffer out = ByteBuffer.wrap(tflite.run(bytes(x))).order(ByteOrder.LITTLE_ENDIAN);
          for (int i = 0; i < 3; i++, count++) {
            if (out.getInt(4 * i) != scalar.applyAsInt(x[i]) && differ++ < 8) {
              System.out.printf("x=%08x TFLite %08x generated %08x%n", x[i], out.getInt(4 * i),
                  scalar.applyAsInt(x[i]));
            }
          }
        }
      }
    }
    System.out.println("FloatLogisticLiveTest: " + name(version) + ", tail path, " + count
        + " inputs, " + differ + " differ");
    assertEquals(0, differ);
  }
}

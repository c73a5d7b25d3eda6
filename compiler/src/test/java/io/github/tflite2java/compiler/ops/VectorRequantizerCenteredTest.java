package io.github.tflite2java.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorRequantizer#centered}: the kernel accumulates {@code d = x - bias}, the plan adds
 * the bias's product back in its rounding offset; lane by lane it must equal TFLite's 64-bit
 * formulas for the real accumulator {@code x = bias + d}, with biases near 2^28 - 2^30 (MobileNet
 * v2's first convolution has 324204896), shifts from -30 to 0 and above 0, and every rounding.
 */
class VectorRequantizerCenteredTest {

  @Test
  void equalsTheLongFormulasForTheRealAccumulator() {
    SplittableRandom rnd = new SplittableRandom(15);
    int checked = 0;
    int leftShifted = 0;
    for (int trial = 0; trial < 600; trial++) {
      Requantization.Rounding rounding =
          Requantization.Rounding.values()[trial % Requantization.Rounding.values().length];
      int n = 8;
      QuantizedMultiplier[] ms = new QuantizedMultiplier[n];
      int[] bias = new int[n];
      long[] spreads = new long[n];
      long spread = 1L << rnd.nextInt(4, 22);
      for (int c = 0; c < n; c++) {
        int m = c == 3 ? 1 << 30 : rnd.nextInt(1 << 30, Integer.MAX_VALUE);
        // Lane 0: a bias near 2^28 - 2^30 and shifts down to -30; lanes 1, 2: shift 0 and a
        // left shift; the rest: anything in between.
        int shift;
        if (c == 1) {
          shift = 0;
        } else if (c == 2) {
          shift = rnd.nextInt(1, 4);
        } else {
          shift = -rnd.nextInt(0, 31);
        }
        ms[c] = new QuantizedMultiplier(m, shift);
        long limit = ((1L << 31) >> Math.max(0, shift)) - spread - 4;
        if (c == 0) {
          bias[c] = (int) Math.min(limit, (1L << 28) + rnd.nextLong(3L << 28))
              * (rnd.nextBoolean() ? 1 : -1);
        } else {
          long b = Math.min(limit, 1L << rnd.nextInt(1, 30));
          bias[c] = (int) rnd.nextLong(-b, b + 1);
        }
        spreads[c] = spread;
      }
      VectorRequantizer plan = VectorRequantizer.centered(ms, rounding, bias, spreads);
      if (plan == null) {
        assertTrue(spread > 1L << 20, "declined a spread of " + spread);
        continue;
      }
      assertTrue(plan.centered());
      for (int c = 0; c < n; c++) {
        long[] ds = {0, 1, -1, 2, -2, spread, -spread, spread - 1, -spread + 1,
            -bias[c], -bias[c] - 1, -bias[c] + 1, -bias[c] - 2};
        for (int i = 0; i < ds.length + 3000; i++) {
          long d = i < ds.length ? ds[i] : rnd.nextLong(-spread, spread + 1);
          if (Math.abs(d) > spread) {
            continue;
          }
          int x = bias[c] + (int) d;
          assertEquals(TfliteScaling.scale(rounding, x, ms[c].multiplier(), ms[c].shift()),
              plan.applyLane(c, (int) d), rounding + " lane " + c + " x=" + x + " bias="
              + bias[c] + " m=" + ms[c].multiplier() + " shift=" + ms[c].shift());
          checked++;
          leftShifted += ms[c].shift() > 0 ? 1 : 0;
        }
      }
    }
    assertTrue(checked > 1_000_000 && leftShifted > 100_000, checked + " / " + leftShifted);
  }

  @Test
  void mobilenetV2sFirstConvolutionChannel() {
    // tf2 MobileNet v2 int8's first convolution has a channel whose bias is 324204896 (27 taps,
    // int8 input and weights); with an example multiplier, the plain 32-bit plan for that bound
    // has no chunks wide enough, the centered one has, exact over the whole spread.
    long spread = 128L * 27 * 127;
    int bias = 324204896;
    QuantizedMultiplier m = new QuantizedMultiplier(1288490189, -8);
    Requantization.Rounding r = Requantization.Rounding.DOUBLE_UP;
    assertNull(IntRequantizer.plan(m, r, bias + spread));
    VectorRequantizer plan = VectorRequantizer.centered(new QuantizedMultiplier[] {m}, r,
        new int[] {bias}, new long[] {spread});
    assertNotNull(plan);
    for (long d = -spread; d <= spread; d++) {
      assertEquals(TfliteScaling.scale(r, bias + (int) d, m.multiplier(), m.shift()),
          plan.applyLane(0, (int) d), "d=" + d);
    }
    assertEquals(0, plan.kernelBias(new int[] {bias}, 8)[0]);
  }

  @Test
  void declinesWhatDoesNotFit() {
    QuantizedMultiplier one = new QuantizedMultiplier(1 << 30, 0);
    Requantization.Rounding r = Requantization.Rounding.DOUBLE_UP;
    // The real accumulator times 2^shift would wrap (TFLite's x * (1 << left) in 32 bits).
    assertNull(VectorRequantizer.centered(new QuantizedMultiplier[] {
        new QuantizedMultiplier(1 << 30, 3)}, r, new int[] {1 << 28}, new long[] {100}));
    // Spreads too wide for 4-bit chunks.
    assertNull(VectorRequantizer.centered(new QuantizedMultiplier[] {one}, r, new int[] {0},
        new long[] {1L << 27}));
    // Shifts below -30.
    assertNull(VectorRequantizer.centered(new QuantizedMultiplier[] {
        new QuantizedMultiplier(1 << 30, -31)}, r, new int[] {0}, new long[] {100}));
    assertNotNull(VectorRequantizer.centered(new QuantizedMultiplier[] {one}, r, new int[] {0},
        new long[] {100}));
  }

  @Test
  void spreadsPerChannelWithoutTheBias() {
    byte[] w = {1, -2, 3, -4, 5, -6};
    // [tap][channel] of 2 channels: channel 0 = 1, 3, 5; channel 1 = -2, -4, -6.
    long[] minor = VectorRequantizer.spreads(w, 2, true, true, 0, TensorType.INT8, 0);
    assertEquals(128L * 9, minor[0]);
    assertEquals(128L * 12, minor[1]);
    // [channel][tap]: channel 0 = 1, -2, 3; channel 1 = -4, 5, -6.
    long[] major = VectorRequantizer.spreads(w, 2, false, true, 0, TensorType.INT8, 0);
    assertEquals(128L * 6, major[0]);
    assertEquals(128L * 15, major[1]);
  }
}

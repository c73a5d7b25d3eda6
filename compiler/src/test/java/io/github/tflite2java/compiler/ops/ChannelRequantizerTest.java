package io.github.tflite2java.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ChannelRequantizer} against TFLite's 64-bit formulas, clamped as the kernels clamp. */
class ChannelRequantizerTest {

  private static int reference(Requantization.Rounding r, int x, QuantizedMultiplier q) {
    return TfliteScaling.scale(r, x, q.multiplier(), q.shift());
  }

  private static int clamp(int q, int lo, int hi) {
    return Math.max(lo, Math.min(hi, q));
  }

  /** Every channel, edges of the bound and random accumulators inside it. */
  private static void assertExact(ChannelRequantizer plan, QuantizedMultiplier[] ms,
      Requantization.Rounding rounding, long bound, int lo, int hi, SplittableRandom rnd,
      int samples) {
    for (int c = 0; c < ms.length; c++) {
      int b = (int) bound;
      int[] edges = {0, 1, -1, 2, -2, 3, -3, b, -b, b - 1, -b + 1, b / 2, -b / 2};
      for (int x : edges) {
        assertEquals(clamp(reference(rounding, x, ms[c]), lo, hi),
            clamp(plan.apply(c, x), lo, hi), rounding + " c=" + c + " x=" + x + " " + ms[c]
                + " bound=" + bound);
      }
      for (int i = 0; i < samples; i++) {
        int x = (int) rnd.nextLong(-bound, bound + 1);
        assertEquals(clamp(reference(rounding, x, ms[c]), lo, hi),
            clamp(plan.apply(c, x), lo, hi), rounding + " c=" + c + " x=" + x + " " + ms[c]
                + " bound=" + bound);
      }
    }
  }

  @Test
  void equalsTheLongFormulaPerChannelWithSharedAndDifferentShifts() {
    SplittableRandom rnd = new SplittableRandom(15);
    int plans = 0;
    int scaled = 0;
    for (int trial = 0; trial < 1500; trial++) {
      Requantization.Rounding rounding =
          Requantization.Rounding.values()[trial % Requantization.Rounding.values().length];
      int channels = rnd.nextInt(1, 12);
      int base = rnd.nextInt(0, 14);
      int spread = trial % 3 == 0 ? 0 : rnd.nextInt(0, trial % 3 == 1 ? 6 : 14);
      QuantizedMultiplier[] ms = new QuantizedMultiplier[channels];
      for (int c = 0; c < channels; c++) {
        int m = rnd.nextInt(20) == 0 ? 1 << 30 : rnd.nextInt(1 << 30, Integer.MAX_VALUE);
        ms[c] = new QuantizedMultiplier(m, -(base + rnd.nextInt(0, spread + 1)));
      }
      long bound = 1L << rnd.nextInt(4, 24);
      bound += rnd.nextLong(bound);
      int zero = rnd.nextInt(-128, 128);
      int lo = -128 - zero;
      int hi = 127 - zero;
      ChannelRequantizer plan = ChannelRequantizer.plan(ms, rounding, bound, lo, hi);
      if (plan == null) {
        continue;
      }
      plans++;
      if (scaled(plan)) {
        scaled++;
      }
      assertExact(plan, ms, rounding, bound, lo, hi, rnd, 300);
    }
    assertTrue(plans > 600, plans + " plans");
    assertTrue(scaled > 200, scaled + " plans with per-channel scales");
  }

  @Test
  void shiftsTooFarApartForOneClampAreDeclined() {
    // Shifts 4..16 in one layer (as MobileNet v2's int8 operator 7): 2^(16 + 9) * 2^12 overflows.
    QuantizedMultiplier[] ms = new QuantizedMultiplier[13];
    for (int c = 0; c < ms.length; c++) {
      ms[c] = new QuantizedMultiplier((1 << 30) + 12345 * c, -4 - c);
    }
    assertNull(ChannelRequantizer.plan(ms, Requantization.Rounding.DOUBLE_UP, 200_000, -128,
        127));
  }

  @Test
  void shiftZeroBesideShiftedChannelsAndMultiplierHalf() {
    // r = 0 next to r = 1..10, m = 2^30 exactly (ties everywhere), the whole range of x.
    QuantizedMultiplier[] ms = new QuantizedMultiplier[11];
    for (int c = 0; c < ms.length; c++) {
      ms[c] = new QuantizedMultiplier(c % 2 == 0 ? 1 << 30 : (3 << 29) + c, -c);
    }
    for (Requantization.Rounding rounding : Requantization.Rounding.values()) {
      long bound = 1 << 14;
      ChannelRequantizer plan = ChannelRequantizer.plan(ms, rounding, bound, -255, 255);
      if (rounding == Requantization.Rounding.DOUBLE_AWAY_FROM_ZERO) {
        // Channel 0 (r = 0) has no sign term, the others do: declined.
        assertNull(plan);
        continue;
      }
      assertNotNull(plan, rounding.toString());
      assertTrue(scaled(plan));
      for (int c = 0; c < ms.length; c++) {
        for (int x = -(int) bound; x <= bound; x++) {
          assertEquals(clamp(reference(rounding, x, ms[c]), -255, 255),
              clamp(plan.apply(c, x), -255, 255), rounding + " c=" + c + " x=" + x);
        }
      }
    }
  }

  @Test
  void allChannelsOneShiftNeedsNoScale() {
    QuantizedMultiplier[] ms = {new QuantizedMultiplier((1 << 30) + 1, -7),
        new QuantizedMultiplier(Integer.MAX_VALUE, -7), new QuantizedMultiplier(1234567890, -7)};
    for (Requantization.Rounding rounding : Requantization.Rounding.values()) {
      ChannelRequantizer plan = ChannelRequantizer.plan(ms, rounding, 1 << 20, -128, 127);
      assertNotNull(plan);
      assertTrue(!scaled(plan),
          plan.tables().stream().map(ChannelRequantizer.Table::name).toList().toString());
      assertExact(plan, ms, rounding, 1 << 20, -128, 127, new SplittableRandom(3), 20000);
    }
  }

  @Test
  void boundsNearTheLimitOfTheChunks() {
    // Large bounds: narrow chunks (or none); where a plan exists it is exact up to the bound.
    SplittableRandom rnd = new SplittableRandom(5);
    int plans = 0;
    for (int bits = 20; bits <= 30; bits++) {
      long bound = (1L << bits) - 1;
      QuantizedMultiplier[] ms = {new QuantizedMultiplier(Integer.MAX_VALUE, -3),
          new QuantizedMultiplier(1 << 30, -1), new QuantizedMultiplier(1500000000, -5)};
      ChannelRequantizer plan =
          ChannelRequantizer.plan(ms, Requantization.Rounding.DOUBLE_UP, bound, -128, 127);
      if (plan != null) {
        plans++;
        assertExact(plan, ms, Requantization.Rounding.DOUBLE_UP, bound, -128, 127, rnd, 5000);
      }
    }
    assertTrue(plans >= 3, plans + " plans");
    assertNull(ChannelRequantizer.plan(new QuantizedMultiplier[] {
        new QuantizedMultiplier(1 << 30, -3)}, Requantization.Rounding.DOUBLE_UP, 1L << 29,
        -128, 127));
  }

  @Test
  void declinesLeftShiftsAndShiftsTooFarApart() {
    assertNull(ChannelRequantizer.plan(new QuantizedMultiplier[] {
        new QuantizedMultiplier(1 << 30, 1), new QuantizedMultiplier(1 << 30, -1)},
        Requantization.Rounding.DOUBLE_UP, 1000, -128, 127));
    // R = 25: 2^(R + 9) overflows.
    assertNull(ChannelRequantizer.plan(new QuantizedMultiplier[] {
        new QuantizedMultiplier(1 << 30, 0), new QuantizedMultiplier(1 << 30, -25)},
        Requantization.Rounding.DOUBLE_UP, 1000, -128, 127));
  }

  private static boolean scaled(ChannelRequantizer plan) {
    return plan.tables().stream().anyMatch(t -> t.name().equals("SCALE"));
  }
}

package io.github.tflite2java.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IntRequantizerTest {

  @Test
  void equalsTheLongFormulaEverywhereInsideTheBound() {
    SplittableRandom rnd = new SplittableRandom(11);
    int plans = 0;
    for (int trial = 0; trial < 3000; trial++) {
      Requantization.Rounding rounding =
          Requantization.Rounding.values()[trial % Requantization.Rounding.values().length];
      int m = trial % 97 == 0 ? 1 << 30 : rnd.nextInt(1 << 30, Integer.MAX_VALUE);
      int shift = -rnd.nextInt(0, 25);
      long bound = 1L << rnd.nextInt(1, 27);
      bound += rnd.nextLong(bound);
      IntRequantizer plan = IntRequantizer.plan(new QuantizedMultiplier(m, shift), rounding,
          bound);
      if (plan == null) {
        continue;
      }
      plans++;
      int[] edges = {0, 1, -1, 2, -2, 3, -3, (int) bound, (int) -bound, (int) bound - 1,
          (int) -bound + 1};
      for (int x : edges) {
        assertEquals(TfliteScaling.scale(rounding, x, m, shift), plan.apply(x),
            rounding + " x=" + x + " m=" + m + " shift=" + shift + " bound=" + bound);
      }
      for (int i = 0; i < 2000; i++) {
        int x = (int) rnd.nextLong(-bound, bound + 1);
        assertEquals(TfliteScaling.scale(rounding, x, m, shift), plan.apply(x),
            rounding + " x=" + x + " m=" + m + " shift=" + shift + " bound=" + bound);
      }
    }
    assertEquals(true, plans > 2000, plans + " plans");
  }

  @Test
  void exactTiesAcrossAWholeRange() {
    // m = 2^30 (0.5) and 0.75 * 2^31: many exact halves at every shift.
    for (int m : new int[] {1 << 30, 3 << 29, (1 << 30) + 1}) {
      for (int shift = 0; shift >= -12; shift--) {
        for (Requantization.Rounding rounding : Requantization.Rounding.values()) {
          IntRequantizer plan = IntRequantizer.plan(new QuantizedMultiplier(m, shift), rounding,
              1 << 14);
          assertNotNull(plan);
          for (int x = -(1 << 14); x <= 1 << 14; x++) {
            assertEquals(TfliteScaling.scale(rounding, x, m, shift), plan.apply(x),
                rounding + " x=" + x + " m=" + m + " shift=" + shift);
          }
        }
      }
    }
  }

  @Test
  void declinesWhatItCannotDoExactly() {
    assertNull(IntRequantizer.plan(new QuantizedMultiplier(1 << 30, 2),
        Requantization.Rounding.DOUBLE_UP, 100));
    assertNull(IntRequantizer.plan(new QuantizedMultiplier(0, 0),
        Requantization.Rounding.DOUBLE_UP, 100));
    assertNull(IntRequantizer.plan(new QuantizedMultiplier(1 << 30, -3),
        Requantization.Rounding.DOUBLE_UP, 1L << 29));
  }
}

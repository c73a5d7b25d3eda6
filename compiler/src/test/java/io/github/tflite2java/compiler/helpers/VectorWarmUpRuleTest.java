package io.github.tflite2java.compiler.helpers;

import static io.github.tflite2java.compiler.helpers.VectorWarmUpRule.fastestTime;
import static io.github.tflite2java.compiler.helpers.VectorWarmUpRule.vectorWarmUpDecision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * The vector warm-up's switch rule on synthetic timings: it switches as soon as the vector layers
 * are clearly faster, decides once when they stop improving, and always decides within 1,000
 * rounds (the generated warm-up loop's bound).
 */
class VectorWarmUpRuleTest {
  private static final int MAX = 1000;

  /**
   * Runs the rule on the timings {@code vector(round)} and {@code scalar(round)} (round 0 first)
   * until it decides; returns {decision, rounds}.
   */
  private static int[] run(IntToLongFunction vector, IntToLongFunction scalar) {
    long[] v = new long[MAX];
    long[] s = new long[MAX];
    for (int round = 1; round <= MAX; round++) {
      v[round - 1] = vector.applyAsLong(round - 1);
      s[round - 1] = scalar.applyAsLong(round - 1);
      int d = vectorWarmUpDecision(v, s, round);
      if (d != 0) {
        return new int[] {d, round};
      }
    }
    return new int[] {0, MAX};
  }

  @Test
  void fasterVectorLayersSwitchAtRoundTenNotBefore() {
    assertEquals(1, run(r -> 8, r -> 10)[0]);
    assertEquals(10, run(r -> 8, r -> 10)[1]);
    // exactly 0.9x: still "clearly faster"
    int[] atBound = run(r -> 9, r -> 10);
    assertEquals(1, atBound[0]);
    assertEquals(10, atBound[1]);
  }

  @Test
  void slowStartThenFasterSwitchesOnTheFirstWindowOfFiveFastRounds() {
    // Interpreted at first (300x), compiled from round 40 on (0.5x): the last 5 rounds decide.
    int[] d = run(r -> r < 40 ? 3000 : 5, r -> 10);
    assertEquals(1, d[0]);
    assertEquals(41, d[1], "the first round whose window holds a fast round");
  }

  @Test
  void vectorLayersThatStaySlowerKeepTheScalarKernelsOnceTheyStopImproving() {
    // JDK 17's incubator API, measured: 7-10x slower than the scalar inference, flat.
    int[] d = run(r -> r < 100 ? 80 : 30, r -> 3);
    assertEquals(-1, d[0]);
    assertEquals(300, d[1], "rounds 200-300 no better than 100-200");
  }

  @Test
  void vectorLayersAsFastAsTheScalarOnesSwitchOnceTheyStopImproving() {
    // Within 1.1x, flat: switched at the first check (round 200), decided once.
    int[] d = run(r -> 105, r -> 100);
    assertEquals(2, d[0]);
    assertEquals(200, d[1]);
    // 1.1x exactly: not measurably slower; 1.11x: slower.
    assertEquals(2, run(r -> 110, r -> 100)[0]);
    assertEquals(-1, run(r -> 111, r -> 100)[0]);
  }

  @Test
  void vectorLayersStillImprovingAreGivenRoundsUntilTheyAreFaster() {
    // 15% better every 100 rounds from 10x slower: faster than 0.9x after ~1,500 rounds, too
    // late; at round 1,000 they are 2.3x the scalar time: slower, stay scalar.
    int[] slow = run(r -> Math.round(1000 * Math.pow(0.85, r / 100)), r -> 100);
    assertEquals(-1, slow[0]);
    assertEquals(MAX, slow[1]);
    // 30% better every 100 rounds: under 0.9x from round 701 on (1000 * 0.7^7 = 82).
    int[] fast = run(r -> Math.round(1000 * Math.pow(0.7, r / 100)), r -> 100);
    assertEquals(1, fast[0]);
    assertEquals(701, fast[1]);
  }

  @Test
  void preemptedRoundsNeitherSwitchNorStop() {
    // Scalar 10, vector 8 but every other vector round preempted (x20): the best of 5 decides.
    assertEquals(1, run(r -> r % 2 == 0 ? 160 : 8, r -> 10)[0]);
    // Preempted scalar inferences (x20) do not make slower vector layers look faster.
    int[] d = run(r -> 30, r -> r % 3 == 0 ? 60 : 3);
    assertEquals(-1, d[0]);
    assertEquals(200, d[1]);
  }

  @Test
  void anyTimingsAreDecidedWithinAThousandRounds() {
    Random random = new Random(15);
    for (int trial = 0; trial < 300; trial++) {
      long scale = 1 + random.nextInt(1_000_000);
      long[] v = new long[MAX];
      long[] s = new long[MAX];
      int decided = 0;
      for (int round = 1; round <= MAX && decided == 0; round++) {
        v[round - 1] = 1 + (long) (random.nextDouble() * 3 * scale);
        s[round - 1] = 1 + (long) (random.nextDouble() * scale);
        decided = vectorWarmUpDecision(v, s, round);
      }
      assertTrue(decided != 0, "trial " + trial + " undecided after " + MAX + " rounds");
    }
  }

  @Test
  void fastestTimeIsTheSmallestOfTheRange() {
    long[] t = {5, 3, 9, 1, 7};
    assertEquals(3, fastestTime(t, 0, 3));
    assertEquals(1, fastestTime(t, 1, 5));
    assertEquals(7, fastestTime(t, 4, 5));
  }
}

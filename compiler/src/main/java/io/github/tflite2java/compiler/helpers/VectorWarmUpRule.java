package io.github.tflite2java.compiler.helpers;

/**
 * When the background warm-up of a {@code kernels=vector} model class switches its layers to the
 * vector kernels, or gives up on them (docs/start-up.md): the one definition, compiled and
 * unit-tested here, whose source {@link HelperSource} copies into generated classes.
 *
 * <p>Each warm-up round runs the vector layers once, then the scalar inference once, on the same
 * thread, and records both times. The warm-up ends after at most 1,000 rounds, whatever the
 * machine, the JDK or the load:
 *
 * <ul>
 *   <li>from round 10 on, after each round: when the best of the last 5 vector rounds takes at
 *       most 0.9x the best of the last 5 scalar inferences, switch (1);
 *   <li>at rounds 200, 300, ...: when the best vector round of the last 100 is not 10% faster
 *       than the best of the 100 before (C2 has compiled what it will), decide once;
 *   <li>at round 1,000 (still improving, slowly): decide once.
 * </ul>
 *
 * <p>Deciding once: switch (2) when the best vector round of the last 100 takes at most 1.1x
 * the best scalar inference of those rounds (not measurably slower, and the vector code may
 * still improve), else stay scalar for good (-1).
 */
public final class VectorWarmUpRule {

  private VectorWarmUpRule() {}

  /**
   * The vector warm-up's decision after {@code rounds} rounds (each ran the vector layers once,
   * then the scalar inference once): switch when the vector layers are clearly faster (the last
   * 5 rounds); once they stop improving (every 100 rounds from 200), or at round 1,000, decide
   * once: switch when they are not slower than 1.1x (the last 100 rounds), else stay scalar.
   *
   * @param vector the vector layers' time of each round so far (any unit, e.g. ns), index 0 first
   * @param scalar the scalar inference's time of each round, same unit
   * @param rounds rounds done (at least 1; the arrays hold at least this many)
   * @return 0: another round; 1: switch now (faster over the last 5 rounds); 2: switch, decided
   *     once (not slower over the last 100 rounds); -1: stay scalar for good (slower over the
   *     last 100 rounds)
   */
  public static int vectorWarmUpDecision(long[] vector, long[] scalar, int rounds) {
    // Faster, clearly: the best of the last 5 against the best of the last 5.
    if (rounds >= 10 && fastestTime(vector, rounds - 5, rounds) * 10
        <= fastestTime(scalar, rounds - 5, rounds) * 9) {
      return 1;
    }
    boolean decide = rounds >= 1000;
    if (!decide && rounds >= 200 && rounds % 100 == 0) {
      // No longer improving: the last 100 rounds' best not 10% below the 100 before's.
      decide = fastestTime(vector, rounds - 100, rounds) * 10
          > fastestTime(vector, rounds - 200, rounds - 100) * 9;
    }
    if (!decide) {
      return 0;
    }
    int from = Math.max(0, rounds - 100);
    return fastestTime(vector, from, rounds) * 10 <= fastestTime(scalar, from, rounds) * 11 ? 2 : -1;
  }

  /** The smallest of {@code times[from]} to {@code times[to - 1]}. */
  public static long fastestTime(long[] times, int from, int to) {
    long min = Long.MAX_VALUE;
    for (int i = from; i < to; i++) {
      min = Math.min(min, times[i]);
    }
    return min;
  }
}

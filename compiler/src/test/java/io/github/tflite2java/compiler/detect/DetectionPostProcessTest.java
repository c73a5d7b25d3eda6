package io.github.tflite2java.compiler.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The tie orders of {@link DetectionPostProcess} against libstdc++ (GCC 12.2, whose heap and
 * merge code is that of the GCC 10.2 TFLite 2.9's C library was built with): expected orders
 * printed by a C++ program making TFLite's calls, {@code std::partial_sort} with
 * {@code values[i] > values[j]} and {@code std::inplace_merge} with {@code a.score >= b.score}, on
 * tie-heavy inputs.
 */
class DetectionPostProcessTest {

  /** {values, {k}, expected first k indices}. */
  private static final float[][][] PARTIAL_SORT = {
    {{0.75f, 0f, 0f, 0.5f, 0.75f}, {2}, {4, 0}},
    {{0.25f, 0.5f, 0.5f, 0f, 0.5f}, {3}, {4, 1, 2}},
    {{0f, 0.25f, 0f, 0.25f, 0.5f}, {4}, {4, 1, 3, 0}},
    {{0.25f, 0.75f, 0.5f, 0.75f, 0f, 0.75f, 0f, 0.25f}, {2}, {3, 1}},
    {{0.5f, 0.5f, 0f, 0.5f, 0f, 0.25f, 0.25f, 0f}, {3}, {3, 1, 0}},
    {{0.25f, 0.25f, 0f, 0.75f, 0.75f, 0.75f, 0f, 0.25f}, {4}, {5, 3, 4, 1}},
    {{0.25f, 0.75f, 0f, 0.25f, 0.75f, 0.5f, 0f, 0.75f}, {7}, {1, 4, 7, 5, 3, 0, 2}},
    {{0.25f, 0.75f, 0.75f, 0.25f, 0.5f, 0.75f, 0.5f, 0.5f, 0.25f, 0f, 0.75f, 0f, 0.75f}, {2}, {2, 1}},
    {{0.5f, 0.25f, 0.75f, 0.5f, 0.75f, 0.25f, 0.25f, 0.75f, 0.25f, 0.25f, 0.25f, 0.25f, 0f}, {3}, {7, 4, 2}},
    {{0.75f, 0.25f, 0.75f, 0.25f, 0.25f, 0.75f, 0.25f, 0.5f, 0.5f, 0.25f, 0.5f, 0f, 0.5f}, {4}, {5, 0, 2, 7}},
    {{0f, 0.25f, 0.5f, 0f, 0.5f, 0f, 0.25f, 0f, 0.25f, 0.75f, 0f, 0.25f, 0.75f}, {7}, {12, 9, 4, 2, 1, 11, 8}},
    {{0.25f, 0f, 0f, 0.25f, 0f, 0.25f, 0.75f, 0.75f, 0f, 0.75f, 0f, 0.75f, 0.25f, 0.5f, 0f, 0.5f, 0.25f, 0f, 0.75f, 0f}, {2}, {7, 6}},
    {{0.5f, 0.25f, 0f, 0f, 0.25f, 0f, 0.75f, 0.5f, 0.5f, 0f, 0f, 0.5f, 0.75f, 0.25f, 0f, 0.75f, 0.75f, 0.25f, 0.25f, 0f}, {3}, {15, 6, 12}},
    {{0.75f, 0f, 0.75f, 0.75f, 0f, 0.75f, 0.5f, 0.25f, 0f, 0.5f, 0f, 0.5f, 0.75f, 0.25f, 0f, 0.25f, 0.75f, 0.5f, 0f, 0.5f}, {4}, {0, 3, 5, 2}},
    {{0f, 0.75f, 0.75f, 0.75f, 0.75f, 0.75f, 0.75f, 0.75f, 0.75f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0f, 0.5f, 0.75f, 0.25f, 0.5f, 0.5f}, {7}, {3, 4, 1, 7, 5, 2, 6}},
    {{0.5f, 0.5f, 0f, 0.75f, 0.75f, 0.25f, 0.25f, 0.5f, 0.25f, 0.5f, 0.25f, 0.75f, 0f, 0f, 0.25f, 0.5f, 0.25f, 0.5f, 0.25f, 0f, 0.75f, 0.75f, 0f, 0.75f, 0f, 0f, 0.25f, 0.75f, 0.25f, 0.75f, 0f, 0f, 0.75f}, {2}, {4, 3}},
    {{0.75f, 0.25f, 0.25f, 0.25f, 0.5f, 0f, 0.5f, 0.25f, 0f, 0.5f, 0.5f, 0.25f, 0.5f, 0.75f, 0.5f, 0.75f, 0f, 0.5f, 0.25f, 0f, 0f, 0f, 0.5f, 0.75f, 0.25f, 0.25f, 0.75f, 0f, 0.75f, 0.5f, 0.5f, 0.5f, 0.75f}, {3}, {15, 13, 0}},
    {{0.75f, 0.75f, 0.75f, 0.5f, 0.25f, 0f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.75f, 0.5f, 0.25f, 0.25f, 0.75f, 0.25f, 0.5f, 0.75f, 0.25f, 0.5f, 0f, 0.5f, 0f, 0.25f, 0.75f, 0.75f, 0.25f, 0.75f, 0.75f, 0f, 0.25f, 0.75f}, {4}, {0, 1, 11, 2}},
    {{0.5f, 0.25f, 0.75f, 0.5f, 0.75f, 0f, 0.5f, 0.5f, 0.75f, 0.5f, 0f, 0.25f, 0.5f, 0.75f, 0.5f, 0f, 0f, 0.75f, 0.5f, 0.75f, 0.5f, 0.5f, 0.75f, 0f, 0.5f, 0.5f, 0.5f, 0.75f, 0.25f, 0.25f, 0.25f, 0.75f, 0.25f}, {7}, {17, 4, 19, 22, 2, 13, 8}},
    {{0f, 0f, 0.75f, 0f, 0.75f, 0f, 0.75f, 0.75f, 0.75f, 0.75f, 0.5f, 0.5f, 0.25f, 0.25f, 0f, 0.5f, 0.75f, 0f, 0.75f, 0.75f, 0f, 0.75f, 0.75f, 0f, 0f, 0.75f, 0f, 0.25f, 0.75f, 0f, 0.25f, 0.25f, 0f, 0.25f, 0.75f, 0f, 0.75f, 0.75f, 0f, 0.75f, 0.25f, 0.25f, 0f, 0f, 0.25f, 0.25f, 0f, 0.75f, 0f, 0.75f, 0.75f, 0f, 0.5f, 0.75f, 0.5f, 0.5f, 0.5f, 0.25f, 0f, 0f, 0.75f, 0f, 0f, 0.25f, 0f, 0.5f, 0f, 0f, 0.5f, 0f, 0f, 0.25f, 0.5f, 0.5f, 0.75f, 0.75f, 0.5f, 0.75f, 0f, 0.5f, 0f, 0f, 0.5f, 0f, 0.75f, 0.75f, 0.25f, 0.75f, 0f, 0.25f, 0.5f}, {2}, {4, 2}},
    {{0.5f, 0.5f, 0.5f, 0f, 0.5f, 0.75f, 0.75f, 0f, 0f, 0.5f, 0f, 0.75f, 0f, 0.25f, 0.75f, 0.5f, 0.75f, 0.25f, 0f, 0.25f, 0.5f, 0.25f, 0.75f, 0.75f, 0.75f, 0.5f, 0f, 0f, 0.25f, 0.75f, 0.5f, 0.25f, 0.25f, 0f, 0.75f, 0f, 0.25f, 0f, 0f, 0.75f, 0.25f, 0.75f, 0f, 0.5f, 0f, 0.25f, 0.75f, 0.75f, 0.25f, 0.75f, 0f, 0.25f, 0.75f, 0f, 0.5f, 0.75f, 0f, 0.25f, 0.5f, 0.75f, 0.75f, 0f, 0.25f, 0.5f, 0.75f, 0.75f, 0.25f, 0f, 0.5f, 0.5f, 0.75f, 0.5f, 0f, 0f, 0.25f, 0f, 0.75f, 0.25f, 0.75f, 0.5f, 0.5f, 0.75f, 0.5f, 0.75f, 0f, 0.25f, 0.5f, 0.75f, 0.75f, 0.75f, 0.75f}, {3}, {11, 6, 5}},
    {{0.75f, 0.25f, 0f, 0.75f, 0.5f, 0f, 0f, 0.25f, 0.25f, 0.5f, 0.25f, 0.5f, 0.25f, 0.5f, 0.5f, 0.5f, 0.5f, 0.75f, 0f, 0.25f, 0f, 0f, 0.5f, 0.75f, 0.75f, 0.5f, 0f, 0.25f, 0.5f, 0f, 0.5f, 0.25f, 0.25f, 0.5f, 0.75f, 0.75f, 0.75f, 0f, 0.5f, 0.25f, 0.5f, 0.25f, 0.5f, 0.75f, 0.75f, 0.75f, 0f, 0.75f, 0f, 0.25f, 0.25f, 0.75f, 0f, 0.5f, 0.75f, 0.5f, 0.5f, 0.75f, 0.75f, 0.25f, 0.75f, 0.25f, 0.75f, 0.75f, 0.75f, 0.75f, 0.75f, 0.75f, 0.25f, 0.75f, 0f, 0.5f, 0.75f, 0.25f, 0.25f, 0.5f, 0.5f, 0.75f, 0.75f, 0.5f, 0f, 0f, 0.25f, 0.5f, 0.75f, 0.25f, 0.75f, 0.25f, 0f, 0.75f, 0f}, {4}, {17, 3, 23, 0}},
    {{0.5f, 0.5f, 0.25f, 0f, 0f, 0.75f, 0.5f, 0.25f, 0.5f, 0.25f, 0.25f, 0.75f, 0.75f, 0.25f, 0.5f, 0f, 0f, 0f, 0.5f, 0.5f, 0f, 0.5f, 0.5f, 0f, 0.5f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.75f, 0.25f, 0.75f, 0.5f, 0.25f, 0f, 0.5f, 0.5f, 0f, 0f, 0.5f, 0.5f, 0.75f, 0.5f, 0.25f, 0.75f, 0.5f, 0.25f, 0.75f, 0.75f, 0.5f, 0.25f, 0.75f, 0.75f, 0f, 0f, 0.25f, 0.5f, 0f, 0.25f, 0.75f, 0.75f, 0.5f, 0.5f, 0.5f, 0.25f, 0.5f, 0.75f, 0.25f, 0.75f, 0.5f, 0.75f, 0.75f, 0.75f, 0.25f, 0.25f, 0.5f, 0.25f, 0.5f, 0.75f, 0f, 0.75f, 0.75f, 0.75f, 0.25f, 0.25f, 0.25f, 0.75f, 0f, 0.75f}, {7}, {33, 11, 43, 46, 5, 31, 12}}
  };

  /** {{len1}, scores of both descending ranges, expected merged order (0-based positions)}. */
  private static final float[][][] INPLACE_MERGE = {
    {{1}, {0.5f, 0.5f}, {1, 0}},
    {{2}, {1f, 0f, 0f, 0f, 0f, 0f, 0f}, {0, 2, 3, 4, 5, 6, 1}},
    {{5}, {1f, 0.5f, 0.5f, 0.5f, 0f, 0f, 0f}, {0, 1, 2, 3, 5, 6, 4}},
    {{5}, {0.5f, 0f, 0f, 0f, 0f, 1f, 0.5f, 0.5f, 0.5f, 0f}, {5, 6, 7, 8, 0, 9, 1, 2, 3, 4}},
    {{12}, {1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 0.5f, 0.5f, 0f, 0f, 1f, 0f, 0f}, {12, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 10, 11}},
    {{3}, {1f, 1f, 0.5f, 1f, 1f, 1f, 1f, 0.5f, 0.5f, 0.5f, 0.5f, 0f, 0f, 0f, 0f}, {3, 4, 5, 6, 0, 1, 7, 8, 9, 10, 2, 11, 12, 13, 14}},
    {{20}, {1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 0.5f, 0.5f, 0.5f, 0.5f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 1f, 1f, 0.5f, 0f, 0f, 0f, 0f}, {20, 21, 0, 1, 2, 3, 4, 5, 6, 7, 22, 8, 9, 10, 11, 23, 24, 25, 26, 12, 13, 14, 15, 16, 17, 18, 19}},
    {{7}, {1f, 1f, 1f, 0.5f, 0.5f, 0f, 0f, 1f, 1f, 1f, 1f, 1f, 1f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f}, {7, 8, 9, 10, 11, 12, 0, 1, 2, 13, 14, 15, 16, 17, 3, 4, 18, 19, 20, 21, 22, 23, 24, 25, 26, 5, 6}}
  };

  @Test
  void partialSortTiesFollowLibstdcxx() {
    for (float[][] c : PARTIAL_SORT) {
      float[] values = c[0];
      int k = (int) c[1][0];
      int[] out = new int[values.length];
      DetectionPostProcess.decreasingPartialArgSort(values, 0, values.length, k, out);
      int[] want = new int[k];
      for (int i = 0; i < k; i++) {
        want[i] = (int) c[2][i];
      }
      assertArrayEquals(want, Arrays.copyOf(out, k), Arrays.toString(values) + " k=" + k);
    }
  }

  @Test
  void partialSortOfOneIsTheFirstMaximum() {
    int[] out = new int[4];
    DetectionPostProcess.decreasingPartialArgSort(new float[] {9, 0.5f, 0.75f, 0.25f, 0.75f}, 1, 4, 1, out);
    assertEquals(1, out[0]);
  }

  @Test
  void inplaceMergeTiesFollowLibstdcxx() {
    for (float[][] c : INPLACE_MERGE) {
      int len1 = (int) c[0][0];
      float[] score = c[1].clone();
      int n = score.length;
      int[] index = new int[n];
      for (int i = 0; i < n; i++) {
        index[i] = i;
      }
      DetectionPostProcess.inplaceMerge(index, score, len1, n, new int[n], new float[n]);
      int[] want = new int[n];
      for (int i = 0; i < n; i++) {
        want[i] = (int) c[2][i];
      }
      assertArrayEquals(want, index, Arrays.toString(c[1]) + " split at " + len1);
    }
  }

  @Test
  void stableSortKeepsAnchorOrderOnTies() {
    int[] sorted = DetectionPostProcess.decreasingStableArgSort(new float[] {0.5f, 1, 0.5f, 1, 0, 0.5f}, 6);
    assertArrayEquals(new int[] {1, 3, 0, 2, 5, 4}, sorted);
  }
}

package io.github.tflite2java.compiler.helpers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RawWeightHelpersTest {

  @Test
  void widenUint8RowsCentersEveryByteValueIntoTheFirstColsOfEachRow() {
    byte[] w = new byte[3 + 256];
    for (int i = 0; i < 256; i++) {
      w[3 + i] = (byte) i;
    }
    int[][] dst = new int[4][70];
    dst[0][64] = 99;
    RawWeightHelpers.widenUint8Rows(w, 3, dst, 4, 64, 255);
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 64; c++) {
        assertEquals(r * 64 + c - 255, dst[r][c]);
      }
    }
    assertEquals(99, dst[0][64], "past cols untouched");
  }

  @Test
  void widenInt8RowsIsSigned() {
    byte[] w = {(byte) -128, 127, -1, 0, 5, 6};
    int[][] dst = new int[2][3];
    RawWeightHelpers.widenInt8Rows(w, 0, dst, 2, 3, -1);
    assertArrayEquals(new int[] {-127, 128, 0}, dst[0]);
    assertArrayEquals(new int[] {1, 6, 7}, dst[1]);
  }

  @Test
  void widenPairRowsMatchesThePairRowsDecodedAtClassInitialization() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(16);
    for (boolean signed : new boolean[] {false, true}) {
      for (int rows : new int[] {1, 2, 5, 8}) {
        int cols = 7;
        byte[] w = new byte[2 + rows * cols];
        for (int i = 0; i < w.length; i++) {
          w[i] = (byte) r.nextInt(256);
        }
        int zp = signed ? -3 : 255;
        int[][] expected = PackedWeights.centeredPairRows(w, 2, rows, cols, 0, zp, signed);
        int[][] dst = new int[expected.length + 1][cols + 2];
        RawWeightHelpers.widenPairRows(w, 2, dst, rows, cols, zp, signed);
        for (int k = 0; k < expected.length; k++) {
          assertArrayEquals(expected[k], java.util.Arrays.copyOf(dst[k], cols),
              signed + " " + rows + " row pair " + k);
        }
      }
    }
  }

  @Test
  void widenBlockTakesColumnsOfRowsStrideApartAndZeroesThePaddingColumns() {
    // 3 rows of a [5][9] matrix from column 4: 5 valid columns, 8 in the block.
    byte[] w = new byte[1 + 5 * 9];
    for (int i = 0; i < w.length; i++) {
      w[i] = (byte) (200 + i);
    }
    for (boolean signed : new boolean[] {false, true}) {
      int[][] dst = new int[4][10];
      for (int[] row : dst) {
        java.util.Arrays.fill(row, 77);
      }
      RawWeightHelpers.widenBlock(w, 1 + 9 + 4, 9, dst, 3, 8, 5, signed ? -2 : 130, signed);
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 5; c++) {
          byte b = w[1 + (1 + r) * 9 + 4 + c];
          assertEquals(signed ? b + 2 : (b & 0xFF) - 130, dst[r][c], r + "," + c);
        }
        for (int c = 5; c < 8; c++) {
          assertEquals(0, dst[r][c]);
        }
        assertEquals(77, dst[r][8]);
        assertEquals(77, dst[r][9]);
      }
      assertEquals(77, dst[3][0]);
    }
  }

  @Test
  void widenRepeatedRowsRepeatsEachCenteredRow() {
    byte[] w = {1, 2, 3, (byte) 250, 5, 6};
    int[][] dst = new int[2][3 * 5];
    RawWeightHelpers.widenRepeatedRows(w, 0, dst, 2, 3, 5, 1, false);
    for (int i = 0; i < 15; i++) {
      assertEquals(new int[] {0, 1, 2}[i % 3], dst[0][i]);
      assertEquals(new int[] {249, 4, 5}[i % 3], dst[1][i]);
    }
    RawWeightHelpers.widenRepeatedRows(w, 3, dst, 1, 3, 1, 0, true);
    assertEquals(-6, dst[0][0]);
    assertEquals(5, dst[0][1]);
    assertEquals(1, dst[0][4], "past cols * times untouched");
  }

  @Test
  void scratchIsAStaircaseOfTheLayersShapes() {
    // A tall narrow layer (4096 x 16) and a short wide one (16 x 4096): 16 rows of 4096 and
    // 4080 of 16, not 4096 x 4096.
    int[][] a = RawWeightHelpers.widenedRowsScratch(new int[] {16, 4096}, new int[] {4096, 16});
    assertEquals(4096, a.length);
    assertEquals(4096, a[15].length);
    assertEquals(16, a[16].length);
    assertEquals(16, a[4095].length);
  }

  @Test
  void rawWeightsCopyAndRemoveTheShift() {
    byte[] p = {1, 2, 3, (byte) 200};
    byte[] w = new byte[3];
    RawWeightHelpers.rawWeights(p, 1, w, 0, 3, 0);
    assertArrayEquals(new byte[] {2, 3, (byte) 200}, w);
    RawWeightHelpers.rawWeights(p, 1, w, 1, 2, 3);
    assertArrayEquals(new byte[] {2, -1, 0}, w);
    RawWeightHelpers.rawWeights(p, 0, p, 0, 4, 1);
    assertArrayEquals(new byte[] {0, 1, 2, (byte) 199}, p);
  }
}

package io.github.tflite2java.compiler.helpers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The decoding and checking helpers generated classes carry (the fixed-point ones are covered by
 * {@code quant.FixedPointTest}, through {@code quant.FixedPoint} which delegates to them).
 */
class HelpersTest {

  @Test
  void weightsDecodeMinusShiftAndZeroPoint() {
    byte[] p = {(byte) (0 + 3), (byte) (255 + 3), (byte) (128 + 3)};
    assertArrayEquals(new int[] {-128, 127, 0}, WeightDecoding.centeredUint8(p, 0, 3, 3, 128));
    byte[] s = {(byte) (-128 + 5), (byte) (127 + 5), 5};
    assertArrayEquals(new int[] {-127, 128, 1}, WeightDecoding.centeredInt8(s, 0, 3, 5, -1));
    org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {-128, 127, 0},
        WeightDecoding.centeredFloats(p, 0, 3, 3, 128, false));
    org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {-127, 128, 1},
        WeightDecoding.centeredFloats(s, 0, 3, 5, -1, true));
    int[][] rows = WeightDecoding.centeredRows(new byte[] {1, 2, 3, 4}, 0, 2, 2, 2, 0, 1, false);
    assertArrayEquals(new int[] {0, 1, 0, 1}, rows[0]);
    assertArrayEquals(new int[] {2, 3, 2, 3}, rows[1]);
    assertArrayEquals(new int[] {1, 2, 1, 2}, WeightDecoding.repeat(new int[] {1, 2}, 2));
  }

  @Test
  void pairRowsHoldTwoCenteredRowsPerIntAndAnOddLastRowAlone() {
    // uint8, zero point 255, shift 3: three rows of two; centered values reach -255.
    int shift = 3;
    int[] q = {0, 255, 1, 254, 7, 128};
    byte[] p = new byte[q.length];
    for (int i = 0; i < q.length; i++) {
      p[i] = (byte) (q[i] + shift);
    }
    int[][] a = PackedWeights.centeredPairRows(p, 0, 3, 2, shift, 255, false);
    assertEquals(2, a.length);
    int[] low = {0 - 255, 255 - 255};
    int[] high = {1 - 255, 254 - 255};
    for (int c = 0; c < 2; c++) {
      // The kernels' read-back: w << 16 >> 16 (low row) and w >> 16 (high row).
      assertEquals(low[c], a[0][c] << 16 >> 16);
      assertEquals(high[c], a[0][c] >> 16);
    }
    assertArrayEquals(new int[] {7 - 255, 128 - 255}, a[1]);
    // int8 at an offset, zero point 0: -128 and 127 both ways.
    byte[] s = {9, (byte) (-128 - 1), (byte) (127 - 1), (byte) (127 - 1), (byte) (-128 - 1)};
    int[][] b = PackedWeights.centeredPairRows(s, 1, 2, 2, -1, 0, true);
    assertEquals(1, b.length);
    assertEquals(-128, b[0][0] << 16 >> 16);
    assertEquals(127, b[0][0] >> 16);
    assertEquals(127, b[0][1] << 16 >> 16);
    assertEquals(-128, b[0][1] >> 16);
  }

  @Test
  void int32AndFloat32AreLittleEndianBitForBit() {
    int shift = 7;
    byte[] p = new byte[8];
    int[] values = {0x80000001, Float.floatToRawIntBits(-0.0f)};
    for (int i = 0; i < 2; i++) {
      for (int b = 0; b < 4; b++) {
        p[4 * i + b] = (byte) ((values[i] >>> (8 * b)) + shift);
      }
    }
    assertArrayEquals(values, WeightDecoding.int32s(p, 0, 2, shift));
    assertEquals(Float.floatToRawIntBits(-0.0f),
        Float.floatToRawIntBits(WeightDecoding.float32s(p, 4, 1, shift)[0]));
  }

  @Test
  void appendCopiesTheLowByteOfEachChar() {
    byte[] p = new byte[4];
    assertEquals(4, WeightDecoding.append(p, 1, "\u00ffA\u0001"));
    assertArrayEquals(new byte[] {0, (byte) 0xff, 'A', 1}, p);
  }

  @Test
  void checkLengthNamesTheExpectedSize() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InputChecks.checkLength(new byte[3], 4, "input"));
    assertEquals("input has 3 bytes; expected 4", e.getMessage());
    NullPointerException n = assertThrows(NullPointerException.class,
        () -> InputChecks.checkLength(null, 4, "input"));
    assertEquals("input is null", n.getMessage());
  }
}

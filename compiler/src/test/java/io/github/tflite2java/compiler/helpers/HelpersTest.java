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
    int[][] rows = WeightDecoding.centeredRows(new byte[] {1, 2, 3, 4}, 0, 2, 2, 2, 0, 1, false);
    assertArrayEquals(new int[] {0, 1, 0, 1}, rows[0]);
    assertArrayEquals(new int[] {2, 3, 2, 3}, rows[1]);
    assertArrayEquals(new int[] {1, 2, 1, 2}, WeightDecoding.repeat(new int[] {1, 2}, 2));
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

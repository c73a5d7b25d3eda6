package io.github.tflite2java.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutputDiffTest {

  @Test
  void equalBytesAreBitExact() {
    OutputDiff d = OutputDiff.of(new byte[] {0, 1, (byte) 255}, new byte[] {0, 1, (byte) 255});
    assertTrue(d.exact());
    assertEquals("bit-exact", d.toString());
  }

  @Test
  void countsDifferingBytesAndTheLargestUnsignedDifference() {
    // 255 vs 0 is a difference of 255 in unsigned 8-bit values (not 1 as signed bytes).
    OutputDiff d =
        OutputDiff.of(new byte[] {10, (byte) 255, 7, 3}, new byte[] {11, 0, 7, (byte) 253});
    assertFalse(d.exact());
    assertEquals(3, d.differing);
    assertEquals(255, d.maxAbsDiff);
    assertEquals(0, d.firstIndex);
    assertEquals("differs: 3 of 4 bytes, max abs diff 255", d.toString());
  }

  @Test
  void lengthMismatchNamesBothLengths() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> OutputDiff.of(new byte[3], new byte[2]));
    assertEquals("output has 2 bytes, the golden file 3", e.getMessage());
  }
}

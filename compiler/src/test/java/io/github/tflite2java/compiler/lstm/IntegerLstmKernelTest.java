package io.github.tflite2java.compiler.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.helpers.LstmHelpers;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The kernel's primitives on edge values, against what TFLite's and gemmlowp's formulas give by
 * hand (the whole-operator bytes are checked against live TFLite in it-tests'
 * {@code IntegerLstmLiveTest}).
 */
class IntegerLstmKernelTest {

  @Test
  void int16DoublingHighMulRoundsLikeGemmlowp() {
    // The only overflow saturates.
    assertEquals(32767, IntegerLstmKernel.srdhm16(Short.MIN_VALUE, Short.MIN_VALUE));
    // 0.5 * 0.5 = 0.25 exactly.
    assertEquals(8192, IntegerLstmKernel.srdhm16((short) 16384, (short) 16384));
    // +0.5 LSB rounds up; -0.5 LSB: nudge 1 - 2^14 and C++ truncating division give 0.
    assertEquals(1, IntegerLstmKernel.srdhm16((short) 1, (short) 16384));
    assertEquals(0, IntegerLstmKernel.srdhm16((short) -1, (short) 16384));
    assertEquals(-1, IntegerLstmKernel.srdhm16((short) -3, (short) 16384));
  }

  @Test
  void int16RoundingDivideByPotRoundsHalvesAwayFromZero() {
    assertEquals(2, IntegerLstmKernel.rdbp16((short) 3, 1));
    assertEquals(-2, IntegerLstmKernel.rdbp16((short) -3, 1));
    assertEquals(-1, IntegerLstmKernel.rdbp16((short) -1, 1));
    assertEquals(1, IntegerLstmKernel.rdbp16((short) 1, 1));
    assertEquals(-1, IntegerLstmKernel.rdbp16((short) -5, 3));
    assertEquals(-4096, IntegerLstmKernel.rdbp16(Short.MIN_VALUE, 3));
  }

  @Test
  void constantsAreGemmlowpsInt32ConstantsRoundedTo16Bits() {
    // RescaleConstantInitializer: RoundingDivideByPOT(v, 16).
    assertEquals(28918, IntegerLstmKernel.rescaleConstant(1895147668)); // exp(-1/8) in Q0.15
    assertEquals(10923, IntegerLstmKernel.rescaleConstant(715827883)); // 1/3
    assertEquals(23130, IntegerLstmKernel.rescaleConstant(1515870810)); // 48/17 in Q2.13
    assertEquals(-15420, IntegerLstmKernel.rescaleConstant(-1010580540)); // -32/17 in Q2.13
    assertEquals(16384, IntegerLstmKernel.rescaleConstant(1 << 30));
  }

  @Test
  void logisticOfQ3_12() {
    assertEquals(16384, IntegerLstmKernel.logistic16((short) 0, 3)); // gemmlowp's one_half
    // gemmlowp's 16-bit logistic is not exactly monotone (its exp barrel shifter rounds at
    // every step): the bounds below were measured on this implementation, which matches live
    // TFLite byte for byte (IntegerLstmLiveTest); they guard against gross breakage.
    int maxError = 0;
    int previous = -100000;
    for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
      short y = IntegerLstmKernel.logistic16((short) x, 3);
      assertTrue(y >= previous - 8, "nearly monotone at " + x);
      previous = y;
      double exact = 32768 / (1 + Math.exp(-x / 4096.0));
      maxError = Math.max(maxError, (int) Math.ceil(Math.abs(y - exact)));
      if (x > Short.MIN_VALUE && x != 0) {
        // result_if_negative = One - result_if_positive, One = 32767 (not 32768).
        assertEquals(32767, y + IntegerLstmKernel.logistic16((short) -x, 3), "symmetry at " + x);
      }
    }
    assertTrue(maxError <= 8, "max error " + maxError + " LSB");
    // -32768 has no positive counterpart: its absolute value wraps to itself, exp(-8) still holds.
    assertEquals(32767 - IntegerLstmKernel.logistic16((short) 32767, 3),
        IntegerLstmKernel.logistic16(Short.MIN_VALUE, 3), 1);
  }

  @Test
  void tanhForEveryIntegerBitCount() {
    for (int bits = 0; bits <= 6; bits++) {
      assertEquals(0, IntegerLstmKernel.tanh16((short) 0, bits));
      int maxError = 0;
      for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
        short y = IntegerLstmKernel.tanh16((short) x, bits);
        double exact = 32768 * Math.tanh(x / (double) (1 << (15 - bits)));
        maxError = Math.max(maxError, (int) Math.ceil(Math.abs(y - Math.min(exact, 32767))));
        if (x > Short.MIN_VALUE) {
          assertEquals(-y, IntegerLstmKernel.tanh16((short) -x, bits), "odd at " + x);
        }
      }
      // Measured: 12-13 LSB worst case in every format (see logisticOfQ3_12).
      assertTrue(maxError <= 13, bits + " integer bits: max error " + maxError + " LSB");
    }
  }

  @Test
  void applyTanhOutsideZeroToSixBitsLeavesTheOutputAsTfliteDoes() {
    int[] in = {100, -100};
    int[] out = {7, 8};
    LstmHelpers.lstmTanh(7, in, 0, 2, out);
    assertArrayEquals(new int[] {7, 8}, out);
    LstmHelpers.lstmTanh(3, in, 0, 2, out);
    assertArrayEquals(new int[] {IntegerLstmKernel.tanh16((short) 100, 3),
        IntegerLstmKernel.tanh16((short) -100, 3)}, out);
  }

  @Test
  void gateProductsSaturateTheInputPartBeforeAddingTheRecurrentPart() {
    // Arena: x = {127, 127} at 0, h = {-127, -127} at 2; weights {127, 127}; multipliers 0.5.
    int[] arena = {127, 127, -127, -127};
    int[] w = {127, 127};
    int[] gate = new int[1];
    // Input part: (40000 + 32258) * 0.5 = 36129 -> saturates to 32767 first; recurrent part
    // -32258 * 0.5 = -16129: 16638. Without the first saturation it would be 20000.
    LstmHelpers.lstmGateProducts(arena, 0, 2, w, new int[] {40000}, 1 << 30, 0, 2, 2, w,
        1 << 30, 0, 1, 1, gate);
    assertEquals(32767 - 16129, gate[0]);
    // Both parts low: (-200000 + 32258) * 0.5 -> -32768, then -16129 more stays -32768.
    LstmHelpers.lstmGateProducts(arena, 0, 2, w, new int[] {-200000}, 1 << 30, 0, 2, 2, w,
        1 << 30, 0, 1, 1, gate);
    assertEquals(-32768, gate[0]);
  }

  @Test
  void hiddenSubtractsTheZeroPointAsTflite29Does() {
    int[] arena = new int[4];
    LstmHelpers.lstmHidden(new int[] {0, 32767}, new int[] {0, 32767}, 2, 1 << 30, -8, -4,
        arena, 0, 3, 2, -1);
    // h = 0 - (-4) = 4, stored minus the state zero point 3 and the output zero point -1.
    assertEquals(1, arena[0]);
    assertEquals(5, arena[2]);
    // 32767^2 * 0.5 / 256 = 2097024 -> clamped to 127.
    assertEquals(127 - 3, arena[1]);
    assertEquals(127 + 1, arena[3]);
    int[] raw = new int[2];
    LstmHelpers.lstmHiddenRaw(new int[] {0, 32767}, new int[] {0, 32767}, 2, 1 << 30, -8, -4,
        raw);
    assertArrayEquals(new int[] {4, 127}, raw);
  }

  @Test
  void cellUpdateClipsToPlusMinusTheQuantizedClip() {
    int[] cell = {-32768, 32767, 100};
    int[] inputGate = {32767, 32767, 0};
    int[] forget = {32767, 32767, 16384};
    int[] cellGate = {-32768, 32767, 0};
    // cell scale 2^-15 so the input*cell product shifts by 30 - 15.
    LstmHelpers.lstmUpdateCell(cell, 0, 3, 15, inputGate, forget, cellGate, 32767);
    // forget*cell: -32767, 32766; plus input*cellGate: -32767, 32766 -> saturate, then clip.
    assertArrayEquals(new int[] {-32767, 32767, 50}, cell);
  }

  @Test
  void cifgUsesOneMinusForgetAsTheInputGate() {
    int[] cell = {0};
    LstmHelpers.lstmUpdateCell(cell, 0, 1, 15, null, new int[] {32767 - 16384},
        new int[] {8192}, 0);
    // (32767 - 16383) * 8192 >> 15 = 4096
    assertEquals(4096, cell[0]);
  }

  @Test
  void peepholeTermIsRequantizedAndSaturated() {
    int[] result = {32000, -5};
    LstmHelpers.lstmPeephole(new int[] {2000, -3}, 0, new int[] {1000, 2}, 2, 1, 1 << 30, 0,
        result);
    // 2,000,000 * 0.5 = 1,000,000 + 32000 -> 32767; -6 * 0.5 = -3 -> -8
    assertArrayEquals(new int[] {32767, -8}, result);
  }

  @Test
  void projectionAddsTheStateZeroPointThenClips() {
    int[] arena = new int[4];
    // h = {10, 20}, weights {1, 1}, bias 5, multiplier 0.5: (5 + 30) * 0.5 = 17.5 -> 18, + zp 2
    // = 20, clipped to 15; stored minus the state zp (2) and minus the output zp (-3).
    LstmHelpers.lstmProjection(new int[] {10, 20}, 1, 2, new int[] {1, 1}, new int[] {5},
        1 << 30, 0, 1, 2, 15, arena, 0, 1, -3);
    assertEquals(13, arena[0]);
    assertEquals(18, arena[1]);
  }

  @Test
  void inverseSquareRootMultiplier() {
    // input <= 1: TFLite returns (INT32_MAX, 0) instead of dividing by zero.
    assertEquals((long) Integer.MAX_VALUE << 32, IntegerLstmKernel.invSqrtMultiplier(0));
    assertEquals((long) Integer.MAX_VALUE << 32, IntegerLstmKernel.invSqrtMultiplier(1));
    Random r = new Random(3);
    for (int k = 0; k < 2000; k++) {
      int in = k < 30 ? 2 + k : 2 + r.nextInt(Integer.MAX_VALUE - 2);
      long v = IntegerLstmKernel.invSqrtMultiplier(in);
      int m = (int) (v >> 32);
      int shift = (int) v;
      assertTrue(shift <= 0, "right shift only, " + in);
      double approx = m * Math.pow(2, shift - 31) * Math.sqrt(in);
      assertEquals(1.0, approx, 3e-6, "1/sqrt(" + in + ")");
    }
  }

  @Test
  void layerNormOfAConstantGateIsTheRoundedBias() {
    // Variance 0 -> the guard; shifted values are 0, so val3 = bias; val4 = (bias +- 512) / 1024
    // truncated; then multiplier 0.5 with shift 0 + 12.
    int[] gate = {700, 700};
    LstmHelpers.lstmLayerNorm(gate, new int[] {1000, 1000}, new int[] {2048, -2048}, 1 << 30, 0,
        1, 1, 2);
    // 2560 / 1024 = 2 (truncated), 2 * 4096 * 0.5 = 4096; and the mirror image.
    assertArrayEquals(new int[] {4096, -4096}, gate);
  }
}

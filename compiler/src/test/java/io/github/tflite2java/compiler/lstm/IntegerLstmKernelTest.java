package io.github.tflite2java.compiler.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.quant.FixedPoint;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The kernel's primitives on edge values, against what TFLite's and gemmlowp's formulas give by
 * hand (the whole-operator bytes are checked against live TFLite in it-tests'
 * {@code IntegerLstmLiveTest}).
 */
class IntegerLstmKernelTest {

  @Test
  void int32PrimitivesAgreeWithTheCompilersFixedPoint() {
    Random r = new Random(5);
    int[] edges = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 30, -(1 << 30), 12345};
    for (int i = 0; i < 20000; i++) {
      int x = i < edges.length ? edges[i] : r.nextInt();
      int m = (1 << 30) + r.nextInt(1 << 30);
      int shift = r.nextInt(40) - 31;
      if (shift > 0 && Math.abs((long) x) > (Integer.MAX_VALUE >> shift)) {
        shift = 0; // x << shift would overflow; TFLite never asks for that
      }
      assertEquals(FixedPoint.multiplyByQuantizedMultiplier(x, m, shift),
          IntegerLstmKernel.multiplyByQuantizedMultiplier(x, m, shift), x + " " + m + " " + shift);
      int e = r.nextInt(32);
      assertEquals(FixedPoint.roundingDivideByPot(x, e), IntegerLstmKernel.roundingDivideByPot(x, e));
    }
    assertEquals(Integer.MAX_VALUE,
        IntegerLstmKernel.saturatingRoundingDoublingHighMul(Integer.MIN_VALUE, Integer.MIN_VALUE));
  }

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
    short[] in = {100, -100};
    short[] out = {7, 8};
    IntegerLstmKernel.applyTanh(7, in, 0, 2, out, 0);
    assertArrayEquals(new short[] {7, 8}, out);
  }

  @Test
  void matrixProductSaturatesTheInputPartBeforeAddingTheRecurrentPart() {
    byte[] x = {127, 127};
    byte[] w = {127, 127};
    short[] gate = {30000};
    // multiplier 2^30 (0.5), shift 0: 32258 * 0.5 = 16129, plus 30000 -> saturates.
    IntegerLstmKernel.matrixBatchVectorMultiplyAccumulate(x, 0, new int[] {0}, w, 1 << 30, 0, 1,
        2, 1, 0, gate, 0);
    assertEquals(32767, gate[0]);
    IntegerLstmKernel.matrixBatchVectorMultiplyAccumulate(x, 0, new int[] {-200000}, w, 1 << 30,
        0, 1, 2, 1, 0, gate, 0);
    // (-200000 + 32258) * 0.5 = -83871 -> -51104 -> saturates low.
    assertEquals(-32768, gate[0]);
    byte[] out = {0};
    IntegerLstmKernel.matrixBatchVectorMultiplyAccumulate(x, 0, new int[] {0}, w, 1 << 30, 0, 1,
        2, 1, 5, out, 0);
    assertEquals(127, out[0]);
  }

  @Test
  void hiddenProductSubtractsTheZeroPointAsTflite29Does() {
    byte[] out = new byte[2];
    IntegerLstmKernel.cwiseMulToInt8(new short[] {0, 32767}, new short[] {0, 32767}, 1 << 30, -8,
        2, -4, out);
    assertEquals(4, out[0]); // 0 - (-4)
    // 32767^2 * 0.5 / 256 = 2097024 -> clamped to 127.
    assertEquals(127, out[1]);
  }

  @Test
  void cellUpdateClipsToPlusMinusTheQuantizedClip() {
    short[] cell = {-32768, 32767, 100};
    short[] inputGate = {32767, 32767, 0};
    short[] forget = {32767, 32767, 16384};
    short[] cellGate = {-32768, 32767, 0};
    // cell scale 2^-15 so the input*cell product shifts by 15.
    IntegerLstmKernel.updateCell(3, cell, 0, -15, inputGate, forget, cellGate, false,
        (short) 32767);
    // forget*cell: -32767, 32766; plus input*cellGate: -32767, 32766 -> saturate, then clip.
    assertArrayEquals(new short[] {-32767, 32767, 50}, cell);
  }

  @Test
  void cifgUsesOneMinusForgetAsTheInputGate() {
    short[] cell = {0};
    short[] forget = {32767 - 16384};
    short[] cellGate = {8192};
    IntegerLstmKernel.updateCell(1, cell, 0, -15, null, forget, cellGate, true, (short) 0);
    // (32767 - 16383) * 8192 >> 15 = 4096
    assertEquals(4096, cell[0]);
  }

  @Test
  void peepholeTermIsRequantizedAndSaturated() {
    short[] result = {32000, -5};
    IntegerLstmKernel.vectorBatchVectorCwiseProductAccumulate(new short[] {1000, 2},
        2, new short[] {2000, -3}, 0, 1, 1 << 30, 0, result);
    // 2,000,000 * 0.5 = 1,000,000 + 32000 -> 32767; -6 * 0.5 = -3 -> -8
    assertArrayEquals(new short[] {32767, -8}, result);
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
    short[] gate = {700, 700};
    IntegerLstmKernel.applyLayerNorm(gate, new short[] {1000, 1000}, new int[] {2048, -2048},
        1 << 30, 0, 1, 1, 2, gate);
    // 2560 / 1024 = 2 (truncated), 2 * 4096 * 0.5 = 4096; and the mirror image.
    assertArrayEquals(new short[] {4096, -4096}, gate);
  }
}

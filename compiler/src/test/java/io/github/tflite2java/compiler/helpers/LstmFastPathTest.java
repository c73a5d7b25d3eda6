package io.github.tflite2java.compiler.helpers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The generated LSTM's fast paths against the plain definitions they replace: the one-pass gate
 * products ({@link LstmHelpers#lstmAccumulatePairRows} + {@link LstmHelpers#lstmGateOutput})
 * against {@link LstmHelpers#lstmGateProducts}, and the cached activations against {@link
 * LstmHelpers#lstmSigmoid} / {@link LstmHelpers#lstmTanh} on every int16 input.
 */
class LstmFastPathTest {

  /** The cache's encoding needs it: no activation output is -32768 (stored as 0). */
  @Test
  void noActivationOfAnInt16IsMinus32768() {
    for (int bits = 0; bits <= 6; bits++) {
      for (int x = -32768; x <= 32767; x++) {
        assertNotEquals(-32768, LstmHelpers.lstmTanh16((short) x, bits), "tanh " + bits);
        assertNotEquals(-32768, LstmHelpers.lstmLogistic16((short) x, bits), "logistic " + bits);
      }
    }
  }

  @Test
  void cachedActivationsEqualThePlainOnesOnEveryInputColdAndWarm() {
    int[] all = new int[65536];
    for (int i = 0; i < all.length; i++) {
      all[i] = i - 32768;
    }
    int[] expected = all.clone();
    LstmHelpers.lstmSigmoid(expected, expected.length);
    short[] table = new short[65536];
    for (int pass = 0; pass < 2; pass++) {
      int[] actual = all.clone();
      LstmHelpers.lstmSigmoidCached(actual, actual.length, table);
      assertArrayEquals(expected, actual, "sigmoid, pass " + pass);
    }
    for (int bits = 0; bits <= 6; bits++) {
      int[] plain = new int[65536];
      LstmHelpers.lstmTanh(bits, all, 0, all.length, plain);
      short[] tanhTable = new short[65536];
      for (int pass = 0; pass < 2; pass++) {
        int[] actual = new int[65536];
        LstmHelpers.lstmTanhCached(bits, all, 0, all.length, actual, tanhTable);
        assertArrayEquals(plain, actual, "tanh " + bits + ", pass " + pass);
      }
    }
    // Outside 0..6 integer bits TFLite leaves the output as it was; so does the cached one.
    int[] untouched = {5, 6};
    LstmHelpers.lstmTanhCached(7, new int[] {1, 2}, 0, 2, untouched, new short[65536]);
    assertArrayEquals(new int[] {5, 6}, untouched);
  }

  /**
   * Random gates of random sizes (depths with every remainder mod 4, inputs with runs of zeros
   * that the products skip, extreme weights and biases that saturate): the one-pass products over
   * stacked, transposed pair rows give the per-gate products' int16 gates.
   */
  @Test
  void onePassProductsEqualPerGateProducts() {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 300; trial++) {
      int gates = 1 + rnd.nextInt(4);
      int nCell = 1 + rnd.nextInt(24);
      int nInput = 1 + rnd.nextInt(23);
      int nOutput = 1 + rnd.nextInt(13);
      int units = gates * nCell;
      int[] arena = new int[nInput + nOutput + 3];
      for (int i = 0; i < arena.length; i++) {
        arena[i] = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(256) - 128;
      }
      int inOff = 2;
      int stateOff = 2 + nInput;
      byte[] inT = new byte[nInput * units];
      byte[] recT = new byte[nOutput * units];
      int[] stackedBias = new int[units];
      int[][] expected = new int[gates][];
      int[] inA = new int[gates];
      int[] inB = new int[gates];
      int[] recA = new int[gates];
      int[] recB = new int[gates];
      for (int g = 0; g < gates; g++) {
        byte[] wx = new byte[nCell * nInput];
        byte[] wh = new byte[nCell * nOutput];
        rnd.nextBytes(wx);
        rnd.nextBytes(wh);
        int[] bias = new int[nCell];
        for (int r = 0; r < nCell; r++) {
          bias[r] = rnd.nextInt(2_000_001) - 1_000_000;
        }
        inA[g] = (1 << 30) + rnd.nextInt(1 << 30);
        inB[g] = rnd.nextInt(9) - 2;
        recA[g] = (1 << 30) + rnd.nextInt(1 << 30);
        recB[g] = rnd.nextInt(9) - 2;
        expected[g] = new int[nCell];
        LstmHelpers.lstmGateProducts(arena, inOff, nInput, widen(wx), bias, inA[g], inB[g],
            stateOff, nOutput, widen(wh), recA[g], recB[g], 1, nCell, expected[g]);
        for (int r = 0; r < nCell; r++) {
          int u = g * nCell + r;
          stackedBias[u] = bias[r];
          for (int k = 0; k < nInput; k++) {
            inT[k * units + u] = wx[r * nInput + k];
          }
          for (int k = 0; k < nOutput; k++) {
            recT[k * units + u] = wh[r * nOutput + k];
          }
        }
      }
      int[][] inW = PackedWeights.centeredPairRows(inT, 0, nInput, units, 0, 0, true);
      int[][] recW = PackedWeights.centeredPairRows(recT, 0, nOutput, units, 0, 0, true);
      int[] accX = stackedBias.clone();
      int[] accH = new int[units];
      LstmHelpers.lstmAccumulatePairRows(arena, inOff, nInput, inW, accX, units);
      LstmHelpers.lstmAccumulatePairRows(arena, stateOff, nOutput, recW, accH, units);
      for (int g = 0; g < gates; g++) {
        int[] actual = new int[nCell + 1];
        actual[0] = 12345;
        LstmHelpers.lstmGateOutput(accX, accH, g * nCell, nCell, inA[g], inB[g], recA[g],
            recB[g], actual, 1);
        assertEquals(12345, actual[0]);
        assertArrayEquals(expected[g], java.util.Arrays.copyOfRange(actual, 1, nCell + 1),
            "trial " + trial + " gate " + g);
      }
    }
  }

  private static int[] widen(byte[] b) {
    int[] out = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i];
    }
    return out;
  }
}

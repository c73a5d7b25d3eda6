package io.github.tflite2java.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.quant.QuantizedMultiplier;
import org.junit.jupiter.api.Test;

/**
 * The compile-time arithmetic of the new operators: multipliers folded from the scales in the
 * precision TFLite uses (each choice below was measured against TFLite 2.6.2 and 2.9.0 in
 * it-tests), and the per-value tables generated code looks up.
 */
class ElementwiseFoldingTest {

  private static Tensor tensor(TensorType type, float scale, int zeroPoint) {
    return new Tensor(0, "t", type, new int[] {1}, QuantParams.perTensor(scale, zeroPoint), null);
  }

  @Test
  void addScalesBothInputsToTwiceTheLargerScale() {
    Add.Multipliers m = Add.Multipliers.of(0.41042948f, 0.28242612f, 0.4484429f);
    // The larger input scale over twice itself is exactly 1/2.
    assertEquals(new QuantizedMultiplier(1 << 30, 0), m.input1());
    assertEquals(0.28242612f / (2.0 * 0.41042948f), m.input2().realValue(), 1e-9);
    assertTrue(m.valid());
    // (x << 20) / 2 for the larger input, exact.
    assertEquals(10 << 19, Add.scaled(10, m.input1()));
    assertEquals(-(255 << 19), Add.scaled(-255, m.input1()));
    // An output scale far below the inputs' would need a multiplier of 1 or more.
    assertTrue(!Add.Multipliers.of(1f, 1f, 1e-7f).valid());
  }

  @Test
  void mulMultiplierIsAFloat32Quotient() {
    // Measured: TFLite's multiplier for these scales is the float32 one; the double one
    // differs in the last bits and changes one output of the 65,536 value pairs.
    float s1 = 2.900987f;
    float s2 = 0.75900483f;
    float so = 299.1492f;
    QuantizedMultiplier f = QuantizedMultiplier.of(Mul.realMultiplier(s1, s2, so));
    assertEquals(QuantizedMultiplier.of((double) (s1 * s2 / so)), f);
    assertNotEquals(QuantizedMultiplier.of((double) s1 * s2 / so), f);
  }

  @Test
  void reluRescalesAndClampsToTheActivationRange() {
    Tensor in = tensor(TensorType.UINT8, 0.1f, 128);
    Tensor out = tensor(TensorType.UINT8, 0.05f, 10);
    assertEquals(10, Relu.apply(io.github.tflite2java.compiler.ir.Activation.RELU, in, out, 0));
    assertEquals(10 + 2 * 20, Relu.apply(io.github.tflite2java.compiler.ir.Activation.RELU, in,
        out, 148));
    // RELU6: 6 / 0.05 = 120 steps above the zero point.
    assertEquals(130, Relu.apply(io.github.tflite2java.compiler.ir.Activation.RELU6, in, out,
        255));
  }

  @Test
  void logisticOfTheZeroPointIsOneHalf() {
    Tensor in = tensor(TensorType.INT8, 0.05f, 7);
    Tensor out = tensor(TensorType.INT8, 1f / 256, -128);
    assertEquals(0, Logistic.apply(in, out, 7)); // 128 / 256 - 128
    assertEquals(127, Logistic.apply(in, out, 127)); // sigmoid(6) * 256 = 255.4, clamped
    assertEquals(-128, Logistic.apply(in, out, -128)); // sigmoid(-6.75) * 256 = 0.3
  }

  @Test
  void hardSwishFollowsTheRealFunctionWithinOneStep() {
    Tensor in = tensor(TensorType.INT8, 0.05f, 0);
    Tensor out = tensor(TensorType.INT8, 0.03f, -108);
    HardSwish.Params p = HardSwish.Params.of(in, out);
    for (int q = -128; q <= 127; q++) {
      double x = 0.05 * q;
      double real = x * Math.min(6, Math.max(0, x + 3)) / 6;
      double expected = Math.max(-128, Math.min(127, real / 0.03 - 108));
      assertEquals(expected, HardSwish.apply(p, out, q), 1.0, "input " + q);
    }
    assertEquals(-108, HardSwish.apply(p, out, 0));
  }

  @Test
  void hardSwishSixteenBitHelpersMatchGemmlowp() {
    assertEquals(Short.MAX_VALUE, HardSwish.downScale(Integer.MAX_VALUE - 10));
    assertEquals(1 << 14, HardSwish.downScale(1 << 30));
    assertEquals(Short.MAX_VALUE,
        HardSwish.roundingDoublingHighMul(Short.MIN_VALUE, Short.MIN_VALUE));
    assertEquals(-1, HardSwish.doublingHighMul((short) -3, (short) 16384)); // -1.5 -> -1
    assertEquals(-2, HardSwish.roundingDivideByPot((short) -3, 1)); // -1.5 -> -2
    assertEquals(2, HardSwish.roundingDivideByPot((short) 3, 1)); // 1.5 -> 2
    assertEquals(Short.MAX_VALUE, HardSwish.saturatingLeftShift((short) 300, 8));
  }

  @Test
  void quantizeFromFloatRoundsTheDoubleQuotientAwayFromZero() {
    float scale = 0.5f;
    assertEquals(13, Quantize.quantize(1.25f, scale, 10, TensorType.UINT8)); // 2.5 -> 3
    assertEquals(7, Quantize.quantize(-1.25f, scale, 10, TensorType.UINT8)); // -2.5 -> -3
    // Out of int32 range and NaN convert to INT32_MIN, as x86 does: the smallest output.
    assertEquals(-128, Quantize.quantize(Float.NaN, scale, 0, TensorType.INT8));
    assertEquals(-128, Quantize.quantize(Float.POSITIVE_INFINITY, scale, 0, TensorType.INT8));
    assertEquals(-128, Quantize.quantize(3e9f, scale, 0, TensorType.INT8));
    assertEquals(127, Quantize.quantize(1e9f, scale, 0, TensorType.INT8));
  }

  @Test
  void requantizeAndDequantize() {
    Tensor u = tensor(TensorType.UINT8, 0.007843138f, 127);
    Tensor s = tensor(TensorType.INT8, 0.007843138f, -1);
    for (int q = 0; q < 256; q++) {
      assertEquals(q - 128, Quantize.requantize(u, s, q));
    }
    assertEquals(-0.75f, Dequantize.dequantize(tensor(TensorType.INT8, 0.25f, 3), 0));
  }

  @Test
  void concatenationRescalesInFloat32() {
    Tensor in = tensor(TensorType.UINT8, 0.1f, 255);
    Tensor out = tensor(TensorType.UINT8, 0.0731f, 100);
    assertEquals(100, Concatenation.rescale(in, out, 255));
    assertEquals(0, Concatenation.rescale(in, out, 0)); // -25.5 / 0.0731 + 100 < 0
    assertEquals(100 + Math.round(-1.0f / 0.0731f), Concatenation.rescale(in, out, 245));
  }

  @Test
  void broadcastMergesDimensionsThatStretchAlike() {
    assertNull(Broadcast.of(new int[] {1, 3}, new int[] {1, 4}));
    Broadcast same = Broadcast.of(new int[] {2, 3, 4}, new int[] {2, 3, 4});
    assertTrue(same.isElementwise());
    assertEquals(1, same.depth());
    Broadcast channel = Broadcast.of(new int[] {1, 5, 7, 6}, new int[] {6});
    assertArrayEquals(new int[] {1, 5, 7, 6}, channel.outputShape());
    assertEquals(2, channel.depth()); // 35 pixels x 6 channels
    Broadcast both = Broadcast.of(new int[] {2, 3, 1, 5}, new int[] {1, 1, 4, 1});
    assertArrayEquals(new int[] {2, 3, 4, 5}, both.outputShape());
    assertEquals(3, both.depth());
  }
}

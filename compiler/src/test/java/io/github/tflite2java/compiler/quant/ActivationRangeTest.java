package io.github.tflite2java.compiler.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.TensorType;
import org.junit.jupiter.api.Test;

class ActivationRangeTest {

  @Test
  void noneIsTheTypeRange() {
    assertEquals(new ActivationRange(0, 255),
        ActivationRange.of(Activation.NONE, TensorType.UINT8, 0.1f, 7));
    assertEquals(new ActivationRange(-128, 127),
        ActivationRange.of(Activation.NONE, TensorType.INT8, 0.1f, 7));
  }

  @Test
  void relu6OnMobilenetScale() {
    // 6 / 0.023528 = 255.02 -> 255; zero point 0.
    assertEquals(new ActivationRange(0, 255),
        ActivationRange.of(Activation.RELU6, TensorType.UINT8, 0.023528f, 0));
    // A wider scale: 6 / 0.05 = 120 -> [zp, zp + 120].
    assertEquals(new ActivationRange(10, 130),
        ActivationRange.of(Activation.RELU6, TensorType.UINT8, 0.05f, 10));
  }

  @Test
  void boundsClampToTheTypeRange() {
    assertEquals(new ActivationRange(0, 255),
        ActivationRange.of(Activation.RELU, TensorType.UINT8, 0.01f, -20));
    assertEquals(new ActivationRange(-128, 127),
        ActivationRange.of(Activation.RELU6, TensorType.INT8, 0.001f, -128));
  }

  @Test
  void reluN1To1RoundsHalvesAwayFromZero() {
    // 1 / 0.4 = 2.5 -> 3 and -2.5 -> -3 (float division, std::round).
    assertEquals(new ActivationRange(-3, 3),
        ActivationRange.of(Activation.RELU_N1_TO_1, TensorType.INT8, 0.4f, 0));
  }

  @Test
  void tanhHasNoQuantizedRange() {
    assertThrows(IllegalArgumentException.class,
        () -> ActivationRange.of(Activation.TANH, TensorType.UINT8, 0.1f, 0));
  }
}

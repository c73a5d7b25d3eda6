package io.github.tflite2java.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.tflite2java.compiler.ir.Padding;
import org.junit.jupiter.api.Test;

class ConvGeometryTest {

  @Test
  void sameStride2OnEvenInputPadsOnlyBottomRight() {
    // TFLite: 224 -> 112 with a 3x3 stride 2 SAME filter: total padding 1, top/left get 0.
    ConvGeometry g = ConvGeometry.of(Padding.SAME, 224, 224, 3, 3, 2, 2, 1, 1);
    assertEquals(new ConvGeometry(112, 112, 0, 0), g);
  }

  @Test
  void sameStride1PadsOneOnEachSide() {
    assertEquals(new ConvGeometry(112, 112, 1, 1),
        ConvGeometry.of(Padding.SAME, 112, 112, 3, 3, 1, 1, 1, 1));
  }

  @Test
  void validShrinks() {
    assertEquals(new ConvGeometry(5, 3, 0, 0),
        ConvGeometry.of(Padding.VALID, 7, 7, 3, 5, 1, 1, 1, 1));
    assertEquals(new ConvGeometry(1, 1, 0, 0),
        ConvGeometry.of(Padding.VALID, 7, 7, 7, 7, 2, 2, 1, 1));
  }

  @Test
  void dilationWidensTheFilter() {
    // Effective 5x5 with dilation 2: VALID 9 -> 5; SAME pads 2.
    assertEquals(new ConvGeometry(5, 5, 0, 0),
        ConvGeometry.of(Padding.VALID, 9, 9, 3, 3, 1, 1, 2, 2));
    assertEquals(new ConvGeometry(9, 9, 2, 2),
        ConvGeometry.of(Padding.SAME, 9, 9, 3, 3, 1, 1, 2, 2));
  }
}

package io.github.tflite2java.compiler.tflite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Spot checks of the schema name tables against schema.fbs. */
class BuiltinOperatorTest {

  @Test
  void namesMatchTheSchema() {
    assertEquals("ADD", BuiltinOperator.name(0));
    assertEquals("AVERAGE_POOL_2D", BuiltinOperator.name(1));
    assertEquals("CONV_2D", BuiltinOperator.name(3));
    assertEquals("DEPTHWISE_CONV_2D", BuiltinOperator.name(4));
    assertEquals("DEPTH_TO_SPACE", BuiltinOperator.name(5));
    assertEquals("RESHAPE", BuiltinOperator.name(22));
    assertEquals("SOFTMAX", BuiltinOperator.name(25));
    assertEquals("CUSTOM", BuiltinOperator.name(32));
    assertEquals("MEAN", BuiltinOperator.name(40));
    assertEquals("SQUEEZE", BuiltinOperator.name(43));
    assertEquals("QUANTIZE", BuiltinOperator.name(114));
    assertEquals("HARD_SWISH", BuiltinOperator.name(117));
    assertEquals("PLACEHOLDER_FOR_GREATER_OP_CODES", BuiltinOperator.name(127));
    assertEquals("BATCH_MATMUL", BuiltinOperator.name(126));
    assertEquals("GELU", BuiltinOperator.name(150));
    assertEquals("RIGHT_SHIFT", BuiltinOperator.name(161));
    assertEquals("STABLEHLO_LOGISTIC", BuiltinOperator.name(162));
    assertEquals("DILATE", BuiltinOperator.name(203));
    assertEquals("REDUCE_WINDOW", BuiltinOperator.name(205));
    assertEquals("STABLEHLO_CASE", BuiltinOperator.name(209));
    assertEquals("TEMP_STREAMING_CONV_2D", BuiltinOperator.name(225));
    assertNull(BuiltinOperator.name(-1));
    assertNull(BuiltinOperator.name(210));
    assertNull(BuiltinOperator.name(224));
    assertFalse(BuiltinOperator.isKnown(1000));
  }

  @Test
  void codesInvertNames() {
    Set<String> seen = new HashSet<>();
    for (int code = 0; code <= BuiltinOperator.maxContiguousCode(); code++) {
      String name = BuiltinOperator.name(code);
      assertNotNull(name, "code " + code);
      assertTrue(seen.add(name), "duplicate " + name);
      assertEquals(code, BuiltinOperator.code(name));
    }
    assertEquals(225, BuiltinOperator.code("TEMP_STREAMING_CONV_2D"));
    assertEquals(-1, BuiltinOperator.code("NO_SUCH_OP"));
  }

  @Test
  void optionsNames() {
    assertEquals("NONE", TflOptions.name(TflOptions.NONE));
    assertEquals("Conv2DOptions", TflOptions.name(TflOptions.CONV_2D_OPTIONS));
    assertEquals("DepthwiseConv2DOptions", TflOptions.name(TflOptions.DEPTHWISE_CONV_2D_OPTIONS));
    assertEquals("Pool2DOptions", TflOptions.name(TflOptions.POOL_2D_OPTIONS));
    assertEquals("FullyConnectedOptions", TflOptions.name(TflOptions.FULLY_CONNECTED_OPTIONS));
    assertEquals("SoftmaxOptions", TflOptions.name(TflOptions.SOFTMAX_OPTIONS));
    assertEquals("ConcatenationOptions", TflOptions.name(TflOptions.CONCATENATION_OPTIONS));
    assertEquals("AddOptions", TflOptions.name(TflOptions.ADD_OPTIONS));
    assertEquals("ReshapeOptions", TflOptions.name(TflOptions.RESHAPE_OPTIONS));
    assertEquals("MulOptions", TflOptions.name(TflOptions.MUL_OPTIONS));
    assertEquals("ReducerOptions", TflOptions.name(TflOptions.REDUCER_OPTIONS));
    assertEquals("SqueezeOptions", TflOptions.name(TflOptions.SQUEEZE_OPTIONS));
    assertEquals("QuantizeOptions", TflOptions.name(89));
    assertEquals("RightShiftOptions", TflOptions.name(126));
    assertEquals("unknown options type 200", TflOptions.name(200));
  }
}

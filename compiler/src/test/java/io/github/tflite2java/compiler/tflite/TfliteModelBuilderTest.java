package io.github.tflite2java.compiler.tflite;

import io.github.tflite2java.compiler.ops.Conv2d;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.testing.Oracles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.DataType;
import org.tensorflow.lite.Interpreter;

/** Checks the writer's output at the accessor level and against the real TFLite runtime. */
class TfliteModelBuilderTest {

  @Test
  void writesIdentifierVersionAndSentinelBuffer() {
    byte[] bytes = TestModels.everyOptionsModel();
    assertEquals("TFL3", TflModel.fileIdentifier(ByteBuffer.wrap(bytes)));
    TflModel m = TflModel.root(bytes);
    assertEquals(3, m.version());
    assertEquals("every options table", m.description());
    assertEquals(1, m.subgraphsLength());
    assertEquals(-1, m.buffer(0).dataLength(), "buffer 0 must be the empty sentinel");
    TflSubGraph g = m.subgraph(0);
    assertEquals("main", g.name());
    assertEquals(12, g.operatorsLength());
    assertArrayEquals(new int[] {0}, g.inputs());
    for (int i = 0; i < m.buffersLength(); i++) {
      TflBuffer buf = m.buffer(i);
      if (buf.dataLength() > 0) {
        assertEquals(0, buf.dataStart() % 16, "constant data is 16-byte aligned");
      }
    }
    TflTensor input = g.tensor(0);
    assertEquals("input", input.name());
    assertEquals(TensorType.INT8.code(), input.type());
    assertEquals(0, input.buffer());
    assertArrayEquals(new float[] {0.05f}, input.quantization().scale());
    assertArrayEquals(new long[] {-3}, input.quantization().zeroPoint());
    TflTensor dwW = g.tensor(4);
    assertEquals("dw/w", dwW.name());
    assertEquals(3, dwW.quantization().quantizedDimension());
    assertEquals(4, dwW.quantization().scale().length);
  }

  @Test
  void writesOperatorCodesWithBothFields() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.FLOAT32, new int[] {1, 4});
    int y = b.addTensor("y", TensorType.FLOAT32, new int[] {1, 4});
    int z = b.addTensor("z", TensorType.FLOAT32, new int[] {1, 4});
    b.addOperator(BuiltinOperator.GELU, new int[] {x}, new int[] {y}, null);
    b.addOperator(BuiltinOperator.ADD, new int[] {y, y}, new int[] {z}, null);
    b.addOperator(BuiltinOperator.GELU, new int[] {z}, new int[] {x}, null);
    TflModel m = TflModel.root(b.inputs(x).outputs(z).build());
    assertEquals(2, m.operatorCodesLength(), "codes are deduplicated");
    TflOperatorCode gelu = m.operatorCode(0);
    assertEquals(127, gelu.deprecatedBuiltinCode());
    assertEquals(BuiltinOperator.GELU, gelu.builtinCode());
    assertEquals(BuiltinOperator.GELU, gelu.effectiveCode());
    assertEquals(1, gelu.version());
    assertNull(gelu.customCode());
    TflOperatorCode add = m.operatorCode(1);
    assertEquals(0, add.effectiveCode());
    assertEquals(0, m.subgraph(0).operator(2).opcodeIndex());
  }

  @Test
  void optionsDefaultsFollowTheSchema() {
    // dilation factors equal to the schema default 1 are omitted from the file, yet read as 1
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.FLOAT32, new int[] {1, 3, 3, 1});
    int w = b.addConstantTensor("w", TensorType.FLOAT32, new int[] {1, 1, 1, 1},
        QuantParams.NONE, new byte[4]);
    int y = b.addTensor("y", TensorType.FLOAT32, new int[] {1, 3, 3, 1});
    b.addOperator(BuiltinOperator.CONV_2D, new int[] {x, w, -1}, new int[] {y},
        new Conv2d.Options(Padding.SAME, 1, 1, 1, 1, Activation.NONE));
    TflOperator op = TflModel.root(b.inputs(x).outputs(y).build()).subgraph(0).operator(0);
    assertEquals(TflOptions.CONV_2D_OPTIONS, op.builtinOptionsType());
    TflOptions.Conv2D conv = op.builtinOptions(new TflOptions.Conv2D());
    assertFalse(conv.has(4), "dilation_w_factor 1 is the default and not written");
    assertEquals(1, conv.dilationWFactor());
    assertEquals(1, conv.dilationHFactor());
    assertEquals(0, conv.fusedActivationFunction());
    assertEquals(0, conv.padding());
    assertEquals(1, conv.strideW());
    assertArrayEquals(new int[] {x, w, -1}, op.inputs());
  }

  @Test
  void realTfliteAcceptsAndRunsTheWrittenModel() {
    requireTflite();
    byte[] bytes = TestModels.everyOptionsModel();
    try (Interpreter interpreter = TfliteRuntime.interpreter(bytes)) {
      assertEquals(1, interpreter.getInputTensorCount());
      assertEquals(2, interpreter.getOutputTensorCount());
      assertEquals(DataType.INT8, interpreter.getInputTensor(0).dataType());
      assertArrayEquals(new int[] {1, 6, 6, 2}, interpreter.getInputTensor(0).shape());
      assertEquals(0.05f, interpreter.getInputTensor(0).quantizationParams().getScale());
      assertEquals(-3, interpreter.getInputTensor(0).quantizationParams().getZeroPoint());
      assertArrayEquals(new int[] {1, 12}, interpreter.getOutputTensor(0).shape());
      assertArrayEquals(new int[] {1, 4}, interpreter.getOutputTensor(1).shape());

      ByteBuffer input = ByteBuffer.allocateDirect(72).order(ByteOrder.nativeOrder());
      new Random(7).ints(72, -128, 128).forEach(v -> input.put((byte) v));
      input.rewind();
      ByteBuffer probs = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder());
      ByteBuffer squeezed = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
      java.util.Map<Integer, Object> outputs = new java.util.HashMap<>();
      outputs.put(0, probs);
      outputs.put(1, squeezed);
      interpreter.runForMultipleInputsOutputs(new Object[] {input}, outputs);
      int sum = 0;
      for (int i = 0; i < 12; i++) {
        sum += probs.get(i) + 128;
      }
      // softmax probabilities, each q/256, add up to about 1
      assertTrue(Math.abs(sum - 256) <= 12, "softmax sums to " + sum + "/256");
    }
  }

  @Test
  void realTfliteAcceptsPerTensorUint8() {
    requireTflite();
    TfliteModelBuilder b = new TfliteModelBuilder();
    QuantParams q = QuantParams.perTensor(0.0078125f, 128);
    int in = b.addTensor("in", TensorType.UINT8, new int[] {1, 4, 4, 3}, q);
    int w = b.addConstantTensor("w", TensorType.UINT8, new int[] {2, 1, 1, 3},
        QuantParams.perTensor(0.01f, 120), new byte[] {1, 2, 3, 4, 5, 6});
    int bias = b.addConstantTensor("b", TensorType.INT32, new int[] {2},
        QuantParams.perTensor(0.0078125f * 0.01f, 0), new byte[8]);
    int out = b.addTensor("out", TensorType.UINT8, new int[] {1, 2, 2, 2},
        QuantParams.perTensor(0.02f, 10));
    b.addOperator(BuiltinOperator.CONV_2D, new int[] {in, w, bias}, new int[] {out},
        new Conv2d.Options(Padding.VALID, 2, 2, 1, 1, Activation.RELU6));
    try (Interpreter interpreter = TfliteRuntime.interpreter(b.inputs(in).outputs(out).build())) {
      interpreter.allocateTensors();
      assertEquals(DataType.UINT8, interpreter.getOutputTensor(0).dataType());
      assertArrayEquals(new int[] {1, 2, 2, 2}, interpreter.getOutputTensor(0).shape());
    }
  }

  private static void requireTflite() {
    Oracles.require(TfliteRuntime.available(), "TFLite 2.6.2 Java runtime not loadable ("
        + TfliteRuntime.failure() + ")", "it comes from Maven Central (ai.djl.tflite:tflite-native-cpu,"
        + " test scope): check the dependency resolved and that this is Linux x86-64");
  }
}

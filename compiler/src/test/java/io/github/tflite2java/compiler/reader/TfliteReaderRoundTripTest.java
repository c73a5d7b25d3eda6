package io.github.tflite2java.compiler.reader;

import io.github.tflite2java.compiler.ops.Add;
import io.github.tflite2java.compiler.ops.Concatenation;
import io.github.tflite2java.compiler.ops.Conv2d;
import io.github.tflite2java.compiler.ops.DepthwiseConv2d;
import io.github.tflite2java.compiler.ops.FullyConnected;
import io.github.tflite2java.compiler.ops.Mean;
import io.github.tflite2java.compiler.ops.Mul;
import io.github.tflite2java.compiler.ops.Pool2d;
import io.github.tflite2java.compiler.ops.Reshape;
import io.github.tflite2java.compiler.ops.Softmax;
import io.github.tflite2java.compiler.ops.Squeeze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Builder to reader: every options table and tensor feature comes back as it was written. */
class TfliteReaderRoundTripTest {

  static Stream<Arguments> options() {
    return Stream.of(
        Arguments.of(BuiltinOperator.CONV_2D,
            new Conv2d.Options(Padding.VALID, 2, 3, 4, 5, Activation.RELU)),
        Arguments.of(BuiltinOperator.CONV_2D,
            new Conv2d.Options(Padding.SAME, 1, 1, 1, 1, Activation.NONE)),
        Arguments.of(BuiltinOperator.DEPTHWISE_CONV_2D,
            new DepthwiseConv2d.Options(Padding.SAME, 2, 1, 3, 2, 1, Activation.RELU6)),
        Arguments.of(BuiltinOperator.DEPTHWISE_CONV_2D,
            new DepthwiseConv2d.Options(Padding.VALID, 1, 1, 1, 1, 1,
                Activation.RELU_N1_TO_1)),
        Arguments.of(BuiltinOperator.AVERAGE_POOL_2D,
            new Pool2d.Options(Padding.VALID, 2, 2, 7, 7, Activation.NONE)),
        Arguments.of(BuiltinOperator.MAX_POOL_2D,
            new Pool2d.Options(Padding.SAME, 1, 2, 3, 4, Activation.TANH)),
        Arguments.of(BuiltinOperator.FULLY_CONNECTED,
            new FullyConnected.Options(Activation.RELU, 1, true)),
        Arguments.of(BuiltinOperator.FULLY_CONNECTED,
            new FullyConnected.Options(Activation.NONE, 0, false)),
        Arguments.of(BuiltinOperator.SOFTMAX, new Softmax.Options(0.5f)),
        Arguments.of(BuiltinOperator.SOFTMAX, new Softmax.Options(1.0f)),
        Arguments.of(BuiltinOperator.ADD, new Add.Options(Activation.RELU6)),
        Arguments.of(BuiltinOperator.ADD, new Add.Options(Activation.NONE)),
        Arguments.of(BuiltinOperator.MUL, new Mul.Options(Activation.SIGN_BIT)),
        Arguments.of(BuiltinOperator.CONCATENATION,
            new Concatenation.Options(-1, Activation.RELU)),
        Arguments.of(BuiltinOperator.CONCATENATION,
            new Concatenation.Options(3, Activation.NONE)),
        Arguments.of(BuiltinOperator.MEAN, new Mean.Options(true)),
        Arguments.of(BuiltinOperator.MEAN, new Mean.Options(false)));
  }

  /** One operator y = op(x) between two float tensors, with the given options. */
  static ModelGraph oneOp(int code, OperatorOptions options) throws Exception {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.FLOAT32, new int[] {1, 4, 4, 2});
    int y = b.addTensor("y", TensorType.FLOAT32, new int[] {1, 4, 4, 2});
    b.addOperator(code, 2, new int[] {x}, new int[] {y}, options);
    return TfliteReader.read("dir/one-op.tflite", b.inputs(x).outputs(y).build());
  }

  @ParameterizedTest
  @MethodSource("options")
  void scalarOptionsRoundTrip(int code, OperatorOptions options) throws Exception {
    Operator op = oneOp(code, options).operators().get(0);
    assertEquals(BuiltinOperator.name(code), op.kind());
    assertEquals(code, op.builtinCode());
    assertEquals(2, op.version());
    assertEquals(options, op.options());
  }

  @Test
  void reshapeOptionsRoundTrip() throws Exception {
    Operator op = oneOp(BuiltinOperator.RESHAPE, new Reshape.Options(new int[] {1, -1}))
        .operators().get(0);
    assertArrayEquals(new int[] {1, -1}, ((Reshape.Options) op.options()).newShape());
    op = oneOp(BuiltinOperator.RESHAPE, new Reshape.Options(new int[0]))
        .operators().get(0);
    assertArrayEquals(new int[0], ((Reshape.Options) op.options()).newShape());
  }

  @Test
  void squeezeOptionsRoundTrip() throws Exception {
    Operator op = oneOp(BuiltinOperator.SQUEEZE, new Squeeze.Options(new int[] {1, 2}))
        .operators().get(0);
    assertArrayEquals(new int[] {1, 2}, ((Squeeze.Options) op.options()).squeezeDims());
  }

  @Test
  void absentOptionsReadAsTfliteReadsThem() throws Exception {
    assertEquals(new OperatorOptions.None(), oneOp(BuiltinOperator.CONV_2D, null)
        .operators().get(0).options());
    assertEquals(new OperatorOptions.None(), oneOp(BuiltinOperator.AVERAGE_POOL_2D, null)
        .operators().get(0).options());
    // TFLite's zero-initialized TfLiteAddParams: pot_scale_int16 false without a table.
    assertEquals(new Add.Options(Activation.NONE, false), oneOp(BuiltinOperator.ADD, null)
        .operators().get(0).options());
    assertEquals(new Mean.Options(false), oneOp(BuiltinOperator.MEAN, null)
        .operators().get(0).options());
    assertArrayEquals(new int[0], ((Reshape.Options) oneOp(BuiltinOperator.RESHAPE, null)
        .operators().get(0).options()).newShape());
    assertEquals(new OperatorOptions.None(), oneOp(BuiltinOperator.QUANTIZE, null)
        .operators().get(0).options());
    assertEquals(new OperatorOptions.None(), oneOp(BuiltinOperator.LOGISTIC, null)
        .operators().get(0).options());
  }

  @Test
  void tensorsConstantsAndQuantizationRoundTrip() throws Exception {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int in = b.addTensor("entrée/π", TensorType.INT8, new int[] {1, 8, 8, 3},
        QuantParams.perTensor(0.5f, -7));
    byte[] filter = new byte[4 * 3 * 3 * 3];
    for (int i = 0; i < filter.length; i++) {
      filter[i] = (byte) (i * 7);
    }
    QuantParams perChannel = new QuantParams(new float[] {0.1f, 0.2f, 0.3f, 0.4f},
        new long[] {0, 1, -2, 3}, 0);
    int w = b.addConstantTensor("w", TensorType.INT8, new int[] {4, 3, 3, 3}, perChannel, filter);
    int bias = b.addConstantTensor("b", TensorType.INT32, new int[] {4}, QuantParams.NONE,
        new byte[16]);
    int out = b.addTensor("out", TensorType.INT8, new int[] {1, 8, 8, 4},
        QuantParams.perTensor(0.25f, 3));
    int scalar = b.addConstantTensor("scalar", TensorType.FLOAT16, new int[0], QuantParams.NONE,
        new byte[] {0, 0x3c});
    int str = b.addConstantTensor("str", TensorType.STRING, new int[] {1}, QuantParams.NONE,
        new byte[] {1, 2, 3});
    int alias = b.addTensor("alias", TensorType.INT8, new int[] {4, 3, 3, 3});
    b.rawBufferIndex(alias, 1);
    b.addOperator(BuiltinOperator.CONV_2D, 5, new int[] {in, w, bias}, new int[] {out},
        new Conv2d.Options(Padding.SAME, 1, 1, 1, 1, Activation.NONE));
    b.addOperator(BuiltinOperator.GELU, new int[] {out}, new int[] {alias}, null);
    b.addCustomOperator("MyCustomOp", new int[] {out, -1, scalar}, new int[] {str},
        new byte[] {9, 9});
    b.inputs(in).outputs(alias, str).description("round trip");
    byte[] bytes = b.build();

    ModelGraph g = TfliteReader.read("/some/where/model.tflite", bytes);
    assertEquals("model.tflite", g.sourceName());
    assertEquals(bytes.length, g.fileSize());
    assertEquals(TfliteReader.sha256(bytes), g.sha256());
    assertEquals(64, g.sha256().length());
    assertEquals("round trip", g.description());
    assertEquals(7, g.tensors().size());
    assertArrayEquals(new int[] {in}, g.inputs());
    assertArrayEquals(new int[] {alias, str}, g.outputs());

    Tensor tin = g.tensor(in);
    assertEquals("entrée/π", tin.name());
    assertEquals(in, tin.index());
    assertEquals(QuantParams.perTensor(0.5f, -7), tin.quant());
    assertNull(tin.data());
    Tensor tw = g.tensor(w);
    assertEquals(perChannel, tw.quant());
    assertArrayEquals(filter, tw.data());
    assertEquals(QuantParams.NONE, g.tensor(bias).quant());
    assertArrayEquals(new byte[16], g.tensor(bias).data());
    assertArrayEquals(new int[0], g.tensor(scalar).shape());
    assertEquals(TensorType.FLOAT16, g.tensor(scalar).type());
    assertArrayEquals(new byte[] {1, 2, 3}, g.tensor(str).data(), "strings keep their bytes");
    assertArrayEquals(tw.data(), g.tensor(alias).data(), "tensors sharing a buffer");
    assertEquals(tw.dataView(), g.tensor(alias).dataView(),
        "tensors sharing a buffer share its bytes (views of the same region)");

    Operator conv = g.operators().get(0);
    assertEquals(5, conv.version());
    Operator gelu = g.operators().get(1);
    assertEquals("GELU", gelu.kind());
    assertEquals(150, gelu.builtinCode());
    Operator custom = g.operators().get(2);
    assertEquals("CUSTOM:MyCustomOp", custom.kind());
    assertEquals(-1, custom.builtinCode());
    assertArrayEquals(new int[] {out, -1, scalar}, custom.inputs());
    assertEquals(-1, custom.input(1));
    assertEquals(new OperatorOptions.None(), custom.options());
  }

  @Test
  void everyTensorTypeCodeRoundTrips() throws Exception {
    for (TensorType type : TensorType.values()) {
      TfliteModelBuilder b = new TfliteModelBuilder();
      int x = b.addTensor("x", type, new int[] {2, 3});
      ModelGraph g = TfliteReader.read("types.tflite", b.inputs(x).outputs(x).build());
      assertEquals(type, g.tensor(0).type());
      assertFalse(g.tensor(0).isConstant());
      assertTrue(g.operators().isEmpty());
    }
  }

  @Test
  void readsFromPath(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("tiny.tflite");
    java.nio.file.Files.write(file,
        TfliteReaderRoundTripTest.oneOpBytes(BuiltinOperator.SOFTMAX, null));
    ModelGraph g = TfliteReader.read(file);
    assertEquals("tiny.tflite", g.sourceName());
    assertInstanceOf(Softmax.Options.class, g.operators().get(0).options());
  }

  static byte[] oneOpBytes(int code, OperatorOptions options) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.FLOAT32, new int[] {1, 4});
    int y = b.addTensor("y", TensorType.FLOAT32, new int[] {1, 4});
    b.addOperator(code, new int[] {x}, new int[] {y}, options);
    return b.inputs(x).outputs(y).build();
  }
}

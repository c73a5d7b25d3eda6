package io.github.tflite2java.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** What the float32/int32 kernels (CAST, SUB, DIV, FLOOR_DIV, SQRT, ADD/MUL) accept and refuse. */
class FloatArithmeticValidationTest {

  private static final QuantParams S = QuantParams.perTensor(0.05f, -3);

  private static String failure(byte[] model) {
    return assertThrows(ModelCompileException.class, () -> compile(model)).getMessage();
  }

  private static GeneratedSource compile(byte[] model) throws ModelCompileException {
    return Tflite2JavaCompiler.compile(TfliteReader.read("m.tflite", model), "t.M",
        CompileOptions.defaults());
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
    }
  }

  @Test
  void rawUint8InputCastToFloatAndQuantizedCompiles() throws Exception {
    // MoveNet's head: raw pixels (uint8 without quantization) -> CAST -> QUANTIZE -> SUB.
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("pixels", TensorType.UINT8, new int[] {1, 4, 4, 3});
    int f = b.addTensor("f", TensorType.FLOAT32, new int[] {1, 4, 4, 3});
    int q = b.addTensor("q", TensorType.INT8, new int[] {1, 4, 4, 3}, S);
    int c = b.addConstantTensor("c", TensorType.INT8, new int[] {1, 1, 1, 3}, S,
        new byte[] {1, 2, 3});
    int y = b.addTensor("y", TensorType.INT8, new int[] {1, 4, 4, 3}, S);
    b.addOperator(BuiltinOperator.code("CAST"), new int[] {x}, new int[] {f},
        new OperatorOptions.None());
    b.addOperator(BuiltinOperator.QUANTIZE, new int[] {f}, new int[] {q},
        new OperatorOptions.None());
    b.addOperator(BuiltinOperator.SUB, 2, new int[] {q, c}, new int[] {y},
        new Sub.Options(Activation.NONE));
    String src = compile(b.inputs(x).outputs(y).build()).source();
    assertContains(src, "op00Cast", "op01Quantize", "op02Sub");
  }

  @Test
  void rawUint8InputIntoAQuantizedKernelNamesTheMissingQuantization() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("pixels", TensorType.UINT8, new int[] {1, 4});
    int y = b.addTensor("y", TensorType.UINT8, new int[] {1, 4},
        QuantParams.perTensor(0.1f, 0));
    b.addOperator(BuiltinOperator.code("RELU"), new int[] {x}, new int[] {y},
        new OperatorOptions.None());
    assertContains(failure(b.inputs(x).outputs(y).build()), "operator 0 (RELU)",
        "'pixels'", "has no quantization");
  }

  @Test
  void mixedTypesAreRefusedNamingTheInput() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.FLOAT32, new int[] {4});
    int z = b.addTensor("z", TensorType.INT32, new int[] {4});
    int y = b.addTensor("y", TensorType.FLOAT32, new int[] {4});
    b.addOperator(BuiltinOperator.code("DIV"), new int[] {x, z}, new int[] {y},
        new Div.Options(Activation.NONE));
    assertContains(failure(b.inputs(x, z).outputs(y).build()), "operator 0 (DIV)",
        "input tensor 1 'z'", "is INT32", "both inputs of the output's type FLOAT32");
  }

  @Test
  void constantZeroInt32DivisorIsRefused() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT32, new int[] {2});
    byte[] zero = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(3).putInt(0)
        .array();
    int c = b.addConstantTensor("d", TensorType.INT32, new int[] {2}, QuantParams.NONE, zero);
    int y = b.addTensor("y", TensorType.INT32, new int[] {2});
    b.addOperator(BuiltinOperator.code("FLOOR_DIV"), new int[] {x, c}, new int[] {y},
        new OperatorOptions.None());
    assertContains(failure(b.inputs(x).outputs(y).build()), "operator 0 (FLOOR_DIV)",
        "divisor", "'d'", "holds 0");
  }

  @Test
  void sqrtOfInt32IsRefused() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT32, new int[] {2});
    int y = b.addTensor("y", TensorType.INT32, new int[] {2});
    b.addOperator(BuiltinOperator.code("SQRT"), new int[] {x}, new int[] {y},
        new OperatorOptions.None());
    assertContains(failure(b.inputs(x).outputs(y).build()), "operator 0 (SQRT)",
        "SQRT supports float32 only");
  }

  @Test
  void float32AddWithFusedTanhIsRefused() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.FLOAT32, new int[] {2});
    int z = b.addTensor("z", TensorType.FLOAT32, new int[] {2});
    int y = b.addTensor("y", TensorType.FLOAT32, new int[] {2});
    b.addOperator(BuiltinOperator.ADD, new int[] {x, z}, new int[] {y},
        new io.github.tflite2java.compiler.ops.Add.Options(Activation.TANH));
    assertContains(failure(b.inputs(x, z).outputs(y).build()), "operator 0 (ADD)",
        "fused activation TANH");
  }
}

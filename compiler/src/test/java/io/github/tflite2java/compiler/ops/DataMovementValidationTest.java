package io.github.tflite2java.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
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

/**
 * What GATHER, GATHER_ND, PACK, UNPACK and the int32/float32 RESHAPE and CONCATENATION reject,
 * and how they say it (the results themselves are compared with live TFLite in it-tests).
 */
class DataMovementValidationTest {
  private static final QuantParams S = QuantParams.perTensor(0.05f, -3);

  private static String failure(byte[] model) {
    return assertThrows(ModelCompileException.class, () -> Tflite2JavaCompiler.compile(
        TfliteReader.read("m.tflite", model), "t.M", CompileOptions.defaults())).getMessage();
  }

  private static void compiles(byte[] model) throws Exception {
    Tflite2JavaCompiler.compile(TfliteReader.read("m.tflite", model), "t.M",
        CompileOptions.defaults());
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
    }
  }

  private static byte[] ints(int... v) {
    ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int x : v) {
      bb.putInt(x);
    }
    return bb.array();
  }

  private static byte[] gatherNd(TensorType paramsType, int[] params, int[] indices,
      TensorType outType, int[] out) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    QuantParams q = paramsType.isQuantized8() ? S : QuantParams.NONE;
    int p = b.addTensor("params", paramsType, params, q);
    int i = b.addTensor("indices", TensorType.INT32, indices);
    int y = b.addTensor("y", outType, out, outType.isQuantized8() ? S : QuantParams.NONE);
    b.addOperator(BuiltinOperator.code("GATHER_ND"), 1, new int[] {p, i}, new int[] {y},
        new OperatorOptions.None());
    return b.inputs(p, i).outputs(y).build();
  }

  @Test
  void gatherNdProblemsAreNamed() throws Exception {
    compiles(gatherNd(TensorType.INT8, new int[] {2, 3, 4}, new int[] {5, 2},
        TensorType.INT8, new int[] {5, 4}));
    assertContains(failure(gatherNd(TensorType.INT8, new int[] {2, 3}, new int[] {5, 3},
        TensorType.INT8, new int[] {5})), "operator 0 (GATHER_ND)", "'indices'",
        "index 3 dimensions", "has only 2");
    assertContains(failure(gatherNd(TensorType.INT8, new int[] {2, 3, 4}, new int[] {5, 2},
        TensorType.INT8, new int[] {5, 3})), "'y'", "should have shape [5,4]");
    assertContains(failure(gatherNd(TensorType.INT32, new int[] {2, 3}, new int[] {5, 1},
        TensorType.INT8, new int[] {5, 3})), "'y'", "is INT8 but params", "INT32");
    assertContains(failure(gatherNd(TensorType.FLOAT16, new int[] {2, 3}, new int[] {5, 1},
        TensorType.FLOAT16, new int[] {5, 3})), "'params'", "FLOAT16",
        "GATHER_ND supports float32, int32, uint8, int64, int16, int8");
  }

  @Test
  void int64ConstantsOutsideTheIntRangeAreRefused() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT64, new int[] {2});
    ByteBuffer big = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1)
        .putLong(1L << 40);
    int c = b.addConstantTensor("c", TensorType.INT64, new int[] {2}, QuantParams.NONE,
        big.array());
    int y = b.addTensor("y", TensorType.INT64, new int[] {2, 2});
    b.addOperator(BuiltinOperator.code("PACK"), 1, new int[] {x, c}, new int[] {y},
        new Pack.Options(2, 0));
    assertContains(failure(b.inputs(x).outputs(y).build()), "operator 0 (PACK)", "'c'",
        "int64 value outside the int range");
  }

  @Test
  void packAndUnpackShapeAndCountProblemsAreNamed() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT32, new int[] {3});
    int z = b.addTensor("z", TensorType.INT32, new int[] {3});
    int y = b.addTensor("y", TensorType.INT32, new int[] {3, 2});
    b.addOperator(BuiltinOperator.code("PACK"), 1, new int[] {x, z}, new int[] {y},
        new Pack.Options(3, 1));
    assertContains(failure(b.inputs(x, z).outputs(y).build()), "operator 0 (PACK)",
        "expected values_count (3) inputs");

    TfliteModelBuilder b2 = new TfliteModelBuilder();
    x = b2.addTensor("x", TensorType.INT32, new int[] {3});
    z = b2.addTensor("z", TensorType.INT32, new int[] {3});
    y = b2.addTensor("y", TensorType.INT32, new int[] {3, 2});
    b2.addOperator(BuiltinOperator.code("PACK"), 1, new int[] {x, z}, new int[] {y},
        new Pack.Options(2, 3));
    assertContains(failure(b2.inputs(x, z).outputs(y).build()), "axis 3 is outside the"
        + " output's 2 dimensions");

    TfliteModelBuilder b3 = new TfliteModelBuilder();
    x = b3.addTensor("x", TensorType.INT8, new int[] {2, 3}, S);
    int y0 = b3.addTensor("y0", TensorType.INT8, new int[] {2}, S);
    int y1 = b3.addTensor("y1", TensorType.INT8, new int[] {2}, S);
    b3.addOperator(BuiltinOperator.code("UNPACK"), 1, new int[] {x}, new int[] {y0, y1},
        new Unpack.Options(2, -1));
    assertContains(failure(b3.inputs(x).outputs(y0, y1).build()), "operator 0 (UNPACK)",
        "num 2 differs from dimension 1");
  }

  @Test
  void gatherAxisAndBatchDimsProblemsAreNamed() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT8, new int[] {2, 3}, S);
    int p = b.addConstantTensor("p", TensorType.INT32, new int[] {2}, QuantParams.NONE,
        ints(0, 1));
    int y = b.addTensor("y", TensorType.INT8, new int[] {2, 2}, S);
    b.addOperator(BuiltinOperator.code("GATHER"), 1, new int[] {x, p}, new int[] {y},
        new Gather.Options(2, 0));
    assertContains(failure(b.inputs(x).outputs(y).build()), "operator 0 (GATHER)",
        "axis 2 is outside params");

    TfliteModelBuilder b2 = new TfliteModelBuilder();
    x = b2.addTensor("x", TensorType.INT8, new int[] {2, 3}, S);
    p = b2.addTensor("p", TensorType.INT32, new int[] {2});
    y = b2.addTensor("y", TensorType.INT8, new int[] {2}, S);
    b2.addOperator(BuiltinOperator.code("GATHER"), 1, new int[] {x, p}, new int[] {y},
        new Gather.Options(0, 2));
    assertContains(failure(b2.inputs(x, p).outputs(y).build()), "batch_dims 2");
  }

  @Test
  void int32ConcatenationNeedsOneTypeAndRank() throws Exception {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT32, new int[] {2, 3});
    int c = b.addConstantTensor("c", TensorType.INT32, new int[] {2, 1}, QuantParams.NONE,
        ints(7, 8));
    int y = b.addTensor("y", TensorType.INT32, new int[] {2, 4});
    b.addOperator(BuiltinOperator.CONCATENATION, 1, new int[] {x, c}, new int[] {y},
        new Concatenation.Options(1, Activation.NONE));
    compiles(b.inputs(x).outputs(y).build());

    TfliteModelBuilder b2 = new TfliteModelBuilder();
    x = b2.addTensor("x", TensorType.INT32, new int[] {2, 3});
    int f = b2.addTensor("f", TensorType.INT64, new int[] {2, 1});
    y = b2.addTensor("y", TensorType.INT32, new int[] {2, 4});
    b2.addOperator(BuiltinOperator.CONCATENATION, 1, new int[] {x, f}, new int[] {y},
        new Concatenation.Options(1, Activation.NONE));
    assertContains(failure(b2.inputs(x, f).outputs(y).build()), "operator 0 (CONCATENATION)",
        "'f'", "differ in type");
  }
}

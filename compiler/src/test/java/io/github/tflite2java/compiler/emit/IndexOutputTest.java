package io.github.tflite2java.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.ArgMax;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Int32 and int64 model outputs (ARG_MAX indices): typed {@code int[]}/{@code long[]} arrays,
 * raw little-endian bytes through {@code inferRaw}, the first maximum on ties.
 */
class IndexOutputTest {

  /** int8 [1,2,4] -> ARG_MAX over axis {@code axis} -> indices of {@code out}. */
  static byte[] argMax(TensorType out, TensorType axisType, long axis) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int in = b.addTensor("in", TensorType.INT8, new int[] {1, 2, 4},
        QuantParams.perTensor(0.5f, -3));
    ByteBuffer a = ByteBuffer.allocate(axisType == TensorType.INT32 ? 4 : 8)
        .order(ByteOrder.LITTLE_ENDIAN);
    if (axisType == TensorType.INT32) {
      a.putInt((int) axis);
    } else {
      a.putLong(axis);
    }
    int ax = b.addConstantTensor("axis", axisType, new int[] {1}, QuantParams.NONE, a.array());
    int[] shape = axis == 1 ? new int[] {1, 4} : new int[] {1, 2};
    int o = b.addTensor("index", out, shape);
    b.addOperator(BuiltinOperator.code("ARG_MAX"), new int[] {in, ax}, new int[] {o},
        new ArgMax.Options(out));
    return b.inputs(in).outputs(o).build();
  }

  private static Class<?> compile(byte[] model) throws Exception {
    String source = Tflite2JavaCompiler.compile(TfliteReader.read("a.tflite", model), "t.A",
        CompileOptions.defaults()).source();
    return InMemoryJavac.compile("t.A", source).load("t.A");
  }

  private static Object call(Method m, Object target, Object... args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static final byte[] INPUT = {5, 9, 9, -128, 127, -1, 127, 0};

  @Test
  void int32IndicesAreIntArraysAndLittleEndianRawBytes() throws Throwable {
    Class<?> c = compile(argMax(TensorType.INT32, TensorType.INT32, -1));
    assertEquals(c.getField("TYPE_INT32").get(null), c.getField("OUTPUT_TYPE").get(null));
    assertEquals(8, c.getField("OUTPUT_BYTES").get(null));
    assertThrows(NoSuchFieldException.class, () -> c.getField("OUTPUT_ZERO_POINT"));
    Object m = c.getConstructor().newInstance();
    int[] out = new int[2];
    call(c.getMethod("infer", byte[].class, int[].class), m, INPUT, out);
    assertArrayEquals(new int[] {1, 0}, out, "first maximum wins: 9 at 1 and 2, 127 at 0, 2");
    int[] fromStatic = (int[]) call(c.getMethod("infer", byte[].class), null, (Object) INPUT);
    assertArrayEquals(out, fromStatic);
    byte[][] raw = (byte[][]) call(c.getMethod("inferRaw", byte[][].class), m,
        (Object) new byte[][] {INPUT});
    assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, raw[0]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> call(c.getMethod("infer", byte[].class, int[].class), m, INPUT, new int[3]));
    assertTrue(e.getMessage().contains("output has 3 ints; expected 2"), e.getMessage());
  }

  @Test
  void int64IndicesOverAnotherAxisAreLongArrays() throws Throwable {
    Class<?> c = compile(argMax(TensorType.INT64, TensorType.INT64, 1));
    assertEquals(32, c.getField("OUTPUT_BYTES").get(null));
    Object m = c.getConstructor().newInstance();
    long[] out = new long[4];
    call(c.getMethod("infer", byte[].class, long[].class), m, INPUT, out);
    // Columns (5, 127), (9, -1), (9, 127), (-128, 0).
    assertArrayEquals(new long[] {1, 0, 1, 1}, out);
    byte[] raw = ((byte[][]) call(c.getMethod("inferRaw", byte[][].class), m,
        (Object) new byte[][] {INPUT}))[0];
    ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 4; i++) {
      assertEquals(out[i], bb.getLong(8 * i));
    }
  }

  @Test
  void outputTypeMustMatchTheOptionAndTheAxisMustBeConstant() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int in = b.addTensor("in", TensorType.UINT8, new int[] {1, 4}, QuantParams.perTensor(1f, 0));
    int ax = b.addTensor("axis", TensorType.INT32, new int[] {1});
    int o = b.addTensor("index", TensorType.INT32, new int[] {1});
    b.addOperator(BuiltinOperator.code("ARG_MAX"), new int[] {in, ax}, new int[] {o},
        new ArgMax.Options(TensorType.INT64));
    ModelCompileException e = assertThrows(ModelCompileException.class,
        () -> Tflite2JavaCompiler.compile(TfliteReader.read("b.tflite",
            b.inputs(in, ax).outputs(o).build()), "t.B", CompileOptions.defaults()));
    assertTrue(e.getMessage().contains("output_type INT64 differs from output tensor 2"),
        e.getMessage());
    assertFalse(e.getMessage().contains("axis"), "one problem at a time per operator");
  }
}

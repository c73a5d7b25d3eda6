package io.github.tflite2java.compiler.emit;

import io.github.tflite2java.compiler.ops.Pool2d;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.testing.ClassFileMethods;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TestModels;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The public API of generated classes for several inputs and outputs and for float32 tensors at
 * the model boundary: constants, {@code infer} forms, argument checks.
 */
class ModelInterfaceTest {

  private static Class<?> compile(byte[] model) throws Exception {
    String source = Tflite2JavaCompiler.compile(TfliteReader.read("m.tflite", model), "t.M",
        CompileOptions.defaults()).source();
    InMemoryJavac.Compiled compiled = InMemoryJavac.compile("t.M", source);
    ClassFileMethods.assertUnderJitLimit(compiled.classFiles(), "t.M");
    return compiled.load("t.M");
  }

  private static Object field(Class<?> c, String name) throws Exception {
    return c.getField(name).get(null);
  }

  private static boolean hasField(Class<?> c, String name) {
    try {
      c.getField(name);
      return true;
    } catch (NoSuchFieldException e) {
      return false;
    }
  }

  private static Object call(Method m, Object target, Object... args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void oneInputTwoOutputsHasIndexedConstantsAndEveryInferForm() throws Throwable {
    Class<?> c = compile(TestModels.everyOptionsModel());
    assertEquals(1, field(c, "INPUT_COUNT"));
    assertEquals(2, field(c, "OUTPUT_COUNT"));
    assertEquals(72, field(c, "INPUT_SIZE"));
    assertEquals(field(c, "TYPE_INT8"), field(c, "INPUT_TYPE"));
    assertEquals(9, field(c, "INPUT_TYPE"), "TFLite's code for int8");
    assertEquals(12, field(c, "OUTPUT_0_SIZE"));
    assertEquals(4, field(c, "OUTPUT_1_SIZE"));
    assertEquals(1f / 256, field(c, "OUTPUT_0_SCALE"));
    assertEquals(-128, field(c, "OUTPUT_0_ZERO_POINT"));
    assertFalse(hasField(c, "OUTPUT_SIZE"), "OUTPUT_SIZE is ambiguous with two outputs");
    assertArrayEquals(new int[] {1, 4}, (int[]) c.getMethod("outputShape", int.class)
        .invoke(null, 1));
    assertArrayEquals(new int[] {1, 6, 6, 2}, (int[]) c.getMethod("inputShape").invoke(null));

    Method typed = c.getMethod("infer", byte[].class, byte[].class, byte[].class);
    Method arrays = c.getMethod("infer", byte[][].class, byte[][].class);
    Method statik = c.getMethod("infer", byte[][].class);
    assertFalse(Modifier.isStatic(typed.getModifiers()));
    assertTrue(Modifier.isStatic(statik.getModifiers()));

    byte[] input = new byte[72];
    new Random(3).nextBytes(input);
    Object instance = c.getConstructor().newInstance();
    byte[] prob = new byte[12];
    byte[] mean = new byte[4];
    call(typed, instance, input, prob, mean);
    byte[][] outs = {new byte[12], new byte[4]};
    call(arrays, instance, new byte[][] {input}, outs);
    byte[][] fresh = (byte[][]) call(statik, null, (Object) new byte[][] {input});
    assertArrayEquals(prob, outs[0]);
    assertArrayEquals(mean, outs[1]);
    assertArrayEquals(prob, fresh[0]);
    assertArrayEquals(mean, fresh[1]);

    IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
        () -> call(arrays, instance, new byte[][] {input}, new byte[][] {new byte[12]}));
    assertTrue(count.getMessage().contains("outputs has 1 arrays; expected 2"),
        count.getMessage());
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> call(typed, instance, input, new byte[12], new byte[5]));
    assertTrue(size.getMessage().contains("output1 has 5 bytes; expected 4"), size.getMessage());
  }

  /** QUANTIZE float32 -> uint8, MAX_POOL_2D, DEQUANTIZE -> float32. */
  private static byte[] floatModel() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    QuantParams q = QuantParams.perTensor(0.5f, 10);
    int in = b.addTensor("in", TensorType.FLOAT32, new int[] {1, 2, 2, 1});
    int quantized = b.addTensor("q", TensorType.UINT8, new int[] {1, 2, 2, 1}, q);
    int pooled = b.addTensor("p", TensorType.UINT8, new int[] {1, 1, 1, 1}, q);
    int out = b.addTensor("out", TensorType.FLOAT32, new int[] {1, 1, 1, 1});
    b.addOperator(BuiltinOperator.QUANTIZE, new int[] {in}, new int[] {quantized},
        new OperatorOptions.None());
    b.addOperator(BuiltinOperator.MAX_POOL_2D, new int[] {quantized}, new int[] {pooled},
        new Pool2d.Options(Padding.VALID, 1, 1, 2, 2, Activation.NONE));
    b.addOperator(BuiltinOperator.DEQUANTIZE, new int[] {pooled}, new int[] {out},
        new OperatorOptions.None());
    return b.inputs(in).outputs(out).build();
  }

  @Test
  void tensorTypesAreIntConstantsAUserCanSwitchOn() throws Throwable {
    String model = Tflite2JavaCompiler.compile(TfliteReader.read("m.tflite",
        TestModels.everyOptionsModel()), "t.M", CompileOptions.defaults()).source();
    String user = "package t;\n"
        + "public final class User {\n"
        + "  public static String inputKind() {\n"
        + "    switch (M.INPUT_TYPE) {\n"
        + "      case M.TYPE_UINT8: return \"unsigned bytes\";\n"
        + "      case M.TYPE_INT8: return \"signed bytes\";\n"
        + "      case M.TYPE_INT16: case M.TYPE_INT32: case M.TYPE_INT64: return \"wider\";\n"
        + "      case M.TYPE_FLOAT32: return \"floats\";\n"
        + "      case M.TYPE_BOOL: return \"booleans\";\n"
        + "      default: return \"?\";\n"
        + "    }\n"
        + "  }\n"
        + "}\n";
    InMemoryJavac.Outcome o = InMemoryJavac.tryCompile(Map.of("t.M", model, "t.User", user),
        List.of(), 20_000);
    assertNull(o.error(), o.error());
    assertEquals("signed bytes", o.compiled().load("t.User").getMethod("inputKind")
        .invoke(null));
    Class<?> c = o.compiled().load("t.M");
    // TFLite's schema codes, the same in every generated class.
    assertEquals(3, field(c, "TYPE_UINT8"));
    assertEquals(9, field(c, "TYPE_INT8"));
    assertEquals(7, field(c, "TYPE_INT16"));
    assertEquals(2, field(c, "TYPE_INT32"));
    assertEquals(4, field(c, "TYPE_INT64"));
    assertEquals(0, field(c, "TYPE_FLOAT32"));
    assertEquals(6, field(c, "TYPE_BOOL"));
    assertEquals(int.class, c.getField("INPUT_TYPE").getType());
    assertTrue(model.contains("public static final int INPUT_TYPE = TYPE_INT8;"), "readable");
  }

  @Test
  void float32InputAndOutputUseFloatArrays() throws Throwable {
    Class<?> c = compile(floatModel());
    assertEquals(field(c, "TYPE_FLOAT32"), field(c, "INPUT_TYPE"));
    assertEquals(field(c, "TYPE_FLOAT32"), field(c, "OUTPUT_TYPE"));
    assertEquals(4, field(c, "INPUT_SIZE"));
    assertFalse(hasField(c, "INPUT_SCALE"), "a float32 tensor has no scale");
    Method statik = c.getMethod("infer", float[].class);
    assertEquals(float[].class, statik.getReturnType());
    // round(x / 0.5) + 10, clamped to [0, 255]; the max is 7.3 -> 15 + 10 -> (25 - 10) * 0.5.
    float[] out = (float[]) call(statik, null, (Object) new float[] {-100f, 7.3f, 1.25f, 7.2f});
    assertArrayEquals(new float[] {7.5f}, out);
    // 1.25 / 0.5 = 2.5 rounds away from zero to 3; NaN and +inf quantize to the minimum.
    out = (float[]) call(statik, null, (Object) new float[] {1.25f, Float.NaN, -3f,
        Float.POSITIVE_INFINITY});
    assertArrayEquals(new float[] {1.5f}, out);
    assertThrows(NoSuchMethodException.class, () -> c.getMethod("infer", byte[][].class,
        byte[][].class), "no byte[][] form when a tensor is float32");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> call(statik, null, (Object) new float[3]));
    assertTrue(e.getMessage().contains("input has 3 floats; expected 4"), e.getMessage());
  }

  @Test
  void inferRawTakesFloat32AsLittleEndianBytesAndChecksSizes() throws Throwable {
    Class<?> c = compile(floatModel());
    assertEquals(16, field(c, "INPUT_BYTES"));
    assertEquals(4, field(c, "OUTPUT_BYTES"));
    Object m = c.getConstructor().newInstance();
    java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(16)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    in.putFloat(-100f).putFloat(7.3f).putFloat(1.25f).putFloat(7.2f);
    byte[][] out = (byte[][]) call(c.getMethod("inferRaw", byte[][].class), m,
        (Object) new byte[][] {in.array()});
    assertEquals(1, out.length);
    assertEquals(7.5f, java.nio.ByteBuffer.wrap(out[0]).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .getFloat(), "the same value as the typed infer");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> call(c.getMethod("inferRaw", byte[][].class), m, (Object) new byte[][] {
            new byte[4]}));
    assertTrue(e.getMessage().contains("inputs[0] has 4 bytes; expected 16"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> call(c.getMethod("inferRaw",
        byte[][].class, byte[][].class), m, new byte[][] {in.array()}, new byte[0][]));
    assertTrue(e.getMessage().contains("outputs has 0 arrays; expected 1"), e.getMessage());
    assertThrows(NoSuchMethodException.class, () -> c.getMethod("resetState"),
        "no state, no resetState");
  }

  @Test
  void singleInputAndOutputKeepTheLegacyApi() throws Throwable {
    Class<?> c = compile(floatModel());
    c.getMethod("inputShape");
    c.getMethod("outputShape");
    c.getMethod("inputShape", int.class);
    assertTrue(hasField(c, "INPUT_SIZE") && hasField(c, "OUTPUT_SIZE"));
    Method instance = c.getMethod("infer", float[].class, float[].class);
    assertFalse(Modifier.isStatic(instance.getModifiers()));
    assertThrows(IndexOutOfBoundsException.class,
        () -> call(c.getMethod("outputShape", int.class), null, 1));

    // One uint8 input and output: the legacy byte[] forms; arrays of arrays only in inferRaw.
    TfliteModelBuilder b = new TfliteModelBuilder();
    QuantParams q = QuantParams.perTensor(0.5f, 10);
    int in = b.addTensor("in", TensorType.UINT8, new int[] {1, 2, 2, 1}, q);
    int out = b.addTensor("out", TensorType.UINT8, new int[] {1, 1, 1, 1}, q);
    b.addOperator(BuiltinOperator.MAX_POOL_2D, new int[] {in}, new int[] {out},
        new Pool2d.Options(Padding.VALID, 1, 1, 2, 2, Activation.NONE));
    Class<?> bytes = compile(b.inputs(in).outputs(out).build());
    assertEquals(byte[].class, bytes.getMethod("infer", byte[].class).getReturnType());
    bytes.getMethod("infer", byte[].class, byte[].class);
    for (Method m : bytes.getMethods()) {
      for (Class<?> p : m.getParameterTypes()) {
        assertFalse(p == byte[][].class && !m.getName().equals("inferRaw"),
            m + " takes an array of arrays");
      }
    }
  }
}

package io.github.tflite2java.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.TfliteVersion;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import org.junit.jupiter.api.Test;

/**
 * float32 LOGISTIC compiles into a class returning the bits TFLite 2.9.0's C library returned
 * for the same tensor (measured: {@code libtensorflowlite_c.so} on x86-64, glibc 2.36 with FMA),
 * and with {@code tfliteVersion 2.6} the bits TFLite 2.6.2's Java interpreter returned, each
 * including an element whose result depends on its position (packet or tail).
 */
class FloatLogisticTest {

  static byte[] model(TensorType outType) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.FLOAT32, new int[] {1, 7}, QuantParams.NONE);
    int y = b.addTensor("y", outType, new int[] {1, 7}, QuantParams.NONE);
    b.addOperator(BuiltinOperator.LOGISTIC, 1, new int[] {x}, new int[] {y},
        OperatorOptions.NONE);
    return b.inputs(x).outputs(y).build();
  }

  @Test
  void floatLogisticReturnsTflite29sBits() throws Exception {
    // -13.730125 twice: once in Eigen's packet (elements 0-3), once in the tail (4-6).
    int[] in = {0xc15bae98, 0x3f800000, 0x80000001, 0x7fa12345, 0xc15bae98, 0xc149c999,
        0xffa00001};
    // Measured with TFLite 2.9.0's C library (one invocation of this 7-element tensor).
    int[] tflite = {0x35922e68, 0x3f3b26a8, 0x3f000000, 0x7fe12345, 0x35922e67, 0x365fa7b5,
        0xffe00001};
    assertArrayEquals(tflite, run(in, CompileOptions.defaults()));
  }

  @Test
  void floatLogisticReturnsTflite26sBitsForTfliteVersion26() throws Exception {
    // -9.000106 twice: in Eigen's packet (its own exp) and in the tail (libm's expf); 15.724376
    // above 2.6.2's cutoff (1 there, 0.9999999 in 2.9.0); -87.33655: a subnormal exp, flushed.
    int[] in = {0xc110006f, 0x417b970b, 0x80000001, 0x7fa12345, 0xc110006f, 0xc2aeac50,
        0xffa00001};
    // Measured with TFLite 2.6.2's Java interpreter (one invocation of this 7-element tensor).
    int[] tflite = {0x39016410, 0x3f800000, 0x3f000000, 0x7fe12345, 0x3901640f, 0x00000000,
        0xffe00001};
    assertArrayEquals(tflite, run(in, CompileOptions.defaults()
        .withTfliteVersion(TfliteVersion.V2_6)));
  }

  /** Compiles {@link #model} with {@code options} and runs it once on the bits {@code in}. */
  static int[] run(int[] in, CompileOptions options) throws Exception {
    GeneratedSource src = Tflite2JavaCompiler.compile(
        TfliteReader.read("m.tflite", model(TensorType.FLOAT32)), "t.M", options);
    Class<?> c = InMemoryJavac.compile(src).load("t.M");
    Object m = c.getConstructor().newInstance();
    byte[] raw = new byte[28];
    for (int i = 0; i < 7; i++) {
      for (int k = 0; k < 4; k++) {
        raw[4 * i + k] = (byte) (in[i] >>> (8 * k));
      }
    }
    byte[][] out = (byte[][]) c.getMethod("inferRaw", byte[][].class).invoke(m,
        (Object) new byte[][] {raw});
    int[] got = new int[7];
    for (int i = 0; i < 7; i++) {
      for (int k = 0; k < 4; k++) {
        got[i] |= (out[0][4 * i + k] & 0xFF) << (8 * k);
      }
    }
    return got;
  }

  @Test
  void floatInputWithAnotherOutputTypeIsRefused() {
    String m = assertThrows(ModelCompileException.class, () -> Tflite2JavaCompiler.compile(
        TfliteReader.read("m.tflite", model(TensorType.UINT8)), "t.M",
        CompileOptions.defaults())).getMessage();
    assertTrue(m.contains("operator 0 (LOGISTIC)") && m.contains("float32 LOGISTIC writes"
        + " float32"), m);
  }
}

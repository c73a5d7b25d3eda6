package io.github.tflite2java.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.floatmath.GlibcExp;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import org.junit.jupiter.api.Test;

/**
 * TFLite's int16 lookup tables and interpolation as {@link Int16Activations} rebuilds them, the
 * int16 RELU/SOFTMAX code, and what is refused. Outputs are compared with live TFLite in
 * it-tests ({@code Int16ActivationsLiveTest}, the {@code …/INT16} rows of the randomized suite).
 */
class Int16ActivationsTest {

  @Test
  void expTableEndsAtOneAndStartsAtExpOfMinusTen() {
    int[] exp = Int16Activations.genLut(GlibcExp::exp, -10.0, 0.0);
    assertEquals(513, exp.length);
    // exp(0) * 32768 = 32768, clamped to int16.
    assertEquals(32767, exp[512]);
    // exp(-10) * 32768 = 1.49 rounds to 1; the chord's midpoint round((1.52 + 1) / 2) = 1
    // lies below round(exp(-9.99) * 32768) = 2, so the sample is raised by round(-1 / 2) = -1.
    assertEquals(2, exp[0]);
    for (int i = 1; i < exp.length; i++) {
      assertTrue(exp[i] >= exp[i - 1], "increasing at " + i);
    }
  }

  @Test
  void reciprocalTableRunsFromOneToOneHalf() {
    int[] r = Int16Activations.genLut(x -> 1.0 / (1.0 + x), 0.0, 1.0);
    assertEquals(32767, r[0]);
    assertEquals(16384, r[512]);
    // The midpoint correction moves each sample by at most one step.
    double step = 1.0 / 512;
    for (int i = 1; i < 512; i++) {
      long exact = Math.round(32768.0 / (1.0 + i * step));
      assertTrue(Math.abs(r[i] - exact) <= 1, "entry " + i + ": " + r[i] + " vs " + exact);
    }
  }

  @Test
  void lookupInterpolatesBetweenEntriesWithRounding() {
    int[] lut = new int[513];
    lut[256] = 100;
    lut[257] = 228; // slope 128: each of the 128 sub-steps adds 1
    assertEquals(100, Int16Activations.lookup(0, lut));
    assertEquals(101, Int16Activations.lookup(1, lut));
    assertEquals(227, Int16Activations.lookup(127, lut));
    lut[257] = 101; // slope 1: (offset + 64) >> 7 rounds the half up
    assertEquals(100, Int16Activations.lookup(63, lut));
    assertEquals(101, Int16Activations.lookup(64, lut));
    // value >> 7 is arithmetic: -1 is entry 255 at offset 127.
    lut[255] = 50;
    lut[256] = 50 + 128;
    assertEquals(177, Int16Activations.lookup(-1, lut));
  }

  private static byte[] unary(int code, QuantParams in, QuantParams out,
      OperatorOptions options) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT16, new int[] {2, 6}, in);
    int y = b.addTensor("y", TensorType.INT16, new int[] {2, 6}, out);
    b.addOperator(code, 1, new int[] {x}, new int[] {y}, options);
    b.inputs(x).outputs(y);
    return b.build();
  }

  private static String compile(byte[] model) throws ModelCompileException {
    return Tflite2JavaCompiler.compile(TfliteReader.read("m.tflite", model), "t.M",
        CompileOptions.defaults()).source();
  }

  private static String failure(byte[] model) {
    return assertThrows(ModelCompileException.class, () -> compile(model)).getMessage();
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
    }
  }

  private static QuantParams q(float scale, int zeroPoint) {
    return QuantParams.perTensor(scale, zeroPoint);
  }

  @Test
  void int16ReluAndSoftmaxCompileToPerElementCode() throws Exception {
    assertContains(compile(unary(BuiltinOperator.RELU6, q(0.001f, 0), q(0.0005f, 0),
        OperatorOptions.NONE)), "QuantizedReluX<int16_t>", "outMax = 12000");
    String softmax = compile(unary(BuiltinOperator.SOFTMAX, q(0.0001f, 0), q(1f / 32768, 0),
        new Softmax.Options(1f)));
    assertContains(softmax, "SoftmaxInt16", "_EXP_LUT", "_RECIPROCAL_LUT",
        "numberOfLeadingZeros(sum)");
  }

  @Test
  void int16ProblemsAreNamed() {
    assertContains(failure(unary(BuiltinOperator.RELU, q(0.001f, 3), q(0.001f, 0),
        OperatorOptions.NONE)), "operator 0 (RELU)", "zero point 3",
        "supports int16 activations with zero point 0");
    assertContains(failure(unary(BuiltinOperator.SOFTMAX, q(0.001f, 0), q(1f / 256, 0),
        new Softmax.Options(1f))), "operator 0 (SOFTMAX)", "expected scale 1/32768");
    assertContains(failure(unary(BuiltinOperator.SOFTMAX, q(0.01f, 0), q(1f / 32768, 0),
        new Softmax.Options(600f))), "too large for TFLite's int16 SOFTMAX");
    assertContains(failure(unary(BuiltinOperator.SOFTMAX, q(0.01f, 0), q(0.01f, 0),
        new Softmax.Options(1f))), "expected scale 1/32768");
  }

  /** TFLite 2.9 has no int16 HARD_SWISH kernel: refused, naming the type. */
  @Test
  void hardSwishOnInt16IsRefused() {
    assertContains(failure(unary(BuiltinOperator.code("HARD_SWISH"), q(0.001f, 0),
        q(0.001f, 0), OperatorOptions.NONE)), "operator 0 (HARD_SWISH)", "INT16");
  }
}

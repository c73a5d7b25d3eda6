package io.github.tflite2java.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.junit.jupiter.api.Test;

/**
 * int16 ADD/SUB/MUL: which path TFLite takes (power-of-two or general scales), what is
 * refused and why. Outputs are compared with live TFLite in it-tests ({@code
 * Int16ArithmeticLiveTest} and the int16 rows of the randomized suite).
 */
class Int16ArithmeticTest {

  private static byte[] model(String op, float s1, int[] shape2, float s2, float so,
      OperatorOptions options) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("a", TensorType.INT16, new int[] {2, 4}, QuantParams.perTensor(s1, 0));
    int y = b.addTensor("b", TensorType.INT16, shape2, QuantParams.perTensor(s2, 0));
    int z = b.addTensor("out", TensorType.INT16, new int[] {2, 4}, QuantParams.perTensor(so, 0));
    b.addOperator(BuiltinOperator.code(op), 3, new int[] {x, y}, new int[] {z}, options);
    b.inputs(x, y).outputs(z);
    return b.build();
  }

  private static String compile(byte[] model) throws ModelCompileException {
    return Tflite2JavaCompiler.compile(TfliteReader.read("m.tflite", model), "t.M",
        CompileOptions.defaults()).source();
  }

  private static String failure(byte[] model) {
    return assertThrows(ModelCompileException.class, () -> compile(model)).getMessage();
  }

  @Test
  void checkedLog2AcceptsNearPowersOfTwoAsTfliteDoes() {
    assertEquals(-10, Int16Arithmetic.checkedLog2(0x1p-10f));
    assertEquals(3, Int16Arithmetic.checkedLog2(8f));
    // Within 1e-3 of an integer log2 counts as a power of two.
    assertEquals(-10, Int16Arithmetic.checkedLog2(0x1p-10f * 1.0005f));
    assertNull(Int16Arithmetic.checkedLog2(0.001f));
  }

  @Test
  void powerOfTwoPathTakesTheSaturatingKernel() throws Exception {
    String src = compile(model("ADD", 0x1p-12f, new int[] {2, 4}, 0x1p-10f, 0x1p-10f,
        new Add.Options(Activation.NONE)));
    assertTrue(src.contains("power-of-two scales: input 1 divided by 2^2"), src);
    assertTrue(src.contains("Math.max(-32768, Math.min(32767, r))"), src);
  }

  @Test
  void potScaleInt16FalseTakesTheGeneralPath() throws Exception {
    String src = compile(model("SUB", 0x1p-12f, new int[] {2, 4}, 0x1p-10f, 0x1p-10f,
        new Sub.Options(Activation.NONE, false)));
    assertTrue(src.contains("int16 SUB: (x << 15) scaled by"), src);
  }

  @Test
  void powerOfTwoBroadcastAndBadShiftsAreRefused() {
    String broadcast = failure(model("ADD", 0x1p-10f, new int[] {4}, 0x1p-10f, 0x1p-10f,
        new Add.Options(Activation.NONE)));
    assertTrue(broadcast.contains("with power-of-two scales (pot_scale_int16) and broadcasting"),
        broadcast);
    String shifts = failure(model("SUB", 0x1p-12f, new int[] {2, 4}, 0x1p-11f, 0x1p-10f,
        new Sub.Options(Activation.NONE)));
    assertTrue(shifts.contains("TFLite requires one input scale equal to the output scale"),
        shifts);
  }

  @Test
  void int16MulCompilesAndMixedTypesAreRefused() throws Exception {
    compile(model("MUL", 0.001f, new int[] {4}, 0.002f, 0.0001f,
        new io.github.tflite2java.compiler.ops.Mul.Options(Activation.RELU)));
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("a", TensorType.INT16, new int[] {4}, QuantParams.perTensor(0.1f, 0));
    int y = b.addTensor("b", TensorType.INT8, new int[] {4}, QuantParams.perTensor(0.1f, 0));
    int z = b.addTensor("out", TensorType.INT16, new int[] {4}, QuantParams.perTensor(0.1f, 0));
    b.addOperator(BuiltinOperator.MUL, 4, new int[] {x, y}, new int[] {z},
        new Mul.Options(Activation.NONE));
    b.inputs(x, y).outputs(z);
    String mixed = failure(b.build());
    assertTrue(mixed.contains("differ in type"), mixed);
  }
}

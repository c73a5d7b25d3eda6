package io.github.tflite2java.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import org.junit.jupiter.api.Test;

/**
 * Which of TFLite's two int16 LOGISTIC/TANH paths a model gets (live bit-exactness is
 * Int16LogisticTanhLiveTest's), and the refusals TFLite's Prepare makes.
 */
class Int16LogisticTanhTest {

  private static byte[] unary(int code, TensorType type, float inScale, float outScale) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", type, new int[] {1, 5}, QuantParams.perTensor(inScale, 0));
    int y = b.addTensor("y", type, new int[] {1, 5}, QuantParams.perTensor(outScale, 0));
    b.addOperator(code, 3, new int[] {x}, new int[] {y}, OperatorOptions.NONE);
    return b.inputs(x).outputs(y).build();
  }

  private static String compile(byte[] model) throws ModelCompileException {
    return Tflite2JavaCompiler.compile(TfliteReader.read("m.tflite", model), "t.M",
        CompileOptions.defaults()).source();
  }

  private static String failure(byte[] model) {
    return assertThrows(ModelCompileException.class, () -> compile(model)).getMessage();
  }

  @Test
  void powerOfTwoInputScalesTakeGemmlowpsPathOthersTheTable() throws Exception {
    float q15 = 1f / 32768;
    String pot = compile(unary(BuiltinOperator.LOGISTIC, TensorType.INT16, 0x1p-12f, q15));
    assertTrue(pot.contains("lstmLogistic16((short) t[in + i], 3)"), pot);
    assertFalse(pot.contains("SIGMOID_UINT16"), pot);
    // 2^-11 is a power of two, but LOGISTIC's gemmlowp path takes 2^-12 only.
    String table = compile(unary(BuiltinOperator.LOGISTIC, TensorType.INT16, 0x1p-11f, q15));
    assertTrue(table.contains("SIGMOID_UINT16"), table);
    // 2^-11 * 4096 * 3 = 6, doubled 12 times to 24576.
    assertTrue(table.contains("(t[in + i] * 24576 + 2048) >> 12"), table);
    String tanh = compile(unary(BuiltinOperator.TANH, TensorType.INT16, 0x1p-11f, q15));
    assertTrue(tanh.contains("lstmTanh16(lstmSatShiftLeft16((short) t[in + i], 1), 3)"), tanh);
    String tanhTable = compile(unary(BuiltinOperator.TANH, TensorType.INT16, 0.001f, q15));
    assertTrue(tanhTable.contains("SIGMOID_UINT16") && tanhTable.contains(">> 8"), tanhTable);
  }

  @Test
  void tflitesTableIsSigmoidOfIOver24InSixteenBitsExceptItsRoundedEntries() {
    int[] t = Int16LogisticTanh.SIGMOID_TABLE_UINT16;
    assertEquals(256, t.length);
    for (int i = 0; i < 256; i++) {
      double exact = 65536 / (1 + Math.exp(-i / 24.0));
      // TFLite's constants are within 1.11 of the formula (not all rounded to nearest).
      assertTrue(Math.abs(t[i] - exact) < 1.11, i + ": " + t[i] + " vs " + exact);
      assertTrue(i == 0 || t[i] >= t[i - 1], "monotonic at " + i);
    }
    assertEquals(32768, t[0]);
    assertEquals(65535, t[255]);
  }

  @Test
  void outputScalesTfliteRefusesAreRefusedNamingTheTensor() {
    String logistic = failure(unary(BuiltinOperator.LOGISTIC, TensorType.INT16, 0.001f,
        0x1p-14f));
    assertTrue(logistic.contains("'y' [1,5] INT16 has scale 6.1035156E-5; TFLite's int16"
        + " LOGISTIC requires 1/32768"), logistic);
    assertTrue(failure(unary(BuiltinOperator.TANH, TensorType.INT16, 0.001f, 0.001f))
        .contains("TFLite's int16 TANH requires 2^-15"));
    String eightBit = failure(unary(BuiltinOperator.TANH, TensorType.INT8, 0.01f, 1f / 128));
    assertTrue(eightBit.contains("tflite2java supports TANH on int16 only"), eightBit);
  }
}

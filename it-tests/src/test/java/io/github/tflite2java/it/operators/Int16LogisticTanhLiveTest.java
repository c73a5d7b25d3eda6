package io.github.tflite2java.it.operators;

import static io.github.tflite2java.it.operators.OpModels.q;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * LOGISTIC and TANH on int16 against live TFLite 2.9.0 (C) and 2.6.2 (Java), each over all
 * 65536 int16 values in one tensor: power-of-two input scales (gemmlowp's fixed-point path)
 * and others (TFLite's interpolated sigmoid table), from tiny to large.
 */
class Int16LogisticTanhLiveTest {

  static byte[] unary(int code, int n, QuantParams in, QuantParams out) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT16, new int[] {1, n}, in);
    int y = b.addTensor("y", TensorType.INT16, new int[] {1, n}, out);
    b.addOperator(code, 1, new int[] {x}, new int[] {y}, new OperatorOptions.None());
    return b.inputs(x).outputs(y).build();
  }

  /** All 65536 int16 values, little-endian, in order. */
  static List<List<byte[]>> allInt16() {
    byte[] b = new byte[2 * 65536];
    for (int v = 0; v < 65536; v++) {
      b[2 * v] = (byte) v;
      b[2 * v + 1] = (byte) (v >> 8);
    }
    return OpModels.single(b);
  }

  @ParameterizedTest(name = "LOGISTIC int16 input scale {0}")
  @CsvSource({"0.000244140625", "0.00024421", "0.00048828125", "0.0001220703125",
      "0.0001", "0.00037", "0.001", "0.0123", "0.5", "3.0", "0.0000001", "100.0", "1000000.0"})
  void logistic(float inScale) {
    LiveOps.assertMatchesTflite("int16 LOGISTIC scale " + inScale,
        unary(BuiltinOperator.LOGISTIC, 65536, q(inScale, 0), q(1f / 32768, 0)), allInt16());
  }

  @ParameterizedTest(name = "TANH int16 input scale {0}")
  @CsvSource({"0.000244140625", "0.00048828125", "0.00048850", "0.0009765625",
      "0.0001220703125", "0.0001", "0.00037", "0.001", "0.0123", "0.5", "3.0", "0.0000001",
      "100.0", "1000000.0"})
  void tanh(float inScale) {
    LiveOps.assertMatchesTflite("int16 TANH scale " + inScale,
        unary(BuiltinOperator.TANH, 65536, q(inScale, 0), q(1f / 32768, 0)), allInt16());
  }

  @Test
  void logisticOutputScaleOtherThanTwoToMinus15IsRefusedAsTfliteRefusesIt() {
    ModelCompileException e = assertThrows(ModelCompileException.class,
        () -> new LiveOps.Generated(LiveOps.read(unary(BuiltinOperator.LOGISTIC, 8,
            q(0.001f, 0), q(1f / 16384, 0))), CompileOptions.defaults()));
    assertTrue(e.getMessage().contains("TFLite's int16 LOGISTIC requires 1/32768"),
        e.getMessage());
    e = assertThrows(ModelCompileException.class,
        () -> new LiveOps.Generated(LiveOps.read(unary(BuiltinOperator.TANH, 8,
            q(0.001f, 0), q(0.0001f, 0))), CompileOptions.defaults()));
    assertTrue(e.getMessage().contains("TFLite's int16 TANH requires 2^-15"), e.getMessage());
  }
}

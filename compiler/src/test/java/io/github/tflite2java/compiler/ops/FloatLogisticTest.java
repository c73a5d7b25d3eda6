package io.github.tflite2java.compiler.ops;

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

/** float32 LOGISTIC is refused with a message saying why (not reproduced bit for bit yet). */
class FloatLogisticTest {
  @Test
  void floatLogisticIsRefusedNamingWhy() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.FLOAT32, new int[] {1, 4}, QuantParams.NONE);
    int y = b.addTensor("y", TensorType.FLOAT32, new int[] {1, 4}, QuantParams.NONE);
    b.addOperator(BuiltinOperator.LOGISTIC, 1, new int[] {x}, new int[] {y},
        OperatorOptions.NONE);
    byte[] model = b.inputs(x).outputs(y).build();
    String m = assertThrows(ModelCompileException.class, () -> Tflite2JavaCompiler.compile(
        TfliteReader.read("m.tflite", model), "t.M", CompileOptions.defaults())).getMessage();
    assertTrue(m.contains("operator 0 (LOGISTIC)") && m.contains("float32 LOGISTIC is not"
        + " supported") && m.contains("not reproduced bit for bit"), m);
  }
}

package io.github.tflite2java.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import org.junit.jupiter.api.Test;

/**
 * Broadcast.checked's problems on the float32 path (Arithmetic: DIV here); the quantized path
 * (BinaryElementwise: ADD) is in OperatorValidationTest.
 */
class BroadcastProblemsTest {

  private static String divFailure(int[] s1, int[] s2, int[] out) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.FLOAT32, s1);
    int z = b.addTensor("z", TensorType.FLOAT32, s2);
    int y = b.addTensor("y", TensorType.FLOAT32, out);
    b.addOperator(BuiltinOperator.code("DIV"), new int[] {x, z}, new int[] {y},
        new Div.Options(Activation.NONE));
    byte[] model = b.inputs(x, z).outputs(y).build();
    return assertThrows(ModelCompileException.class, () -> Tflite2JavaCompiler.compile(
        TfliteReader.read("m.tflite", model), "t.M", CompileOptions.defaults())).getMessage();
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
    }
  }

  @Test
  void incompatibleInputsAreNamed() {
    assertContains(divFailure(new int[] {1, 3}, new int[] {1, 4}, new int[] {1, 4}),
        "operator 0 (DIV)", "inputs tensor 0 'x'", "and tensor 1 'z'",
        "cannot be broadcast together");
  }

  @Test
  void anOutputOfAnotherShapeIsNamedWithTheShapeItShouldHave() {
    assertContains(divFailure(new int[] {2, 3}, new int[] {3}, new int[] {2, 4}),
        "operator 0 (DIV)", "output tensor 2 'y'", "should have shape [2,3] from its inputs");
  }
}

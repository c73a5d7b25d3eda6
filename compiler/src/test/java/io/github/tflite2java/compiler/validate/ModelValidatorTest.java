package io.github.tflite2java.compiler.validate;

import io.github.tflite2java.compiler.ops.Conv2d;
import io.github.tflite2java.compiler.ops.Pool2d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import org.junit.jupiter.api.Test;

/** Unsupported operators, types and graphs fail with one message naming what and where. */
class ModelValidatorTest {
  private static final QuantParams Q = QuantParams.perTensor(0.5f, 128);

  private static ModelCompileException compileFails(String name, byte[] model) {
    return assertThrows(ModelCompileException.class, () -> Tflite2JavaCompiler.compile(
        TfliteReader.read(name, model), "x.Y", CompileOptions.defaults()));
  }

  @Test
  void unsupportedOperatorNamesIndexKindAndTheSupportedSet() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int in = b.addTensor("in", TensorType.UINT8, new int[] {1, 4, 4, 3}, Q);
    int mid = b.addTensor("mid", TensorType.UINT8, new int[] {1, 4, 4, 3}, Q);
    int out = b.addTensor("out", TensorType.UINT8, new int[] {1, 8, 8, 3}, Q);
    b.addOperator(BuiltinOperator.code("AVERAGE_POOL_2D"), new int[] {in}, new int[] {mid},
        new Pool2d.Options(Padding.SAME, 1, 1, 2, 2, Activation.NONE));
    b.addOperator(BuiltinOperator.code("RESIZE_NEAREST_NEIGHBOR"), new int[] {in}, new int[] {out},
        new OperatorOptions.None());
    b.inputs(in).outputs(out);
    ModelCompileException e = compileFails("resize.tflite", b.build());
    String m = e.getMessage();
    assertTrue(m.startsWith("resize.tflite: "), m);
    assertTrue(m.contains("operator 1 (RESIZE_NEAREST_NEIGHBOR)"), m);
    assertTrue(m.contains("not supported"), m);
    assertTrue(m.contains("CONV_2D") && m.contains("DEPTHWISE_CONV_2D"), m);
    assertEquals(ProblemCollector.UNSUPPORTED_OPERATOR, e.problems().get(0).id());
  }

  @Test
  void float32TensorsAreRejectedWithAHint() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int in = b.addTensor("image", TensorType.FLOAT32, new int[] {1, 4, 4, 3});
    int out = b.addTensor("pooled", TensorType.FLOAT32, new int[] {1, 2, 2, 3});
    b.addOperator(BuiltinOperator.code("MAX_POOL_2D"), new int[] {in}, new int[] {out},
        new Pool2d.Options(Padding.VALID, 2, 2, 2, 2, Activation.NONE));
    b.inputs(in).outputs(out);
    ModelCompileException e = compileFails("float.tflite", b.build());
    String m = e.getMessage();
    assertTrue(m.contains("'image'") && m.contains("FLOAT32"), m);
    assertTrue(m.contains("uint8 and int8"), m);
    assertTrue(m.contains("operator 0 (MAX_POOL_2D)"), m);
  }

  @Test
  void int16TensorsAreRejected() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    QuantParams q16 = QuantParams.perTensor(0.001f, 0);
    int in = b.addTensor("in16", TensorType.INT16, new int[] {1, 10}, q16);
    int out = b.addTensor("out16", TensorType.INT16, new int[] {1, 10}, q16);
    // HARD_SWISH has no int16 kernel (in TFLite either); SOFTMAX now has one.
    b.addOperator(BuiltinOperator.code("HARD_SWISH"), new int[] {in}, new int[] {out},
        new OperatorOptions.None());
    b.inputs(in).outputs(out);
    ModelCompileException e = compileFails("int16.tflite", b.build());
    assertTrue(e.getMessage().contains("INT16"), e.getMessage());
    assertTrue(e.getMessage().contains("'in16'"), e.getMessage());
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int in = b.addTensor("in", TensorType.UINT8, new int[] {1, 4, 4, 3}, Q);
    int a = b.addTensor("a", TensorType.UINT8, new int[] {1, 4, 4, 3}, Q);
    int c = b.addTensor("c", TensorType.UINT8, new int[] {1, 4, 4, 3}, Q);
    b.addOperator(BuiltinOperator.code("RELU_N1_TO_1"), new int[] {in}, new int[] {a},
        new OperatorOptions.None());
    b.addOperator(BuiltinOperator.code("LOCAL_RESPONSE_NORMALIZATION"), new int[] {a},
        new int[] {c}, new OperatorOptions.None());
    b.inputs(in).outputs(c);
    ModelCompileException e = compileFails("two.tflite", b.build());
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("2 problems"), e.getMessage());
    assertTrue(e.getMessage().contains("operator 0 (RELU_N1_TO_1)"), e.getMessage());
    assertTrue(e.getMessage().contains("operator 1 (LOCAL_RESPONSE_NORMALIZATION)"),
        e.getMessage());
  }

  @Test
  void perChannelUint8FilterIsRejected() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int in = b.addTensor("in", TensorType.UINT8, new int[] {1, 3, 3, 2}, Q);
    int w = b.addConstantTensor("w", TensorType.UINT8, new int[] {2, 1, 1, 2},
        new QuantParams(new float[] {0.1f, 0.2f}, new long[] {0, 0}, 0), new byte[4]);
    int out = b.addTensor("out", TensorType.UINT8, new int[] {1, 3, 3, 2}, Q);
    b.addOperator(BuiltinOperator.code("CONV_2D"), new int[] {in, w}, new int[] {out},
        new Conv2d.Options(Padding.SAME, 1, 1, 1, 1, Activation.NONE));
    b.inputs(in).outputs(out);
    ModelCompileException e = compileFails("pc.tflite", b.build());
    assertTrue(e.getMessage().contains("per-channel"), e.getMessage());
    assertTrue(e.getMessage().contains("'w'"), e.getMessage());
  }

  @Test
  void aVariableTensorReadByAnOperatorWithoutStateIsNamed() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int in = b.addTensor("in", TensorType.UINT8, new int[] {1, 4, 4, 3}, Q);
    int state = b.addTensor("state", TensorType.UINT8, new int[] {1, 4, 4, 3}, Q);
    int out = b.addTensor("out", TensorType.UINT8, new int[] {1, 4, 4, 3}, Q);
    b.variable(state, true);
    b.addOperator(BuiltinOperator.ADD, new int[] {in, state}, new int[] {out},
        new io.github.tflite2java.compiler.ops.Add.Options(Activation.NONE));
    b.inputs(in).outputs(out);
    ModelCompileException e = compileFails("state.tflite", b.build());
    assertEquals(ProblemCollector.VARIABLE_TENSOR, e.problems().get(0).id());
    assertTrue(e.getMessage().contains("operator 0 (ADD): tensor 1 'state'"), e.getMessage());
    assertTrue(e.getMessage().contains("is a variable tensor (state kept between runs); ADD does"
        + " not keep state"), e.getMessage());
    assertEquals(1, e.problems().get(0).tensorIndex());
  }

  /** Several unsupported operators: each named on its line, the supported list said once. */
  @Test
  void theSupportedListIsPrintedOnceForSeveralUnsupportedOperators() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int in = b.addTensor("in", TensorType.UINT8, new int[] {1, 4, 4, 3}, Q);
    int prev = in;
    for (int i = 0; i < 3; i++) {
      int next = b.addTensor("t" + i, TensorType.UINT8, new int[] {1, 4, 4, 3}, Q);
      b.addOperator(BuiltinOperator.code("SIN"), new int[] {prev}, new int[] {next},
          new OperatorOptions.None());
      prev = next;
    }
    b.inputs(in).outputs(prev);
    ModelCompileException e = compileFails("sin.tflite", b.build());
    String m = e.getMessage();
    assertEquals(3, e.problems().size(), m);
    assertEquals(1, m.split("supported operators: ", -1).length - 1, m);
    for (int i = 0; i < 3; i++) {
      assertTrue(m.contains("operator " + i + " (SIN): operator SIN is not supported\n")
          || m.contains("operator " + i + " (SIN): operator SIN is not supported"), m);
      assertEquals("SIN", e.problems().get(i).operatorName());
    }
    assertTrue(m.endsWith(e.problems().get(0).supported()), m);
  }

  /**
   * A model the reader cannot take as it is (a dynamic dimension) that also uses an operator
   * without a kernel: the operator is the first problem, not its consequences (an LSTM model's
   * report used to start with variable tensors and zero dimensions).
   */
  @Test
  void anUnsupportedOperatorIsReportedFirstEvenWhenTheReaderFails() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int in = b.addTensor("in", TensorType.INT8, new int[] {1, 8}, QuantParams.perTensor(0.5f, 0));
    int state = b.addTensor("state", TensorType.INT16, new int[] {1, 8},
        QuantParams.perTensor(0.5f, 0));
    int out = b.addTensor("out", TensorType.INT8, new int[] {1, 8},
        QuantParams.perTensor(0.5f, 0));
    b.variable(state, true);
    b.rawShape(in, new int[] {1, -1});
    b.addOperator(BuiltinOperator.code("SVDF"), new int[] {in, state}, new int[] {out},
        new OperatorOptions.None());
    b.inputs(in).outputs(out);
    ModelCompileException e = assertThrows(ModelCompileException.class,
        () -> TfliteReader.read("svdf.tflite", b.build()));
    assertEquals(ProblemCollector.UNSUPPORTED_OPERATOR, e.problems().get(0).id(),
        e.getMessage());
    assertTrue(e.problems().get(0).message().contains("operator 0 (SVDF)"), e.getMessage());
    assertTrue(e.problems().size() > 1, "the reader's own problem follows: " + e.getMessage());
  }
}

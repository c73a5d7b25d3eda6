package io.github.tflite2java.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TestModels;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the new operators reject, and how they say it: every message names the operator, the
 * tensor and what is supported instead.
 */
class OperatorValidationTest {
  private static final QuantParams U = QuantParams.perTensor(0.05f, 128);
  private static final QuantParams S = QuantParams.perTensor(0.05f, -3);

  private static String failure(byte[] model) {
    return failure(model, CompileOptions.defaults());
  }

  private static String failure(byte[] model, CompileOptions options) {
    return assertThrows(ModelCompileException.class, () -> Tflite2JavaCompiler.compile(
        TfliteReader.read("m.tflite", model), "t.M", options)).getMessage();
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
    }
  }

  private static byte[] resize(boolean constantSize, int[] size, int[] outShape,
      boolean align, boolean halfPixel) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.UINT8, new int[] {1, 4, 4, 2}, U);
    byte[] raw = new byte[4 * size.length];
    java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(size);
    int s = constantSize
        ? b.addConstantTensor("size", TensorType.INT32, new int[] {size.length},
            QuantParams.NONE, raw)
        : b.addTensor("size", TensorType.INT32, new int[] {size.length});
    int y = b.addTensor("y", TensorType.UINT8, outShape, U);
    b.addOperator(BuiltinOperator.RESIZE_BILINEAR, 3, new int[] {x, s}, new int[] {y},
        new ResizeBilinear.Options(align, halfPixel));
    b.inputs(constantSize ? new int[] {x} : new int[] {x, s}).outputs(y);
    return b.build();
  }

  @Test
  void resizeBilinearProblemsAreNamed() {
    assertContains(failure(resize(true, new int[] {8, 8}, new int[] {1, 8, 8, 2}, true, true)),
        "operator 0 (RESIZE_BILINEAR)", "align_corners", "half_pixel_centers");
    assertContains(failure(resize(false, new int[] {8, 8}, new int[] {1, 8, 8, 2}, false,
        false)), "operator 0 (RESIZE_BILINEAR)", "'size'", "constant INT32 tensor of shape [2]");
    assertContains(failure(resize(true, new int[] {8, 8, 1}, new int[] {1, 8, 8, 2}, false,
        false)), "'size'", "constant INT32 tensor of shape [2]");
    assertContains(failure(resize(true, new int[] {-2, 8}, new int[] {1, 2, 8, 2}, false,
        false)), "new height and width must be positive, found -2");
    assertContains(failure(resize(true, new int[] {8, 6}, new int[] {1, 8, 8, 2}, false,
        false)), "'y'", "should have shape [1,8,6,2]");
  }

  @Test
  void fullyConnectedPerChannelWeightsAreRejected() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT8, new int[] {1, 4}, S);
    int w = b.addConstantTensor("fc/w", TensorType.INT8, new int[] {2, 4},
        new QuantParams(new float[] {0.1f, 0.2f}, new long[2], 0), new byte[8]);
    int y = b.addTensor("y", TensorType.INT8, new int[] {1, 2}, S);
    b.addOperator(BuiltinOperator.FULLY_CONNECTED, 4, new int[] {x, w, -1}, new int[] {y},
        new FullyConnected.Options(Activation.NONE, 0, false));
    assertContains(failure(b.inputs(x).outputs(y).build()), "operator 0 (FULLY_CONNECTED)",
        "'fc/w'", "per-channel", "per-tensor weights");
  }

  @Test
  void fullyConnectedShuffledWeightsAreRejected() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.UINT8, new int[] {1, 4}, U);
    int w = b.addConstantTensor("w", TensorType.UINT8, new int[] {2, 4}, U, new byte[8]);
    int y = b.addTensor("y", TensorType.UINT8, new int[] {1, 2}, U);
    b.addOperator(BuiltinOperator.FULLY_CONNECTED, new int[] {x, w}, new int[] {y},
        new FullyConnected.Options(Activation.NONE, 1, false));
    assertContains(failure(b.inputs(x).outputs(y).build()), "weights format 1",
        "DEFAULT");
  }

  private static byte[] pad(TensorType padType, int[] pads) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.UINT8, new int[] {2, 3}, U);
    byte[] data = padType == TensorType.INT32 ? TestModels.int32s(pads) : new byte[8 * 4];
    int p = b.addConstantTensor("pads", padType, new int[] {2, 2}, QuantParams.NONE, data);
    int y = b.addTensor("y", TensorType.UINT8, new int[] {2 + pads[0] + pads[1], 3}, U);
    b.addOperator(BuiltinOperator.PAD, new int[] {x, p}, new int[] {y},
        new OperatorOptions.None());
    return b.inputs(x).outputs(y).build();
  }

  @Test
  void padRejectsInt64AndNegativePaddings() {
    assertContains(failure(pad(TensorType.INT64, new int[] {0, 0, 0, 0})), "operator 0 (PAD)",
        "'pads'", "INT64", "use INT32 paddings");
    assertContains(failure(pad(TensorType.INT32, new int[] {1, -1, 0, 0})),
        "must not be negative");
  }

  @Test
  void concatenationOfInt8WithOtherQuantizationIsRejected() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x1 = b.addTensor("x1", TensorType.INT8, new int[] {1, 2}, S);
    int x2 = b.addTensor("x2", TensorType.INT8, new int[] {1, 2},
        QuantParams.perTensor(0.1f, 0));
    int y = b.addTensor("y", TensorType.INT8, new int[] {1, 4}, S);
    b.addOperator(BuiltinOperator.CONCATENATION, 2, new int[] {x1, x2}, new int[] {y},
        new Concatenation.Options(1, Activation.NONE));
    assertContains(failure(b.inputs(x1, x2).outputs(y).build()), "'x2'",
        "TFLite requires int8 inputs quantized as the output");
  }

  @Test
  void concatenationWithFusedActivationIsRejected() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x1 = b.addTensor("x1", TensorType.UINT8, new int[] {1, 2}, U);
    int y = b.addTensor("y", TensorType.UINT8, new int[] {1, 2}, U);
    b.addOperator(BuiltinOperator.CONCATENATION, new int[] {x1}, new int[] {y},
        new Concatenation.Options(1, Activation.RELU));
    assertContains(failure(b.inputs(x1).outputs(y).build()), "fused activation RELU",
        "supported: NONE");
  }

  private static byte[] add(int[] s1, int[] s2, int[] out, boolean constants) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int in = b.addTensor("in", TensorType.UINT8, new int[] {1}, U);
    int a = constants ? b.addConstantTensor("a", TensorType.UINT8, s1, U, new byte[count(s1)])
        : b.addTensor("a", TensorType.UINT8, s1, U);
    int c = constants ? b.addConstantTensor("c", TensorType.UINT8, s2, U, new byte[count(s2)])
        : b.addTensor("c", TensorType.UINT8, s2, U);
    int y = b.addTensor("y", TensorType.UINT8, out, U);
    b.addOperator(BuiltinOperator.ADD, new int[] {a, c}, new int[] {y},
        new Add.Options(Activation.NONE));
    return (constants ? b.inputs(in) : b.inputs(a, c)).outputs(y).build();
  }

  private static int count(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  @Test
  void addRejectsIncompatibleShapesAndTwoConstants() {
    assertContains(failure(add(new int[] {1, 3}, new int[] {1, 4}, new int[] {1, 4}, false)),
        "operator 0 (ADD)", "cannot be broadcast");
    assertContains(failure(add(new int[] {2, 3}, new int[] {3}, new int[] {2, 4}, false)),
        "should have shape [2,3]");
    assertContains(failure(add(new int[] {3}, new int[] {3}, new int[] {3}, true)),
        "both inputs are constants");
  }

  @Test
  void logisticNeedsTheOutputScaleTfliteRequires() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.UINT8, new int[] {1, 4}, U);
    int y = b.addTensor("y", TensorType.UINT8, new int[] {1, 4}, U);
    b.addOperator(BuiltinOperator.LOGISTIC, new int[] {x}, new int[] {y},
        new OperatorOptions.None());
    assertContains(failure(b.inputs(x).outputs(y).build()), "operator 0 (LOGISTIC)", "'y'",
        "1/256");
  }

  @Test
  void meanNeedsConstantAxes() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT8, new int[] {1, 3, 3, 2}, S);
    int axes = b.addTensor("axes", TensorType.INT32, new int[] {2});
    int y = b.addTensor("y", TensorType.INT8, new int[] {1, 1, 1, 2}, S);
    b.addOperator(BuiltinOperator.MEAN, 2, new int[] {x, axes}, new int[] {y},
        new Mean.Options(true));
    assertContains(failure(b.inputs(x, axes).outputs(y).build()), "operator 0 (MEAN)",
        "'axes'", "constant INT32");
  }

  @Test
  void float32ModelInputMustFeedAFloatKernel() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("image", TensorType.FLOAT32, new int[] {1, 2, 2, 1});
    int y = b.addTensor("y", TensorType.FLOAT32, new int[] {1, 1, 1, 1});
    b.addOperator(BuiltinOperator.MAX_POOL_2D, new int[] {x}, new int[] {y},
        new Pool2d.Options(Padding.VALID, 1, 1, 2, 2, Activation.NONE));
    String m = failure(b.inputs(x).outputs(y).build());
    // Names the operator that reads the float input directly: the cause, not just the symptom.
    assertContains(m, "model input tensor 0 'image'",
        "is float32 and is read by operator 0 (MAX_POOL_2D)",
        "which tflite2java implements only for quantized tensors",
        "float32 tensors are read by ADD, CAST, ", "QUANTIZE, ",
        "model output tensor 1 'y'", "is produced by operator 0 (MAX_POOL_2D)",
        "float32 tensors are written by ADD, CAST, ", "DEQUANTIZE, DIV");
  }

  @Test
  void unsupportedOperatorsNameTheNearestAlternativeWhereThereIsOne() {
    for (String kind : List.of("SUM", "RESIZE_NEAREST_NEIGHBOR")) {
      TfliteModelBuilder b = new TfliteModelBuilder();
      int x = b.addTensor("x", TensorType.UINT8, new int[] {1, 2, 2, 1}, U);
      int y = b.addTensor("y", TensorType.UINT8, new int[] {1, 1, 1, 1}, U);
      b.addOperator(BuiltinOperator.code(kind), new int[] {x}, new int[] {y},
          new OperatorOptions.None());
      String m = failure(b.inputs(x).outputs(y).build());
      assertContains(m, "operator 0 (" + kind + ")", "is not supported",
          "supported operators: ADD, ARG_MAX, AVERAGE_POOL_2D, CAST, CONCATENATION");
      if (kind.equals("SUM")) {
        assertContains(m, "nearest supported alternative: MEAN");
      } else {
        assertFalse(m.contains("alternative"), m);
      }
    }
  }

  @Test
  void labelsNeedAModelWithOneOutput() {
    List<String> labels = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l");
    assertContains(failure(TestModels.everyOptionsModel(),
        CompileOptions.defaults().withLabels(labels)), "labels need a model with one output");
  }
}

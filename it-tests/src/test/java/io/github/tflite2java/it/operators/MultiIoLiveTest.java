package io.github.tflite2java.it.operators;

import io.github.tflite2java.compiler.ops.Add;
import io.github.tflite2java.compiler.ops.Concatenation;
import io.github.tflite2java.compiler.ops.Pool2d;

import static io.github.tflite2java.it.operators.OpModels.q;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TestModels;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Models with several inputs and outputs, and with float32 inputs and outputs at the model
 * boundary, against live TFLite 2.6.2 and 2.9.0 (the generated class called through its typed
 * {@code infer(in0, ..., out0, ...)}).
 */
class MultiIoLiveTest {

  /** Two inputs and two outputs: a PAD and a CONCATENATION of the same inputs. */
  @Test
  void twoInputsTwoOutputsMatchTflite() {
    QuantParams qp = q(0.02f, -3);
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x1 = b.addTensor("x1", TensorType.INT8, new int[] {1, 4, 4, 3}, qp);
    int x2 = b.addTensor("x2", TensorType.INT8, new int[] {1, 4, 4, 2}, qp);
    int cat = b.addTensor("cat", TensorType.INT8, new int[] {1, 4, 4, 5}, qp);
    b.addOperator(BuiltinOperator.CONCATENATION, 2, new int[] {x1, x2}, new int[] {cat},
        new Concatenation.Options(3, Activation.NONE));
    int p = b.addConstantTensor("paddings", TensorType.INT32, new int[] {4, 2},
        QuantParams.NONE, OpModels.int32s(0, 0, 1, 1, 1, 1, 0, 0));
    int padded = b.addTensor("padded", TensorType.INT8, new int[] {1, 6, 6, 2}, qp);
    b.addOperator(BuiltinOperator.PAD, 2, new int[] {x2, p}, new int[] {padded},
        new OperatorOptions.None());
    LiveOps.assertMatchesTflite("two inputs, two outputs",
        b.inputs(x1, x2).outputs(padded, cat).build(), 4, 77);
  }

  /**
   * An int8 model with one input and two outputs through CONV_2D, DEPTHWISE_CONV_2D, both pools,
   * RESHAPE, FULLY_CONNECTED, ADD and MUL with constants, CONCATENATION, SOFTMAX, MEAN and
   * SQUEEZE.
   */
  @Test
  void everyOptionsModelMatchesTflite() {
    LiveOps.assertMatchesTflite("every options model", TestModels.everyOptionsModel(), 10, 5);
  }

  /**
   * Float32 in and out: QUANTIZE to uint8, ADD of the quantized input to itself by way of a
   * second float input quantized to int8 and back, DEQUANTIZE to float32.
   */
  @Test
  void floatInputsAndOutputsMatchTflite() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int[] shape = {1, 6, 6, 3};
    int f1 = b.addTensor("f1", TensorType.FLOAT32, shape);
    int f2 = b.addTensor("f2", TensorType.FLOAT32, shape);
    int q1 = b.addTensor("q1", TensorType.INT8, shape, q(0.05f, 3));
    int q2 = b.addTensor("q2", TensorType.INT8, shape, q(0.031f, -7));
    b.addOperator(BuiltinOperator.QUANTIZE, 2, new int[] {f1}, new int[] {q1},
        new OperatorOptions.None());
    b.addOperator(BuiltinOperator.QUANTIZE, 2, new int[] {f2}, new int[] {q2},
        new OperatorOptions.None());
    int sum = b.addTensor("sum", TensorType.INT8, shape, q(0.07f, -1));
    b.addOperator(BuiltinOperator.ADD, 2, new int[] {q1, q2}, new int[] {sum},
        new Add.Options(Activation.RELU6));
    int pooled = b.addTensor("pooled", TensorType.INT8, new int[] {1, 3, 3, 3}, q(0.07f, -1));
    b.addOperator(BuiltinOperator.MAX_POOL_2D, 2, new int[] {sum}, new int[] {pooled},
        new Pool2d.Options(Padding.VALID, 2, 2, 2, 2, Activation.NONE));
    int out = b.addTensor("out", TensorType.FLOAT32, new int[] {1, 3, 3, 3});
    b.addOperator(BuiltinOperator.DEQUANTIZE, 2, new int[] {pooled}, new int[] {out},
        new OperatorOptions.None());
    int asUint8 = b.addTensor("asUint8", TensorType.UINT8, shape, q(0.07f, 127));
    b.addOperator(BuiltinOperator.QUANTIZE, 2, new int[] {sum}, new int[] {asUint8},
        new OperatorOptions.None());
    byte[] model = b.inputs(f1, f2).outputs(out, asUint8).build();
    Random rnd = new Random(9);
    List<List<byte[]>> sets = new ArrayList<>();
    for (int s = 0; s < 6; s++) {
      float[] a = new float[108];
      float[] c = new float[108];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) (rnd.nextGaussian() * 4);
        c[i] = (float) (rnd.nextGaussian() * 3);
      }
      sets.add(List.of(LiveOps.floats(a), LiveOps.floats(c)));
    }
    LiveOps.assertMatchesTflite("float32 inputs and outputs", model, sets);
  }
}

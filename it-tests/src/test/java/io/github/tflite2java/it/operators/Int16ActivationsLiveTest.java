package io.github.tflite2java.it.operators;

import static io.github.tflite2java.it.operators.OpModels.q;

import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.Mean;
import io.github.tflite2java.compiler.ops.Softmax;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RELU, RELU6, SOFTMAX and MEAN on int16 (zero point 0) against live TFLite 2.9.0 (C) and
 * 2.6.2 (Java), on seeded random int16 inputs.
 */
class Int16ActivationsLiveTest {

  private static byte[] unary(int code, int[] shape, QuantParams in, QuantParams out,
      OperatorOptions options) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT16, shape, in);
    int y = b.addTensor("y", TensorType.INT16, shape, out);
    b.addOperator(code, 1, new int[] {x}, new int[] {y}, options);
    b.inputs(x).outputs(y);
    return b.build();
  }

  @ParameterizedTest(name = "RELU int16 {0} -> {1}")
  @CsvSource({"0.001, 0.001", "0.001, 0.0007", "0.0003, 0.002", "0.5, 0.25"})
  void relu(float inScale, float outScale) {
    LiveOps.assertMatchesTflite("int16 RELU",
        unary(BuiltinOperator.RELU, new int[] {3, 50}, q(inScale, 0), q(outScale, 0),
            OperatorOptions.NONE), 6, 1);
  }

  @ParameterizedTest(name = "RELU6 int16 {0} -> {1}")
  @CsvSource({"0.0002, 0.0002", "0.0004, 0.00019", "0.001, 0.0003", "0.00001, 0.00002"})
  void relu6(float inScale, float outScale) {
    LiveOps.assertMatchesTflite("int16 RELU6",
        unary(BuiltinOperator.RELU6, new int[] {2, 4, 5, 3}, q(inScale, 0), q(outScale, 0),
            OperatorOptions.NONE), 6, 2);
  }

  /**
   * Scales from differences spread over the whole exp table (small input scales) to rows one
   * element dominates, and a row of 3000 (a sum of exps near 2^26); rank 1 to 4.
   */
  @ParameterizedTest(name = "SOFTMAX int16 scale {0} beta {1} depth {2}")
  @CsvSource({"0.00001, 1, 10", "0.0001, 1, 33", "0.00015259022, 1, 7", "0.0005, 0.5, 64",
      "0.00002, 2.5, 1", "0.003, 1, 5", "0.000001, 1, 3000"})
  void softmax(float inScale, float beta, int depth) {
    int[][] shapes = {{depth}, {3, depth}, {2, 2, depth}, {1, 2, 3, depth}};
    for (int[] shape : shapes) {
      LiveOps.assertMatchesTflite("int16 SOFTMAX " + java.util.Arrays.toString(shape),
          unary(BuiltinOperator.SOFTMAX, shape, q(inScale, 0), q(1f / 32768, 0),
              new Softmax.Options(beta)), 4, depth);
    }
  }

  private static byte[] mean(int[] shape, int[] axes, boolean keepDims, QuantParams in,
      QuantParams out) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT16, shape, in);
    int a = b.addConstantTensor("axes", TensorType.INT32, new int[] {axes.length},
        QuantParams.NONE, OpModels.int32s(axes));
    int[] outShape = shape.clone();
    java.util.List<Integer> dims = new java.util.ArrayList<>();
    for (int d = 0; d < shape.length; d++) {
      boolean reduced = false;
      for (int ax : axes) {
        reduced |= (ax < 0 ? ax + shape.length : ax) == d;
      }
      if (!reduced) {
        dims.add(shape[d]);
      } else if (keepDims) {
        dims.add(1);
      }
    }
    outShape = dims.stream().mapToInt(Integer::intValue).toArray();
    int y = b.addTensor("y", TensorType.INT16, outShape, out);
    b.addOperator(BuiltinOperator.MEAN, 1, new int[] {x, a}, new int[] {y},
        new Mean.Options(keepDims));
    b.inputs(x).outputs(y);
    return b.build();
  }

  /** The 4-D spatial mean (reference_integer_ops::Mean on int16). */
  @Test
  void meanSpatial() {
    LiveOps.assertMatchesTflite("int16 MEAN spatial",
        mean(new int[] {2, 5, 3, 8}, new int[] {1, 2}, true, q(0.0005f, 0), q(0.0003f, 0)), 6,
        3);
    LiveOps.assertMatchesTflite("int16 MEAN spatial, same scale",
        mean(new int[] {1, 7, 7, 16}, new int[] {2, 1}, true, q(0.0005f, 0), q(0.0005f, 0)), 6,
        4);
  }

  /** Other axes, the output quantized as the input: integer division. */
  @Test
  void meanSameQuantization() {
    LiveOps.assertMatchesTflite("int16 MEAN channels, same quantization",
        mean(new int[] {1, 4, 4, 9}, new int[] {3}, false, q(0.001f, 0), q(0.001f, 0)), 6, 5);
    LiveOps.assertMatchesTflite("int16 MEAN spatial without keep_dims, same quantization",
        mean(new int[] {1, 5, 5, 8}, new int[] {1, 2}, false, q(0.001f, 0), q(0.001f, 0)), 6,
        6);
  }

  /** Other axes and quantization: QuantizedMeanOrSum in float32. */
  @Test
  void meanRequantized() {
    LiveOps.assertMatchesTflite("int16 MEAN rank 2, requantized",
        mean(new int[] {4, 30}, new int[] {1}, false, q(0.0005f, 0), q(0.0002f, 0)), 6, 7);
    LiveOps.assertMatchesTflite("int16 MEAN rank 3, axes 0 2, requantized",
        mean(new int[] {3, 5, 6}, new int[] {0, -1}, true, q(0.001f, 0), q(0.0031f, 0)), 6,
        8);
  }
}

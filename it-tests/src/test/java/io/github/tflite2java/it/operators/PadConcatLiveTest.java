package io.github.tflite2java.it.operators;

import io.github.tflite2java.compiler.ops.Concatenation;

import static io.github.tflite2java.it.operators.OpModels.q;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PAD and CONCATENATION against live TFLite 2.6.2 and 2.9.0: paddings of every rank up to 4,
 * concatenation along each axis, a uint8 input rescaled to the output's quantization, and
 * constant inputs.
 */
class PadConcatLiveTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TensorType.class, names = {"UINT8", "INT8"})
  void padMatchesTflite(TensorType type) {
    QuantParams qp = q(0.05f, type == TensorType.INT8 ? -9 : 117);
    int[][] shapes = {{7}, {3, 5}, {2, 3, 4}, {1, 5, 6, 3}, {2, 3, 3, 2}};
    int[][] pads = {{2, 3}, {1, 0, 2, 2}, {0, 1, 1, 0, 2, 3}, {0, 0, 1, 2, 2, 1, 0, 0},
        {1, 1, 0, 2, 3, 0, 1, 1}};
    for (int k = 0; k < shapes.length; k++) {
      int[] in = shapes[k];
      int[] out = new int[in.length];
      for (int d = 0; d < in.length; d++) {
        out[d] = in[d] + pads[k][2 * d] + pads[k][2 * d + 1];
      }
      TfliteModelBuilder b = new TfliteModelBuilder();
      int x = b.addTensor("x", type, in, qp);
      int p = b.addConstantTensor("paddings", TensorType.INT32, new int[] {in.length, 2},
          QuantParams.NONE, OpModels.int32s(pads[k]));
      int y = b.addTensor("y", type, out, qp);
      b.addOperator(BuiltinOperator.PAD, type == TensorType.INT8 ? 2 : 1, new int[] {x, p},
          new int[] {y}, new OperatorOptions.None());
      LiveOps.assertMatchesTflite("PAD " + type + " rank " + in.length,
          b.inputs(x).outputs(y).build(), 3, k);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TensorType.class, names = {"UINT8", "INT8"})
  void concatenationAlongEachAxisMatchesTflite(TensorType type) {
    QuantParams qp = q(0.05f, type == TensorType.INT8 ? -9 : 117);
    int[] base = {2, 3, 4, 5};
    for (int axis = -1; axis < 4; axis++) {
      int a = axis < 0 ? axis + 4 : axis;
      int[] s1 = base.clone();
      int[] s2 = base.clone();
      int[] s3 = base.clone();
      s2[a] = 1;
      s3[a] = 3;
      int[] out = base.clone();
      out[a] = s1[a] + s2[a] + s3[a];
      TfliteModelBuilder b = new TfliteModelBuilder();
      int x1 = b.addTensor("x1", type, s1, qp);
      int x2 = b.addTensor("x2", type, s2, qp);
      int x3 = b.addTensor("x3", type, s3, qp);
      int y = b.addTensor("y", type, out, qp);
      b.addOperator(BuiltinOperator.CONCATENATION, type == TensorType.INT8 ? 2 : 1,
          new int[] {x1, x2, x3}, new int[] {y},
          new Concatenation.Options(axis, Activation.NONE));
      LiveOps.assertMatchesTflite("CONCATENATION " + type + " axis " + axis,
          b.inputs(x1, x2, x3).outputs(y).build(), 3, axis + 10);
    }
  }

  /** uint8 inputs quantized unlike the output are rescaled in float32. */
  @Test
  void uint8RescalingMatchesTflite() {
    QuantParams[] ins = {q(0.05f, 117), q(0.0371f, 3), q(0.1f, 255), q(0.0123f, 128)};
    QuantParams out = q(0.0731f, 100);
    TfliteModelBuilder b = new TfliteModelBuilder();
    int[] xs = new int[ins.length];
    for (int i = 0; i < ins.length; i++) {
      xs[i] = b.addTensor("x" + i, TensorType.UINT8, new int[] {1, 256}, ins[i]);
    }
    int y = b.addTensor("y", TensorType.UINT8, new int[] {1, 256 * ins.length}, out);
    b.addOperator(BuiltinOperator.CONCATENATION, 1, xs, new int[] {y},
        new Concatenation.Options(1, Activation.NONE));
    byte[] sweep = OpModels.sweep(256, 0);
    LiveOps.assertMatchesTflite("CONCATENATION uint8 rescaled", b.inputs(xs).outputs(y).build(),
        List.of(List.of(sweep, sweep, sweep, sweep)));
  }

  /** Constant inputs, one quantized as the output and one (uint8) rescaled at compile time. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TensorType.class, names = {"UINT8", "INT8"})
  void constantInputsMatchTflite(TensorType type) {
    boolean int8 = type == TensorType.INT8;
    QuantParams qp = q(0.05f, int8 ? -9 : 117);
    QuantParams other = int8 ? qp : q(0.0371f, 3);
    java.util.Random rnd = new java.util.Random(3);
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", type, new int[] {2, 3, 4}, qp);
    int c1 = b.addConstantTensor("c1", type, new int[] {2, 1, 4}, qp,
        OpModels.randomBytes(rnd, 8));
    int c2 = b.addConstantTensor("c2", type, new int[] {2, 2, 4}, other,
        OpModels.randomBytes(rnd, 16));
    int y = b.addTensor("y", type, new int[] {2, 6, 4}, qp);
    b.addOperator(BuiltinOperator.CONCATENATION, int8 ? 2 : 1, new int[] {c1, x, c2},
        new int[] {y}, new Concatenation.Options(1, Activation.NONE));
    LiveOps.assertMatchesTflite("CONCATENATION constants " + type,
        b.inputs(x).outputs(y).build(), 3, 4);
  }
}

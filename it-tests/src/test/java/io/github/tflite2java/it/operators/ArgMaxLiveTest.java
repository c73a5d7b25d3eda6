package io.github.tflite2java.it.operators;

import static io.github.tflite2java.it.operators.OpModels.q;

import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.ArgMax;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ARG_MAX against live TFLite 2.6.2 and 2.9.0: uint8 and int8 inputs, int32 and int64 outputs,
 * int32 and int64 axis tensors, every axis of a 4-D tensor (negative too), and inputs drawn from
 * three values so that ties are frequent (TFLite keeps the first maximum).
 */
class ArgMaxLiveTest {

  static byte[] model(TensorType in, TensorType out, TensorType axisType, int axis,
      int[] shape) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", in, shape, q(0.1f, in == TensorType.INT8 ? -5 : 130));
    ByteBuffer a = ByteBuffer.allocate(axisType == TensorType.INT32 ? 4 : 8)
        .order(ByteOrder.LITTLE_ENDIAN);
    if (axisType == TensorType.INT32) {
      a.putInt(axis);
    } else {
      a.putLong(axis);
    }
    int ax = b.addConstantTensor("axis", axisType, new int[] {1}, QuantParams.NONE, a.array());
    int positive = axis < 0 ? axis + shape.length : axis;
    int[] outShape = new int[shape.length - 1];
    for (int d = 0, k = 0; d < shape.length; d++) {
      if (d != positive) {
        outShape[k++] = shape[d];
      }
    }
    int y = b.addTensor("index", out, outShape);
    b.addOperator(BuiltinOperator.code("ARG_MAX"), in == TensorType.INT8 ? 2 : 1,
        new int[] {x, ax}, new int[] {y}, new ArgMax.Options(out));
    return b.inputs(x).outputs(y).build();
  }

  /** Random inputs, and inputs of three values only (many ties). */
  static List<List<byte[]>> inputs(int n, long seed) {
    Random rnd = new Random(seed);
    List<List<byte[]>> sets = new ArrayList<>();
    for (int s = 0; s < 6; s++) {
      byte[] b = new byte[n];
      if (s % 2 == 0) {
        rnd.nextBytes(b);
      } else {
        for (int i = 0; i < n; i++) {
          b[i] = (byte) (rnd.nextInt(3) - 1);
        }
      }
      sets.add(List.of(b));
    }
    byte[] same = new byte[n];
    Arrays.fill(same, (byte) 7);
    sets.add(List.of(same));
    return sets;
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TensorType.class, names = {"UINT8", "INT8"})
  void everyAxisBothIndexTypesMatchTflite(TensorType type) {
    int[] shape = {2, 3, 5, 4};
    TensorType[] outs = {TensorType.INT32, TensorType.INT64};
    int k = 0;
    for (int axis = -1; axis < 4; axis++) {
      for (TensorType out : outs) {
        TensorType axisType = (k++ % 2 == 0) ? TensorType.INT32 : TensorType.INT64;
        LiveOps.assertMatchesTflite("ARG_MAX " + type + " axis " + axis + " -> " + out
            + " (axis " + axisType + ")", model(type, out, axisType, axis, shape),
            inputs(2 * 3 * 5 * 4, 31L * axis + k));
      }
    }
  }

  @Test
  void lastAxisOfAVectorAndALongRowMatchTflite() {
    LiveOps.assertMatchesTflite("ARG_MAX int8 [1000] -> int32",
        model(TensorType.INT8, TensorType.INT32, TensorType.INT32, 0, new int[] {1000}),
        inputs(1000, 5));
    LiveOps.assertMatchesTflite("ARG_MAX uint8 [1,1001] -> int64",
        model(TensorType.UINT8, TensorType.INT64, TensorType.INT32, 1, new int[] {1, 1001}),
        inputs(1001, 6));
  }
}

package io.github.tflite2java.it.operators;

import static io.github.tflite2java.it.operators.OpModels.q;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.TfliteVersion;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.Gather;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.it.tflite.LiveTfliteC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * GATHER against live TFLite 2.6.2 and 2.9.0: every axis (negative too) of params of rank 1 to
 * 3, positions of rank 0 to 2 (int32 and int64, run-time and constant), every integer params
 * type (float32 is the same slot copy; a float32 model input is refused by the validator),
 * another output zero point; and bad positions throwing with the position named: TFLite 2.9.0
 * fails Invoke on a negative one, and reads past params for one past the axis.
 */
class GatherLiveTest {

  static byte[] model(TensorType type, int[] params, QuantParams qp, QuantParams qo, int axis,
      TensorType posType, int[] positions, byte[] constantPositions) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("params", type, params, qp);
    int p = constantPositions == null ? b.addTensor("positions", posType, positions)
        : b.addConstantTensor("positions", posType, positions, QuantParams.NONE,
            constantPositions);
    int a = axis < 0 ? axis + params.length : axis;
    int[] out = new int[params.length - 1 + positions.length];
    int k = 0;
    for (int d = 0; d < a; d++) {
      out[k++] = params[d];
    }
    for (int d : positions) {
      out[k++] = d;
    }
    for (int d = a + 1; d < params.length; d++) {
      out[k++] = params[d];
    }
    int y = b.addTensor("y", type, out, qo);
    b.addOperator(BuiltinOperator.code("GATHER"), 1, new int[] {x, p}, new int[] {y},
        new Gather.Options(axis, 0));
    return (constantPositions == null ? b.inputs(x, p) : b.inputs(x)).outputs(y).build();
  }

  static byte[] raw(TensorType type, int... v) {
    int size = type == TensorType.INT64 ? 8 : 4;
    ByteBuffer bb = ByteBuffer.allocate(size * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int x : v) {
      if (size == 8) {
        bb.putLong(x);
      } else {
        bb.putInt(x);
      }
    }
    return bb.array();
  }

  static int count(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  static byte[] params(Random rnd, TensorType type, int n) {
    byte[] b = OpModels.randomBytes(rnd, n * type.byteSize());
    if (type == TensorType.INT64) {
      ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        bb.putLong(8 * i, rnd.nextInt());
      }
    } else if (type == TensorType.BOOL) {
      for (int i = 0; i < n; i++) {
        b[i] &= 1;
      }
    }
    return b;
  }

  @Test
  void everyAxisAndTypeMatchesTflite() {
    int[][] shapes = {{7}, {4, 5}, {3, 4, 2}};
    int[][] positions = {{}, {3}, {2, 3}};
    TensorType[] types = {TensorType.UINT8, TensorType.INT8, TensorType.INT32,
        TensorType.INT64, TensorType.INT16, TensorType.BOOL};
    Random rnd = new Random(23);
    int k = 0;
    for (TensorType type : types) {
      boolean every = type == TensorType.INT8 || type == TensorType.INT32;
      for (int[] shape : shapes) {
        if (!every && shape.length != 3) {
          continue;
        }
        for (int axis = -shape.length; axis < shape.length; axis++) {
          int[] pos = positions[k % positions.length];
          TensorType posType = k % 2 == 0 ? TensorType.INT32 : TensorType.INT64;
          k++;
          int a = axis < 0 ? axis + shape.length : axis;
          boolean quantized = type == TensorType.UINT8 || type == TensorType.INT8
              || type == TensorType.INT16;
          QuantParams qp = quantized ? q(0.1f, type == TensorType.UINT8 ? 140 : 0) : QuantParams.NONE;
          QuantParams qo = type == TensorType.UINT8 && k % 3 == 0 ? q(0.1f, 100) : qp;
          byte[] model = model(type, shape, qp, qo, axis, posType, pos, null);
          List<List<byte[]>> sets = new ArrayList<>();
          for (int s = 0; s < 4; s++) {
            int[] v = new int[count(pos)];
            for (int i = 0; i < v.length; i++) {
              v[i] = rnd.nextInt(shape[a]);
            }
            sets.add(List.of(params(rnd, type, count(shape)), raw(posType, v)));
          }
          LiveOps.assertMatchesTflite("GATHER " + type + " " + Arrays.toString(shape) + " axis "
              + axis + " by " + posType + Arrays.toString(pos) + " (" + qp + " -> " + qo + ")",
              model, sets);
        }
      }
    }
  }

  @Test
  void constantPositionsMatchTflite() {
    Random rnd = new Random(2);
    byte[] model = model(TensorType.INT8, new int[] {5, 3}, q(0.1f, -2), q(0.1f, -2), 0,
        TensorType.INT64, new int[] {4}, raw(TensorType.INT64, 4, 0, 0, 2));
    LiveOps.assertMatchesTflite("GATHER int8 [5,3] by constant int64 [4,0,0,2]", model, 4, 1);
  }

  @Test
  void badPositionsThrowWithThePositionNamed() {
    byte[] model = model(TensorType.UINT8, new int[] {3, 4}, q(0.1f, 128), q(0.1f, 128), 1,
        TensorType.INT32, new int[] {3}, null);
    LiveOps.Generated gen;
    try {
      gen = new LiveOps.Generated(LiveOps.read(model), TfliteVersion.V2_9);
    } catch (ModelCompileException e) {
      throw new AssertionError(e);
    }
    int[][] bad = {{0, -2, 1}, {1, 4, 0}};
    String[] named = {"positions element 1 is negative: -2", "positions element 1 is 4,"
        + " outside axis 1 of params [3,4]"};
    LiveTfliteC.require();
    for (int k = 0; k < bad.length; k++) {
      List<byte[]> in = List.of(OpModels.sweep(12, 0), raw(TensorType.INT32, bad[k]));
      if (k == 0) {
        try (LiveTfliteC tflite = new LiveTfliteC(model)) {
          IllegalStateException e = assertThrows(IllegalStateException.class,
              () -> tflite.run(List.of(in.get(0).clone(), in.get(1).clone())));
          assertTrue(e.getMessage().contains("TfLiteInterpreterInvoke"), e.getMessage());
        }
      }
      AssertionError thrown = assertThrows(AssertionError.class, () -> gen.run(in));
      Throwable cause = thrown.getCause();
      assertTrue(cause instanceof IllegalArgumentException, String.valueOf(cause));
      assertTrue(cause.getMessage().contains("operator 0 (GATHER)")
          && cause.getMessage().contains(named[k]), cause.getMessage());
    }
    byte[] constant = model(TensorType.UINT8, new int[] {3, 4}, q(0.1f, 128), q(0.1f, 128), 0,
        TensorType.INT32, new int[] {2}, raw(TensorType.INT32, 1, 3));
    ModelCompileException e = assertThrows(ModelCompileException.class,
        () -> Tflite2JavaCompiler.compile(LiveOps.read(constant), "gen.Op",
            CompileOptions.defaults()));
    assertTrue(e.getMessage().contains("element 1 is 3, outside axis 0"), e.getMessage());
  }
}

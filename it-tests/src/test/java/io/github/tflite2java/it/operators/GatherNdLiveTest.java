package io.github.tflite2java.it.operators;

import static io.github.tflite2java.it.operators.OpModels.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.TfliteVersion;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.it.tflite.LiveTfliteC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * GATHER_ND against live TFLite 2.6.2 and 2.9.0: every index depth (whole-tensor rows to
 * single elements), int32 and int64 indices given at run time or as constants, params of every
 * supported type (float32 through DEQUANTIZE, int32 and int64 model inputs, constants), another
 * output zero point, MoveNet's shapes; and bad indices: negative elements and rows whose flat
 * position leaves params throw, an index past its dimension that stays inside params reads the
 * flat position, as TFLite 2.9 does.
 */
class GatherNdLiveTest {

  /**
   * params (a model input, or a constant when {@code constantParams} is given) gathered by
   * indices (an input, or a constant when {@code constantIndices} is given).
   */
  static byte[] model(TensorType type, int[] params, QuantParams qp, QuantParams qo,
      TensorType indexType, int[] indices, byte[] constantParams, byte[] constantIndices) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int p = constantParams == null ? b.addTensor("params", type, params, qp)
        : b.addConstantTensor("params", type, params, qp, constantParams);
    int i = constantIndices == null ? b.addTensor("indices", indexType, indices)
        : b.addConstantTensor("indices", indexType, indices, QuantParams.NONE, constantIndices);
    int y = b.addTensor("y", type, outShape(params, indices), qo);
    b.addOperator(BuiltinOperator.code("GATHER_ND"), 1, new int[] {p, i}, new int[] {y},
        new OperatorOptions.None());
    List<Integer> in = new ArrayList<>();
    if (constantParams == null) {
      in.add(p);
    }
    if (constantIndices == null) {
      in.add(i);
    }
    return b.inputs(in.stream().mapToInt(Integer::intValue).toArray()).outputs(y).build();
  }

  static int[] outShape(int[] params, int[] indices) {
    int nd = indices[indices.length - 1];
    int[] s = new int[indices.length - 1 + params.length - nd];
    int k = 0;
    for (int d = 0; d < indices.length - 1; d++) {
      s[k++] = indices[d];
    }
    for (int d = nd; d < params.length; d++) {
      s[k++] = params[d];
    }
    return s;
  }

  /** Raw bytes of random in-range indices for params of shape {@code params}. */
  static byte[] indices(Random rnd, int[] params, int[] indices, TensorType type) {
    int nd = indices[indices.length - 1];
    int rows = 1;
    for (int d = 0; d < indices.length - 1; d++) {
      rows *= indices[d];
    }
    int[] v = new int[rows * nd];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < nd; j++) {
        v[r * nd + j] = rnd.nextInt(params[j]);
      }
    }
    return raw(type, v);
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

  static List<List<byte[]>> sets(Random rnd, int paramBytes, int[] params, int[] indices,
      TensorType indexType, boolean paramsInput, boolean indicesInput, int n) {
    return sets(rnd, paramBytes, params, indices, indexType, paramsInput, indicesInput, n, false);
  }

  static List<List<byte[]>> sets(Random rnd, int paramBytes, int[] params, int[] indices,
      TensorType indexType, boolean paramsInput, boolean indicesInput, int n, boolean int64) {
    List<List<byte[]>> sets = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      List<byte[]> in = new ArrayList<>();
      if (paramsInput) {
        byte[] b = OpModels.randomBytes(rnd, paramBytes);
        if (int64) {
          // int64 values the int arena holds: sign-extended ints.
          ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
          for (int e = 0; e < b.length / 8; e++) {
            bb.putLong(8 * e, rnd.nextInt());
          }
        }
        in.add(b);
      }
      if (indicesInput) {
        in.add(indices(rnd, params, indices, indexType));
      }
      sets.add(in);
    }
    return sets;
  }

  @Test
  void everyIndexDepthAndParamsTypeMatchesTflite() {
    int[][] params = {{1, 6, 6, 5}, {4, 3, 5}, {4, 3, 5}, {4, 3, 5}, {7}, {2, 3, 2, 2}, {6, 4}};
    int[][] indices = {{1, 3}, {2, 1}, {5, 2}, {3, 3}, {4, 1}, {2, 2, 3}, {3, 2, 2}};
    TensorType[] types = {TensorType.INT8, TensorType.UINT8, TensorType.INT32, TensorType.INT64,
        TensorType.INT16, TensorType.INT8, TensorType.UINT8};
    Random rnd = new Random(14);
    for (int k = 0; k < params.length; k++) {
      TensorType type = types[k];
      boolean quantized = type == TensorType.INT8 || type == TensorType.UINT8
          || type == TensorType.INT16;
      int zp = type == TensorType.UINT8 ? 131 : type == TensorType.INT16 ? 0 : -7;
      QuantParams qp = quantized ? q(0.07f, zp) : QuantParams.NONE;
      // The last case gathers into another zero point: TFLite copies the raw bytes.
      QuantParams qo = k == params.length - 1 ? q(0.07f, zp - 20) : qp;
      TensorType indexType = k % 2 == 0 ? TensorType.INT32 : TensorType.INT64;
      byte[] model = model(type, params[k], qp, qo, indexType, indices[k], null, null);
      LiveOps.assertMatchesTflite("GATHER_ND " + type + " params "
          + java.util.Arrays.toString(params[k]) + " indices " + indexType + " "
          + java.util.Arrays.toString(indices[k]), model, sets(rnd, count(params[k])
          * type.byteSize(), params[k], indices[k], indexType, true, true, 6,
          type == TensorType.INT64));
    }
  }

  /** Float32 params from DEQUANTIZE, gathered into a float32 model output. */
  @Test
  void float32ParamsMatchTflite() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int[] shape = {3, 4, 2};
    int x = b.addTensor("x", TensorType.INT8, shape, q(0.37f, 3));
    int f = b.addTensor("f", TensorType.FLOAT32, shape);
    int i = b.addTensor("indices", TensorType.INT32, new int[] {5, 2});
    int y = b.addTensor("y", TensorType.FLOAT32, new int[] {5, 2});
    b.addOperator(BuiltinOperator.DEQUANTIZE, 2, new int[] {x}, new int[] {f},
        new OperatorOptions.None());
    b.addOperator(BuiltinOperator.code("GATHER_ND"), 1, new int[] {f, i}, new int[] {y},
        new OperatorOptions.None());
    byte[] model = b.inputs(x, i).outputs(y).build();
    LiveOps.assertMatchesTflite("GATHER_ND float32 [3,4,2] by int32 [5,2]", model,
        sets(new Random(3), 24, shape, new int[] {5, 2}, TensorType.INT32, true, true, 8));
  }

  /** Constant params or constant indices (MoveNet's third GATHER_ND). */
  @Test
  void constantParamsAndConstantIndicesMatchTflite() {
    Random rnd = new Random(5);
    int[] params = {17, 17, 2};
    int[] indices = {17, 2};
    int[] v = new int[34];
    for (int r = 0; r < 17; r++) {
      v[2 * r] = r;
      v[2 * r + 1] = (r * 5) % 17;
    }
    byte[] m1 = model(TensorType.INT8, params, q(0.1f, 4), q(0.1f, 4), TensorType.INT32,
        indices, null, raw(TensorType.INT32, v));
    LiveOps.assertMatchesTflite("GATHER_ND int8 [17,17,2] by constant int32 [17,2]", m1,
        sets(rnd, 578, params, indices, TensorType.INT32, true, false, 5));
    byte[] m2 = model(TensorType.INT32, new int[] {4, 6}, QuantParams.NONE, QuantParams.NONE,
        TensorType.INT64, new int[] {3, 1}, OpModels.randomBytes(rnd, 96), null);
    LiveOps.assertMatchesTflite("GATHER_ND constant int32 [4,6] by int64 [3,1]", m2,
        sets(rnd, 0, new int[] {4, 6}, new int[] {3, 1}, TensorType.INT64, false, true, 5));
  }

  /**
   * An index past its dimension whose flat position stays inside params: TFLite 2.9 reads that
   * element (no per-dimension check), and so does the generated code.
   */
  @Test
  void perDimensionOverflowInsideParamsReadsTheFlatPosition() {
    int[] params = {2, 5};
    byte[] model = model(TensorType.INT8, params, q(0.1f, 0), q(0.1f, 0), TensorType.INT32,
        new int[] {2, 2}, null, null);
    List<byte[]> in = List.of(OpModels.sweep(10, 40), raw(TensorType.INT32, 0, 7, 1, 4));
    LiveTfliteC.require();
    try (LiveTfliteC tflite = new LiveTfliteC(model)) {
      byte[] expected = tflite.run(List.of(in.get(0).clone(), in.get(1).clone())).get(0);
      assertEquals(47, expected[0]);
      assertEquals(49, expected[1]);
      List<byte[]> actual = generated(model).run(in);
      assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(actual.get(0)));
    }
  }

  /**
   * Negative index elements: TFLite 2.9 fails Invoke ({@code indices_has_only_positive_elements});
   * rows whose flat position leaves params: TFLite 2.9.0 does not check them (the bounds check
   * came in later releases, which fail Invoke) and reads past the tensor. The generated class
   * throws in both cases, naming the operator and the index.
   */
  @Test
  void badIndicesThrowWithTheIndexNamed() {
    int[] params = {3, 4};
    int[] shape = {2, 2};
    byte[] model = model(TensorType.UINT8, params, q(0.1f, 128), q(0.1f, 128), TensorType.INT32,
        shape, null, null);
    int[][] bad = {{0, 1, -1, 2}, {2, 3, 3, 0}, {1, 1, 2, 4}};
    String[] named = {"indices element 2 is -1", "index [3, 0] (indices row 1)",
        "index [2, 4] (indices row 1)"};
    LiveTfliteC.require();
    LiveOps.Generated gen = generated(model);
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
      assertTrue(cause.getMessage().contains("operator 0 (GATHER_ND)")
          && cause.getMessage().contains(named[k]), cause.getMessage());
    }
  }

  /** Constant indices that TFLite would fail on are refused at compile time. */
  @Test
  void badConstantIndicesAreCompileErrors() {
    byte[] negative = model(TensorType.INT8, new int[] {3, 4}, q(0.1f, 0), q(0.1f, 0),
        TensorType.INT32, new int[] {1, 2}, null, raw(TensorType.INT32, 0, -1));
    byte[] past = model(TensorType.INT8, new int[] {3, 4}, q(0.1f, 0), q(0.1f, 0),
        TensorType.INT32, new int[] {1, 2}, null, raw(TensorType.INT32, 2, 4));
    ModelCompileException e1 = assertThrows(ModelCompileException.class,
        () -> Tflite2JavaCompiler.compile(LiveOps.read(negative), "gen.Op",
            io.github.tflite2java.compiler.CompileOptions.defaults()));
    assertTrue(e1.getMessage().contains("negative element -1"), e1.getMessage());
    ModelCompileException e2 = assertThrows(ModelCompileException.class,
        () -> Tflite2JavaCompiler.compile(LiveOps.read(past), "gen.Op",
            io.github.tflite2java.compiler.CompileOptions.defaults()));
    assertTrue(e2.getMessage().contains("row 0 [2,4] is outside params"), e2.getMessage());
  }

  static LiveOps.Generated generated(byte[] model) {
    try {
      return new LiveOps.Generated(LiveOps.read(model), TfliteVersion.V2_9);
    } catch (ModelCompileException e) {
      throw new AssertionError(e);
    }
  }
}

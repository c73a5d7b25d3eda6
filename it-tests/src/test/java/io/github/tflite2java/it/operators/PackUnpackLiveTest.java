package io.github.tflite2java.it.operators;

import static io.github.tflite2java.it.operators.OpModels.q;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.Pack;
import io.github.tflite2java.compiler.ops.Unpack;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * PACK and UNPACK against live TFLite 2.6.2 and 2.9.0: every axis (negative too) of inputs of
 * rank 1 to 3 (int8 and int32; rank 3 for the other types), every supported type (float32 from DEQUANTIZE), a constant PACK input (MoveNet
 * packs a constant int32 with two computed ones), and quantization mismatches refused as TFLite
 * refuses them.
 */
class PackUnpackLiveTest {

  static final TensorType[] PACK_TYPES = {TensorType.UINT8, TensorType.INT8, TensorType.INT16,
      TensorType.INT32, TensorType.INT64};
  static final TensorType[] UNPACK_TYPES = {TensorType.UINT8, TensorType.INT8, TensorType.INT16,
      TensorType.INT32, TensorType.BOOL};

  static QuantParams quant(TensorType type) {
    switch (type) {
      case UINT8: return q(0.05f, 120);
      case INT8: return q(0.05f, -3);
      case INT16: return q(0.001f, 0);
      default: return QuantParams.NONE;
    }
  }

  static int[] inserted(int[] shape, int axis, int n) {
    int[] s = new int[shape.length + 1];
    for (int d = 0, k = 0; d < s.length; d++) {
      s[d] = d == axis ? n : shape[k++];
    }
    return s;
  }

  static int[] removed(int[] shape, int axis) {
    int[] s = new int[shape.length - 1];
    for (int d = 0, k = 0; d < shape.length; d++) {
      if (d != axis) {
        s[k++] = shape[d];
      }
    }
    return s;
  }

  /** Random raw bytes of a tensor; int64 as sign-extended ints, bool as 0/1. */
  static byte[] values(Random rnd, TensorType type, int n) {
    byte[] b = new byte[n * type.byteSize()];
    rnd.nextBytes(b);
    if (type == TensorType.INT64) {
      ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        bb.putLong(8 * i, rnd.nextInt());
      }
    } else if (type == TensorType.BOOL) {
      for (int i = 0; i < n; i++) {
        b[i] = (byte) (b[i] & 1);
      }
    }
    return b;
  }

  static byte[] packModel(TensorType type, int[] shape, int n, int axis, byte[] constantFirst) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int[] ins = new int[n];
    List<Integer> modelInputs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (i == 0 && constantFirst != null) {
        ins[i] = b.addConstantTensor("c", type, shape, quant(type), constantFirst);
      } else {
        ins[i] = b.addTensor("x" + i, type, shape, quant(type));
        modelInputs.add(ins[i]);
      }
    }
    int positive = axis < 0 ? axis + shape.length + 1 : axis;
    int y = b.addTensor("y", type, inserted(shape, positive, n), quant(type));
    b.addOperator(BuiltinOperator.code("PACK"), 1, ins, new int[] {y},
        new Pack.Options(n, axis));
    return b.inputs(modelInputs.stream().mapToInt(Integer::intValue).toArray()).outputs(y)
        .build();
  }

  static byte[] unpackModel(TensorType type, int[] shape, int axis) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", type, shape, quant(type));
    int positive = axis < 0 ? axis + shape.length : axis;
    int n = shape[positive];
    int[] outs = new int[n];
    for (int i = 0; i < n; i++) {
      outs[i] = b.addTensor("y" + i, type, removed(shape, positive), quant(type));
    }
    b.addOperator(BuiltinOperator.code("UNPACK"), 1, new int[] {x}, outs,
        new Unpack.Options(n, axis));
    return b.inputs(x).outputs(outs).build();
  }

  static List<List<byte[]>> sets(Random rnd, TensorType type, int inputs, int elements) {
    List<List<byte[]>> sets = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      List<byte[]> in = new ArrayList<>();
      for (int i = 0; i < inputs; i++) {
        in.add(values(rnd, type, elements));
      }
      sets.add(in);
    }
    return sets;
  }

  static int count(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  @Test
  void packEveryAxisAndTypeMatchesTflite() {
    int[][] shapes = {{5}, {3, 4}, {2, 3, 2}};
    Random rnd = new Random(59);
    int k = 0;
    for (TensorType type : PACK_TYPES) {
      for (int[] shape : shapes) {
        boolean every = type == TensorType.INT8 || type == TensorType.INT32;
        if (!every && shape.length != 3) {
          continue;
        }
        for (int axis = -shape.length - 1; axis <= shape.length; axis++) {
          int n = 1 + (k++ % 3);
          LiveOps.assertMatchesTflite("PACK " + type + " " + n + " x " + Arrays.toString(shape)
              + " axis " + axis, packModel(type, shape, n, axis, null),
              sets(rnd, type, n, count(shape)));
        }
      }
    }
  }

  /** MoveNet's PACK: a constant int32 [17] and two computed ones along axis 1. */
  @Test
  void packWithAConstantInputMatchesTflite() {
    Random rnd = new Random(3);
    int[] shape = {17};
    byte[] model = packModel(TensorType.INT32, shape, 3, 1, values(rnd, TensorType.INT32, 17));
    LiveOps.assertMatchesTflite("PACK int32 constant + 2 x [17] axis 1", model,
        sets(rnd, TensorType.INT32, 2, 17));
    byte[] int8 = packModel(TensorType.INT8, new int[] {1, 17}, 2, -1,
        values(rnd, TensorType.INT8, 17));
    LiveOps.assertMatchesTflite("PACK int8 constant + [1,17] axis -1", int8,
        sets(rnd, TensorType.INT8, 1, 17));
  }

  @Test
  void unpackEveryAxisAndTypeMatchesTflite() {
    int[][] shapes = {{4}, {3, 2}, {17, 2}, {2, 3, 4}};
    Random rnd = new Random(64);
    for (TensorType type : UNPACK_TYPES) {
      for (int[] shape : shapes) {
        for (int axis = -shape.length; axis < shape.length; axis++) {
          boolean every = type == TensorType.INT8 || type == TensorType.INT32;
          if (!every && shape.length != 3) {
            continue;
          }
          LiveOps.assertMatchesTflite("UNPACK " + type + " " + Arrays.toString(shape)
              + " axis " + axis, unpackModel(type, shape, axis),
              sets(rnd, type, 1, count(shape)));
        }
      }
    }
  }

  /** Float32 (from DEQUANTIZE) through PACK and UNPACK into float32 model outputs. */
  @Test
  void float32PackAndUnpackMatchTflite() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int[] shape = {3, 2};
    int x = b.addTensor("x", TensorType.UINT8, shape, q(0.21f, 100));
    int f = b.addTensor("f", TensorType.FLOAT32, shape);
    int[] parts = {b.addTensor("u0", TensorType.FLOAT32, new int[] {3}),
        b.addTensor("u1", TensorType.FLOAT32, new int[] {3})};
    int y = b.addTensor("y", TensorType.FLOAT32, new int[] {3, 2});
    b.addOperator(BuiltinOperator.DEQUANTIZE, 1, new int[] {x}, new int[] {f},
        new OperatorOptions.None());
    b.addOperator(BuiltinOperator.code("UNPACK"), 1, new int[] {f}, parts,
        new Unpack.Options(2, 1));
    b.addOperator(BuiltinOperator.code("PACK"), 1, new int[] {parts[1], parts[0]},
        new int[] {y}, new Pack.Options(2, -1));
    byte[] model = b.inputs(x).outputs(y, parts[0]).build();
    LiveOps.assertMatchesTflite("DEQUANTIZE, UNPACK, PACK float32", model, 4, 9);
  }

  /** TFLite refuses to rescale in PACK and UNPACK; so does tflite2java, naming the tensor. */
  @Test
  void quantizationMismatchIsRefused() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int a = b.addTensor("a", TensorType.INT8, new int[] {4}, q(0.05f, -3));
    int c = b.addTensor("c", TensorType.INT8, new int[] {4}, q(0.05f, 5));
    int y = b.addTensor("y", TensorType.INT8, new int[] {2, 4}, q(0.05f, -3));
    b.addOperator(BuiltinOperator.code("PACK"), 2, new int[] {a, c}, new int[] {y},
        new Pack.Options(2, 0));
    byte[] pack = b.inputs(a, c).outputs(y).build();
    ModelCompileException e = assertThrows(ModelCompileException.class,
        () -> Tflite2JavaCompiler.compile(LiveOps.read(pack), "gen.Op", CompileOptions.defaults()));
    assertTrue(e.getMessage().contains("input 1 tensor") && e.getMessage().contains("'c'")
        && e.getMessage().contains("quantized exactly as its output"), e.getMessage());

    TfliteModelBuilder u = new TfliteModelBuilder();
    int x = u.addTensor("x", TensorType.UINT8, new int[] {2, 3}, q(0.05f, 7));
    int y0 = u.addTensor("y0", TensorType.UINT8, new int[] {3}, q(0.05f, 7));
    int y1 = u.addTensor("y1", TensorType.UINT8, new int[] {3}, q(0.06f, 7));
    u.addOperator(BuiltinOperator.code("UNPACK"), 1, new int[] {x}, new int[] {y0, y1},
        new Unpack.Options(2, 0));
    byte[] unpack = u.inputs(x).outputs(y0, y1).build();
    ModelCompileException e2 = assertThrows(ModelCompileException.class,
        () -> Tflite2JavaCompiler.compile(LiveOps.read(unpack), "gen.Op",
            CompileOptions.defaults()));
    assertTrue(e2.getMessage().contains("output 1 tensor") && e2.getMessage().contains("'y1'")
        && e2.getMessage().contains("quantized exactly as its input"), e2.getMessage());
  }
}

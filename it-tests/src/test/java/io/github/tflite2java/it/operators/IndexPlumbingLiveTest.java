package io.github.tflite2java.it.operators;

import static io.github.tflite2java.it.operators.OpModels.q;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.ArgMax;
import io.github.tflite2java.compiler.ops.Concatenation;
import io.github.tflite2java.compiler.ops.Pack;
import io.github.tflite2java.compiler.ops.Reshape;
import io.github.tflite2java.compiler.ops.Unpack;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RESHAPE and CONCATENATION of int32, int64 and float32 tensors, and MoveNet's index plumbing
 * (ARG_MAX, RESHAPE of the int32 indices, PACK with a constant, CONCATENATION with a constant
 * int32 column, GATHER_ND, UNPACK), against live TFLite 2.6.2 and 2.9.0.
 */
class IndexPlumbingLiveTest {

  static int reshape(TfliteModelBuilder b, int in, TensorType type, int[] shape) {
    int s = b.addConstantTensor("shape" + in, TensorType.INT32, new int[] {shape.length},
        QuantParams.NONE, OpModels.int32s(shape));
    int y = b.addTensor("r" + in, type, shape);
    b.addOperator(BuiltinOperator.RESHAPE, 1, new int[] {in, s}, new int[] {y},
        new Reshape.Options(shape));
    return y;
  }

  static byte[] longs(Random rnd, int n) {
    ByteBuffer bb = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      bb.putLong(rnd.nextInt());
    }
    return bb.array();
  }

  /** int32, int64 and float32 (from DEQUANTIZE) reshaped and concatenated with constants. */
  @Test
  void reshapeAndConcatenationOfIntAndFloatMatchTflite() {
    Random rnd = new Random(10);
    for (TensorType type : new TensorType[] {TensorType.INT32, TensorType.INT64,
        TensorType.FLOAT32}) {
      TfliteModelBuilder b = new TfliteModelBuilder();
      int x;
      int modelInput;
      if (type == TensorType.FLOAT32) {
        modelInput = b.addTensor("q", TensorType.INT8, new int[] {2, 6}, q(0.3f, -4));
        x = b.addTensor("x", TensorType.FLOAT32, new int[] {2, 6});
        b.addOperator(BuiltinOperator.DEQUANTIZE, 2, new int[] {modelInput}, new int[] {x},
            new OperatorOptions.None());
      } else {
        x = b.addTensor("x", type, new int[] {2, 6});
        modelInput = x;
      }
      int r = reshape(b, x, type, new int[] {3, 4});
      byte[] constant = type == TensorType.INT64 ? longs(rnd, 6) : OpModels.randomBytes(rnd, 24);
      if (type == TensorType.FLOAT32) {
        ByteBuffer.wrap(constant).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, Float.NaN)
            .putFloat(4, -0f);
      }
      int c = b.addConstantTensor("c", type, new int[] {3, 2}, QuantParams.NONE, constant);
      int y = b.addTensor("y", type, new int[] {3, 6});
      b.addOperator(BuiltinOperator.CONCATENATION, 1, new int[] {c, r}, new int[] {y},
          new Concatenation.Options(-1, Activation.NONE));
      int z = reshape(b, y, type, new int[] {18});
      byte[] model = b.inputs(modelInput).outputs(z).build();
      List<List<byte[]>> sets = new ArrayList<>();
      for (int s = 0; s < 4; s++) {
        sets.add(List.of(type == TensorType.INT64 ? longs(rnd, 12)
            : OpModels.randomBytes(rnd, type == TensorType.FLOAT32 ? 12 : 48)));
      }
      LiveOps.assertMatchesTflite("RESHAPE, CONCATENATION with a constant, RESHAPE " + type,
          model, sets);
    }
  }

  /**
   * MoveNet's tail without its int32 arithmetic: the heatmap's ARG_MAX per keypoint (int32),
   * reshaped, PACKed with a constant batch index into rows of [batch, y, keypoint], gathered
   * from the offsets, UNPACKed; and a constant keypoint column CONCATENATed to the rows to
   * gather single scores.
   */
  @Test
  void moveNetIndexPlumbingMatchesTflite() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    QuantParams qh = q(0.0039f, -128);
    int heat = b.addTensor("heat", TensorType.INT8, new int[] {1, 6, 5}, qh);
    int offsets = b.addTensor("offsets", TensorType.INT8, new int[] {1, 6, 5, 4}, q(0.05f, 3));
    int axis = b.addConstantTensor("axis", TensorType.INT32, new int[] {}, QuantParams.NONE,
        OpModels.int32s(1));
    int arg = b.addTensor("argmax", TensorType.INT32, new int[] {1, 5});
    b.addOperator(BuiltinOperator.code("ARG_MAX"), 2, new int[] {heat, axis}, new int[] {arg},
        new ArgMax.Options(TensorType.INT32));
    int flat = reshape(b, arg, TensorType.INT32, new int[] {5});
    int batch = b.addConstantTensor("batch", TensorType.INT32, new int[] {5}, QuantParams.NONE,
        OpModels.int32s(0, 0, 0, 0, 0));
    int keypoint = b.addConstantTensor("keypoint", TensorType.INT32, new int[] {5},
        QuantParams.NONE, OpModels.int32s(0, 1, 2, 3, 4));
    int rows = b.addTensor("rows", TensorType.INT32, new int[] {5, 3});
    b.addOperator(BuiltinOperator.code("PACK"), 2, new int[] {batch, flat, keypoint},
        new int[] {rows}, new Pack.Options(3, 1));
    int gathered = b.addTensor("gathered", TensorType.INT8, new int[] {5, 4}, q(0.05f, 3));
    b.addOperator(BuiltinOperator.code("GATHER_ND"), 1, new int[] {offsets, rows},
        new int[] {gathered}, new OperatorOptions.None());
    int[] parts = new int[4];
    for (int i = 0; i < 4; i++) {
      parts[i] = b.addTensor("part" + i, TensorType.INT8, new int[] {5}, q(0.05f, 3));
    }
    b.addOperator(BuiltinOperator.code("UNPACK"), 2, new int[] {gathered}, parts,
        new Unpack.Options(4, 1));
    int column = b.addConstantTensor("column", TensorType.INT32, new int[] {5, 1},
        QuantParams.NONE, OpModels.int32s(0, 1, 2, 3, 3));
    int four = b.addTensor("four", TensorType.INT32, new int[] {5, 4});
    b.addOperator(BuiltinOperator.CONCATENATION, 2, new int[] {rows, column}, new int[] {four},
        new Concatenation.Options(1, Activation.NONE));
    int scores = b.addTensor("scores", TensorType.INT8, new int[] {5}, q(0.05f, 3));
    b.addOperator(BuiltinOperator.code("GATHER_ND"), 1, new int[] {offsets, four},
        new int[] {scores}, new OperatorOptions.None());
    byte[] model = b.inputs(heat, offsets).outputs(parts[2], scores, rows).build();
    LiveOps.assertMatchesTflite("MoveNet index plumbing", model, 8, 14);
  }
}

package io.github.tflite2java.it.ops;

import static io.github.tflite2java.it.ops.OpGenerators.anyRankInput;
import static io.github.tflite2java.it.ops.OpGenerators.fmt;

import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.ArgMax;
import io.github.tflite2java.compiler.ops.Gather;
import io.github.tflite2java.compiler.ops.Pack;
import io.github.tflite2java.compiler.ops.Unpack;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Generators of the operators that move elements without computing (GATHER, GATHER_ND, PACK,
 * UNPACK),
 * for the table in {@link OpGenerators}. They read uint8/int8 tensors and the int32/int64
 * indices ARG_MAX writes, so chains carry indices through them as MoveNet does.
 */
final class DataMovementGens {

  private DataMovementGens() {}

  /** Whether a generator of this file reads {@code in}. */
  static boolean movable(Act in) {
    return in.isQuantized8() || in.type() == TensorType.INT32 || in.type() == TensorType.INT64;
  }

  /** A constant of {@code like}'s type, shape {@code shape} and quantization, random values. */
  static int constantLike(Net n, Act like, int[] shape) {
    Rnd r = n.rnd;
    int count = 1;
    for (int d : shape) {
      count *= d;
    }
    TensorType type = like.type();
    if (type.isQuantized8()) {
      return n.constant(type, shape, like.quant(),
          r.values(count, type.qmin(), type.qmax(), like.zeroPoint()));
    }
    ByteBuffer bb = ByteBuffer.allocate(count * type.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      int v = r.between(-1000, 1000);
      if (type == TensorType.INT64) {
        bb.putLong(v);
      } else {
        bb.putInt(v);
      }
    }
    return n.constant(type, shape, QuantParams.NONE, bb.array());
  }

  /** An output like {@code in} (same type and quantization) of shape {@code shape}. */
  static Act like(Net n, Act in, int[] shape) {
    return n.tensor(in.type(), shape, in.scale(), in.zeroPoint());
  }

  static byte[] indexBytes(TensorType type, int[] v) {
    ByteBuffer bb = ByteBuffer.allocate(v.length * type.byteSize())
        .order(ByteOrder.LITTLE_ENDIAN);
    for (int x : v) {
      if (type == TensorType.INT64) {
        bb.putLong(x);
      } else {
        bb.putInt(x);
      }
    }
    return bb.array();
  }

  /**
   * GATHER_ND of a tensor by constant in-range indices (int32 or int64, 1 to rank deep, one to
   * a few rows in up to two leading dimensions), or by indices computed at run time as MoveNet
   * computes them: ARG_MAX along axis 0, PACKed into rows of one index. A quantized output
   * sometimes has another zero point (TFLite copies raw bytes).
   */
  static final class GatherNdGen extends GenBase {
    GatherNdGen() {
      super("GATHER_ND");
    }

    @Override
    public Act input(Net n, TensorType type) {
      return anyRankInput(n, type);
    }

    @Override
    public boolean accepts(Act in) {
      return movable(in) && in.rank() >= 1 && in.rank() <= 4 && in.elements() <= 2048;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      int rank = in.rank();
      int indices;
      int[] indicesShape;
      String how;
      if (in.isQuantized8() && rank >= 2 && in.elements() / in.dim(0) <= 64 && r.chance(0.35)) {
        // Run-time indices: the position of the maximum along axis 0, one index per row.
        int[] argShape = Arrays.copyOfRange(in.shape(), 1, rank);
        TensorType indexType = r.chance(0.5) ? TensorType.INT32 : TensorType.INT64;
        Act arg = n.tensor(indexType, argShape, 0f, 0);
        int axis = n.int32Constant(new int[] {1}, new int[] {0});
        n.op("ARG_MAX", version8(in, 2), new int[] {in.index(), axis},
            new int[] {arg.index()}, new ArgMax.Options(indexType),
            fmt("ARG_MAX axis 0 -> %s", arg.describe()));
        indicesShape = Arrays.copyOf(argShape, argShape.length + 1);
        indicesShape[argShape.length] = 1;
        Act packed = n.tensor(indexType, indicesShape, 0f, 0);
        n.op("PACK", 1, new int[] {arg.index()}, new int[] {packed.index()},
            new Pack.Options(1, -1), fmt("PACK axis -1 -> %s", packed.describe()));
        indices = packed.index();
        how = "indices " + packed.describe();
      } else {
        int nd = r.between(1, rank);
        int lead = r.chance(0.3) ? 2 : 1;
        indicesShape = new int[lead + 1];
        for (int d = 0; d < lead; d++) {
          indicesShape[d] = r.dim(lead == 1 ? 6 : 3);
        }
        indicesShape[lead] = nd;
        int rows = 1;
        for (int d = 0; d < lead; d++) {
          rows *= indicesShape[d];
        }
        int[] v = new int[rows * nd];
        for (int i = 0; i < rows; i++) {
          for (int j = 0; j < nd; j++) {
            v[i * nd + j] = r.between(0, in.dim(j) - 1);
          }
        }
        TensorType indexType = r.chance(0.7) ? TensorType.INT32 : TensorType.INT64;
        indices = n.constant(indexType, indicesShape, QuantParams.NONE,
            indexBytes(indexType, v));
        how = "constant " + indexType.name().toLowerCase(java.util.Locale.ROOT)
            + Act.shapeString(indicesShape) + " " + Act.shapeString(v);
      }
      int nd = indicesShape[indicesShape.length - 1];
      int[] shape = new int[indicesShape.length - 1 + rank - nd];
      int k = 0;
      for (int d = 0; d < indicesShape.length - 1; d++) {
        shape[k++] = indicesShape[d];
      }
      for (int d = nd; d < rank; d++) {
        shape[k++] = in.dim(d);
      }
      Act out = in.isQuantized8() && r.chance(0.15)
          ? n.tensor(in.type(), shape, in.scale(), r.zeroPoint(in.type())) : like(n, in, shape);
      n.op(op(), 1, new int[] {in.index(), indices}, new int[] {out.index()},
          new OperatorOptions.None(), fmt("GATHER_ND by %s -> %s", how, out.describe()));
      return out;
    }
  }

  /**
   * PACK of one to four tensors of the input's shape and quantization (the input itself,
   * again, and constants) along a random axis, negative too.
   */
  static final class PackGen extends GenBase {
    PackGen() {
      super("PACK");
    }

    @Override
    public Act input(Net n, TensorType type) {
      return anyRankInput(n, type);
    }

    @Override
    public boolean accepts(Act in) {
      return movable(in) && in.rank() <= 3 && in.elements() <= 1024;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      int rank = in.rank();
      int count = r.between(1, 4);
      int[] inputs = new int[count];
      StringBuilder parts = new StringBuilder();
      for (int i = 0; i < count; i++) {
        boolean self = i == 0 || r.chance(0.3);
        inputs[i] = self ? in.index() : constantLike(n, in, in.shape());
        parts.append(i == 0 ? "" : ",").append(self ? "in" : "const");
      }
      // The input somewhere among the constants.
      int at = r.between(0, count - 1);
      int t = inputs[0];
      inputs[0] = inputs[at];
      inputs[at] = t;
      int axis = r.between(-rank - 1, rank);
      int positive = axis < 0 ? axis + rank + 1 : axis;
      int[] shape = new int[rank + 1];
      for (int d = 0, k = 0; d <= rank; d++) {
        shape[d] = d == positive ? count : in.dim(k++);
      }
      Act out = like(n, in, shape);
      n.op(op(), 1, inputs, new int[] {out.index()}, new Pack.Options(count, axis),
          fmt("PACK %d (%s) axis %d -> %s", count, parts, axis, out.describe()));
      return out;
    }
  }

  /** UNPACK along a random axis (negative too); the chain goes on with one of the outputs. */
  static final class UnpackGen extends GenBase {
    UnpackGen() {
      super("UNPACK");
    }

    @Override
    public Act input(Net n, TensorType type) {
      Rnd r = n.rnd;
      int[] shape = OpGenerators.anyRankInputShape(r).shape();
      if (shape.length < 2) {
        shape = new int[] {shape[0], r.dim(4)};
      }
      return n.input(type, shape, r.activationScale(), r.zeroPoint(type));
    }

    @Override
    public boolean accepts(Act in) {
      // Rank 2 and up: other generators do not take the scalars rank 1 would give.
      return (in.isQuantized8() || in.type() == TensorType.INT32) && in.rank() >= 2
          && in.rank() <= 4 && in.elements() <= 4096;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      int rank = in.rank();
      int axis = r.between(-rank, rank - 1);
      int positive = axis < 0 ? axis + rank : axis;
      int count = in.dim(positive);
      int[] shape = new int[rank - 1];
      for (int d = 0, k = 0; d < rank; d++) {
        if (d != positive) {
          shape[k++] = in.dim(d);
        }
      }
      Act[] outs = new Act[count];
      int[] indices = new int[count];
      for (int i = 0; i < count; i++) {
        outs[i] = like(n, in, shape);
        indices[i] = outs[i].index();
      }
      int kept = r.between(0, count - 1);
      n.op(op(), 1, new int[] {in.index()}, indices, new Unpack.Options(count, axis),
          fmt("UNPACK axis %d into %d, keeping %d -> %s", axis, count, kept,
              outs[kept].describe()));
      return outs[kept];
    }
  }

  /**
   * GATHER along a random axis (negative too) by constant in-range positions of rank 0 to 2
   * (int32 or int64), or by positions computed at run time: ARG_MAX along axis 0, gathering
   * along axis 0. A quantized output sometimes has another zero point.
   */
  static final class GatherGen extends GenBase {
    GatherGen() {
      super("GATHER");
    }

    @Override
    public Act input(Net n, TensorType type) {
      return anyRankInput(n, type);
    }

    @Override
    public boolean accepts(Act in) {
      return movable(in) && in.rank() >= 1 && in.rank() <= 4 && in.elements() <= 2048;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      int rank = in.rank();
      int axis;
      int positions;
      int[] posShape;
      String how;
      if (in.isQuantized8() && rank >= 2 && in.elements() / in.dim(0) <= 32 && r.chance(0.3)) {
        posShape = Arrays.copyOfRange(in.shape(), 1, rank);
        TensorType type = r.chance(0.5) ? TensorType.INT32 : TensorType.INT64;
        Act arg = n.tensor(type, posShape, 0f, 0);
        int zero = n.int32Constant(new int[] {1}, new int[] {0});
        n.op("ARG_MAX", version8(in, 2), new int[] {in.index(), zero},
            new int[] {arg.index()}, new ArgMax.Options(type),
            fmt("ARG_MAX axis 0 -> %s", arg.describe()));
        positions = arg.index();
        axis = 0;
        how = "positions " + arg.describe();
      } else {
        axis = r.between(-rank, rank - 1);
        int a = axis < 0 ? axis + rank : axis;
        // Never a scalar output: other generators (PAD) do not take scalars.
        int posRank = r.between(rank == 1 ? 1 : 0, 2);
        posShape = new int[posRank];
        int count = 1;
        for (int d = 0; d < posRank; d++) {
          posShape[d] = r.dim(4);
          count *= posShape[d];
        }
        int[] v = new int[count];
        for (int i = 0; i < count; i++) {
          v[i] = r.between(0, in.dim(a) - 1);
        }
        TensorType type = r.chance(0.7) ? TensorType.INT32 : TensorType.INT64;
        positions = n.constant(type, posShape, QuantParams.NONE, indexBytes(type, v));
        how = "constant " + type.name().toLowerCase(java.util.Locale.ROOT)
            + Act.shapeString(posShape) + " " + Act.shapeString(v);
      }
      int a = axis < 0 ? axis + rank : axis;
      int[] shape = new int[rank - 1 + posShape.length];
      int k = 0;
      for (int d = 0; d < a; d++) {
        shape[k++] = in.dim(d);
      }
      for (int d : posShape) {
        shape[k++] = d;
      }
      for (int d = a + 1; d < rank; d++) {
        shape[k++] = in.dim(d);
      }
      Act out = in.isQuantized8() && r.chance(0.15)
          ? n.tensor(in.type(), shape, in.scale(), r.zeroPoint(in.type())) : like(n, in, shape);
      n.op(op(), 1, new int[] {in.index(), positions}, new int[] {out.index()},
          new Gather.Options(axis, 0),
          fmt("GATHER axis %d by %s -> %s", axis, how, out.describe()));
      return out;
    }
  }
}

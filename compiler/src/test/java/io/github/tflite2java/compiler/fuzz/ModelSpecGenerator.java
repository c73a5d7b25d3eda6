package io.github.tflite2java.compiler.fuzz;

import io.github.tflite2java.compiler.ops.Conv2d;
import io.github.tflite2java.compiler.ops.DepthwiseConv2d;
import io.github.tflite2java.compiler.ops.Pool2d;
import io.github.tflite2java.compiler.ops.Reshape;
import io.github.tflite2java.compiler.ops.Softmax;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.ConvGeometry;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random small models written with {@link TfliteModelBuilder}: a valid chain of the supported
 * operators, then (usually) one to three semantic defects of the kinds a hostile or broken
 * converter produces: cycles and tensors used before they are produced, huge or negative
 * shapes, buffers of the wrong size, zero / NaN / negative / infinite scales, zero points out
 * of range, per-channel scale counts that do not match, bad options and arities.
 */
final class ModelSpecGenerator {

  /** A tensor before it is written. */
  static final class T {
    String name;
    TensorType type;
    int[] shape;
    QuantParams quant;
    byte[] data;
    Long rawBuffer;

    T(String name, TensorType type, int[] shape, QuantParams quant, byte[] data) {
      this.name = name;
      this.type = type;
      this.shape = shape;
      this.quant = quant;
      this.data = data;
    }
  }

  /** An operator before it is written. */
  static final class Op {
    int code;
    int[] inputs;
    int[] outputs;
    OperatorOptions options;

    Op(int code, int[] inputs, int[] outputs, OperatorOptions options) {
      this.code = code;
      this.inputs = inputs;
      this.outputs = outputs;
      this.options = options;
    }
  }

  /** A whole model before it is written. */
  static final class Spec {
    final List<T> tensors = new ArrayList<>();
    final List<Op> ops = new ArrayList<>();
    int[] inputs;
    int[] outputs;
    String description = "fuzz";

    int add(T t) {
      tensors.add(t);
      return tensors.size() - 1;
    }

    byte[] build() {
      TfliteModelBuilder b = new TfliteModelBuilder();
      for (T t : tensors) {
        int i = t.data == null ? b.addTensor(t.name, t.type, t.shape, t.quant)
            : b.addConstantTensor(t.name, t.type, t.shape, t.quant, t.data);
        if (t.rawBuffer != null) {
          b.rawBufferIndex(i, t.rawBuffer);
        }
      }
      for (Op op : ops) {
        b.addOperator(op.code, op.inputs, op.outputs, op.options);
      }
      return b.inputs(inputs).outputs(outputs).description(description).build();
    }
  }

  private ModelSpecGenerator() {}

  /** A valid random model (before defects). */
  static Spec valid(Random rnd) {
    Spec s = new Spec();
    TensorType type = rnd.nextBoolean() ? TensorType.UINT8 : TensorType.INT8;
    int[] shape = {1, 1 + rnd.nextInt(10), 1 + rnd.nextInt(10), 1 + rnd.nextInt(6)};
    int cur = s.add(new T("input", type, shape, act(rnd, type), null));
    s.inputs = new int[] {cur};
    int ops = 1 + rnd.nextInt(4);
    for (int k = 0; k < ops; k++) {
      int[] in = s.tensors.get(cur).shape;
      switch (rnd.nextInt(5)) {
        case 0:
          cur = conv(s, rnd, cur, type, in, k);
          break;
        case 1:
          cur = depthwise(s, rnd, cur, type, in, k);
          break;
        case 2:
        case 3:
          cur = pool(s, rnd, cur, type, in, k);
          break;
        default:
          cur = reshape(s, rnd, cur, type, in, k);
      }
    }
    if (rnd.nextInt(3) == 0) {
      int[] in = s.tensors.get(cur).shape;
      int n = 1;
      for (int d : in) {
        n *= d;
      }
      QuantParams q = QuantParams.perTensor(1f / 256, type == TensorType.UINT8 ? 0 : -128);
      int flat = s.add(new T("flat", type, new int[] {1, n}, s.tensors.get(cur).quant, null));
      s.ops.add(new Op(BuiltinOperator.RESHAPE, new int[] {cur}, new int[] {flat},
          new Reshape.Options(new int[] {1, n})));
      int prob = s.add(new T("prob", type, new int[] {1, n}, q, null));
      s.ops.add(new Op(BuiltinOperator.SOFTMAX, new int[] {flat}, new int[] {prob},
          new Softmax.Options(rnd.nextBoolean() ? 1f : 0.5f + rnd.nextFloat())));
      cur = prob;
    }
    s.outputs = new int[] {cur};
    return s;
  }

  private static QuantParams act(Random rnd, TensorType type) {
    float scale = 0.005f + rnd.nextFloat() * 0.1f;
    int zp = type == TensorType.UINT8 ? rnd.nextInt(256) : rnd.nextInt(256) - 128;
    return QuantParams.perTensor(scale, zp);
  }

  private static Activation activation(Random rnd) {
    Activation[] a = {Activation.NONE, Activation.RELU, Activation.RELU6,
        Activation.RELU_N1_TO_1};
    return a[rnd.nextInt(a.length)];
  }

  private static int conv(Spec s, Random rnd, int in, TensorType type, int[] shape, int k) {
    int outC = 1 + rnd.nextInt(6);
    int kh = 1 + rnd.nextInt(3);
    int kw = 1 + rnd.nextInt(3);
    int stride = 1 + rnd.nextInt(2);
    int dilation = rnd.nextInt(5) == 0 ? 2 : 1;
    Padding pad = rnd.nextBoolean() ? Padding.SAME : Padding.VALID;
    ConvGeometry g = ConvGeometry.of(pad, shape[1], shape[2], kh, kw, stride, stride, dilation,
        dilation);
    if (g.outH() <= 0 || g.outW() <= 0) {
      pad = Padding.SAME;
      g = ConvGeometry.of(pad, shape[1], shape[2], kh, kw, stride, stride, dilation, dilation);
    }
    int w = s.add(new T("conv" + k + "/w", type, new int[] {outC, kh, kw, shape[3]},
        weightQuant(rnd, type, outC, 0), bytes(rnd, outC * kh * kw * shape[3])));
    int b = s.add(new T("conv" + k + "/b", TensorType.INT32, new int[] {outC},
        QuantParams.NONE, int32s(rnd, outC)));
    int out = s.add(new T("conv" + k, type, new int[] {1, g.outH(), g.outW(), outC},
        act(rnd, type), null));
    s.ops.add(new Op(BuiltinOperator.CONV_2D, new int[] {in, w, b}, new int[] {out},
        new Conv2d.Options(pad, stride, stride, dilation, dilation, activation(rnd))));
    return out;
  }

  private static int depthwise(Spec s, Random rnd, int in, TensorType type, int[] shape, int k) {
    int mult = 1 + rnd.nextInt(2);
    int outC = shape[3] * mult;
    int kh = 1 + rnd.nextInt(3);
    int kw = 1 + rnd.nextInt(3);
    int stride = 1 + rnd.nextInt(2);
    ConvGeometry g = ConvGeometry.of(Padding.SAME, shape[1], shape[2], kh, kw, stride, stride,
        1, 1);
    int w = s.add(new T("dw" + k + "/w", type, new int[] {1, kh, kw, outC},
        weightQuant(rnd, type, outC, 3), bytes(rnd, kh * kw * outC)));
    int b = s.add(new T("dw" + k + "/b", TensorType.INT32, new int[] {outC},
        QuantParams.NONE, int32s(rnd, outC)));
    int out = s.add(new T("dw" + k, type, new int[] {1, g.outH(), g.outW(), outC},
        act(rnd, type), null));
    s.ops.add(new Op(BuiltinOperator.DEPTHWISE_CONV_2D, new int[] {in, w, b}, new int[] {out},
        new DepthwiseConv2d.Options(Padding.SAME, stride, stride, mult, 1, 1,
            activation(rnd))));
    return out;
  }

  private static int pool(Spec s, Random rnd, int in, TensorType type, int[] shape, int k) {
    int f = 1 + rnd.nextInt(3);
    int stride = 1 + rnd.nextInt(2);
    ConvGeometry g = ConvGeometry.of(Padding.SAME, shape[1], shape[2], f, f, stride, stride,
        1, 1);
    int out = s.add(new T("pool" + k, type, new int[] {1, g.outH(), g.outW(), shape[3]},
        s.tensors.get(in).quant, null));
    s.ops.add(new Op(rnd.nextBoolean() ? BuiltinOperator.AVERAGE_POOL_2D
            : BuiltinOperator.MAX_POOL_2D, new int[] {in}, new int[] {out},
        new Pool2d.Options(Padding.SAME, stride, stride, f, f, Activation.NONE)));
    return out;
  }

  private static int reshape(Spec s, Random rnd, int in, TensorType type, int[] shape, int k) {
    // A round trip through another 4-D shape with the same element count.
    int[] to = {1, shape[2], shape[1], shape[3]};
    int out = s.add(new T("reshape" + k, type, to, s.tensors.get(in).quant, null));
    s.ops.add(new Op(BuiltinOperator.RESHAPE, new int[] {in}, new int[] {out},
        new Reshape.Options(to)));
    return out;
  }

  private static QuantParams weightQuant(Random rnd, TensorType type, int channels, int dim) {
    if (type == TensorType.UINT8) {
      return QuantParams.perTensor(0.001f + rnd.nextFloat() * 0.02f, rnd.nextInt(256));
    }
    if (rnd.nextBoolean()) {
      return QuantParams.perTensor(0.001f + rnd.nextFloat() * 0.02f, 0);
    }
    float[] scales = new float[channels];
    for (int i = 0; i < channels; i++) {
      scales[i] = 0.001f + rnd.nextFloat() * 0.02f;
    }
    return new QuantParams(scales, new long[channels], dim);
  }

  static byte[] bytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  static byte[] int32s(Random rnd, int n) {
    ByteBuffer bb = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      bb.putInt(rnd.nextInt(4001) - 2000);
    }
    return bb.array();
  }

  // ---------------------------------------------------------------------------------------
  // Defects

  private static final float[] BAD_SCALES = {
    0f, -0f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
    Float.MAX_VALUE, 1e-30f, 1e30f
  };

  private static final long[] BAD_ZERO_POINTS = {
    -1, 256, 128, -129, 1000, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 32, (1L << 32) + 5
  };

  private static final int[][] HUGE_SHAPES = {
    {1, 1 << 20, 1 << 20, 1 << 10}, // 10^15 elements
    {1, 46341, 46341, 1}, // just over 2^31
    {1, 46340, 46340, 1}, // just under 2^31
    {1, 8192, 8192, 2}, // 2^27: over the default limit
    {1, 4096, 4096, 4}, // 2^26: at the default limit
    {Integer.MAX_VALUE, 1, 1, 1},
    {1, 65536, 65536, 65536},
    {1, -1, 4, 4},
    {1, 0, 4, 4},
    {1, 4, 4, Integer.MIN_VALUE},
    {},
    {1, 1, 1, 1, 1, 1, 1, 1},
    {3},
  };

  /** Applies one random defect; names it in {@code log}. */
  static void defect(Spec s, Random rnd, StringBuilder log) {
    int nT = s.tensors.size();
    T t = s.tensors.get(rnd.nextInt(nT));
    Op op = s.ops.isEmpty() ? null : s.ops.get(rnd.nextInt(s.ops.size()));
    switch (rnd.nextInt(20)) {
      case 0: // an operator reads its own output
        if (op != null) {
          op.inputs[0] = op.outputs[0];
          log.append(" selfRead");
        }
        break;
      case 1: { // an operator reads the output of a later one (cycle / use before produce)
        if (s.ops.size() >= 2) {
          int i = rnd.nextInt(s.ops.size() - 1);
          int j = i + 1 + rnd.nextInt(s.ops.size() - i - 1);
          s.ops.get(i).inputs[0] = s.ops.get(j).outputs[0];
          log.append(" cycle ").append(i).append("<-").append(j);
        } else if (op != null) {
          op.inputs[0] = op.outputs[0];
          log.append(" selfRead");
        }
        break;
      }
      case 2: // reversed execution order
        java.util.Collections.reverse(s.ops);
        log.append(" reversed");
        break;
      case 3: { // huge, negative, zero or odd shape
        int[] shape = HUGE_SHAPES[rnd.nextInt(HUGE_SHAPES.length)];
        t.shape = shape.clone();
        log.append(" shape ").append(t.name).append(Arrays.toString(shape));
        break;
      }
      case 4: { // data of the wrong size for the shape
        T c = constant(s, rnd);
        if (c != null) {
          int delta = rnd.nextBoolean() ? 1 : -1;
          c.data = Arrays.copyOf(c.data, Math.max(0, c.data.length + delta * (1
              + rnd.nextInt(8))));
          log.append(" dataSize ").append(c.name).append('=').append(c.data.length);
        }
        break;
      }
      case 5: { // another tensor's buffer
        T c = constant(s, rnd);
        if (c != null) {
          c.rawBuffer = (long) rnd.nextInt(nT + 3);
          log.append(" buffer ").append(c.name).append('=').append(c.rawBuffer);
        }
        break;
      }
      case 6: case 7: { // bad scale
        if (t.quant.isPresent()) {
          float[] sc = t.quant.scales();
          sc[rnd.nextInt(sc.length)] = BAD_SCALES[rnd.nextInt(BAD_SCALES.length)];
          t.quant = new QuantParams(sc, t.quant.zeroPoints(), t.quant.quantizedDimension());
          log.append(" scale ").append(t.name).append('=').append(Arrays.toString(sc));
        } else {
          t.quant = QuantParams.perTensor(BAD_SCALES[rnd.nextInt(BAD_SCALES.length)], 0);
          log.append(" scale ").append(t.name).append('=').append(t.quant);
        }
        break;
      }
      case 8: { // zero point out of range
        if (t.quant.isPresent()) {
          long[] zp = t.quant.zeroPoints();
          zp[rnd.nextInt(zp.length)] = BAD_ZERO_POINTS[rnd.nextInt(BAD_ZERO_POINTS.length)];
          t.quant = new QuantParams(t.quant.scales(), zp, t.quant.quantizedDimension());
          log.append(" zeroPoint ").append(t.name).append('=').append(Arrays.toString(zp));
        }
        break;
      }
      case 9: { // per-channel count that does not match
        int n = rnd.nextInt(5);
        float[] sc = new float[n];
        Arrays.fill(sc, 0.01f);
        long[] zp = new long[rnd.nextBoolean() ? n : Math.max(0, n - 1)];
        int dim = rnd.nextInt(6) - 1;
        t.quant = new QuantParams(sc, zp, dim);
        log.append(" perChannel ").append(t.name).append(" n=").append(n).append(" zps=")
            .append(zp.length).append(" dim=").append(dim);
        break;
      }
      case 10: { // a different element type
        TensorType[] types = {TensorType.FLOAT32, TensorType.INT32, TensorType.INT16,
            TensorType.UINT8, TensorType.INT8, TensorType.INT64, TensorType.BOOL};
        t.type = types[rnd.nextInt(types.length)];
        log.append(" type ").append(t.name).append('=').append(t.type);
        break;
      }
      case 11: { // broken options
        if (op != null) {
          op.options = badOptions(op, rnd);
          log.append(" options ").append(op.options);
        }
        break;
      }
      case 12: { // wrong arity or omitted inputs
        if (op != null) {
          int r = rnd.nextInt(4);
          if (r == 0) {
            op.inputs = Arrays.copyOf(op.inputs, Math.max(0, op.inputs.length - 1));
          } else if (r == 1) {
            op.inputs = Arrays.copyOf(op.inputs, op.inputs.length + 1);
            op.inputs[op.inputs.length - 1] = rnd.nextInt(nT);
          } else if (r == 2) {
            op.inputs[rnd.nextInt(op.inputs.length)] = -1;
          } else {
            op.outputs = rnd.nextBoolean() ? new int[0]
                : new int[] {op.outputs[0], rnd.nextInt(nT)};
          }
          log.append(" arity in=").append(Arrays.toString(op.inputs)).append(" out=")
              .append(Arrays.toString(op.outputs));
        }
        break;
      }
      case 13: { // tensor indices out of range
        int bad = rnd.nextBoolean() ? nT + rnd.nextInt(3) : -2 - rnd.nextInt(3);
        if (op != null && rnd.nextBoolean()) {
          op.inputs[0] = bad;
        } else {
          s.outputs = new int[] {bad};
        }
        log.append(" index=").append(bad);
        break;
      }
      case 14: { // graph inputs and outputs
        int r = rnd.nextInt(5);
        if (r == 0) {
          s.inputs = new int[0];
        } else if (r == 1) {
          s.outputs = new int[0];
        } else if (r == 2) {
          s.outputs = new int[] {rnd.nextInt(nT)};
        } else if (r == 3) {
          s.inputs = new int[] {rnd.nextInt(nT)};
        } else {
          s.outputs = s.inputs.clone();
          s.ops.clear();
        }
        log.append(" io in=").append(Arrays.toString(s.inputs)).append(" out=")
            .append(Arrays.toString(s.outputs));
        break;
      }
      case 15: { // unsupported or unknown operator
        if (op != null) {
          op.code = rnd.nextBoolean() ? BuiltinOperator.ADD : rnd.nextInt(220);
          log.append(" opcode=").append(op.code);
        }
        break;
      }
      case 16: { // a constant where a computed tensor belongs, or the reverse
        if (rnd.nextBoolean()) {
          t.data = t.data == null ? bytes(rnd, 16) : null;
        } else {
          T c = constant(s, rnd);
          if (c != null) {
            c.data = null;
          }
        }
        log.append(" constness ").append(t.name);
        break;
      }
      case 17: { // an output shape that does not follow from the inputs
        if (op != null) {
          T out = s.tensors.get(op.outputs[0]);
          int[] sh = out.shape.clone();
          if (sh.length > 0) {
            sh[rnd.nextInt(sh.length)] += rnd.nextBoolean() ? 1 : 7;
          }
          out.shape = sh;
          log.append(" outShape ").append(Arrays.toString(sh));
        }
        break;
      }
      case 18: { // two operators write the same tensor
        if (s.ops.size() >= 2) {
          s.ops.get(1).outputs = s.ops.get(0).outputs.clone();
          log.append(" doubleWrite");
        }
        break;
      }
      default: { // huge multiplier: tiny output scale with a large input scale
        T out = s.tensors.get(s.outputs[0] >= 0 && s.outputs[0] < nT ? s.outputs[0] : 0);
        if (out.quant.isPresent()) {
          out.quant = QuantParams.perTensor(rnd.nextBoolean() ? 1e-30f : Float.MIN_VALUE,
              out.quant.zeroPoint());
        }
        T in = s.tensors.get(0);
        in.quant = QuantParams.perTensor(rnd.nextBoolean() ? 1e30f : Float.MAX_VALUE,
            in.quant.zeroPoint());
        log.append(" hugeMultiplier");
      }
    }
  }

  private static T constant(Spec s, Random rnd) {
    List<T> c = s.tensors.stream().filter(x -> x.data != null).toList();
    return c.isEmpty() ? null : c.get(rnd.nextInt(c.size()));
  }

  private static OperatorOptions badOptions(Op op, Random rnd) {
    int[] bad = {0, -1, -7, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 16, 3};
    int v = bad[rnd.nextInt(bad.length)];
    Activation a = rnd.nextInt(3) == 0 ? Activation.TANH : Activation.RELU;
    switch (op.code) {
      case BuiltinOperator.CONV_2D: {
        Conv2d.Options o = (Conv2d.Options) op.options;
        return rnd.nextBoolean()
            ? new Conv2d.Options(o.padding(), v, o.strideH(), o.dilationW(), v, a)
            : new Conv2d.Options(o.padding(), o.strideW(), o.strideH(), v, v,
                o.activation());
      }
      case BuiltinOperator.DEPTHWISE_CONV_2D: {
        DepthwiseConv2d.Options o = (DepthwiseConv2d.Options) op.options;
        return new DepthwiseConv2d.Options(o.padding(), rnd.nextBoolean() ? v : 1,
            o.strideH(), rnd.nextBoolean() ? v : o.depthMultiplier(), o.dilationW(),
            rnd.nextBoolean() ? v : 1, a);
      }
      case BuiltinOperator.AVERAGE_POOL_2D:
      case BuiltinOperator.MAX_POOL_2D: {
        Pool2d.Options o = (Pool2d.Options) op.options;
        return new Pool2d.Options(o.padding(), o.strideW(), rnd.nextBoolean() ? v : 1,
            rnd.nextBoolean() ? v : o.filterW(), v, a);
      }
      case BuiltinOperator.SOFTMAX: {
        float[] betas = {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.MAX_VALUE,
            Float.MIN_VALUE, 1e30f};
        return new Softmax.Options(betas[rnd.nextInt(betas.length)]);
      }
      default:
        return new OperatorOptions.None();
    }
  }
}

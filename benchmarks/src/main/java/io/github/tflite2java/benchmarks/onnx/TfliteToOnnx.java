package io.github.tflite2java.benchmarks.onnx;

import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.Add;
import io.github.tflite2java.compiler.ops.Conv2d;
import io.github.tflite2java.compiler.ops.DepthwiseConv2d;
import io.github.tflite2java.compiler.ops.Mean;
import io.github.tflite2java.compiler.ops.Pool2d;
import io.github.tflite2java.compiler.ops.Softmax;
import io.github.tflite2java.compiler.reader.TfliteReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * Converts a quantized TFLite image classifier (MobileNet v1 and v2, uint8 per-tensor or int8
 * per-channel) into an ONNX graph of quantized operators with the same weights, scales and zero
 * points, for timing ONNX Runtime against the generated code.
 *
 * <p>Operators: CONV_2D and DEPTHWISE_CONV_2D to {@code QLinearConv} (per-channel weight scales
 * as a 1-D {@code w_scale}; fused activations as a {@code Clip} in the quantized domain, with
 * TFLite's bounds), ADD to {@code com.microsoft.QLinearAdd}, AVERAGE_POOL_2D to {@code
 * com.microsoft.QLinearAveragePool} (padding not counted, as TFLite), MEAN over height and width
 * to {@code com.microsoft.QLinearGlobalAveragePool}, QUANTIZE (a change of zero point or type)
 * to {@code DequantizeLinear} + {@code QuantizeLinear}, RESHAPE of a tensor whose height and
 * width are 1 to {@code Reshape}, SOFTMAX (beta 1) to {@code com.microsoft.QLinearSoftmax}.
 * Four-dimensional activations are NCHW inside the graph: the NHWC input is transposed once.
 * Int8 activations and weights become uint8 with the zero point moved by 128 unless asked
 * otherwise ({@link Int8Activations}).
 * Anything else is refused with an {@link IllegalArgumentException} naming the operator.
 *
 * <p>ONNX Runtime's kernels requantize their own way (in float), so its output is close to
 * TFLite's, not equal; the benchmark records the difference.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.tflite2java.benchmarks.onnx.TfliteToOnnx IN.tflite OUT.onnx
 * </pre>
 */
public final class TfliteToOnnx {

  /**
   * How int8 activations (and weights) appear in the ONNX graph. Moving a tensor from int8 to
   * uint8 adds 128 to every value and to its zero point: the same real values on the same grid.
   * Graph inputs and outputs keep their type. On tf2_mobilenet_v2_1.0_224_ptq, ONNX Runtime
   * 1.23.2 on this project's x86 machine (one thread, 9 alternating rounds of 10 inferences,
   * medians, two runs on a loaded machine; {@code OnnxFormsPaired}): INT8 4.0-4.1x the time of
   * UINT8_WEIGHTS_TOO, and UINT8 0.87-0.91x its time but 15 of 1001 output bytes off by up to 32
   * (uint8 x int8 kernels that add products in pairs into 16 bits can saturate).
   */
  public enum Int8Activations {
    /** TFLite's own types: int8 x int8 kernels (3 of 1001 bytes off by 1; slow). */
    INT8,
    /** Activations as uint8, weights int8 (ONNX Runtime's default quantized form; may saturate). */
    UINT8,
    /** Activations and weights as uint8 (2 of 1001 bytes off, by up to 2): the default. */
    UINT8_WEIGHTS_TOO
  }

  private final ModelGraph graph;
  private final Int8Activations int8;
  private final OnnxModel onnx = new OnnxModel();

  private TfliteToOnnx(ModelGraph graph, Int8Activations int8) {
    this.graph = graph;
    this.int8 = int8;
  }

  /**
   * The ONNX model bytes (a serialized ModelProto) for the .tflite model {@code tflite}, int8
   * tensors as uint8 ({@link Int8Activations#UINT8_WEIGHTS_TOO}).
   */
  public static byte[] convert(String name, byte[] tflite) {
    return convert(name, tflite, Int8Activations.UINT8_WEIGHTS_TOO);
  }

  /** The ONNX model bytes for the .tflite model {@code tflite}, int8 activations as asked. */
  public static byte[] convert(String name, byte[] tflite, Int8Activations int8) {
    ModelGraph g;
    try {
      g = TfliteReader.read(name, tflite);
    } catch (ModelCompileException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
    return new TfliteToOnnx(g, int8).build(name);
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: TfliteToOnnx IN.tflite OUT.onnx [INT8|UINT8|UINT8_WEIGHTS_TOO]"
          + "  (how int8 tensors appear; default UINT8_WEIGHTS_TOO)");
      System.exit(2);
    }
    Path in = Paths.get(args[0]);
    byte[] model = convert(in.getFileName().toString(), Files.readAllBytes(in),
        args.length == 3 ? Int8Activations.valueOf(args[2]) : Int8Activations.UINT8_WEIGHTS_TOO);
    Files.write(Paths.get(args[1]), model);
    System.out.println("wrote " + args[1] + " (" + model.length + " bytes)");
  }

  private byte[] build(String name) {
    if (graph.inputs().length != 1 || graph.outputs().length != 1) {
      throw new IllegalArgumentException("one input and one output expected");
    }
    Tensor in = graph.input(0);
    Tensor out = graph.output(0);
    if (in.rank() != 4) {
      throw new IllegalArgumentException("input " + in.shapeString() + " is not NHWC");
    }
    if (out.rank() == 4) {
      throw new IllegalArgumentException("4-D outputs are not supported");
    }
    onnx.input("input", elemType(in.type()), longs(in.shape()));
    onnx.node("Transpose", null, new String[] {"input"}, new String[] {name(in.index())},
        OnnxModel.Attr.ints("perm", 0, 3, 1, 2));
    for (Operator op : graph.operators()) {
      switch (op.kind()) {
        case "CONV_2D":
        case "DEPTHWISE_CONV_2D":
          conv(op);
          break;
        case "ADD":
          add(op);
          break;
        case "AVERAGE_POOL_2D":
          averagePool(op);
          break;
        case "MEAN":
          mean(op);
          break;
        case "QUANTIZE":
          quantize(op);
          break;
        case "RESHAPE":
          reshape(op);
          break;
        case "SOFTMAX":
          softmax(op);
          break;
        default:
          throw new IllegalArgumentException(op.describe() + " is not supported by TfliteToOnnx");
      }
    }
    onnx.node("Identity", null, new String[] {name(out.index())}, new String[] {"output"});
    onnx.output("output", elemType(out.type()), longs(out.shape()));
    return onnx.toByteArray(graph.sourceName(), "tflite2java TfliteToOnnx");
  }

  private void conv(Operator op) {
    boolean depthwise = op.kind().equals("DEPTHWISE_CONV_2D");
    Tensor x = tensor(op, 0);
    Tensor w = tensor(op, 1);
    Tensor y = graph.tensor(op.output(0));
    Padding padding;
    int strideW;
    int strideH;
    int dilationW;
    int dilationH;
    Activation act;
    if (depthwise) {
      DepthwiseConv2d.Options o = (DepthwiseConv2d.Options) op.options();
      padding = o.padding();
      strideW = o.strideW();
      strideH = o.strideH();
      dilationW = o.dilationW();
      dilationH = o.dilationH();
      act = o.activation();
    } else {
      Conv2d.Options o = (Conv2d.Options) op.options();
      padding = o.padding();
      strideW = o.strideW();
      strideH = o.strideH();
      dilationW = o.dilationW();
      dilationH = o.dilationH();
      act = o.activation();
    }
    // TFLite filters: CONV_2D [O][kH][kW][I], DEPTHWISE [1][kH][kW][C*m]; ONNX [O][I/group][kH][kW].
    int[] ws = w.shape();
    int kH = ws[1];
    int kW = ws[2];
    int inC = x.dim(3);
    int outC = depthwise ? ws[3] : ws[0];
    int perGroup = depthwise ? 1 : ws[3];
    byte[] src = w.data();
    byte[] dst = new byte[src.length];
    for (int o = 0; o < outC; o++) {
      for (int i = 0; i < perGroup; i++) {
        for (int ky = 0; ky < kH; ky++) {
          for (int kx = 0; kx < kW; kx++) {
            int from = depthwise
                ? (ky * kW + kx) * outC + o
                : ((o * kH + ky) * kW + kx) * perGroup + i;
            dst[((o * perGroup + i) * kH + ky) * kW + kx] = src[from];
          }
        }
      }
    }
    String prefix = "l" + op.index();
    boolean shiftWeights =
        int8 == Int8Activations.UINT8_WEIGHTS_TOO && w.type() == TensorType.INT8;
    TensorType wType = shiftWeights ? TensorType.UINT8 : w.type();
    int wShift = shiftWeights ? 128 : 0;
    if (shiftWeights) {
      for (int i = 0; i < dst.length; i++) {
        dst[i] = (byte) (dst[i] + 128);
      }
    }
    String wName = onnx.initializer(prefix + "_w", elemType(wType),
        new long[] {outC, perGroup, kH, kW}, dst);
    QuantParams wq = w.quant();
    String wScale;
    String wZero;
    if (wq.isPerTensor()) {
      wScale = scalarScale(prefix + "_ws", wq.scale());
      wZero = scalarZero(prefix + "_wz", wType, wq.zeroPoint() + wShift);
    } else {
      if (wq.count() != outC) {
        throw new IllegalArgumentException(op.describe() + ": " + wq.count()
            + " weight scales for " + outC + " output channels");
      }
      ByteBuffer s = le(4 * outC);
      byte[] z = new byte[outC];
      for (int c = 0; c < outC; c++) {
        s.putFloat(wq.scale(c));
        z[c] = (byte) (wq.zeroPoint(c) + wShift);
      }
      wScale = onnx.initializer(prefix + "_ws", OnnxModel.FLOAT, new long[] {outC}, s.array());
      wZero = onnx.initializer(prefix + "_wz", elemType(wType), new long[] {outC}, z);
    }
    String[] xq = activationParams(x, prefix + "_x");
    String[] yq = activationParams(y, prefix + "_y");
    String[] inputs;
    int bias = op.input(2);
    if (bias >= 0) {
      Tensor b = graph.tensor(bias);
      if (b.type() != TensorType.INT32) {
        throw new IllegalArgumentException(op.describe() + ": bias is " + b.type());
      }
      String bName = onnx.initializer(prefix + "_b", OnnxModel.INT32, new long[] {outC}, b.data());
      inputs = new String[] {name(x.index()), xq[0], xq[1], wName, wScale, wZero, yq[0], yq[1], bName};
    } else {
      inputs = new String[] {name(x.index()), xq[0], xq[1], wName, wScale, wZero, yq[0], yq[1]};
    }
    int[] padH = samePads(padding, x.dim(1), kH, strideH, dilationH, y.dim(1));
    int[] padW = samePads(padding, x.dim(2), kW, strideW, dilationW, y.dim(2));
    String conv = withActivation(y, act);
    onnx.node("QLinearConv", null, inputs, new String[] {conv},
        OnnxModel.Attr.ints("kernel_shape", kH, kW),
        OnnxModel.Attr.ints("strides", strideH, strideW),
        OnnxModel.Attr.ints("dilations", dilationH, dilationW),
        OnnxModel.Attr.ints("pads", padH[0], padW[0], padH[1], padW[1]),
        OnnxModel.Attr.i("group", depthwise ? inC : 1));
    clip(conv, y, act);
  }

  private void add(Operator op) {
    Tensor a = tensor(op, 0);
    Tensor b = tensor(op, 1);
    Tensor y = graph.tensor(op.output(0));
    if (!Arrays.equals(a.shape(), b.shape()) || a.isConstant() || b.isConstant()) {
      throw new IllegalArgumentException(op.describe() + ": only ADD of two same-shape activations");
    }
    Activation act = ((Add.Options) op.options()).activation();
    String p = "l" + op.index();
    String[] aq = activationParams(a, p + "_a");
    String[] bq = activationParams(b, p + "_b");
    String[] yq = activationParams(y, p + "_y");
    String sum = withActivation(y, act);
    onnx.node("QLinearAdd", OnnxModel.MS,
        new String[] {name(a.index()), aq[0], aq[1], name(b.index()), bq[0], bq[1], yq[0], yq[1]},
        new String[] {sum});
    clip(sum, y, act);
  }

  private void averagePool(Operator op) {
    Tensor x = tensor(op, 0);
    Tensor y = graph.tensor(op.output(0));
    Pool2d.Options o = (Pool2d.Options) op.options();
    String p = "l" + op.index();
    String[] xq = activationParams(x, p + "_x");
    String[] yq = activationParams(y, p + "_y");
    int[] padH = samePads(o.padding(), x.dim(1), o.filterH(), o.strideH(), 1, y.dim(1));
    int[] padW = samePads(o.padding(), x.dim(2), o.filterW(), o.strideW(), 1, y.dim(2));
    String pooled = withActivation(y, o.activation());
    onnx.node("QLinearAveragePool", OnnxModel.MS,
        new String[] {name(x.index()), xq[0], xq[1], yq[0], yq[1]}, new String[] {pooled},
        OnnxModel.Attr.ints("kernel_shape", o.filterH(), o.filterW()),
        OnnxModel.Attr.ints("strides", o.strideH(), o.strideW()),
        OnnxModel.Attr.ints("pads", padH[0], padW[0], padH[1], padW[1]),
        OnnxModel.Attr.i("count_include_pad", 0));
    clip(pooled, y, o.activation());
  }

  private void mean(Operator op) {
    Tensor x = tensor(op, 0);
    Tensor axes = tensor(op, 1);
    Tensor y = graph.tensor(op.output(0));
    int[] ax = ints(axes.data());
    Arrays.sort(ax);
    if (x.rank() != 4 || !Arrays.equals(ax, new int[] {1, 2})) {
      throw new IllegalArgumentException(op.describe() + ": only MEAN over height and width");
    }
    String p = "l" + op.index();
    String[] xq = activationParams(x, p + "_x");
    String[] yq = activationParams(y, p + "_y");
    boolean keepDims = ((Mean.Options) op.options()).keepDims();
    String pooled = keepDims ? name(y.index()) : p + "_pooled";
    onnx.node("QLinearGlobalAveragePool", OnnxModel.MS,
        new String[] {name(x.index()), xq[0], xq[1], yq[0], yq[1]}, new String[] {pooled},
        OnnxModel.Attr.i("channels_last", 0));
    if (!keepDims) {
      String shape = onnx.initializer(p + "_shape", OnnxModel.INT64, new long[] {y.rank()},
          int64s(y.shape()));
      onnx.node("Reshape", null, new String[] {pooled, shape}, new String[] {name(y.index())});
    }
  }

  private void quantize(Operator op) {
    Tensor x = tensor(op, 0);
    Tensor y = graph.tensor(op.output(0));
    if (!x.quant().isPresent()) {
      throw new IllegalArgumentException(op.describe() + ": QUANTIZE of float input");
    }
    String p = "l" + op.index();
    String[] xq = activationParams(x, p + "_x");
    String[] yq = activationParams(y, p + "_y");
    onnx.node("DequantizeLinear", null, new String[] {name(x.index()), xq[0], xq[1]},
        new String[] {p + "_real"});
    onnx.node("QuantizeLinear", null, new String[] {p + "_real", yq[0], yq[1]},
        new String[] {name(y.index())});
  }

  private void reshape(Operator op) {
    Tensor x = tensor(op, 0);
    Tensor y = graph.tensor(op.output(0));
    boolean spatialOne = x.rank() != 4 || (x.dim(1) == 1 && x.dim(2) == 1);
    if (!spatialOne || y.rank() == 4) {
      throw new IllegalArgumentException(op.describe() + ": only RESHAPE of " + x.shapeString()
          + " to " + y.shapeString() + " when height and width are 1 and the result is not 4-D");
    }
    String shape = onnx.initializer("l" + op.index() + "_shape", OnnxModel.INT64,
        new long[] {y.rank()}, int64s(y.shape()));
    onnx.node("Reshape", null, new String[] {name(x.index()), shape}, new String[] {name(y.index())});
  }

  private void softmax(Operator op) {
    Tensor x = tensor(op, 0);
    Tensor y = graph.tensor(op.output(0));
    float beta = ((Softmax.Options) op.options()).beta();
    if (beta != 1f || x.rank() == 4) {
      throw new IllegalArgumentException(op.describe() + ": only SOFTMAX with beta 1 on 2-D input");
    }
    String p = "l" + op.index();
    String[] xq = activationParams(x, p + "_x");
    String[] yq = activationParams(y, p + "_y");
    onnx.node("QLinearSoftmax", OnnxModel.MS,
        new String[] {name(x.index()), xq[0], xq[1], yq[0], yq[1]}, new String[] {name(y.index())},
        OnnxModel.Attr.i("axis", -1), OnnxModel.Attr.i("opset", 13));
  }

  /** The node output name: the tensor itself, or an intermediate when a Clip follows. */
  private String withActivation(Tensor y, Activation act) {
    return clipBounds(y, act) == null ? name(y.index()) : name(y.index()) + "_unclipped";
  }

  private void clip(String from, Tensor y, Activation act) {
    int[] bounds = clipBounds(y, act);
    if (bounds == null) {
      return;
    }
    String p = name(y.index()) + "_clip";
    String lo = scalarZero(p + "_lo", type(y), bounds[0]);
    String hi = scalarZero(p + "_hi", type(y), bounds[1]);
    onnx.node("Clip", null, new String[] {from, lo, hi}, new String[] {name(y.index())});
  }

  /**
   * TFLite's CalculateActivationRangeQuantized for {@code y}'s type and quantization, or null when
   * the range is the whole type (no Clip needed).
   */
  private int[] clipBounds(Tensor y, Activation act) {
    int qmin = type(y) == TensorType.UINT8 ? 0 : -128;
    int qmax = qmin + 255;
    float scale = y.quant().scale();
    int zero = zeroPoint(y);
    int lo = qmin;
    int hi = qmax;
    switch (act) {
      case NONE:
        break;
      case RELU:
        lo = Math.max(qmin, zero + round(0f / scale));
        break;
      case RELU6:
        lo = Math.max(qmin, zero + round(0f / scale));
        hi = Math.min(qmax, zero + round(6f / scale));
        break;
      case RELU_N1_TO_1:
        lo = Math.max(qmin, zero + round(-1f / scale));
        hi = Math.min(qmax, zero + round(1f / scale));
        break;
      default:
        throw new IllegalArgumentException("fused activation " + act + " is not supported");
    }
    return lo == qmin && hi == qmax ? null : new int[] {lo, hi};
  }

  /** Round half away from zero, as TfLiteRound. */
  private static int round(float f) {
    return (int) (Math.signum(f) * Math.floor(Math.abs(f) + 0.5f));
  }

  /**
   * TFLite's padding: SAME puts half of the total (the smaller half) before; VALID none. Returns
   * {before, after}.
   */
  private static int[] samePads(Padding padding, int in, int k, int stride, int dilation, int out) {
    if (padding == Padding.VALID) {
      return new int[] {0, 0};
    }
    int effective = (k - 1) * dilation + 1;
    int total = Math.max((out - 1) * stride + effective - in, 0);
    return new int[] {total / 2, total - total / 2};
  }

  /** Names of the scalar scale and zero point initializers of a per-tensor quantized tensor. */
  private String[] activationParams(Tensor t, String prefix) {
    QuantParams q = t.quant();
    if (!q.isPerTensor()) {
      throw new IllegalArgumentException("tensor " + t.index() + " (" + t.name()
          + ") is not quantized per tensor");
    }
    return new String[] {scalarScale(prefix + "_s", q.scale()),
        scalarZero(prefix + "_z", type(t), zeroPoint(t))};
  }

  private String scalarScale(String name, float scale) {
    return onnx.initializer(name, OnnxModel.FLOAT, new long[0], le(4).putFloat(scale).array());
  }

  private String scalarZero(String name, TensorType type, int value) {
    return onnx.initializer(name, elemType(type), new long[0], new byte[] {(byte) value});
  }

  private Tensor tensor(Operator op, int i) {
    return graph.tensor(op.input(i));
  }

  private static String name(int tensor) {
    return "t" + tensor;
  }

  /** {@code t}'s type in the ONNX graph: int8 activations may become uint8 ({@link #int8}). */
  private TensorType type(Tensor t) {
    return shifted(t) ? TensorType.UINT8 : t.type();
  }

  /** {@code t}'s (per-tensor) zero point in the ONNX graph. */
  private int zeroPoint(Tensor t) {
    return t.quant().zeroPoint() + (shifted(t) ? 128 : 0);
  }

  private boolean shifted(Tensor t) {
    return int8 != Int8Activations.INT8
        && t.type() == TensorType.INT8
        && !t.isConstant()
        && t.index() != graph.inputs()[0]
        && t.index() != graph.outputs()[0];
  }

  private static int elemType(TensorType type) {
    switch (type) {
      case UINT8:
        return OnnxModel.UINT8;
      case INT8:
        return OnnxModel.INT8;
      default:
        throw new IllegalArgumentException("tensor type " + type + " is not supported");
    }
  }

  private static ByteBuffer le(int bytes) {
    return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static long[] longs(int[] v) {
    return Arrays.stream(v).asLongStream().toArray();
  }

  private static byte[] int64s(int[] v) {
    ByteBuffer b = le(8 * v.length);
    for (int x : v) {
      b.putLong(x);
    }
    return b.array();
  }

  private static int[] ints(byte[] le) {
    ByteBuffer b = ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN);
    int[] v = new int[le.length / 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = b.getInt();
    }
    return v;
  }
}

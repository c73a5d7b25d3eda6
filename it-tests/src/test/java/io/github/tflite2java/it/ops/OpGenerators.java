package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ops.Add;
import io.github.tflite2java.compiler.ops.Concatenation;
import io.github.tflite2java.compiler.ops.Conv2d;
import io.github.tflite2java.compiler.ops.DepthwiseConv2d;
import io.github.tflite2java.compiler.ops.FullyConnected;
import io.github.tflite2java.compiler.ops.Mean;
import io.github.tflite2java.compiler.ops.Mul;
import io.github.tflite2java.compiler.ops.Pool2d;
import io.github.tflite2java.compiler.ops.Reshape;
import io.github.tflite2java.compiler.ops.ResizeBilinear;
import io.github.tflite2java.compiler.ops.Softmax;
import io.github.tflite2java.compiler.ops.Squeeze;
import io.github.tflite2java.compiler.ops.UnidirectionalSequenceLstm;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The table of operator generators ({@link #TABLE}) and the generators themselves, one small
 * class per operator. A generator is used only once tflite2java's {@code OperatorRegistry}
 * supports its operator.
 */
final class OpGenerators {

  private OpGenerators() {}

  /** One row of the table: a generator and how many cases it gets per unit of budget. */
  record Entry(OpGen gen, int weight) {
    String name() {
      return gen.row();
    }
  }

  /**
   * Every generator, in a fixed order: case index {@code i} belongs to row {@code i % (size +
   * 1)}, the extra row being the chains. A case id ({@code seed:index}) therefore names the same
   * model only as long as this table and the generators stay the same. The weight is the
   * number of cases per unit of budget.
   */
  static final List<Entry> TABLE = List.of(
      new Entry(new Conv2dGen(), 6),
      new Entry(new DepthwiseConv2dGen(), 6),
      new Entry(new PoolGen(true), 3),
      new Entry(new PoolGen(false), 2),
      new Entry(new ReshapeGen(), 1),
      new Entry(new SqueezeGen(), 1),
      new Entry(new SoftmaxGen(), 3),
      new Entry(new FullyConnectedGen(), 4),
      new Entry(new AddGen(), 3),
      new Entry(new MulGen(), 3),
      new Entry(new MeanGen(), 3),
      new Entry(new PadGen(), 2),
      new Entry(new ConcatenationGen(), 2),
      new Entry(new LogisticGen(), 2),
      new Entry(new ReluGen("RELU"), 2),
      new Entry(new ReluGen("RELU6"), 2),
      new Entry(new HardSwishGen(), 2),
      new Entry(new QuantizeGen(), 2),
      new Entry(new DequantizeGen(), 1),
      new Entry(new TransposeGen(), 2),
      new Entry(new LstmGen(), 3),
      new Entry(new ResizeBilinearGen(), 3),
      new Entry(new ArgMaxGen(), 2),
      new Entry(new Int16Gen(new Conv2dGen()), 3),
      new Entry(new Int16Gen(new DepthwiseConv2dGen()), 3),
      new Entry(new Int16Gen(new FullyConnectedGen()), 3),
      new Entry(new Int16Gen(new PoolGen(true)), 1),
      new Entry(new Int16Gen(new PoolGen(false)), 1),
      new Entry(new Int16Gen(new ReshapeGen()), 1),
      new Entry(new Int16Gen(new SqueezeGen()), 1),
      new Entry(new Int16Gen(new PadGen()), 1),
      new Entry(new Int16Gen(new TransposeGen()), 1),
      new Entry(new Int16Gen(new ConcatenationGen()), 1),
      new Entry(new DataMovementGens.GatherGen(), 2),
      new Entry(new FloatOpGenerators.SubGen(), 2),
      new Entry(new FloatOpGenerators.ArithmeticGen("ADD"), 2),
      new Entry(new FloatOpGenerators.ArithmeticGen("SUB"), 2),
      new Entry(new FloatOpGenerators.ArithmeticGen("MUL"), 2),
      new Entry(new FloatOpGenerators.ArithmeticGen("DIV"), 2),
      new Entry(new FloatOpGenerators.ArithmeticGen("FLOOR_DIV"), 2),
      new Entry(new FloatOpGenerators.UnaryFloat32Gen("SQRT", "SQRT"), 1),
      new Entry(new FloatOpGenerators.CastGen(), 2),
      new Entry(new DataMovementGens.GatherNdGen(), 3),
      new Entry(new DataMovementGens.PackGen(), 2),
      new Entry(new DataMovementGens.UnpackGen(), 2),
      new Entry(new Int16Gen(new ReluGen("RELU")), 1),
      new Entry(new Int16Gen(new ReluGen("RELU6")), 1),
      new Entry(new Int16Gen(new SoftmaxGen()), 2),
      new Entry(new Int16Gen(new MeanGen()), 2),
      new Entry(new PointwiseConv2dGen(), 3),
      new Entry(new Int16Gen(new AddGen()), 2),
      new Entry(new Int16Gen(new FloatOpGenerators.SubGen()), 2),
      new Entry(new Int16Gen(new MulGen()), 2),
      new Entry(new Int16Gens.QuantizeGen(), 2),
      new Entry(new Int16Gens.DequantizeGen(), 1),
      new Entry(new Int16Gens.LogisticTanhGen("LOGISTIC"), 2),
      new Entry(new Int16Gens.LogisticTanhGen("TANH"), 2),
      new Entry(new DetectionGens.DetectionGen(false), 2),
      new Entry(new DetectionGens.DetectionGen(true), 3),
      new Entry(new FloatOpGenerators.UnaryFloat32Gen("LOGISTIC", "LOGISTIC/FLOAT32"), 2),
      new Entry(new WidePointwiseConv2dGen(), 2),
      new Entry(new FewPixelConv2dGen(), 3),
      new Entry(new PerChannelConv2dGen(), 3),
      new Entry(new WideDepthwiseConv2dGen(), 2),
      new Entry(new ResidualAddGen(), 3));

  /** The pseudo-operator name of the multi-operator chains. */
  static final String CHAINS = "chains";

  /** Weight of the chain cases (2 to 4 operators drawn from the enabled generators). */
  static final int CHAIN_WEIGHT = 6;

  // ---------------------------------------------------------------------------------------------

  /** A 4-D NHWC input: batch mostly 1, H and W in 1..maxHw, C in 1..maxC. */
  static Act nhwcInput(Net n, TensorType type, int maxHw, int maxC) {
    Rnd r = n.rnd;
    int[] shape = {r.chance(0.85) ? 1 : 2, r.dim(maxHw), r.dim(maxHw), r.dim(maxC)};
    return n.input(type, shape, r.activationScale(), r.zeroPoint(type));
  }

  /** An input of rank 1 to 4 with at most a few hundred elements. */
  static Act anyRankInput(Net n, TensorType type) {
    Rnd r = n.rnd;
    return n.input(type, anyRankInputShape(r).shape(), r.activationScale(), r.zeroPoint(type));
  }

  /** A shape of rank 1 to 4 (as an unregistered tensor). */
  static Act anyRankInputShape(Rnd r) {
    int rank = r.between(1, 4);
    int[] shape = new int[rank];
    for (int i = 0; i < rank; i++) {
      shape[i] = r.dim(rank <= 2 ? 24 : 8);
    }
    if (rank == 4 && r.chance(0.7)) {
      shape[0] = 1;
    }
    return new Act(-1, TensorType.UINT8, shape, 1f, 0);
  }

  /** The weights' type for an input: int8 for int16 activations (16x8), else the input's. */
  static TensorType weightType(Act in) {
    return in.type() == TensorType.INT16 ? TensorType.INT8 : in.type();
  }

  /**
   * The bias constant of a conv-like operator: int32 for 8-bit activations; int64 for int16
   * (16x8), its values scaled up to the larger accumulators and now and then beyond the int
   * range (saturating the output).
   */
  static int bias(Net n, Act in, Quant.Weights wt, int channels) {
    Rnd r = n.rnd;
    QuantParams q = Quant.biasQuant(in.type(), in.scale(), wt, channels);
    int[] values = Quant.biasValues(r, wt, channels);
    if (in.type() != TensorType.INT16) {
      return n.constant(TensorType.INT32, new int[] {channels}, q, Net.int32s(values));
    }
    long scale = r.chance(0.2) ? 1 : r.between(16, 600);
    boolean huge = r.chance(0.06);
    long[] wide = new long[channels];
    for (int c = 0; c < channels; c++) {
      wide[c] = values[c] * scale;
      if (huge) {
        wide[c] += (r.chance(0.5) ? 1L : -1L) * ((long) r.between(1, 1 << 20) << 22);
      }
    }
    return n.constant(TensorType.INT64, new int[] {channels}, q, Net.int64s(wide));
  }

  /**
   * The int16 (16x8) variant of a generator: int16 activations with zero point 0 from the
   * first input on; convolutions and FULLY_CONNECTED get int8 weights and an int64 bias.
   */
  static final class Int16Gen extends GenBase {
    private final OpGen inner;

    Int16Gen(OpGen inner) {
      super(inner.op(), inner.op() + "/INT16", TensorType.INT16);
      this.inner = inner;
    }

    @Override
    public Act input(Net n, TensorType type) {
      return inner.input(n, TensorType.INT16);
    }

    @Override
    public boolean accepts(Act in) {
      // The wrapped generator's shape limits, asked of an int8 tensor of the same shape.
      return in.type() == TensorType.INT16 && in.scale() > 0
          && inner.accepts(new Act(in.index(), TensorType.INT8, in.shape(), in.scale(), 0));
    }

    @Override
    public Act append(Net n, Act in) {
      Act out = inner.append(n, in);
      // A deliberately unsupported zero point is caught by the int16 check first.
      n.alsoExpect("supports int16 activations with zero point 0");
      return out;
    }
  }

  static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  /** Picks an unsupported fused activation for a deliberately unsupported case. */
  static Activation fusedOrUnsupported(Net n, String what) {
    if (n.rnd.chance(0.03)) {
      n.unsupported("fused activation TANH", what + " with fused TANH");
      return Activation.TANH;
    }
    return Quant.fused(n.rnd);
  }

  // ---------------------------------------------------------------------------------------------

  /** CONV_2D: kernel 1..5, stride 1..3, dilation 1..3, SAME/VALID, uint8 or int8 weights. */
  static final class Conv2dGen extends GenBase {
    Conv2dGen() {
      super("CONV_2D");
    }

    @Override
    public Act input(Net n, TensorType type) {
      // Sometimes many channels (long accumulations), on a small image.
      return n.rnd.chance(0.1) ? nhwcInput(n, type, 5, 48) : nhwcInput(n, type, 12, 16);
    }

    @Override
    public boolean accepts(Act in) {
      return in.isQuantized8() && in.rank() == 4 && in.elements() <= 4096;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      int h = in.dim(1);
      int w = in.dim(2);
      int inC = in.dim(3);
      int kh;
      int kw;
      int sh;
      int sw;
      int dh;
      int dw;
      Padding padding;
      int outH;
      int outW;
      do {
        kh = r.chance(0.6) ? r.pickInt(1, 3) : r.between(1, 5);
        kw = r.chance(0.7) ? kh : r.between(1, 5);
        sh = r.chance(0.6) ? 1 : r.between(1, 3);
        sw = r.chance(0.7) ? sh : r.between(1, 3);
        dh = r.chance(0.85) ? 1 : r.between(1, 3);
        dw = r.chance(0.7) ? dh : r.between(1, 3);
        padding = r.chance(0.5) ? Padding.SAME : Padding.VALID;
        outH = Quant.outSize(padding, h, kh, sh, dh);
        outW = Quant.outSize(padding, w, kw, sw, dw);
      } while (outH < 1 || outW < 1);
      int outC = r.chance(0.1) ? r.between(17, 40) : r.dim(16);
      boolean pow2 = r.chance(0.25);
      Quant.Weights wt = Quant.weights(r, weightType(in), new int[] {outC, kh, kw, inC}, 0, pow2,
          true);
      StringBuilder note = new StringBuilder();
      float outScale = Quant.outputScale(r, in.scale(), wt, pow2, note);
      Act out = n.tensor(in.type(), new int[] {in.dim(0), outH, outW, outC}, outScale,
          r.zeroPoint(in.type()));
      int filter = n.constant(weightType(in), new int[] {outC, kh, kw, inC}, wt.quant(),
          wt.data());
      // TFLite's CONV_2D requires the bias (conv.cc: has_bias), unlike FULLY_CONNECTED.
      int bias = bias(n, in, wt, outC);
      int[] inputs = {in.index(), filter, bias};
      Activation act = fusedOrUnsupported(n, "CONV_2D");
      int version = in.type() == TensorType.INT8 ? 3 : dh > 1 || dw > 1 ? 2 : 1;
      n.op(op(), version, inputs, new int[] {out.index()},
          new Conv2d.Options(padding, sw, sh, dw, dh, act),
          fmt("CONV_2D %dx%d s%dx%d d%dx%d %s %s %s%s%s -> %s", kh, kw, sh, sw, dh, dw,
              padding, act, wt.text(), pow2 ? " pow2" : "", note, out.describe()));
      return out;
    }
  }

  /** DEPTHWISE_CONV_2D: multiplier 1..4, often the 3x3 shapes TFLite's fast kernels take. */
  static final class DepthwiseConv2dGen extends GenBase {
    DepthwiseConv2dGen() {
      super("DEPTHWISE_CONV_2D");
    }

    @Override
    public Act input(Net n, TensorType type) {
      Rnd r = n.rnd;
      if (r.chance(0.3)) {
        // Shapes for the optimized 3x3 kernels: depth a multiple of 8.
        int[] shape = {1, r.between(1, 12), r.between(1, 12), r.pickInt(8, 16)};
        return n.input(type, shape, r.activationScale(), r.zeroPoint(type));
      }
      return nhwcInput(n, type, 12, 12);
    }

    @Override
    public boolean accepts(Act in) {
      return in.isQuantized8() && in.rank() == 4 && in.dim(3) <= 16 && in.elements() <= 4096;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      int h = in.dim(1);
      int w = in.dim(2);
      int inC = in.dim(3);
      boolean fast = inC % 8 == 0 && r.chance(0.6);
      int mult = fast ? 1 : r.chance(0.6) ? 1 : r.between(2, Math.max(2, 32 / inC));
      int kh;
      int kw;
      int sh;
      int sw;
      int dh;
      int dw;
      Padding padding;
      int outH;
      int outW;
      do {
        if (fast) {
          kh = 3;
          kw = 3;
          sh = r.between(1, 2);
          sw = sh;
          dh = 1;
          dw = 1;
        } else {
          kh = r.chance(0.6) ? r.pickInt(1, 3) : r.between(1, 5);
          kw = r.chance(0.7) ? kh : r.between(1, 5);
          sh = r.chance(0.6) ? 1 : r.between(1, 3);
          sw = r.chance(0.7) ? sh : r.between(1, 3);
          dh = r.chance(0.85) ? 1 : r.between(1, 3);
          dw = r.chance(0.7) ? dh : r.between(1, 3);
        }
        padding = r.chance(0.5) ? Padding.SAME : Padding.VALID;
        outH = Quant.outSize(padding, h, kh, sh, dh);
        outW = Quant.outSize(padding, w, kw, sw, dw);
      } while (outH < 1 || outW < 1);
      return layer(n, in, new Window(kh, kw, sh, sw, dh, dw, padding, outH, outW), mult,
          r.chance(0.3), fmt("DEPTHWISE_CONV_2D %dx%d s%dx%d d%dx%d mult %d", kh, kw, sh, sw,
              dh, dw, mult));
    }

    /** A drawn window: kernel, strides, dilations, padding and the output size they give. */
    record Window(int kh, int kw, int sh, int sw, int dh, int dw, Padding padding, int outH,
        int outW) {}

    /**
     * Appends the layer once its window is drawn: weights (power-of-two scales when {@code
     * pow2}), output, bias and fused activation drawn from {@code n}; the description starts
     * with {@code label}.
     */
    static Act layer(Net n, Act in, Window g, int mult, boolean pow2, String label) {
      Rnd r = n.rnd;
      int outC = in.dim(3) * mult;
      Quant.Weights wt = Quant.weights(r, weightType(in), new int[] {1, g.kh(), g.kw(), outC}, 3,
          pow2, true);
      StringBuilder note = new StringBuilder();
      float outScale = Quant.outputScale(r, in.scale(), wt, pow2, note);
      Act out = n.tensor(in.type(), new int[] {in.dim(0), g.outH(), g.outW(), outC}, outScale,
          r.zeroPoint(in.type()));
      int filter = n.constant(weightType(in), new int[] {1, g.kh(), g.kw(), outC}, wt.quant(),
          wt.data());
      int bias = bias(n, in, wt, outC);
      Activation act = fusedOrUnsupported(n, "DEPTHWISE_CONV_2D");
      int version = in.type() == TensorType.INT8 ? 3 : g.dh() > 1 || g.dw() > 1 ? 2 : 1;
      n.op("DEPTHWISE_CONV_2D", version, new int[] {in.index(), filter, bias},
          new int[] {out.index()},
          new DepthwiseConv2d.Options(g.padding(), g.sw(), g.sh(), mult, g.dw(), g.dh(), act),
          fmt("%s %s %s %s%s%s -> %s", label, g.padding(), act, wt.text(), pow2 ? " pow2" : "",
              note, out.describe()));
      return out;
    }
  }

  /** AVERAGE_POOL_2D and MAX_POOL_2D: filter 1..5 (up to the input size), stride 1..3. */
  static final class PoolGen extends GenBase {
    PoolGen(boolean average) {
      super(average ? "AVERAGE_POOL_2D" : "MAX_POOL_2D");
    }

    @Override
    public Act input(Net n, TensorType type) {
      return nhwcInput(n, type, 12, 16);
    }

    @Override
    public boolean accepts(Act in) {
      return in.isQuantized8() && in.rank() == 4;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      int h = in.dim(1);
      int w = in.dim(2);
      int fh;
      int fw;
      int sh;
      int sw;
      Padding padding;
      int outH;
      int outW;
      do {
        boolean global = r.chance(0.15);
        fh = global ? h : r.between(1, Math.min(5, h + 1));
        fw = global ? w : r.chance(0.7) ? fh : r.between(1, Math.min(5, w + 1));
        sh = global ? 1 : r.chance(0.5) ? fh : r.between(1, 3);
        sw = global ? 1 : r.chance(0.7) ? sh : r.between(1, 3);
        padding = r.chance(0.5) ? Padding.SAME : Padding.VALID;
        outH = Quant.outSize(padding, h, fh, sh, 1);
        outW = Quant.outSize(padding, w, fw, sw, 1);
      } while (outH < 1 || outW < 1);
      float scale = in.scale();
      int zp = in.zeroPoint();
      if (r.chance(0.03)) {
        zp = zp == in.type().qmax() ? zp - 1 : zp + 1;
        n.unsupported("must share scale and zero point",
            op() + " with output zero point differing from the input's");
      }
      Act out = n.tensor(in.type(), new int[] {in.dim(0), outH, outW, in.dim(3)}, scale, zp);
      Activation act = Quant.fused(r);
      return unary(n, version8(in, 2), in, out, new Pool2d.Options(padding, sw, sh, fw, fh, act),
          fmt("%s %dx%d s%dx%d %s %s -> %s", op(), fh, fw, sh, sw, padding, act,
              out.describe()));
    }
  }

  /** RESHAPE: to a random factorization, shape as a constant input and/or in the options. */
  static final class ReshapeGen extends GenBase {
    ReshapeGen() {
      super("RESHAPE");
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      int[] shape = factorize(r, in.elements(), r.between(1, 4));
      int[] written = shape.clone();
      if (r.chance(0.15)) {
        written[r.between(0, written.length - 1)] = -1;
      }
      float scale = in.scale();
      if (r.chance(0.03)) {
        scale *= 2;
        n.unsupported("must not change it", "RESHAPE whose output scale differs");
      }
      Act out = n.tensor(in.type(), shape, scale, in.zeroPoint());
      int style = r.between(0, 2);
      int[] inputs = style == 1 ? new int[] {in.index()}
          : new int[] {in.index(), n.int32Constant(new int[] {written.length}, written)};
      OperatorOptions options = style == 0 ? new OperatorOptions.None()
          : new Reshape.Options(written);
      n.op(op(), 1, inputs, new int[] {out.index()}, options,
          fmt("RESHAPE to %s (%s) -> %s", Act.shapeString(written),
              style == 0 ? "shape tensor" : style == 1 ? "options" : "both", out.describe()));
      return out;
    }

    /** A random shape of {@code rank} (at most) dimensions with {@code elements} elements. */
    static int[] factorize(Rnd r, int elements, int rank) {
      List<Integer> dims = new ArrayList<>();
      int rest = elements;
      for (int i = 0; i < rank - 1; i++) {
        List<Integer> divisors = new ArrayList<>();
        for (int d = 1; d <= rest; d++) {
          if (rest % d == 0) {
            divisors.add(d);
          }
        }
        int d = r.pick(divisors);
        dims.add(d);
        rest /= d;
      }
      dims.add(rest);
      return dims.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** SQUEEZE: of all size-1 dimensions, or of a random subset (negative axes too). */
  static final class SqueezeGen extends GenBase {
    SqueezeGen() {
      super("SQUEEZE");
    }

    @Override
    public Act input(Net n, TensorType type) {
      Rnd r = n.rnd;
      int rank = r.between(2, 5);
      int[] shape = new int[rank];
      for (int i = 0; i < rank; i++) {
        shape[i] = r.chance(0.5) ? 1 : r.dim(8);
      }
      shape[r.between(0, rank - 1)] = 1;
      return n.input(type, shape, r.activationScale(), r.zeroPoint(type));
    }

    @Override
    public boolean accepts(Act in) {
      return in.isQuantized8() && Arrays.stream(in.shape()).anyMatch(d -> d == 1)
          && in.rank() >= 2;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      int[] shape = in.shape();
      List<Integer> ones = new ArrayList<>();
      for (int i = 0; i < shape.length; i++) {
        if (shape[i] == 1) {
          ones.add(i);
        }
      }
      List<Integer> squeezed = new ArrayList<>();
      int[] dims;
      if (r.chance(0.3)) {
        squeezed.addAll(ones);
        dims = new int[0];
      } else {
        for (int i : ones) {
          if (squeezed.isEmpty() || r.chance(0.5)) {
            squeezed.add(i);
          }
        }
        dims = squeezed.stream().mapToInt(i -> r.chance(0.3) ? i - shape.length : i).toArray();
      }
      if (squeezed.size() == shape.length) {
        // TFLite would squeeze to a scalar; keep one dimension.
        squeezed.remove(squeezed.size() - 1);
        dims = squeezed.stream().mapToInt(Integer::intValue).toArray();
      }
      int[] outShape = new int[shape.length - squeezed.size()];
      for (int i = 0, k = 0; i < shape.length; i++) {
        if (!squeezed.contains(i)) {
          outShape[k++] = shape[i];
        }
      }
      Act out = n.tensor(in.type(), outShape, in.scale(), in.zeroPoint());
      return unary(n, 1, in, out, new Squeeze.Options(dims),
          fmt("SQUEEZE dims %s -> %s", Act.shapeString(dims), out.describe()));
    }
  }

  /** SOFTMAX over the last dimension, beta mostly 1. */
  static final class SoftmaxGen extends GenBase {
    SoftmaxGen() {
      super("SOFTMAX");
    }

    @Override
    public Act input(Net n, TensorType type) {
      Rnd r = n.rnd;
      int rank = r.between(1, 4);
      int[] shape = new int[rank];
      for (int i = 0; i < rank; i++) {
        shape[i] = i == rank - 1 ? r.between(1, 40) : r.dim(4);
      }
      // int16: scales that spread the differences over TFLite's exp table, and beyond.
      float scale = type == TensorType.INT16 ? (float) r.logUniform(1e-5, 2e-3)
          : r.chance(0.3) ? (float) r.logUniform(0.01, 0.3) : r.activationScale();
      return n.input(type, shape, scale, r.zeroPoint(type));
    }

    @Override
    public boolean accepts(Act in) {
      return in.isQuantized8() && in.rank() >= 1 && in.rank() <= 4;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      float beta = r.chance(0.7) ? 1f : (float) r.logUniform(0.1, 4);
      if (in.type() == TensorType.INT16 && in.scale() * beta > 5.001f) {
        n.unsupported("too large for TFLite's int16 SOFTMAX",
            "int16 SOFTMAX with input scale x beta above 5");
      }
      Act out = in.type() == TensorType.INT16 ? n.tensor(in.type(), in.shape(), 1f / 32768, 0)
          : n.tensor(in.type(), in.shape(), 1f / 256, in.type() == TensorType.UINT8 ? 0 : -128);
      return unary(n, version8(in, 2), in, out, new Softmax.Options(beta),
          fmt("SOFTMAX beta %s -> %s", beta, out.describe()));
    }
  }

  // --- Operators another developer is adding; enabled when OperatorRegistry lists them. ------

  /** FULLY_CONNECTED: per-tensor weights, optional bias, keep_num_dims both ways. */
  static final class FullyConnectedGen extends GenBase {
    FullyConnectedGen() {
      super("FULLY_CONNECTED");
    }

    @Override
    public Act input(Net n, TensorType type) {
      Rnd r = n.rnd;
      int[] shape = r.chance(0.6) ? new int[] {r.chance(0.7) ? 1 : r.between(2, 4), r.dim(64)}
          : new int[] {1, r.dim(6), r.dim(6), r.dim(16)};
      return n.input(type, shape, r.activationScale(), r.zeroPoint(type));
    }

    @Override
    public boolean accepts(Act in) {
      return in.isQuantized8() && in.rank() >= 2 && in.dim(in.rank() - 1) <= 256
          && in.elements() <= 2048;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      int depth = in.dim(in.rank() - 1);
      int batch = in.elements() / depth;
      int units = r.dim(32);
      boolean pow2 = r.chance(0.25);
      boolean perChannel = in.type() == TensorType.INT8 && units > 1 && r.chance(0.03);
      if (perChannel) {
        n.unsupported("have per-channel scales", "FULLY_CONNECTED with per-channel int8 weights");
      }
      Quant.Weights wt;
      do {
        wt = Quant.weights(r, weightType(in), new int[] {units, depth}, 0, pow2, perChannel);
      } while (perChannel && wt.scales().length == 1);
      StringBuilder note = new StringBuilder();
      float outScale = Quant.outputScale(r, in.scale(), wt, pow2, note);
      boolean keepDims = in.rank() > 2 && r.chance(0.3)
          // TFLite 2.6.2's int16 kernel takes output dimensions 0 and 1 as rows and units (the
          // rest is left unwritten; tflite2java refuses it for 2.6): Int16LiveTest covers it.
          && in.type() != TensorType.INT16;
      int[] outShape;
      if (keepDims) {
        outShape = in.shape();
        outShape[outShape.length - 1] = units;
      } else {
        outShape = new int[] {batch, units};
      }
      Act out = n.tensor(in.type(), outShape, outScale, r.zeroPoint(in.type()));
      int weights = n.constant(weightType(in), new int[] {units, depth}, wt.quant(), wt.data());
      int[] inputs;
      if (r.chance(0.15)) {
        inputs = new int[] {in.index(), weights, -1};
      } else {
        inputs = new int[] {in.index(), weights, bias(n, in, wt, units)};
      }
      Activation act = Quant.fused(r);
      n.op(op(), version8(in, 4), inputs, new int[] {out.index()},
          new FullyConnected.Options(act, 0, keepDims),
          fmt("FULLY_CONNECTED units %d %s%s %s %s%s%s -> %s", units, act,
              keepDims ? " keep_num_dims" : "", wt.text(), inputs[2] < 0 ? "no bias" : "bias",
              pow2 ? " pow2" : "", note, out.describe()));
      return out;
    }
  }

  /** A second operand for a binary operator: same shape or broadcast, input or constant. */
  static Act secondOperand(Net n, Act in, List<Integer> constantIndex, StringBuilder note) {
    Rnd r = n.rnd;
    int[] shape = in.shape();
    if (r.chance(0.3)) {
      // Broadcast: size-1 dimensions in the second operand (often a per-channel vector).
      if (r.chance(0.5)) {
        for (int i = 0; i < shape.length - 1; i++) {
          shape[i] = 1;
        }
      } else {
        for (int i = 0; i < shape.length; i++) {
          if (r.chance(0.5)) {
            shape[i] = 1;
          }
        }
      }
      if (r.chance(0.3) && shape.length > 1) {
        shape = Arrays.copyOfRange(shape, 1, shape.length);
      }
      note.append(" broadcast");
    }
    float scale = r.chance(0.3) ? in.scale() : r.activationScale();
    int zp = r.zeroPoint(in.type());
    if (!n.multiIo || r.chance(0.5)) {
      int elements = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
      byte[] data = in.type() == TensorType.INT16 ? int16Values(r, elements)
          : r.values(elements, in.type().qmin(), in.type().qmax(), zp);
      int c = n.constant(in.type(), shape, QuantParams.perTensor(scale, zp), data);
      constantIndex.add(c);
      note.append(" const ").append(new Act(c, in.type(), shape, scale, zp).describe());
      return new Act(c, in.type(), shape, scale, zp);
    }
    Act second = n.input(in.type(), shape, scale, zp);
    note.append(" input ").append(second.describe());
    return second;
  }

  /** Little-endian int16 constant values: uniform, small or saturating. */
  static byte[] int16Values(Rnd r, int n) {
    byte[] b = new byte[2 * n];
    int style = r.between(0, 2);
    for (int i = 0; i < n; i++) {
      int v = style == 0 ? r.between(-32768, 32767)
          : style == 1 ? r.between(-300, 300) : (r.chance(0.5) ? -32768 : 32767);
      b[2 * i] = (byte) v;
      b[2 * i + 1] = (byte) (v >> 8);
    }
    return b;
  }

  static int[] broadcastShape(int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
      int db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
      out[i] = Math.max(da, db);
    }
    return out;
  }

  /** ADD and MUL: shared shape of a binary element-wise operator. */
  abstract static class BinaryGen extends GenBase {
    BinaryGen(String op) {
      super(op);
    }

    @Override
    public Act input(Net n, TensorType type) {
      return anyRankInput(n, type);
    }

    @Override
    public boolean accepts(Act in) {
      return in.isQuantized8() && in.rank() >= 1 && in.rank() <= 4;
    }

    abstract OperatorOptions options(Activation act);

    /**
     * The options of an int16 operator; {@code pot}: whether TFLite's power-of-two int16 path
     * may apply (ADD and SUB: {@code pot_scale_int16}).
     */
    OperatorOptions int16Options(Activation act, boolean pot) {
      return options(act);
    }

    abstract float outputScale(Rnd r, Act a, Act b);

    /** Whether TFLite's CheckedLog2 takes {@code s} as a power of two. */
    static boolean pot(float s) {
      double l = Math.log(s) / Math.log(2);
      return Math.abs(l - Math.rint(l)) < 1e-3;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      StringBuilder note = new StringBuilder();
      Act second = secondOperand(n, in, new ArrayList<>(), note);
      boolean swap = r.chance(0.3);
      if (swap) {
        note.append(" (swapped)");
      }
      return combine(n, swap ? second : in, swap ? in : second, note.toString());
    }

    /** Appends the operator on two given operands of one type (broadcastable shapes). */
    Act combine(Net n, Act a, Act b, String note) {
      Rnd r = n.rnd;
      float outScale = outputScale(r, a, b);
      boolean int16 = a.type() == TensorType.INT16;
      if (int16 && !op().equals("MUL") && pot(a.scale()) && pot(b.scale()) && r.chance(0.6)) {
        // TFLite's power-of-two int16 path: the output takes the larger input scale.
        outScale = Math.max(a.scale(), b.scale());
      }
      int[] outShape = broadcastShape(a.shape(), b.shape());
      Act out = n.tensor(a.type(), outShape, outScale, r.zeroPoint(a.type()));
      Activation act = Quant.fused(r);
      // TFLite's power-of-two int16 kernel does not broadcast: it aborts the process
      // (MatchingElementsSize's check), so such a case is never generated; tflite2java
      // refuses it (Int16ArithmeticTest).
      boolean potAllowed = !int16 || Arrays.equals(a.shape(), b.shape());
      if (int16 && !potAllowed) {
        note += " pot_scale_int16=false";
      }
      if (int16 && potAllowed && !op().equals("MUL") && pot(a.scale()) && pot(b.scale())
          && pot(outScale)) {
        long lo = Math.round(Math.log(outScale) / Math.log(2));
        long s1 = Math.round(Math.log(a.scale()) / Math.log(2)) - lo;
        long s2 = Math.round(Math.log(b.scale()) / Math.log(2)) - lo;
        if (!(s1 == 0 || s2 == 0) || s1 > 0 || s2 > 0) {
          n.unsupported("TFLite requires one input scale equal to the output scale",
              "power-of-two int16 scales TFLite refuses");
        } else if (s1 < -15 || s2 < -15) {
          n.unsupported("by more than 15 bits", "power-of-two shift beyond 15");
        }
      }
      n.op(op(), version8(a, 2), new int[] {a.index(), b.index()},
          new int[] {out.index()}, int16 ? int16Options(act, potAllowed) : options(act),
          fmt("%s %s%s -> %s", op(), act, note, out.describe()));
      return out;
    }

    /** Whether {@link #combine} takes these operands. */
    static boolean combinable(Act a, Act b) {
      if (a.type() != b.type() || !a.isQuantized8() || a.rank() > 4 || b.rank() > 4) {
        return false;
      }
      int rank = Math.max(a.rank(), b.rank());
      for (int i = 1; i <= rank; i++) {
        int da = i <= a.rank() ? a.dim(a.rank() - i) : 1;
        int db = i <= b.rank() ? b.dim(b.rank() - i) : 1;
        if (da != db && da != 1 && db != 1) {
          return false;
        }
      }
      return true;
    }
  }

  /** ADD, with broadcasting and a constant or second-input operand. */
  static final class AddGen extends BinaryGen {
    AddGen() {
      super("ADD");
    }

    @Override
    OperatorOptions options(Activation act) {
      return new Add.Options(act);
    }

    @Override
    OperatorOptions int16Options(Activation act, boolean pot) {
      return new Add.Options(act, pot);
    }

    @Override
    float outputScale(Rnd r, Act a, Act b) {
      return (float) (Math.max(a.scale(), b.scale()) * r.logUniform(0.5, 4));
    }
  }

  /** MUL, with broadcasting and a constant or second-input operand. */
  static final class MulGen extends BinaryGen {
    MulGen() {
      super("MUL");
    }

    @Override
    OperatorOptions options(Activation act) {
      return new Mul.Options(act);
    }

    @Override
    float outputScale(Rnd r, Act a, Act b) {
      return (float) ((double) a.scale() * b.scale() * r.logUniform(20, 1000));
    }
  }

  /** MEAN over spatial axes (the common [1, 2]) or others, keep_dims both ways. */
  static final class MeanGen extends GenBase {
    MeanGen() {
      super("MEAN");
    }

    @Override
    public Act input(Net n, TensorType type) {
      return nhwcInput(n, type, 10, 16);
    }

    @Override
    public boolean accepts(Act in) {
      return in.isQuantized8() && in.rank() == 4;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      int[] axes = r.chance(0.6) ? new int[] {1, 2}
          : r.pick(new int[] {1}, new int[] {2}, new int[] {3}, new int[] {1, 2, 3},
              new int[] {2, 1}, new int[] {-3, -2}, new int[] {0, 1, 2});
      boolean keepDims = r.chance(0.6);
      int[] shape = in.shape();
      List<Integer> outDims = new ArrayList<>();
      boolean[] reduced = new boolean[shape.length];
      for (int a : axes) {
        reduced[a < 0 ? a + shape.length : a] = true;
      }
      for (int i = 0; i < shape.length; i++) {
        if (!reduced[i]) {
          outDims.add(shape[i]);
        } else if (keepDims) {
          outDims.add(1);
        }
      }
      float scale = in.scale();
      int zp = in.zeroPoint();
      if (r.chance(0.5)) {
        scale = (float) (in.scale() * r.logUniform(0.5, 2));
        zp = r.zeroPoint(in.type());
      }
      Act out = n.tensor(in.type(), outDims.stream().mapToInt(Integer::intValue).toArray(),
          scale, zp);
      int axisTensor = n.int32Constant(new int[] {axes.length}, axes);
      n.op(op(), 2, new int[] {in.index(), axisTensor}, new int[] {out.index()},
          new Mean.Options(keepDims),
          fmt("MEAN axes %s%s -> %s", Act.shapeString(axes), keepDims ? " keep_dims" : "",
              out.describe()));
      return out;
    }
  }

  /** PAD with constant paddings, mostly spatial. */
  static final class PadGen extends GenBase {
    PadGen() {
      super("PAD");
    }

    @Override
    public Act input(Net n, TensorType type) {
      return n.rnd.chance(0.7) ? nhwcInput(n, type, 8, 8) : anyRankInput(n, type);
    }

    @Override
    public boolean accepts(Act in) {
      return in.isQuantized8() && in.rank() <= 4 && in.elements() <= 4096;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      int rank = in.rank();
      int[] pads = new int[rank * 2];
      int[] shape = in.shape();
      for (int i = 0; i < rank; i++) {
        boolean spatial = rank == 4 && (i == 1 || i == 2);
        if (spatial || r.chance(0.2)) {
          pads[2 * i] = r.between(0, 3);
          pads[2 * i + 1] = r.chance(0.5) ? pads[2 * i] : r.between(0, 3);
        }
        shape[i] += pads[2 * i] + pads[2 * i + 1];
      }
      Act out = n.tensor(in.type(), shape, in.scale(), in.zeroPoint());
      int paddings = n.int32Constant(new int[] {rank, 2}, pads);
      n.op(op(), version8(in, 2), new int[] {in.index(), paddings},
          new int[] {out.index()}, new OperatorOptions.None(),
          fmt("PAD %s -> %s", Act.shapeString(pads), out.describe()));
      return out;
    }
  }

  /**
   * TRANSPOSE of rank 1 to 5 by a random permutation (NCHW to NHWC among them); now and then an
   * output zero point unlike the input's (TFLite copies the raw bytes).
   */
  static final class TransposeGen extends GenBase {
    TransposeGen() {
      super("TRANSPOSE");
    }

    @Override
    public Act input(Net n, TensorType type) {
      Rnd r = n.rnd;
      if (r.chance(0.2)) {
        int[] shape = {r.dim(3), r.dim(4), r.dim(4), r.dim(3), r.dim(4)};
        return n.input(type, shape, r.activationScale(), r.zeroPoint(type));
      }
      return r.chance(0.5) ? nhwcInput(n, type, 8, 8) : anyRankInput(n, type);
    }

    @Override
    public boolean accepts(Act in) {
      return in.isQuantized8() && in.rank() >= 1 && in.rank() <= 5 && in.elements() <= 8192;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      int rank = in.rank();
      int[] perm = new int[rank];
      for (int i = 0; i < rank; i++) {
        perm[i] = i;
      }
      if (rank == 4 && r.chance(0.3)) {
        perm = new int[] {0, 2, 3, 1};
      } else {
        for (int i = rank - 1; i > 0; i--) {
          int j = r.between(0, i);
          int t = perm[i];
          perm[i] = perm[j];
          perm[j] = t;
        }
      }
      int[] shape = new int[rank];
      for (int i = 0; i < rank; i++) {
        shape[i] = in.shape()[perm[i]];
      }
      int zeroPoint = r.chance(0.1) ? r.zeroPoint(in.type()) : in.zeroPoint();
      Act out = n.tensor(in.type(), shape, in.scale(), zeroPoint);
      int permutation = n.int32Constant(new int[] {rank}, perm);
      int version = rank == 5 ? 4 : version8(in, 2);
      n.op(op(), version, new int[] {in.index(), permutation}, new int[] {out.index()},
          new OperatorOptions.None(),
          fmt("TRANSPOSE %s -> %s", Act.shapeString(perm), out.describe()));
      return out;
    }
  }

  /**
   * RESIZE_BILINEAR to a random size (up, down, 2x, 8x, 1 pixel), align_corners or
   * half_pixel_centers or neither, sometimes another output zero point.
   */
  static final class ResizeBilinearGen extends GenBase {
    ResizeBilinearGen() {
      super("RESIZE_BILINEAR");
    }

    @Override
    public Act input(Net n, TensorType type) {
      return nhwcInput(n, type, 9, 8);
    }

    @Override
    public boolean accepts(Act in) {
      return in.isQuantized8() && in.rank() == 4 && in.elements() <= 4096;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      int[] s = in.shape();
      int outH;
      int outW;
      int kind = r.between(0, 9);
      if (kind < 2) {
        outH = 2 * s[1];
        outW = 2 * s[2];
      } else if (kind < 3 && s[1] * s[2] <= 16) {
        outH = 8 * s[1];
        outW = 8 * s[2];
      } else {
        outH = r.between(1, Math.min(24, 3 * s[1] + 2));
        outW = r.between(1, Math.min(24, 3 * s[2] + 2));
      }
      int option = r.between(0, 2);
      boolean align = option == 1;
      boolean halfPixel = option == 2;
      int zeroPoint = r.chance(0.1) ? r.zeroPoint(in.type()) : in.zeroPoint();
      Act out = n.tensor(in.type(), new int[] {s[0], outH, outW, s[3]}, in.scale(), zeroPoint);
      int size = n.int32Constant(new int[] {2}, new int[] {outH, outW});
      int version = halfPixel ? 3 : version8(in, 2);
      n.op(op(), version, new int[] {in.index(), size}, new int[] {out.index()},
          new ResizeBilinear.Options(align, halfPixel),
          fmt("RESIZE_BILINEAR to %dx%d%s -> %s", outH, outW,
              align ? " align_corners" : halfPixel ? " half_pixel_centers" : "",
              out.describe()));
      return out;
    }
  }

  /** CONCATENATION of 2 or 3 tensors along a random axis (uint8: mixed quantization). */
  static final class ConcatenationGen extends GenBase {
    ConcatenationGen() {
      super("CONCATENATION");
    }

    @Override
    public Act input(Net n, TensorType type) {
      return anyRankInput(n, type);
    }

    @Override
    public boolean accepts(Act in) {
      return in.isQuantized8() && in.rank() <= 4;
    }

    /**
     * Appends the concatenation of given tensors of one type along {@code axis} (their other
     * dimensions equal).
     */
    Act concat(Net n, List<Act> inputs, int axis, String note) {
      Rnd r = n.rnd;
      Act in = inputs.get(0);
      int rank = in.rank();
      int total = 0;
      boolean allSame = true;
      for (Act a : inputs) {
        total += a.dim(axis);
        allSame &= a.sameQuant(in);
      }
      int[] outShape = in.shape();
      outShape[axis] = total;
      boolean sameQuant = allSame && (in.type() != TensorType.UINT8 || r.chance(0.5));
      Act out = n.tensor(in.type(), outShape, sameQuant ? in.scale() : r.activationScale(),
          sameQuant ? in.zeroPoint() : r.zeroPoint(in.type()));
      int writtenAxis = r.chance(0.3) ? axis - rank : axis;
      n.op(op(), version8(in, 2),
          inputs.stream().mapToInt(Act::index).toArray(), new int[] {out.index()},
          new Concatenation.Options(writtenAxis, Activation.NONE),
          fmt("CONCATENATION axis %d%s -> %s", writtenAxis, note, out.describe()));
      return out;
    }

    /** Whether {@link #concat} takes these tensors along {@code axis}. */
    static boolean concatenable(Act a, Act b, int axis) {
      if (a.type() != b.type() || !a.isQuantized() || a.rank() != b.rank() || a.rank() > 4
          || axis >= a.rank() || (a.type() == TensorType.INT8 && !a.sameQuant(b))
          || (a.type() == TensorType.INT16 && !a.sameQuant(b))) {
        return false;
      }
      for (int i = 0; i < a.rank(); i++) {
        if (i != axis && a.dim(i) != b.dim(i)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      int rank = in.rank();
      int axis = r.between(0, rank - 1);
      int parts = r.between(2, 3);
      List<Act> inputs = new ArrayList<>();
      StringBuilder note = new StringBuilder();
      int insertAt = r.between(0, parts - 1);
      for (int i = 0; i < parts; i++) {
        Act part;
        if (i == insertAt) {
          part = in;
        } else {
          int[] shape = in.shape();
          shape[axis] = r.dim(6);
          boolean sameQuant = in.type() != TensorType.UINT8 || r.chance(0.5);
          float scale = sameQuant ? in.scale() : r.activationScale();
          int zp = sameQuant ? in.zeroPoint() : r.zeroPoint(in.type());
          // tflite2java takes computed int16 inputs only (constant int16: not supported).
          if (in.type() != TensorType.INT16 && (!n.multiIo || r.chance(0.3))) {
            int elements = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            int c = n.constant(in.type(), shape, QuantParams.perTensor(scale, zp),
                r.values(elements, in.type().qmin(), in.type().qmax(), zp));
            part = new Act(c, in.type(), shape, scale, zp);
            note.append(" const ").append(part.describe());
          } else {
            part = n.input(in.type(), shape, scale, zp);
            note.append(" input ").append(part.describe());
          }
        }
        inputs.add(part);
      }
      return concat(n, inputs, axis, note.append(" (chain input at ").append(insertAt)
          .append(')').toString());
    }
  }

  /** LOGISTIC: output scale 1/256 and zero point 0 (uint8) or -128 (int8), as TFLite needs. */
  static final class LogisticGen extends GenBase {
    LogisticGen() {
      super("LOGISTIC");
    }

    @Override
    public Act append(Net n, Act in) {
      Act out = n.tensor(in.type(), in.shape(), 1f / 256,
          in.type() == TensorType.UINT8 ? 0 : -128);
      return unary(n, version8(in, 2), in, out);
    }
  }

  /** RELU and RELU6 as operators, with requantization. */
  static final class ReluGen extends GenBase {
    ReluGen(String kind) {
      super(kind);
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      float scale = r.chance(0.4) ? in.scale() : (float) (in.scale() * r.logUniform(0.25, 4));
      int zp = r.chance(0.4) ? in.zeroPoint() : r.zeroPoint(in.type());
      Act out = n.tensor(in.type(), in.shape(), scale, zp);
      return unary(n, version8(in, 2), in, out);
    }
  }

  /** HARD_SWISH with independent input and output quantization. */
  static final class HardSwishGen extends GenBase {
    HardSwishGen() {
      super("HARD_SWISH");
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      float scale = (float) (in.scale() * r.logUniform(0.3, 3));
      Act out = n.tensor(in.type(), in.shape(), scale, r.zeroPoint(in.type()));
      return unary(n, 1, in, out);
    }
  }

  /**
   * QUANTIZE from a float32 model input, or between 8-bit types: uint8 <-> int8 (often the
   * zero-point-128 shift TFLite special-cases) or a requantization of one type.
   */
  static final class QuantizeGen extends GenBase {
    QuantizeGen() {
      super("QUANTIZE");
    }

    @Override
    public Act input(Net n, TensorType type) {
      Rnd r = n.rnd;
      if (r.chance(0.4)) {
        // Float input: its magnitude is set when the QUANTIZE after it is appended.
        Act shape = anyRankInputShape(r);
        return n.input(TensorType.FLOAT32, shape.shape(), 1f, 0);
      }
      return anyRankInput(n, type);
    }

    @Override
    public boolean accepts(Act in) {
      return in.isQuantized8() || in.type() == TensorType.FLOAT32;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      if (in.type() == TensorType.FLOAT32) {
        TensorType type = r.chance(0.5) ? TensorType.UINT8 : TensorType.INT8;
        float scale = r.activationScale();
        Act out = n.tensor(type, in.shape(), scale, r.zeroPoint(type));
        // Inputs span about the quantized range: magnitude 128 * scale (see FuzzCase).
        n.setInputMagnitude(in, 128 * scale);
        return unary(n, 1, in, out);
      }
      TensorType type = r.chance(0.6)
          ? (in.type() == TensorType.UINT8 ? TensorType.INT8 : TensorType.UINT8) : in.type();
      float scale;
      int zp;
      if (type != in.type() && r.chance(0.5)) {
        scale = in.scale();
        zp = in.zeroPoint() + (type == TensorType.INT8 ? -128 : 128);
      } else {
        scale = (float) (in.scale() * r.logUniform(0.25, 4));
        zp = r.zeroPoint(type);
      }
      Act out = n.tensor(type, in.shape(), scale, zp);
      return unary(n, 2, in, out);
    }
  }

  /** DEQUANTIZE to float32 (a model output, or the input of a float32 operator in a chain). */
  static final class DequantizeGen extends GenBase {
    DequantizeGen() {
      super("DEQUANTIZE");
    }

    @Override
    public Act append(Net n, Act in) {
      Act out = n.tensor(TensorType.FLOAT32, in.shape(), 0, 0);
      return unary(n, version8(in, 2), in, out);
    }
  }

  /**
   * UNIDIRECTIONAL_SEQUENCE_LSTM, integer: int8 input [batch 1-2, time 1-6, features 1-20]
   * (sometimes time-major), 1-24 cells, int8 weights, int32 biases, int16 cell state of scale
   * 2^-9..2^-15, optional cell clip, the output and cell state as variable tensors and the five
   * intermediates; in some cases CIFG, peephole weights, a projection (with optional bias and
   * clip) or layer normalization. The suite runs its input sets in order on one instance and
   * one interpreter, so the state carries over three invocations. Peephole weights with a
   * projection to more outputs than cells (TFLite reads past the peephole arrays) must be
   * rejected naming the problem.
   */
  static final class LstmGen extends GenBase {
    LstmGen() {
      super("UNIDIRECTIONAL_SEQUENCE_LSTM");
    }

    @Override
    public Act input(Net n, TensorType type) {
      Rnd r = n.rnd;
      int[] shape = {r.between(1, 2), r.between(1, 6), r.between(1, 20)};
      if (r.chance(0.3)) {
        shape = new int[] {shape[1], shape[0], shape[2]};
      }
      return n.input(TensorType.INT8, shape, 0.005f + 0.1f * r.between(0, 1000) / 1000f,
          r.zeroPoint(TensorType.INT8));
    }

    @Override
    public boolean accepts(Act in) {
      return in.type() == TensorType.INT8 && in.rank() == 3 && in.dim(2) <= 64
          && in.elements() <= 2048;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      // Time-major when the first dimension is the longer one (how input() lays it out).
      boolean timeMajor = in.dim(0) > 2 || (in.dim(0) > in.dim(1) && r.chance(0.5));
      int batch = timeMajor ? in.dim(1) : in.dim(0);
      int features = in.dim(2);
      int cells = r.between(1, 24);
      boolean projection = r.chance(0.2);
      int outputs = projection ? r.between(1, 20) : cells;
      boolean cifg = r.chance(0.2);
      boolean peephole = r.chance(0.2);
      boolean layerNorm = r.chance(0.2);
      boolean unsupported = peephole && outputs > cells;
      int cellScaleLog2 = -r.between(9, 15);
      float cellClip = r.chance(0.5) ? 0f : 0.5f + r.between(0, 100) / 10f;
      float projClip = projection && r.chance(0.5) ? 0.2f + r.between(0, 100) / 50f : 0f;
      float outScale = 1f / 128 + 0.01f * r.between(0, 100) / 100f;
      int outZp = r.between(-10, 10);
      int[] inputs = new int[24];
      Arrays.fill(inputs, -1);
      inputs[0] = in.index();
      for (int gate = 0; gate < 4; gate++) {
        if (gate == 0 && cifg) {
          continue;
        }
        float wi = 0.002f + 0.03f * r.between(0, 100) / 100f;
        float wr = 0.002f + 0.03f * r.between(0, 100) / 100f;
        inputs[1 + gate] = n.constant(TensorType.INT8, new int[] {cells, features},
            QuantParams.perTensor(wi, 0), weights(r, cells * features));
        inputs[5 + gate] = n.constant(TensorType.INT8, new int[] {cells, outputs},
            QuantParams.perTensor(wr, 0), weights(r, cells * outputs));
        inputs[12 + gate] = n.constant(TensorType.INT32, new int[] {cells},
            QuantParams.perTensor(wi * in.scale(), 0), Net.int32s(ints(r, cells, 20000)));
        if (layerNorm) {
          inputs[20 + gate] = n.constant(TensorType.INT16, new int[] {cells},
              QuantParams.perTensor(0.0001f + 0.0004f * r.between(0, 100) / 100f, 0),
              int16s(ints(r, cells, 10000)));
        }
        if (peephole && gate != 2) {
          inputs[gate == 3 ? 11 : 9 + gate] = n.constant(TensorType.INT16, new int[] {cells},
              QuantParams.perTensor(0.0005f + 0.01f * r.between(0, 100) / 100f, 0),
              int16s(ints(r, cells, 10000)));
        }
      }
      float hiddenScale = outScale;
      int hiddenZp = outZp;
      if (projection) {
        float wp = 0.002f + 0.03f * r.between(0, 100) / 100f;
        inputs[16] = n.constant(TensorType.INT8, new int[] {outputs, cells},
            QuantParams.perTensor(wp, 0), weights(r, outputs * cells));
        if (r.chance(0.5)) {
          inputs[17] = n.constant(TensorType.INT32, new int[] {outputs},
              QuantParams.perTensor(wp / 128, 0), Net.int32s(ints(r, outputs, 20000)));
        }
        hiddenScale = 1f / 128 + 0.01f * r.between(0, 100) / 100f;
        hiddenZp = r.between(-5, 5);
      }
      inputs[18] = n.rawTensor(TensorType.INT8, new int[] {batch, outputs},
          QuantParams.perTensor(outScale, outZp), true);
      inputs[19] = n.rawTensor(TensorType.INT16, new int[] {batch, cells},
          QuantParams.perTensor((float) Math.scalb(1.0, cellScaleLog2), 0), true);
      int[] outShape = {in.dim(0), in.dim(1), outputs};
      Act out = n.tensor(TensorType.INT8, outShape, outScale, outZp);
      n.op(op(), 1, inputs, new int[] {out.index()},
          // asymmetric_quantize_inputs only matters to hybrid LSTMs: TFLite ignores it here.
          new UnidirectionalSequenceLstm.Options(4, cellClip, projClip, timeMajor,
              r.chance(0.1), false),
          fmt("UNIDIRECTIONAL_SEQUENCE_LSTM %d cells%s%s%s%s%s, cell 2^%d, clip %.2f/%.2f -> %s",
              cells, timeMajor ? " time-major" : "", cifg ? " CIFG" : "",
              peephole ? " peephole" : "", projection ? " projection" : "",
              layerNorm ? " layer-norm" : "", cellScaleLog2, cellClip, projClip,
              out.describe()));
      int[] im = new int[5];
      for (int i = 0; i < 4; i++) {
        im[i] = layerNorm
            ? n.rawTensor(TensorType.INT16, new int[] {0},
                QuantParams.perTensor(0.0002f + 0.002f * r.between(0, 100) / 100f, 0), false)
            : n.rawTensor(TensorType.FLOAT32, new int[] {0}, QuantParams.NONE, false);
      }
      im[4] = n.rawTensor(TensorType.INT8, new int[] {0},
          QuantParams.perTensor(hiddenScale, hiddenZp), false);
      n.intermediates(im);
      if (unsupported) {
        n.unsupported("combines peephole weights with a projection",
            "LSTM peephole with a projection to more outputs than cells");
      }
      return out;
    }

    private static int[] ints(Rnd r, int n, int magnitude) {
      int[] v = new int[n];
      for (int i = 0; i < n; i++) {
        v[i] = r.between(-magnitude, magnitude);
      }
      return v;
    }

    private static byte[] int16s(int[] values) {
      byte[] b = new byte[2 * values.length];
      for (int i = 0; i < values.length; i++) {
        b[2 * i] = (byte) values[i];
        b[2 * i + 1] = (byte) (values[i] >> 8);
      }
      return b;
    }

    private static byte[] weights(Rnd r, int n) {
      byte[] w = new byte[n];
      for (int i = 0; i < n; i++) {
        w[i] = (byte) r.between(-127, 127);
      }
      return w;
    }
  }

  /**
   * ARG_MAX along a random axis (negative too) given by an int32 or int64 constant, with int32
   * or int64 indices out; the output ends a chain (no generator reads indices).
   */
  static final class ArgMaxGen extends GenBase {
    ArgMaxGen() {
      super("ARG_MAX");
    }

    @Override
    public Act input(Net n, TensorType type) {
      return n.rnd.chance(0.5) ? nhwcInput(n, type, 8, 12) : anyRankInput(n, type);
    }

    @Override
    public boolean accepts(Act in) {
      return in.isQuantized8() && in.rank() >= 1 && in.rank() <= 4 && in.elements() <= 4096;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      int rank = in.rank();
      int axis = r.between(-rank, rank - 1);
      int positive = axis < 0 ? axis + rank : axis;
      int[] shape = new int[rank - 1];
      for (int d = 0, k = 0; d < rank; d++) {
        if (d != positive) {
          shape[k++] = in.dim(d);
        }
      }
      TensorType outType = r.chance(0.5) ? TensorType.INT32 : TensorType.INT64;
      int axisTensor;
      if (r.chance(0.5)) {
        axisTensor = n.int32Constant(new int[] {1}, new int[] {axis});
      } else {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(8)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(axis);
        axisTensor = n.constant(TensorType.INT64, new int[] {1},
            io.github.tflite2java.compiler.ir.QuantParams.NONE, bb.array());
      }
      Act out = n.tensor(outType, shape, 0f, 0);
      n.op(op(), version8(in, 2), new int[] {in.index(), axisTensor},
          new int[] {out.index()},
          new io.github.tflite2java.compiler.ops.ArgMax.Options(outType),
          fmt("ARG_MAX axis %d -> %s", axis, out.describe()));
      return out;
    }
  }
}

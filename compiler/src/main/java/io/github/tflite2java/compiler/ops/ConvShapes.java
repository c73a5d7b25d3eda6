package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;

/**
 * The shape step of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED: the checks of ranks,
 * channels, strides, window geometry and output shape that hold whatever the tensor types. Each
 * kernel's {@code prepare} runs it once (after the arity check), then dispatches on int16 (16x8,
 * {@link Int16Conv}) or 8-bit, which check only types, quantization and bias.
 */
final class ConvShapes {

  private ConvShapes() {}

  /** A checked convolution: its tensors, window geometry and output channels. */
  record Conv(Tensor in, Tensor filter, Tensor out, ConvGeometry geo, int outC) {}

  /**
   * A checked FULLY_CONNECTED: {@code rows} rows of {@code depth} input values each give
   * {@code units} outputs.
   */
  record Dense(Tensor in, Tensor filter, Tensor out, int units, int depth, long rows) {}

  /** CONV_2D: filter [outC, kH, kW, inC] over a 4-D input. Null after a problem. */
  static Conv conv2d(ModelGraph g, ProblemCollector p, Operator op, Conv2d.Options o) {
    if (!window(p, op, g.tensor(op.input(0)), o.strideH(), o.strideW(), o.dilationH(),
        o.dilationW())) {
      return null;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor filter = g.tensor(op.input(1));
    Tensor out = g.tensor(op.output(0));
    if (filter.rank() != 4) {
      p.add(INVALID_MODEL, op, "filter " + p.describe(filter.index()) + " must have rank 4");
      return null;
    }
    int outC = filter.dim(0);
    if (filter.dim(3) != in.dim(3)) {
      p.add(UNSUPPORTED_TYPE, op, "filter " + p.describe(filter.index()) + " has "
          + filter.dim(3) + " input channels but the input has " + in.dim(3)
          + "; grouped convolutions are not supported");
      return null;
    }
    ConvGeometry geo = ConvGeometry.of(o.padding(), in.dim(1), in.dim(2), filter.dim(1),
        filter.dim(2), o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
    if (!OpChecks.outputShape(p, op, out, in.dim(0), geo.outH(), geo.outW(), outC)) {
      return null;
    }
    return new Conv(in, filter, out, geo, outC);
  }

  /**
   * DEPTHWISE_CONV_2D: filter [1, kH, kW, outC], outC a multiple of the input channels (the
   * depth multiplier, when given, agreeing). Null after a problem.
   */
  static Conv depthwise(ModelGraph g, ProblemCollector p, Operator op,
      DepthwiseConv2d.Options o) {
    if (!window(p, op, g.tensor(op.input(0)), o.strideH(), o.strideW(), o.dilationH(),
        o.dilationW())) {
      return null;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor filter = g.tensor(op.input(1));
    Tensor out = g.tensor(op.output(0));
    if (filter.rank() != 4 || filter.dim(0) != 1) {
      p.add(INVALID_MODEL, op, "filter " + p.describe(filter.index())
          + " must have shape [1, height, width, channels]");
      return null;
    }
    int inC = in.dim(3);
    int outC = filter.dim(3);
    if (inC <= 0 || outC % inC != 0
        || (o.depthMultiplier() != 0 && o.depthMultiplier() * inC != outC)) {
      p.add(INVALID_MODEL, op, "filter " + p.describe(filter.index()) + " has " + outC
          + " channels; expected input channels " + inC + " x depth multiplier "
          + o.depthMultiplier());
      return null;
    }
    ConvGeometry geo = ConvGeometry.of(o.padding(), in.dim(1), in.dim(2), filter.dim(1),
        filter.dim(2), o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
    if (!OpChecks.outputShape(p, op, out, in.dim(0), geo.outH(), geo.outW(), outC)) {
      return null;
    }
    return new Conv(in, filter, out, geo, outC);
  }

  /**
   * FULLY_CONNECTED: weights [units, depth], the input's elements a whole number of rows of
   * {@code depth}, the output {@code rows x units} with units last. Null after a problem.
   */
  static Dense fullyConnected(ModelGraph g, ProblemCollector p, Operator op) {
    Tensor in = g.tensor(op.input(0));
    Tensor filter = g.tensor(op.input(1));
    Tensor out = g.tensor(op.output(0));
    if (filter.rank() != 2) {
      p.add(INVALID_MODEL, op, "weights " + p.describe(filter.index())
          + " must have rank 2 ([outputs, depth])");
      return null;
    }
    int units = filter.dim(0);
    int depth = filter.dim(1);
    if (depth <= 0 || in.elementCount() % depth != 0) {
      p.add(INVALID_MODEL, op, "input " + p.describe(in.index()) + " has " + in.elementCount()
          + " elements, not a multiple of the weights' depth " + depth);
      return null;
    }
    long rows = in.elementCount() / depth;
    if (out.rank() == 0 || out.elementCount() != rows * units
        || out.dim(out.rank() - 1) != units) {
      p.add(INVALID_MODEL, op, "output " + p.describe(out.index()) + " should hold " + rows
          + " rows of " + units + " units");
      return null;
    }
    return new Dense(in, filter, out, units, depth, rows);
  }

  /** Positive strides and dilations; a 4-D input. */
  private static boolean window(ProblemCollector p, Operator op, Tensor in, int strideH,
      int strideW, int dilationH, int dilationW) {
    if (!OpChecks.positive(p, op, "strides and dilations", strideH, strideW, dilationH,
        dilationW)) {
      return false;
    }
    if (in.rank() != 4) {
      p.add(INVALID_MODEL, op, "input " + p.describe(in.index()) + " has rank " + in.rank()
          + "; expected 4");
      return false;
    }
    return true;
  }
}

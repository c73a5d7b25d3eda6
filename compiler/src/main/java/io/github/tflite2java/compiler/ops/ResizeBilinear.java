package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.google.flatbuffers.FlatBufferBuilder;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.lang.model.element.Modifier;

/**
 * RESIZE_BILINEAR of a uint8 or int8 NHWC tensor to a constant size, with {@code align_corners}
 * and {@code half_pixel_centers}, computing what TFLite 2.9 and 2.6.2 compute on x86:
 *
 * <ul>
 *   <li>uint8: {@code optimized_ops::ResizeBilinear}, i.e. {@code
 *       ResizeBilinearGenericSmallChannel<uint8>}: source coordinates, the four weights and the
 *       weighted sum in float32, plus 0.5, truncated. (Its special case for half-pixel centers
 *       at exactly 8x, {@code ResizeBilinear888Uint8}, works in 8.8 fixed point with weights
 *       that are multiples of 1/16; every partial sum of the float path is then a multiple of
 *       1/256 below 256, exact in float32, so both paths give the same bytes and need no
 *       separate code here.)
 *   <li>int8: {@code reference_ops::ResizeBilinearInteger} (the optimized kernel calls it):
 *       coordinates in 10-bit fixed point, a 20-bit weighted sum in 64 bits, rounded half away
 *       from zero.
 * </ul>
 *
 * TFLite copies the interpolated raw values to the output whatever its quantization, so an
 * output zero point unlike the input's shifts the centered values (as in TRANSPOSE).
 */
public final class ResizeBilinear
    extends OperatorKernel<ResizeBilinear.Options, ResizeBilinear.Plan> {

  /** ResizeBilinearOptions. */
  public record Options(boolean alignCorners, boolean halfPixelCenters)
      implements OperatorOptions {}

  /** One RESIZE_BILINEAR layer. */
  public record Plan(Operator op, Options o, Tensor in, Tensor out, int outH, int outW)
      implements LayerPlan {}

  public ResizeBilinear() {
    super("RESIZE_BILINEAR", BuiltinOperator.RESIZE_BILINEAR, Options.class,
        ReportCategory.DATA_MOVEMENT);
  }

  /** Version 4 adds int16, which this compiler does not take. */
  @Override
  public int maxVersion() {
    return 3;
  }

  @Override
  public int optionsTable() {
    return TflOptions.RESIZE_BILINEAR_OPTIONS;
  }

  @Override
  public Options decodeOptions(TflOperator raw, OptionEnums e) {
    TflOptions.ResizeBilinear o = raw.builtinOptions(new TflOptions.ResizeBilinear());
    return o == null ? absentOptions() : new Options(o.alignCorners(), o.halfPixelCenters());
  }

  @Override
  public Options absentOptions() {
    return new Options(false, false);
  }

  @Override
  public int encodeOptions(FlatBufferBuilder fbb, Options o) {
    fbb.startTable(4);
    fbb.addBoolean(2, o.alignCorners(), false);
    fbb.addBoolean(3, o.halfPixelCenters(), false);
    return fbb.endTable();
  }

  @Override
  public Plan prepare(PrepareContext ctx, Operator op, Options o) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 2, 2, 1)
        || !OpChecks.activation(g, p, op, op.input(0), "input", 4)
        || !OpChecks.activation(g, p, op, op.output(0), "output", 4)
        || !OpChecks.sameType(g, p, op, op.input(0), op.output(0))) {
      return null;
    }
    if (o.alignCorners() && o.halfPixelCenters()) {
      p.add(INVALID_MODEL, op, "has both align_corners and half_pixel_centers; TFLite requires"
          + " align_corners to be false when half_pixel_centers is true");
      return null;
    }
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    Tensor size = g.tensor(op.input(1));
    if (!size.isConstant() || size.type() != TensorType.INT32 || size.rank() != 1
        || size.dim(0) != 2 || size.data() == null || size.data().length < 8) {
      p.add(UNSUPPORTED_TYPE, op, op.input(1), "size " + p.describe(size.index())
          + " must be a constant INT32 tensor of shape [2] (new height and width)");
      return null;
    }
    ByteBuffer bb = ByteBuffer.wrap(size.data()).order(ByteOrder.LITTLE_ENDIAN);
    int outH = bb.getInt(0);
    int outW = bb.getInt(4);
    if (!OpChecks.positive(p, op, "the new height and width", outH, outW)
        || !OpChecks.positive(p, op, "the input's height and width", in.dim(1), in.dim(2))) {
      return null;
    }
    if (!OpChecks.outputShape(p, op, out, in.dim(0), outH, outW, in.dim(3))) {
      return null;
    }
    if ((long) in.dim(1) << 10 > Integer.MAX_VALUE || (long) in.dim(2) << 10 > Integer.MAX_VALUE
        || (long) outH * (in.dim(1) << 10) > Integer.MAX_VALUE
        || (long) outW * (in.dim(2) << 10) > Integer.MAX_VALUE) {
      p.add(INVALID_MODEL, op, "resizing " + in.dim(1) + "x" + in.dim(2) + " to " + outH + "x"
          + outW + " overflows TFLite's 32-bit fixed-point coordinates");
      return null;
    }
    return new Plan(op, o, in, out, outH, outW);
  }

  /** TFLite's int8 kernel's 10-bit scale: {@code in / out} rounded, or aligned corners'. */
  static int scale10(int in, int out, boolean alignCorners) {
    if (alignCorners && out > 1) {
      return ((1 << 10) * (in - 1) + (out - 1) / 2) / (out - 1);
    }
    return ((1 << 10) * in + out / 2) / out;
  }

  @Override
  public MethodSpec emit(Plan plan, EmitContext ctx) {
    Options o = plan.o();
    Tensor in = plan.in();
    Tensor out = plan.out();
    int inZp = in.quant().zeroPoint();
    int outZp = out.quant().zeroPoint();
    int batches = in.dim(0);
    boolean integer = in.type() == TensorType.INT8;

    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int inH = $L, inW = $L, channels = $L, outH = $L, outW = $L",
        in.dim(1), in.dim(2), in.dim(3), plan.outH(), plan.outW());
    body.addStatement("final int inZp = $L, outZp = $L", inZp, outZp);
    if (integer) {
      body.add("// TFLite's ResizeBilinearInteger: coordinates in 10-bit fixed point.\n");
      body.addStatement("final int hs = $L, ws = $L",
          scale10(in.dim(1), plan.outH(), o.alignCorners()),
          scale10(in.dim(2), plan.outW(), o.alignCorners()));
    } else {
      body.add("// TFLite's ResizeBilinearGenericSmallChannel<uint8>: float32 weights.\n");
      body.addStatement("final float hs = $L, ws = $L",
          floatScale("inH", "outH", plan.outH(), o.alignCorners()),
          floatScale("inW", "outW", plan.outW(), o.alignCorners()));
    }
    body.addStatement("int out = $L", ctx.arenaOffset(out.index()));
    body.addStatement("final int inBase = $L", ctx.arenaOffset(in.index()));
    body.beginControlFlow("for (int b = 0; b < $L; b++)", batches);
    body.beginControlFlow("for (int y = 0; y < outH; y++)");
    coordinate(body, "y", "hs", "inH", integer, o.halfPixelCenters());
    body.addStatement("final int row0 = inBase + (b * inH + y0) * inW * channels");
    body.addStatement("final int row1 = inBase + (b * inH + y1) * inW * channels");
    body.beginControlFlow("for (int x = 0; x < outW; x++)");
    coordinate(body, "x", "ws", "inW", integer, o.halfPixelCenters());
    body.addStatement("final int p00 = row0 + x0 * channels, p01 = row0 + x1 * channels");
    body.addStatement("final int p10 = row1 + x0 * channels, p11 = row1 + x1 * channels");
    if (integer) {
      body.addStatement("final int wy1 = iy - (y0 << 10), wy0 = 1024 - wy1");
      body.addStatement("final int wx1 = ix - (x0 << 10), wx0 = 1024 - wx1");
      body.beginControlFlow("for (int c = 0; c < channels; c++)");
      body.addStatement("final long v = (long) (t[p00 + c] + inZp) * wy0 * wx0"
          + " + (long) (t[p10 + c] + inZp) * wy1 * wx0"
          + " + (long) (t[p01 + c] + inZp) * wy0 * wx1"
          + " + (long) (t[p11 + c] + inZp) * wy1 * wx1");
      body.addStatement("final long r = (v + (v > 0 ? (1 << 19) : -(1 << 19))) / (1 << 20)");
      body.addStatement("t[out++] = (byte) r - outZp");
      body.endControlFlow();
    } else {
      body.addStatement("final float dy = iy - y0, dx = ix - x0");
      body.addStatement("final float s0 = (1 - dy) * (1 - dx), s1 = (1 - dy) * dx");
      body.addStatement("final float s2 = dy * (1 - dx), s3 = dy * dx");
      body.beginControlFlow("for (int c = 0; c < channels; c++)");
      body.addStatement("final float v = (t[p00 + c] + inZp) * s0 + (t[p01 + c] + inZp) * s1"
          + " + (t[p10 + c] + inZp) * s2 + (t[p11 + c] + inZp) * s3 + 0.5f");
      body.addStatement("t[out++] = ((int) v & 0xFF) - outZp");
      body.endControlFlow();
    }
    body.endControlFlow();
    body.endControlFlow();
    body.endControlFlow();

    return MethodSpec.methodBuilder(ctx.prefix(plan.op()) + "ResizeBilinear")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: $L to $Lx$L$L$L.\n", plan.op().index(), name(), plan.outH(),
            plan.outW(), o.alignCorners() ? ", align_corners" : "",
            o.halfPixelCenters() ? ", half_pixel_centers" : "")
        .addJavadoc("$L\n", Layers.describe(in, out))
        .addCode(body.build())
        .build();
  }

  /** The float scale exactly as TFLite writes it (int operands converted to float). */
  private static CodeBlock floatScale(String in, String out, int outSize, boolean align) {
    return align && outSize > 1
        ? CodeBlock.of("(float) ($N - 1) / ($N - 1)", in, out)
        : CodeBlock.of("(float) $N / $N", in, out);
  }

  /** TFLite's ComputeInterpolationValues (float or 10-bit integer) for one axis. */
  private static void coordinate(CodeBlock.Builder body, String v, String scale, String size,
      boolean integer, boolean halfPixel) {
    String s = "i" + v;
    if (integer) {
      if (halfPixel) {
        body.addStatement("final int $N = $N * $N + $N / 2 - (1 << 9)", s, v, scale, scale);
      } else {
        body.addStatement("final int $N = $N * $N", s, v, scale);
      }
      body.addStatement("final int $N0 = Math.max($N / 1024, 0)", v, s);
      body.addStatement("final int $N1 = Math.min(($N + 1023) / 1024, $N - 1)", v, s, size);
    } else {
      if (halfPixel) {
        body.addStatement("final float $N = ($N + 0.5f) * $N - 0.5f", s, v, scale);
      } else {
        body.addStatement("final float $N = $N * $N", s, v, scale);
      }
      body.addStatement("final int $N0 = Math.max((int) Math.floor($N), 0)", v, s);
      body.addStatement("final int $N1 = Math.min((int) Math.ceil($N), $N - 1)", v, s, size);
    }
  }
}

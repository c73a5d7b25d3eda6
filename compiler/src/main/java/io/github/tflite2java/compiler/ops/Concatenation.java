package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_OPTION;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.google.flatbuffers.FlatBufferBuilder;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.quant.FixedPoint;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * CONCATENATION of uint8 or int8 tensors along one axis (computed or constant); int32, int64,
 * float32 and bool tensors are copied as they are. Inputs quantized
 * as the output are copied; TFLite requires that for int8. A uint8 input with other parameters is rescaled as
 * TFLite's {@code ConcatenationWithScaling} does, in float32: {@code round(q * (s_in / s_out) -
 * zp_in * (s_in / s_out)) + zp_out}, clamped (a table lookup at run time).
 */
public final class Concatenation
    extends OperatorKernel<Concatenation.Options, Concatenation.Plan> {

  /** ConcatenationOptions. */
  public record Options(int axis, Activation activation) implements OperatorOptions {}

  /**
   * One input: its tensor and either its values folded into the output's quantization (a
   * constant), or the table rescaling it to the output's (a computed input quantized otherwise),
   * or neither (a computed input copied as it is).
   */
  public record Part(Tensor in, int[] constant, int[] table) {
    public Part {
      constant = constant == null ? null : constant.clone();
      table = table == null ? null : table.clone();
    }

    @Override
    public int[] constant() {
      return constant == null ? null : constant.clone();
    }

    @Override
    public int[] table() {
      return table == null ? null : table.clone();
    }
  }

  /**
   * One CONCATENATION layer: the output as {@code outer} runs of the inputs' slices, each slice
   * {@code in.dim(axis) * after} values long.
   */
  public record Plan(Operator op, Options o, Tensor out, int axis, long outer, long after,
      List<Part> parts) implements LayerPlan {
    public Plan {
      parts = List.copyOf(parts);
    }
  }

  public Concatenation() {
    super("CONCATENATION", BuiltinOperator.CONCATENATION, Options.class,
        ReportCategory.DATA_MOVEMENT);
  }

  /** Float32 tensors are moved as they are (see {@link Arithmetic}). */
  @Override
  public boolean readsFloat32Inputs() {
    return true;
  }

  /** A float32 concatenation may write a model output. */
  @Override
  public boolean writesFloat32Outputs() {
    return true;
  }

  @Override
  public int optionsTable() {
    return TflOptions.CONCATENATION_OPTIONS;
  }

  @Override
  public Options decodeOptions(TflOperator raw, OptionEnums e) {
    TflOptions.Concatenation o = raw.builtinOptions(new TflOptions.Concatenation());
    return o == null ? absentOptions()
        : new Options(o.axis(), e.activation(o.fusedActivationFunction()));
  }

  /** The schema's defaults. */
  @Override
  public Options absentOptions() {
    return new Options(0, Activation.NONE);
  }

  @Override
  public int encodeOptions(FlatBufferBuilder fbb, Options o) {
    fbb.startTable(2);
    fbb.addInt(0, o.axis(), 0);
    fbb.addByte(1, (byte) o.activation().code(), 0);
    return fbb.endTable();
  }

  @Override
  public Plan prepare(PrepareContext ctx, Operator op, Options o) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (op.inputCount() < 1 || op.outputCount() != 1) {
      OpChecks.arity(p, op, 1, Integer.MAX_VALUE, 1);
      return null;
    }
    // int32, int64, float32 and bool (as MoveNet concatenates int32 indices) are copied as
    // they are; uint8 and int8 are activations.
    boolean plain = PLAIN.contains(g.tensor(op.output(0)).type());
    if (plain ? !Slots.check(g, p, op, op.output(0), "output", PLAIN)
        : !OpChecks.activationOrInt16(g, p, op, op.output(0), "output", -1)) {
      return null;
    }
    if (o.activation() != Activation.NONE) {
      p.add(UNSUPPORTED_OPTION, op, "fused activation " + o.activation()
          + " is not supported on CONCATENATION; supported: NONE");
      return null;
    }
    Tensor out = g.tensor(op.output(0));
    int axis = o.axis() < 0 ? o.axis() + out.rank() : o.axis();
    if (axis < 0 || axis >= out.rank()) {
      p.add(INVALID_MODEL, op, "axis " + o.axis() + " is outside the output's "
          + out.rank() + " dimensions");
      return null;
    }
    long along = 0;
    List<Part> parts = new ArrayList<>();
    for (int i = 0; i < op.inputCount(); i++) {
      if (op.input(i) < 0) {
        p.add(INVALID_MODEL, op, "input " + i + " is omitted");
        return null;
      }
      if (plain ? !plainInput(g, p, op, i, out) : !input(g, p, op, i, out)) {
        return null;
      }
      Tensor in = g.tensor(op.input(i));
      for (int d = 0; d < out.rank(); d++) {
        if (d != axis && in.dim(d) != out.dim(d)) {
          p.add(INVALID_MODEL, op, "input " + p.describe(in.index()) + " differs from the"
              + " output in dimension " + d + ", which is not the axis " + axis);
          return null;
        }
      }
      along += in.dim(axis);
      if ((out.type() == TensorType.INT8 || out.type() == TensorType.INT16)
          && !in.quant().equals(out.quant())) {
        String t = out.type() == TensorType.INT8 ? "int8" : "int16";
        p.add(UNSUPPORTED_TYPE, op, t + " input " + p.describe(in.index()) + " has "
            + in.quant() + " but the output has " + out.quant()
            + "; TFLite requires " + t + " inputs quantized as the output");
        return null;
      }
      if (plain) {
        int[] values = in.isConstant() ? Slots.constant(p, op, in, "constant input " + i) : null;
        if (in.isConstant() && values == null) {
          return null;
        }
        parts.add(new Part(in, values, null));
        continue;
      }
      parts.add(part(in, out));
    }
    if (along != out.dim(axis)) {
      p.add(INVALID_MODEL, op, "inputs add up to " + along + " along axis " + axis
          + " but the output has " + out.dim(axis));
      return null;
    }
    long outer = 1;
    for (int d = 0; d < axis; d++) {
      outer *= out.dim(d);
    }
    long after = 1;
    for (int d = axis + 1; d < out.rank(); d++) {
      after *= out.dim(d);
    }
    return new Plan(op, o, out, axis, outer, after, parts);
  }

  /** What the kernel stores for one (checked) input. */
  private static Part part(Tensor in, Tensor out) {
    boolean same = in.quant().equals(out.quant());
    if (in.isConstant()) {
      int[] values = new int[in.data().length];
      for (int k = 0; k < values.length; k++) {
        int raw = in.type() == TensorType.UINT8 ? in.data()[k] & 0xFF : in.data()[k];
        values[k] = (same ? raw : rescale(in, out, raw)) - out.quant().zeroPoint();
      }
      return new Part(in, values, null);
    }
    if (same) {
      return new Part(in, null, null);
    }
    return new Part(in, null, LookupTables.centered(in, out, raw -> rescale(in, out, raw)));
  }

  /**
   * Input {@code i}: computed, or a constant (folded into the output's quantization at compile
   * time), of the output's type and rank, with one scale and zero point.
   */
  private static boolean input(ModelGraph g, ProblemCollector p, Operator op, int i,
      Tensor out) {
    Tensor in = g.tensor(op.input(i));
    if (!in.isConstant()) {
      return OpChecks.activationOrInt16(g, p, op, in.index(), "input " + i, out.rank())
          && OpChecks.sameType(g, p, op, in.index(), out.index());
    }
    if (out.type() == TensorType.INT16) {
      p.add(UNSUPPORTED_TYPE, op, "constant input " + i + " " + p.describe(in.index())
          + " is int16; tflite2java supports int16 CONCATENATION of computed inputs only");
      return false;
    }
    if (in.type() != out.type() || !in.quant().isPresent() || !in.quant().isPerTensor()
        || !OpChecks.validScale(in.quant().scale()) || in.rank() != out.rank()
        || in.quant().zeroPoint() < in.type().qmin()
        || in.quant().zeroPoint() > in.type().qmax()) {
      p.add(UNSUPPORTED_TYPE, op, "constant input " + i + " " + p.describe(in.index())
          + " must be of the output's type and rank, with one valid scale and zero point");
      return false;
    }
    return true;
  }

  /** The types concatenated by plain copies of their arena slots. */
  static final java.util.Set<TensorType> PLAIN = java.util.EnumSet.of(TensorType.FLOAT32,
      TensorType.INT32, TensorType.INT64, TensorType.BOOL);

  /** Input {@code i} of a plain concatenation: the output's type and rank. */
  private static boolean plainInput(ModelGraph g, ProblemCollector p, Operator op, int i,
      Tensor out) {
    if (!Slots.check(g, p, op, op.input(i), "input " + i, PLAIN)
        || !OpChecks.sameType(g, p, op, op.input(i), out.index())) {
      return false;
    }
    Tensor in = g.tensor(op.input(i));
    if (in.rank() != out.rank()) {
      p.add(INVALID_MODEL, op, in.index(), "input " + i + " " + p.describe(in.index())
          + " has rank " + in.rank() + "; expected the output's " + out.rank());
      return false;
    }
    return true;
  }

  /** {@code ConcatenationWithScaling}'s value for one raw uint8 input value. */
  static int rescale(Tensor in, Tensor out, int raw) {
    float inverseOutputScale = 1.f / out.quant().scale();
    float scale = in.quant().scale() * inverseOutputScale;
    float bias = -in.quant().zeroPoint() * scale;
    int value = (int) FixedPoint.roundHalfAwayFromZero(raw * scale + bias)
        + out.quant().zeroPoint();
    return Math.max(0, Math.min(255, value));
  }

  /** {@code offset + expr}, or {@code expr} alone for offset 0 ({@code offset} for no expr). */
  @Override
  public MethodSpec emit(Plan plan, EmitContext ctx) {
    Tensor out = plan.out();
    int axis = plan.axis();
    long after = plan.after();
    boolean runs = plan.outer() > 1;
    String constants = ctx.prefix(plan.op()).toUpperCase(Locale.ROOT);
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    if (runs) {
      body.beginControlFlow("for (int r = 0; r < $L; r++)", plan.outer());
    }
    body.addStatement("final int out = $L", Layers.plus(ctx.arenaOffset(out.index()),
        runs ? "r * " + out.dim(axis) * after : null));
    long position = 0;
    List<Part> parts = plan.parts();
    for (int i = 0; i < parts.size(); i++) {
      Part part = parts.get(i);
      Tensor in = part.in();
      long inner = in.dim(axis) * after;
      String dst = position == 0 ? "out" : "out + " + position;
      String slice = runs ? "r * " + inner : null;
      if (part.constant() != null) {
        String field = ctx.intArray(constants + "_INPUT" + i, part.constant());
        body.add("// Input $L: a constant, folded into the output's quantization\n", i);
        body.addStatement("System.arraycopy($N, $L, t, $L, $L)", field, Layers.plus(0, slice), dst,
            inner);
      } else if (part.table() == null) {
        body.addStatement("System.arraycopy(t, $L, t, $L, $L)",
            Layers.plus(ctx.arenaOffset(in.index()), slice), dst, inner);
      } else {
        String field = ctx.intArray(constants + "_TABLE" + i, part.table());
        body.add("// Input $L: $L rescaled to the output's $L\n", i, in.quant(), out.quant());
        body.addStatement("final int from$L = $L", i, Layers.plus(ctx.arenaOffset(in.index()), slice));
        body.beginControlFlow("for (int j = 0; j < $L; j++)", inner);
        body.addStatement("t[$L + j] = $N[t[from$L + j] + $L]", dst, field, i,
            in.quant().zeroPoint() - in.type().qmin());
        body.endControlFlow();
      }
      position += inner;
    }
    if (runs) {
      body.endControlFlow();
    }
    StringBuilder inputs = new StringBuilder();
    for (Part part : parts) {
      inputs.append(inputs.length() == 0 ? "" : ", ").append(part.in().isConstant()
          ? "constant " : "").append(Layers.tensor(part.in()));
    }
    return MethodSpec.methodBuilder(ctx.prefix(plan.op()) + "Concatenation")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: CONCATENATION of $L inputs along axis $L.\n",
            plan.op().index(), parts.size(), axis)
        .addJavadoc("$L -> $L.\n", inputs, Layers.tensor(out))
        .addCode(body.build())
        .build();
  }
}

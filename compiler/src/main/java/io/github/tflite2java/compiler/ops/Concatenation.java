package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.validate.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.validate.ProblemCollector.UNSUPPORTED_OPTION;
import static io.github.tflite2java.compiler.validate.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.quant.FixedPoint;
import io.github.tflite2java.compiler.validate.ProblemCollector;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * CONCATENATION of uint8 or int8 tensors along one axis (computed or constant). Inputs quantized
 * as the output are copied; TFLite requires that for int8. A uint8 input with other parameters is rescaled as
 * TFLite's {@code ConcatenationWithScaling} does, in float32: {@code round(q * (s_in / s_out) -
 * zp_in * (s_in / s_out)) + zp_out}, clamped (a table lookup at run time).
 */
public final class Concatenation implements OperatorLowering {

  @Override
  public String kind() {
    return "CONCATENATION";
  }

  @Override
  public void validate(ModelGraph g, Operator op, ProblemCollector p) {
    if (op.inputCount() < 1 || op.outputCount() != 1) {
      OpChecks.arity(p, op, 1, Integer.MAX_VALUE, 1);
      return;
    }
    OperatorOptions.Concatenation o = (OperatorOptions.Concatenation) op.options();
    if (!OpChecks.activation(g, p, op, op.output(0), "output", -1)) {
      return;
    }
    if (o.activation() != Activation.NONE) {
      p.add(UNSUPPORTED_OPTION, op, "fused activation " + o.activation()
          + " is not supported on CONCATENATION; supported: NONE");
      return;
    }
    Tensor out = g.tensor(op.output(0));
    int axis = o.axis() < 0 ? o.axis() + out.rank() : o.axis();
    if (axis < 0 || axis >= out.rank()) {
      p.add(INVALID_MODEL, op, "axis " + o.axis() + " is outside the output's "
          + out.rank() + " dimensions");
      return;
    }
    long along = 0;
    for (int i = 0; i < op.inputCount(); i++) {
      if (op.input(i) < 0 || !input(g, p, op, i, out)) {
        return;
      }
      Tensor in = g.tensor(op.input(i));
      for (int d = 0; d < out.rank(); d++) {
        if (d != axis && in.dim(d) != out.dim(d)) {
          p.add(INVALID_MODEL, op, "input " + p.describe(in.index()) + " differs from the"
              + " output in dimension " + d + ", which is not the axis " + axis);
          return;
        }
      }
      along += in.dim(axis);
      if (out.type() == TensorType.INT8 && !in.quant().equals(out.quant())) {
        p.add(UNSUPPORTED_TYPE, op, "int8 input " + p.describe(in.index()) + " has "
            + in.quant() + " but the output has " + out.quant()
            + "; TFLite requires int8 inputs quantized as the output");
        return;
      }
    }
    if (along != out.dim(axis)) {
      p.add(INVALID_MODEL, op, "inputs add up to " + along + " along axis " + axis
          + " but the output has " + out.dim(axis));
    }
  }

  /**
   * Input {@code i}: computed, or a constant (folded into the output's quantization at compile
   * time), of the output's type and rank, with one scale and zero point.
   */
  private static boolean input(ModelGraph g, ProblemCollector p, Operator op, int i,
      Tensor out) {
    Tensor in = g.tensor(op.input(i));
    if (!in.isConstant()) {
      return OpChecks.activation(g, p, op, in.index(), "input " + i, out.rank())
          && OpChecks.sameType(g, p, op, in.index(), out.index());
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

  /** {@code ConcatenationWithScaling}'s value for one raw uint8 input value. */
  static int rescale(Tensor in, Tensor out, int raw) {
    float inverseOutputScale = 1.f / out.quant().scale();
    float scale = in.quant().scale() * inverseOutputScale;
    float bias = -in.quant().zeroPoint() * scale;
    int value = (int) FixedPoint.roundHalfAwayFromZero(raw * scale + bias)
        + out.quant().zeroPoint();
    return Math.max(0, Math.min(255, value));
  }

  @Override
  public MethodSpec emit(ModelGraph g, Operator op, LoweringContext ctx) {
    OperatorOptions.Concatenation o = (OperatorOptions.Concatenation) op.options();
    Tensor out = g.tensor(op.output(0));
    int axis = o.axis() < 0 ? o.axis() + out.rank() : o.axis();
    long outer = 1;
    for (int d = 0; d < axis; d++) {
      outer *= out.dim(d);
    }
    long after = 1;
    for (int d = axis + 1; d < out.rank(); d++) {
      after *= out.dim(d);
    }
    String prefix = ctx.prefix(op).toUpperCase(Locale.ROOT);
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.beginControlFlow("for (int r = 0; r < $L; r++)", outer);
    body.addStatement("final int out = $L + r * $L", ctx.arenaOffset(out.index()),
        out.dim(axis) * after);
    long position = 0;
    for (int i = 0; i < op.inputCount(); i++) {
      Tensor in = g.tensor(op.input(i));
      long inner = in.dim(axis) * after;
      if (in.isConstant()) {
        int[] values = new int[in.data().length];
        for (int k = 0; k < values.length; k++) {
          int raw = in.type() == TensorType.UINT8 ? in.data()[k] & 0xFF : in.data()[k];
          values[k] = (in.quant().equals(out.quant()) ? raw : rescale(in, out, raw))
              - out.quant().zeroPoint();
        }
        String field = ctx.intArray(prefix + "_INPUT" + i, values);
        body.add("// Input $L: a constant, folded into the output's quantization\n", i);
        body.addStatement("System.arraycopy($N, r * $L, t, out + $L, $L)", field, inner,
            position, inner);
        position += inner;
        continue;
      }
      String from = ctx.arenaOffset(in.index()) + " + r * " + inner;
      if (in.quant().equals(out.quant())) {
        body.addStatement("System.arraycopy(t, $L, t, out + $L, $L)", from, position, inner);
      } else {
        int[] table = LookupTables.centered(in, out, raw -> rescale(in, out, raw));
        String field = ctx.intArray(prefix + "_TABLE" + i, table);
        body.add("// Input $L: $L rescaled to the output's $L\n", i, in.quant(), out.quant());
        body.beginControlFlow("for (int j = 0, from = $L; j < $L; j++)", from, inner);
        body.addStatement("t[out + $L + j] = $N[t[from + j] + $L]", position, field,
            in.quant().zeroPoint() - in.type().qmin());
        body.endControlFlow();
      }
      position += inner;
    }
    body.endControlFlow();
    return MethodSpec.methodBuilder(ctx.prefix(op) + "Concatenation")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: CONCATENATION of $L inputs along axis $L -> $L $L.\n",
            op.index(), op.inputCount(), axis, out.type(), out.shapeString())
        .addCode(body.build())
        .build();
  }
}

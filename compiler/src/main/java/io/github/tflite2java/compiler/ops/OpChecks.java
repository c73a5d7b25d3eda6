package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_OPTION;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.diag.ProblemCollector;

/** Validation steps shared by the operator lowerings; each adds a problem and returns false. */
final class OpChecks {

  private OpChecks() {}

  static boolean arity(ProblemCollector p, Operator op, int minIn, int maxIn, int outs) {
    if (op.inputCount() < minIn || op.inputCount() > maxIn || op.outputCount() != outs) {
      p.add(INVALID_MODEL, op, "has " + op.inputCount() + " inputs and " + op.outputCount()
          + " outputs; expected " + (minIn == maxIn ? "" + minIn : minIn + " to " + maxIn)
          + " inputs and " + outs + " output" + (outs == 1 ? "" : "s"));
      return false;
    }
    for (int i = 0; i < minIn; i++) {
      if (op.input(i) < 0) {
        p.add(INVALID_MODEL, op, "required input " + i + " is omitted");
        return false;
      }
    }
    return true;
  }

  /**
   * A run-time activation tensor: uint8 or int8 with one scale and zero point, of the given
   * rank (or any rank when {@code rank < 0}).
   */
  static boolean activation(
      ModelGraph g, ProblemCollector p, Operator op, int tensor, String role, int rank) {
    Tensor t = g.tensor(tensor);
    if (!t.type().isQuantized8()) {
      p.add(UNSUPPORTED_TYPE, op, role + " " + p.describe(tensor) + " is " + t.type()
          + "; tflite2java supports uint8 and int8 quantized tensors"
          + (t.type() == TensorType.FLOAT32
              ? " (float models: quantize with the TFLite converter, full-integer)" : ""));
      return false;
    }
    if (!t.quant().isPresent() || !t.quant().isPerTensor()) {
      p.add(UNSUPPORTED_TYPE, op, role + " " + p.describe(tensor)
          + (t.quant().isPresent() ? " has per-channel quantization" : " has no quantization")
          + "; activations must have one scale and zero point");
      return false;
    }
    if (!validScale(t.quant().scale())) {
      p.add(INVALID_MODEL, op, role + " " + p.describe(tensor) + " has scale "
          + t.quant().scale() + "; expected a positive finite number");
      return false;
    }
    int zp = t.quant().zeroPoint();
    if (zp < t.type().qmin() || zp > t.type().qmax()) {
      p.add(INVALID_MODEL, op, role + " " + p.describe(tensor) + " has zero point " + zp
          + " outside the " + t.type() + " range");
      return false;
    }
    return computedOfRank(p, op, t, tensor, role, rank);
  }

  /**
   * As {@link #activation}, also accepting int16 (TFLite's 16x8 quantization): one scale, zero
   * point 0. For the operators that have an int16 kernel in TFLite 2.9 and in tflite2java.
   */
  static boolean activationOrInt16(
      ModelGraph g, ProblemCollector p, Operator op, int tensor, String role, int rank) {
    Tensor t = g.tensor(tensor);
    if (t.type() != TensorType.INT16) {
      return activation(g, p, op, tensor, role, rank);
    }
    if (!t.quant().isPresent() || !t.quant().isPerTensor()) {
      p.add(UNSUPPORTED_TYPE, op, role + " " + p.describe(tensor)
          + (t.quant().isPresent() ? " has per-channel quantization" : " has no quantization")
          + "; int16 activations must have one scale and zero point 0");
      return false;
    }
    if (!validScale(t.quant().scale())) {
      p.add(INVALID_MODEL, op, role + " " + p.describe(tensor) + " has scale "
          + t.quant().scale() + "; expected a positive finite number");
      return false;
    }
    if (t.quant().zeroPoint() != 0) {
      p.add(UNSUPPORTED_TYPE, op, role + " " + p.describe(tensor) + " is int16 with zero point "
          + t.quant().zeroPoint() + "; tflite2java supports int16 activations with zero point 0"
          + " (TFLite's 16x8 quantization is symmetric)");
      return false;
    }
    return computedOfRank(p, op, t, tensor, role, rank);
  }

  /**
   * The checks every activation shares: the given rank (any when {@code rank < 0}), and a
   * computed tensor, not a constant.
   */
  private static boolean computedOfRank(
      ProblemCollector p, Operator op, Tensor t, int tensor, String role, int rank) {
    if (rank >= 0 && t.rank() != rank) {
      p.add(INVALID_MODEL, op, role + " " + p.describe(tensor) + " has rank " + t.rank()
          + "; expected " + rank);
      return false;
    }
    if (t.isConstant()) {
      p.add(UNSUPPORTED_TYPE, op, role + " " + p.describe(tensor)
          + " is a constant; tflite2java expects a computed tensor here");
      return false;
    }
    return true;
  }

  /** Whether input 0 of {@code op} is present and int16 (the 16x8 kernels apply). */
  static boolean int16Input(ModelGraph g, Operator op) {
    return op.inputCount() > 0 && op.input(0) >= 0
        && g.tensor(op.input(0)).type() == TensorType.INT16;
  }

  /** Output multipliers at or above this would shift left by 31 or more: undefined in TFLite. */
  static final double MAX_OUTPUT_MULTIPLIER = 0x1p30;

  /**
   * The output multipliers {@code input scale * filter scale / output scale} of a conv-like
   * operator, folded as {@link Requantization} folds them (float32 product for uint8, double
   * for int8), are finite and below {@link #MAX_OUTPUT_MULTIPLIER}.
   */
  static boolean outputMultipliers(
      ProblemCollector p, Operator op, Tensor in, Tensor filter, Tensor out, int channels) {
    float inScale = in.quant().scale();
    float outScale = out.quant().scale();
    for (int c = 0; c < channels; c++) {
      float fs = filter.quant().isPerTensor() ? filter.quant().scale() : filter.quant().scale(c);
      double m = in.type() == TensorType.UINT8
          ? (double) (inScale * fs) / (double) outScale
          : (double) inScale * (double) fs / (double) outScale;
      if (!(m < MAX_OUTPUT_MULTIPLIER)) {
        p.add(INVALID_MODEL, op, "output multiplier " + m + " (input scale " + inScale
            + " x filter scale " + fs + " / output scale " + outScale + ")"
            + (filter.quant().isPerTensor() ? "" : " of channel " + c)
            + " is not below 2^30; the model's scales are likely corrupt");
        return false;
      }
    }
    return true;
  }

  static boolean validScale(float s) {
    return s > 0 && !Float.isInfinite(s) && !Float.isNaN(s);
  }

  /** A fused activation with a quantized range: NONE, RELU, RELU6, RELU_N1_TO_1. */
  static boolean fusedActivation(ProblemCollector p, Operator op, Activation a) {
    if (a == Activation.TANH || a == Activation.SIGN_BIT) {
      p.add(UNSUPPORTED_OPTION, op, "fused activation " + a
          + " is not supported; supported: NONE, RELU, RELU6, RELU_N1_TO_1");
      return false;
    }
    return true;
  }

  /**
   * Input 0 and output 0 are activations of any rank and of one type: the common start of
   * operators that move or reduce values without changing their type (MEAN, PAD, ...).
   */
  static boolean sameTypeActivations(ModelGraph g, ProblemCollector p, Operator op) {
    return activation(g, p, op, op.input(0), "input", -1)
        && activation(g, p, op, op.output(0), "output", -1)
        && sameType(g, p, op, op.input(0), op.output(0));
  }

  /** As {@link #sameTypeActivations}, also accepting int16 with zero point 0. */
  static boolean sameTypeActivationsOrInt16(ModelGraph g, ProblemCollector p, Operator op) {
    return activationOrInt16(g, p, op, op.input(0), "input", -1)
        && activationOrInt16(g, p, op, op.output(0), "output", -1)
        && sameType(g, p, op, op.input(0), op.output(0));
  }

  static boolean sameType(ModelGraph g, ProblemCollector p, Operator op, int a, int b) {
    if (g.tensor(a).type() != g.tensor(b).type()) {
      p.add(UNSUPPORTED_TYPE, op, p.describe(a) + " and " + p.describe(b)
          + " differ in type; tflite2java supports them only of one type");
      return false;
    }
    return true;
  }

  static boolean positive(ProblemCollector p, Operator op, String what, int... values) {
    for (int v : values) {
      if (v <= 0) {
        p.add(INVALID_MODEL, op, what + " must be positive, found " + v);
        return false;
      }
    }
    return true;
  }

  static boolean outputShape(
      ProblemCollector p, Operator op, Tensor out, int n, int h, int w, int c) {
    int[] s = out.shape();
    if (s.length != 4 || s[0] != n || s[1] != h || s[2] != w || s[3] != c) {
      p.add(INVALID_MODEL, op, "output " + p.describe(out.index()) + " should have shape ["
          + n + "," + h + "," + w + "," + c + "] from its inputs and options");
      return false;
    }
    return true;
  }
}

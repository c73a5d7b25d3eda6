package io.github.tflite2java.compiler.validate;

import static io.github.tflite2java.compiler.validate.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.validate.ProblemCollector.UNSUPPORTED_OPERATOR;
import static io.github.tflite2java.compiler.validate.ProblemCollector.UNSUPPORTED_TYPE;

import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.OperatorLowering;
import io.github.tflite2java.compiler.ops.OperatorRegistry;
import java.util.Map;

/**
 * Checks that a model can be compiled: every operator supported with its types and options,
 * every tensor produced before it is used, graph inputs and outputs of supported types. Reports
 * every problem at once.
 */
public final class ModelValidator {
  private final OperatorRegistry registry;

  public ModelValidator(OperatorRegistry registry) {
    this.registry = registry;
  }

  /** @throws ModelCompileException listing every problem found */
  public void validate(ModelGraph g) throws ModelCompileException {
    ProblemCollector p = new ProblemCollector(g);
    checkGraphOrder(g, p);
    if (g.inputs().length == 0 || g.outputs().length == 0) {
      p.add(INVALID_MODEL, "the model has " + g.inputs().length + " inputs and "
          + g.outputs().length + " outputs; at least one of each is needed");
    }
    for (int i : g.inputs()) {
      checkBoundary(g, p, i, "input");
    }
    for (int i : g.outputs()) {
      checkBoundary(g, p, i, "output");
    }
    for (Operator op : g.operators()) {
      OperatorLowering lowering = registry.find(op.kind());
      if (lowering == null) {
        p.add(UNSUPPORTED_OPERATOR, op, "operator " + op.kind() + " is not supported"
            + alternative(op.kind()) + "; supported operators: "
            + String.join(", ", registry.kinds()));
        continue;
      }
      if (op.options() instanceof OperatorOptions.None && needsOptions(op.kind())) {
        p.add(INVALID_MODEL, op, "has no builtin options; " + op.kind() + " needs them");
        continue;
      }
      lowering.validate(g, op, p);
    }
    if (!p.isEmpty()) {
      throw new ModelCompileException(g.sourceName(), p.problems());
    }
  }

  /**
   * The nearest supported operator for some unsupported ones, and what the model must satisfy
   * to use it. Operators without a close equivalent (RESIZE_BILINEAR, ...) have no entry.
   */
  private static final Map<String, String> ALTERNATIVES = Map.ofEntries(
      Map.entry("SUM", "MEAN (a sum is the mean times the element count)"),
      Map.entry("REDUCE_MAX", "MAX_POOL_2D (a window over the whole height and width)"),
      Map.entry("L2_POOL_2D", "AVERAGE_POOL_2D"),
      Map.entry("PADV2", "PAD (pads with the output zero point)"),
      Map.entry("MIRROR_PAD", "PAD (pads with the output zero point)"),
      Map.entry("RELU_N1_TO_1", "RELU_N1_TO_1 fused into the preceding CONV_2D,"
          + " DEPTHWISE_CONV_2D, FULLY_CONNECTED or ADD"),
      Map.entry("RELU_0_TO_1", "RELU6 or LOGISTIC"),
      Map.entry("LEAKY_RELU", "RELU"),
      Map.entry("PRELU", "RELU"),
      Map.entry("HARD_SIGMOID", "LOGISTIC"),
      Map.entry("LOG_SOFTMAX", "SOFTMAX"),
      Map.entry("BATCH_MATMUL", "FULLY_CONNECTED (constant weights)"),
      Map.entry("CONV_3D", "CONV_2D"),
      Map.entry("EXPAND_DIMS", "RESHAPE"),
      Map.entry("ADD_N", "ADD (chained)"),
      Map.entry("CAST", "QUANTIZE or DEQUANTIZE"),
      Map.entry("FAKE_QUANT", "QUANTIZE"));

  /** " (nearest supported alternative: X)", or "" when there is none. */
  static String alternative(String kind) {
    String a = ALTERNATIVES.get(kind);
    return a == null ? "" : " (nearest supported alternative: " + a + ")";
  }

  private static boolean needsOptions(String kind) {
    switch (kind) {
      case "CONV_2D":
      case "DEPTHWISE_CONV_2D":
      case "AVERAGE_POOL_2D":
      case "MAX_POOL_2D":
      case "SOFTMAX":
        return true;
      default:
        return false;
    }
  }

  private static void checkBoundary(ModelGraph g, ProblemCollector p, int index, String role) {
    Tensor t = g.tensor(index);
    if (t.type() == TensorType.FLOAT32 && !t.isConstant()) {
      if (!floatBoundaryConverts(g, index, role.equals("input"))) {
        p.add(UNSUPPORTED_TYPE, "model " + role + " " + p.describe(index) + " is float32;"
            + " tflite2java supports a float32 model " + role + " only where "
            + (role.equals("input") ? "QUANTIZE operators convert it to" : "a DEQUANTIZE"
            + " operator produces it from") + " uint8 or int8 (float arithmetic inside the"
            + " model is not supported: quantize with the TFLite converter, full-integer)");
      }
      return;
    }
    if (!t.type().isQuantized8() || !t.quant().isPresent() || !t.quant().isPerTensor()) {
      p.add(UNSUPPORTED_TYPE, "model " + role + " " + p.describe(index)
          + " is not supported; model inputs and outputs must be uint8 or int8 with one scale"
          + " and zero point");
    }
    if (t.isConstant()) {
      p.add(UNSUPPORTED_TYPE, "model " + role + " " + p.describe(index) + " is a constant");
    }
    if (t.quant().isPresent() && t.type().isQuantized8()) {
      float scale = t.quant().scale();
      int zp = t.quant().zeroPoint();
      if (!(scale > 0) || Float.isInfinite(scale)) {
        p.add(INVALID_MODEL, "model " + role + " " + p.describe(index) + " has scale " + scale
            + "; expected a positive finite number");
      } else if (zp < t.type().qmin() || zp > t.type().qmax()) {
        p.add(INVALID_MODEL, "model " + role + " " + p.describe(index) + " has zero point "
            + zp + " outside the " + t.type() + " range");
      }
    }
  }

  /**
   * Whether a float32 model input feeds only QUANTIZE operators, or a float32 model output comes
   * from a DEQUANTIZE operator.
   */
  private static boolean floatBoundaryConverts(ModelGraph g, int tensor, boolean input) {
    for (Operator op : g.operators()) {
      if (input) {
        for (int in : op.inputs()) {
          if (in == tensor && !op.kind().equals("QUANTIZE")) {
            return false;
          }
        }
      } else {
        for (int out : op.outputs()) {
          if (out == tensor) {
            return op.kind().equals("DEQUANTIZE");
          }
        }
      }
    }
    return input;
  }

  /** Every run-time tensor is produced once, before any operator reads it. */
  private static void checkGraphOrder(ModelGraph g, ProblemCollector p) {
    int n = g.tensors().size();
    int[] producer = new int[n];
    java.util.Arrays.fill(producer, -2);
    for (int i : g.inputs()) {
      producer[i] = -1;
    }
    for (Operator op : g.operators()) {
      for (int in : op.inputs()) {
        if (in >= 0 && !g.tensor(in).isConstant() && producer[in] == -2) {
          p.add(INVALID_MODEL, op, "reads " + p.describe(in)
              + " before any operator produces it (and it is not a model input)");
        }
      }
      for (int out : op.outputs()) {
        if (producer[out] != -2) {
          p.add(INVALID_MODEL, op, "writes " + p.describe(out) + " which "
              + (producer[out] == -1 ? "is a model input" : "operator " + producer[out]
              + " already produces"));
        } else if (g.tensor(out).isConstant()) {
          p.add(INVALID_MODEL, op, "writes constant " + p.describe(out));
        }
        producer[out] = op.index();
      }
    }
    for (int out : g.outputs()) {
      if (producer[out] == -2) {
        p.add(INVALID_MODEL, "model output " + p.describe(out) + " is never produced");
      }
    }
  }
}

package io.github.tflite2java.compiler.validate;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_OPERATOR;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.LayerPlan;
import io.github.tflite2java.compiler.ops.OperatorKernel;
import io.github.tflite2java.compiler.ops.OperatorRegistry;
import io.github.tflite2java.compiler.ops.PreparedModel;
import io.github.tflite2java.compiler.ops.PrepareContext;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * Checks the graph and prepares every operator through its kernel.
   *
   * @return the plans, one per operator
   * @throws ModelCompileException listing every problem found, unsupported operators first
   */
  public PreparedModel validate(ModelGraph g, CompileOptions options)
      throws ModelCompileException {
    g = withOutputShapesFromOptions(g);
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
    checkVariables(g, p);
    PrepareContext ctx = new PrepareContext(g, options, p);
    List<LayerPlan> plans = new ArrayList<>();
    for (Operator op : g.operators()) {
      OperatorKernel<?, ?> kernel = registry.find(op.kind());
      if (kernel == null) {
        p.add(registry.unsupported(op));
        continue;
      }
      if (op.options() instanceof OperatorOptions.None
          && kernel.optionsType() != OperatorOptions.None.class) {
        p.add(INVALID_MODEL, op, "has no builtin options; " + op.kind() + " needs them");
        continue;
      }
      LayerPlan plan = kernel.prepareOperator(ctx, op);
      if (plan != null) {
        plans.add(plan);
      }
    }
    p.moveFirst(UNSUPPORTED_OPERATOR);
    if (!p.isEmpty()) {
      throw new ModelCompileException(g.sourceName(), p.problems());
    }
    return new PreparedModel(g, plans);
  }

  private void checkBoundary(ModelGraph g, ProblemCollector p, int index, String role) {
    Tensor t = g.tensor(index);
    if (t.type() == TensorType.FLOAT32 && !t.isConstant()) {
      Operator other = floatBoundaryOffender(g, index, role.equals("input"));
      if (other != null) {
        p.add(UNSUPPORTED_TYPE, "model " + role + " " + p.describe(index) + " is float32 and "
            + (role.equals("input") ? "is read by " : "is produced by ") + other.describe()
            + ", which tflite2java implements only for quantized tensors; float32 tensors are"
            + " " + (role.equals("input") ? "read" : "written") + " by "
            + String.join(", ", floatKernels(role.equals("input")))
            + " (a float model: convert it with the TFLite converter's full-integer"
            + " quantization)");
      }
      return;
    }
    switch (t.type()) {
      case INT32:
      case INT64:
      case BOOL:
        // Passed as they are (int64 as int: the operators that read or write int64 check that
        // their values fit); whether an operator accepts the type is its kernel's check.
        break;
      case INT16:
        if (t.quant().isPresent() && !t.quant().isPerTensor()) {
          p.add(UNSUPPORTED_TYPE, "model " + role + " " + p.describe(index) + " is int16 with"
              + " per-channel quantization; a model input or output needs one scale and zero"
              + " point");
        }
        break;
      case UINT8:
      case INT8:
        // Without quantization: raw values (e.g. pixels that a CAST turns into float32).
        if (t.quant().isPresent() && !t.quant().isPerTensor()) {
          p.add(UNSUPPORTED_TYPE, "model " + role + " " + p.describe(index)
              + " is not supported; uint8 and int8 model inputs and outputs need one scale and"
              + " zero point (or none, for raw values)");
        }
        break;
      default:
        p.add(UNSUPPORTED_TYPE, "model " + role + " " + p.describe(index)
            + " is not supported; model inputs and outputs must be uint8, int8, int16, int32,"
            + " int64, float32 or bool");
    }
    if (t.isConstant()) {
      p.add(UNSUPPORTED_TYPE, "model " + role + " " + p.describe(index) + " is a constant");
    }
    if (t.quant().isPresent() && t.quant().isPerTensor()
        && (t.type().isQuantized8() || t.type() == TensorType.INT16)) {
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
   * The operator that reads a float32 model input whose kernel does not read float32, or
   * produces a float32 model output whose kernel does not write float32; {@code null} when
   * there is none.
   */
  private Operator floatBoundaryOffender(ModelGraph g, int tensor, boolean input) {
    for (Operator op : g.operators()) {
      OperatorKernel<?, ?> k = registry.find(op.kind());
      if (input) {
        for (int in : op.inputs()) {
          if (in == tensor && k != null && !k.readsFloat32Inputs()) {
            return op;
          }
        }
      } else {
        for (int out : op.outputs()) {
          if (out == tensor) {
            return op.kind().equals("DEQUANTIZE") || k == null || k.writesFloat32Outputs()
                ? null : op;
          }
        }
      }
    }
    return null;
  }

  /** The operators whose kernels read (or write) float32 tensors. */
  private List<String> floatKernels(boolean input) {
    List<String> names = new ArrayList<>();
    for (OperatorKernel<?, ?> k : registry.kernels()) {
      if (input ? k.readsFloat32Inputs()
          : (k.writesFloat32Outputs() || k.name().equals("DEQUANTIZE"))) {
        names.add(k.name());
      }
    }
    return names;
  }

  /**
   * {@code g} with the shapes TFLite gives at Prepare time to outputs stored without a shape
   * (the SSD exporter leaves TFLite_Detection_PostProcess's four outputs shapeless), from the
   * kernels' {@link OperatorKernel#outputShapes}.
   */
  private ModelGraph withOutputShapesFromOptions(ModelGraph g) {
    List<Tensor> tensors = new ArrayList<>(g.tensors());
    boolean changed = false;
    for (Operator op : g.operators()) {
      OperatorKernel<?, ?> k = registry.find(op.kind());
      int[][] shapes = k == null ? null : k.outputShapesOf(op);
      if (shapes == null) {
        continue;
      }
      for (int i = 0; i < Math.min(shapes.length, op.outputCount()); i++) {
        int index = op.output(i);
        Tensor t = tensors.get(index);
        if (t.rank() == 0 && !t.isConstant() && shapes[i] != null) {
          tensors.set(index, new Tensor(index, t.name(), t.type(), shapes[i], t.quant(),
              t.data(), t.variable()));
          changed = true;
        }
      }
    }
    return !changed ? g : new ModelGraph(g.sourceName(), g.sha256(), g.fileSize(),
        g.schemaVersion(), g.description(), tensors, g.operators(), g.inputs(), g.outputs());
  }

  /** Variable tensors (state) are read only by operators whose kernel keeps state. */
  private void checkVariables(ModelGraph g, ProblemCollector p) {
    for (Tensor t : g.tensors()) {
      if (!t.variable()) {
        continue;
      }
      boolean owned = false;
      for (Operator op : g.operators()) {
        for (int in : op.inputs()) {
          if (in != t.index()) {
            continue;
          }
          OperatorKernel<?, ?> k = registry.find(op.kind());
          if (k != null && !k.keepsState()) {
            p.add(ProblemCollector.VARIABLE_TENSOR, op, t.index(), p.describe(t.index())
                + " is a variable tensor (state kept between runs); " + op.kind()
                + " does not keep state");
          }
          owned = true;
        }
      }
      if (!owned) {
        p.add(ProblemCollector.VARIABLE_TENSOR, p.describe(t.index()) + " is a variable tensor"
            + " (state kept between runs) that no operator reads");
      }
    }
  }

  /** Every run-time tensor is produced once, before any operator reads it. */
  private static void checkGraphOrder(ModelGraph g, ProblemCollector p) {
    int n = g.tensors().size();
    int[] producer = new int[n];
    java.util.Arrays.fill(producer, -2);
    for (int i : g.inputs()) {
      producer[i] = -1;
    }
    for (Tensor t : g.tensors()) {
      if (t.variable() && producer[t.index()] == -2) {
        producer[t.index()] = -3; // state: holds a value before any operator runs
      }
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
              + (producer[out] == -1 ? "is a model input"
              : producer[out] == -3 ? "is a variable tensor (state, updated in place)"
              : "operator " + producer[out] + " already produces"));
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

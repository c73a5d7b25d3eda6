package io.github.tflite2java.compiler.reader;

import static io.github.tflite2java.compiler.reader.TfliteReader.CORRUPT;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflOptions;

/**
 * Decodes an operator's builtin options into the IR record for its operator kind.
 *
 * <p>Options are read only for the operators whose tables this project knows (see {@link
 * #expectedType(int)}); every other operator gets {@link OperatorOptions.None}. Options of the
 * wrong table type are reported as corrupt, as TFLite would silently ignore them. An absent
 * table reads as TFLite reads it: CONV_2D, DEPTHWISE_CONV_2D and the pools give {@code None}
 * (TFLite would run them with zero strides), the others give the schema's defaults.
 */
final class OptionsDecoder {

  private OptionsDecoder() {}

  /** The BuiltinOptions union type TFLite reads for a builtin code, or NONE. */
  static int expectedType(int builtinCode) {
    switch (builtinCode) {
      case BuiltinOperator.CONV_2D: return TflOptions.CONV_2D_OPTIONS;
      case BuiltinOperator.DEPTHWISE_CONV_2D: return TflOptions.DEPTHWISE_CONV_2D_OPTIONS;
      case BuiltinOperator.AVERAGE_POOL_2D:
      case BuiltinOperator.MAX_POOL_2D:
      case 12: // L2_POOL_2D
        return TflOptions.POOL_2D_OPTIONS;
      case BuiltinOperator.FULLY_CONNECTED: return TflOptions.FULLY_CONNECTED_OPTIONS;
      case BuiltinOperator.SOFTMAX: return TflOptions.SOFTMAX_OPTIONS;
      case BuiltinOperator.CONCATENATION: return TflOptions.CONCATENATION_OPTIONS;
      case BuiltinOperator.ADD: return TflOptions.ADD_OPTIONS;
      case BuiltinOperator.RESHAPE: return TflOptions.RESHAPE_OPTIONS;
      case BuiltinOperator.MUL: return TflOptions.MUL_OPTIONS;
      case BuiltinOperator.MEAN:
      case BuiltinOperator.SUM:
      case 81: // REDUCE_PROD
      case BuiltinOperator.REDUCE_MAX:
      case 89: // REDUCE_MIN
      case 91: // REDUCE_ANY
      case 140: // REDUCE_ALL
        return TflOptions.REDUCER_OPTIONS;
      case BuiltinOperator.SQUEEZE: return TflOptions.SQUEEZE_OPTIONS;
      default: return TflOptions.NONE;
    }
  }

  static OperatorOptions decode(TflOperator op, int builtinCode, String label, Problems problems) {
    int expected = expectedType(builtinCode);
    if (expected == TflOptions.NONE) {
      return new OperatorOptions.None();
    }
    int type = op.builtinOptionsType();
    if (type != TflOptions.NONE && type != expected) {
      problems.add(CORRUPT, "corrupt: " + label + " has builtin options of type "
          + TflOptions.name(type) + ", expected " + TflOptions.name(expected));
      return new OperatorOptions.None();
    }
    boolean present = type == expected && op.hasBuiltinOptions();
    Enums e = new Enums(label, problems);
    switch (expected) {
      case TflOptions.CONV_2D_OPTIONS: {
        TflOptions.Conv2D o = present ? op.builtinOptions(new TflOptions.Conv2D()) : null;
        if (o == null) {
          return new OperatorOptions.None();
        }
        return new OperatorOptions.Conv2D(e.padding(o.padding()), o.strideW(), o.strideH(),
            o.dilationWFactor(), o.dilationHFactor(), e.activation(o.fusedActivationFunction()));
      }
      case TflOptions.DEPTHWISE_CONV_2D_OPTIONS: {
        TflOptions.DepthwiseConv2D o =
            present ? op.builtinOptions(new TflOptions.DepthwiseConv2D()) : null;
        if (o == null) {
          return new OperatorOptions.None();
        }
        return new OperatorOptions.DepthwiseConv2D(e.padding(o.padding()), o.strideW(),
            o.strideH(), o.depthMultiplier(), o.dilationWFactor(), o.dilationHFactor(),
            e.activation(o.fusedActivationFunction()));
      }
      case TflOptions.POOL_2D_OPTIONS: {
        TflOptions.Pool2D o = present ? op.builtinOptions(new TflOptions.Pool2D()) : null;
        if (o == null) {
          return new OperatorOptions.None();
        }
        return new OperatorOptions.Pool2D(e.padding(o.padding()), o.strideW(), o.strideH(),
            o.filterWidth(), o.filterHeight(), e.activation(o.fusedActivationFunction()));
      }
      case TflOptions.FULLY_CONNECTED_OPTIONS: {
        TflOptions.FullyConnected o =
            present ? op.builtinOptions(new TflOptions.FullyConnected()) : null;
        return o == null
            ? new OperatorOptions.FullyConnected(Activation.NONE, 0, false)
            : new OperatorOptions.FullyConnected(e.activation(o.fusedActivationFunction()),
                o.weightsFormat(), o.keepNumDims());
      }
      case TflOptions.SOFTMAX_OPTIONS: {
        TflOptions.Softmax o = present ? op.builtinOptions(new TflOptions.Softmax()) : null;
        return new OperatorOptions.Softmax(o == null ? 0f : o.beta());
      }
      case TflOptions.CONCATENATION_OPTIONS: {
        TflOptions.Concatenation o =
            present ? op.builtinOptions(new TflOptions.Concatenation()) : null;
        return o == null
            ? new OperatorOptions.Concatenation(0, Activation.NONE)
            : new OperatorOptions.Concatenation(o.axis(),
                e.activation(o.fusedActivationFunction()));
      }
      case TflOptions.ADD_OPTIONS: {
        TflOptions.Add o = present ? op.builtinOptions(new TflOptions.Add()) : null;
        return new OperatorOptions.Add(
            o == null ? Activation.NONE : e.activation(o.fusedActivationFunction()));
      }
      case TflOptions.MUL_OPTIONS: {
        TflOptions.Mul o = present ? op.builtinOptions(new TflOptions.Mul()) : null;
        return new OperatorOptions.Mul(
            o == null ? Activation.NONE : e.activation(o.fusedActivationFunction()));
      }
      case TflOptions.RESHAPE_OPTIONS: {
        TflOptions.Reshape o = present ? op.builtinOptions(new TflOptions.Reshape()) : null;
        int[] shape = o == null ? null : o.newShape();
        return new OperatorOptions.Reshape(shape == null ? new int[0] : shape);
      }
      case TflOptions.REDUCER_OPTIONS: {
        TflOptions.Reducer o = present ? op.builtinOptions(new TflOptions.Reducer()) : null;
        return new OperatorOptions.Reducer(o != null && o.keepDims());
      }
      case TflOptions.SQUEEZE_OPTIONS: {
        TflOptions.Squeeze o = present ? op.builtinOptions(new TflOptions.Squeeze()) : null;
        int[] dims = o == null ? null : o.squeezeDims();
        return new OperatorOptions.Squeeze(dims == null ? new int[0] : dims);
      }
      default:
        return new OperatorOptions.None();
    }
  }

  /** Maps schema enum bytes to IR enums, reporting codes the schema does not define. */
  private record Enums(String label, Problems problems) {

    Padding padding(byte code) {
      if (code == 0) {
        return Padding.SAME;
      }
      if (code == 1) {
        return Padding.VALID;
      }
      problems.add(CORRUPT, "corrupt: " + label + " has unknown padding code " + code);
      return Padding.SAME;
    }

    Activation activation(byte code) {
      Activation a = Activation.ofCode(code);
      if (a == null) {
        problems.add(CORRUPT,
            "corrupt: " + label + " has unknown fused activation function code " + code);
        return Activation.NONE;
      }
      return a;
    }
  }
}

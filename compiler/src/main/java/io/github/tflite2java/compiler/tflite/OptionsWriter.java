package io.github.tflite2java.compiler.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;

/** Writes IR options records as the matching schema options tables, for the model builder. */
final class OptionsWriter {

  private OptionsWriter() {}

  /** The BuiltinOptions union type written for an options record. */
  static int optionsType(OperatorOptions options) {
    if (options instanceof OperatorOptions.Conv2D) {
      return TflOptions.CONV_2D_OPTIONS;
    } else if (options instanceof OperatorOptions.DepthwiseConv2D) {
      return TflOptions.DEPTHWISE_CONV_2D_OPTIONS;
    } else if (options instanceof OperatorOptions.Pool2D) {
      return TflOptions.POOL_2D_OPTIONS;
    } else if (options instanceof OperatorOptions.FullyConnected) {
      return TflOptions.FULLY_CONNECTED_OPTIONS;
    } else if (options instanceof OperatorOptions.Softmax) {
      return TflOptions.SOFTMAX_OPTIONS;
    } else if (options instanceof OperatorOptions.Reshape) {
      return TflOptions.RESHAPE_OPTIONS;
    } else if (options instanceof OperatorOptions.Add) {
      return TflOptions.ADD_OPTIONS;
    } else if (options instanceof OperatorOptions.Mul) {
      return TflOptions.MUL_OPTIONS;
    } else if (options instanceof OperatorOptions.Concatenation) {
      return TflOptions.CONCATENATION_OPTIONS;
    } else if (options instanceof OperatorOptions.Reducer) {
      return TflOptions.REDUCER_OPTIONS;
    } else if (options instanceof OperatorOptions.Squeeze) {
      return TflOptions.SQUEEZE_OPTIONS;
    }
    return TflOptions.NONE;
  }

  /** Writes the options table for a record; returns its offset. */
  static int write(FlatBufferBuilder fbb, OperatorOptions options) {
    if (options instanceof OperatorOptions.Conv2D o) {
      fbb.startTable(7);
      fbb.addByte(0, padding(o.padding()), 0);
      fbb.addInt(1, o.strideW(), 0);
      fbb.addInt(2, o.strideH(), 0);
      fbb.addByte(3, (byte) o.activation().code(), 0);
      fbb.addInt(4, o.dilationW(), 1);
      fbb.addInt(5, o.dilationH(), 1);
    } else if (options instanceof OperatorOptions.DepthwiseConv2D o) {
      fbb.startTable(7);
      fbb.addByte(0, padding(o.padding()), 0);
      fbb.addInt(1, o.strideW(), 0);
      fbb.addInt(2, o.strideH(), 0);
      fbb.addInt(3, o.depthMultiplier(), 0);
      fbb.addByte(4, (byte) o.activation().code(), 0);
      fbb.addInt(5, o.dilationW(), 1);
      fbb.addInt(6, o.dilationH(), 1);
    } else if (options instanceof OperatorOptions.Pool2D o) {
      fbb.startTable(6);
      fbb.addByte(0, padding(o.padding()), 0);
      fbb.addInt(1, o.strideW(), 0);
      fbb.addInt(2, o.strideH(), 0);
      fbb.addInt(3, o.filterW(), 0);
      fbb.addInt(4, o.filterH(), 0);
      fbb.addByte(5, (byte) o.activation().code(), 0);
    } else if (options instanceof OperatorOptions.FullyConnected o) {
      fbb.startTable(5);
      fbb.addByte(0, (byte) o.activation().code(), 0);
      fbb.addByte(1, (byte) o.weightsFormat(), 0);
      fbb.addBoolean(2, o.keepNumDims(), false);
    } else if (options instanceof OperatorOptions.Softmax o) {
      fbb.startTable(1);
      fbb.addFloat(0, o.beta(), 0.0);
    } else if (options instanceof OperatorOptions.Reshape o) {
      int shape = TfliteModelBuilder.intVector(fbb, o.newShape());
      fbb.startTable(1);
      fbb.addOffset(0, shape, 0);
    } else if (options instanceof OperatorOptions.Add o) {
      fbb.startTable(2);
      fbb.addByte(0, (byte) o.activation().code(), 0);
    } else if (options instanceof OperatorOptions.Mul o) {
      fbb.startTable(1);
      fbb.addByte(0, (byte) o.activation().code(), 0);
    } else if (options instanceof OperatorOptions.Concatenation o) {
      fbb.startTable(2);
      fbb.addInt(0, o.axis(), 0);
      fbb.addByte(1, (byte) o.activation().code(), 0);
    } else if (options instanceof OperatorOptions.Reducer o) {
      fbb.startTable(1);
      fbb.addBoolean(0, o.keepDims(), false);
    } else if (options instanceof OperatorOptions.Squeeze o) {
      int dims = TfliteModelBuilder.intVector(fbb, o.squeezeDims());
      fbb.startTable(1);
      fbb.addOffset(0, dims, 0);
    } else {
      throw new IllegalArgumentException("no options table for " + options);
    }
    return fbb.endTable();
  }

  private static byte padding(Padding p) {
    return (byte) (p == Padding.VALID ? 1 : 0);
  }
}

package io.github.tflite2java.compiler.tflite;

/**
 * Accessors for the builtin options tables this project reads, and the codes and names of the
 * schema's {@code BuiltinOptions} union. Absent fields read as the schema's defaults.
 */
public final class TflOptions {

  private TflOptions() {}

  public static final int NONE = 0;
  public static final int CONV_2D_OPTIONS = 1;
  public static final int DEPTHWISE_CONV_2D_OPTIONS = 2;
  public static final int POOL_2D_OPTIONS = 5;
  public static final int FULLY_CONNECTED_OPTIONS = 8;
  public static final int SOFTMAX_OPTIONS = 9;
  public static final int CONCATENATION_OPTIONS = 10;
  public static final int ADD_OPTIONS = 11;
  public static final int RESIZE_BILINEAR_OPTIONS = 15;
  public static final int RESHAPE_OPTIONS = 17;
  public static final int MUL_OPTIONS = 21;
  public static final int REDUCER_OPTIONS = 27;
  public static final int SQUEEZE_OPTIONS = 30;
  public static final int UNIDIRECTIONAL_SEQUENCE_LSTM_OPTIONS = 71;

  private static final String[] NAMES = {
    "NONE", "Conv2DOptions", "DepthwiseConv2DOptions", "ConcatEmbeddingsOptions",
    "LSHProjectionOptions", "Pool2DOptions", "SVDFOptions", "RNNOptions",
    "FullyConnectedOptions", "SoftmaxOptions", "ConcatenationOptions", "AddOptions",
    "L2NormOptions", "LocalResponseNormalizationOptions", "LSTMOptions",
    "ResizeBilinearOptions", "CallOptions", "ReshapeOptions", "SkipGramOptions",
    "SpaceToDepthOptions", "EmbeddingLookupSparseOptions", "MulOptions", "PadOptions",
    "GatherOptions", "BatchToSpaceNDOptions", "SpaceToBatchNDOptions", "TransposeOptions",
    "ReducerOptions", "SubOptions", "DivOptions", "SqueezeOptions", "SequenceRNNOptions",
    "StridedSliceOptions", "ExpOptions", "TopKV2Options", "SplitOptions", "LogSoftmaxOptions",
    "CastOptions", "DequantizeOptions", "MaximumMinimumOptions", "ArgMaxOptions", "LessOptions",
    "NegOptions", "PadV2Options", "GreaterOptions", "GreaterEqualOptions", "LessEqualOptions",
    "SelectOptions", "SliceOptions", "TransposeConvOptions", "SparseToDenseOptions",
    "TileOptions", "ExpandDimsOptions", "EqualOptions", "NotEqualOptions", "ShapeOptions",
    "PowOptions", "ArgMinOptions", "FakeQuantOptions", "PackOptions", "LogicalOrOptions",
    "OneHotOptions", "LogicalAndOptions", "LogicalNotOptions", "UnpackOptions",
    "FloorDivOptions", "SquareOptions", "ZerosLikeOptions", "FillOptions",
    "BidirectionalSequenceLSTMOptions", "BidirectionalSequenceRNNOptions",
    "UnidirectionalSequenceLSTMOptions", "FloorModOptions", "RangeOptions",
    "ResizeNearestNeighborOptions", "LeakyReluOptions", "SquaredDifferenceOptions",
    "MirrorPadOptions", "AbsOptions", "SplitVOptions", "UniqueOptions", "ReverseV2Options",
    "AddNOptions", "GatherNdOptions", "CosOptions", "WhereOptions", "RankOptions",
    "ReverseSequenceOptions", "MatrixDiagOptions", "QuantizeOptions", "MatrixSetDiagOptions",
    "HardSwishOptions", "IfOptions", "WhileOptions", "DepthToSpaceOptions",
    "NonMaxSuppressionV4Options", "NonMaxSuppressionV5Options", "ScatterNdOptions",
    "SelectV2Options", "DensifyOptions", "SegmentSumOptions", "BatchMatMulOptions",
    "CumsumOptions", "CallOnceOptions", "BroadcastToOptions", "Rfft2dOptions", "Conv3DOptions",
    "HashtableOptions", "HashtableFindOptions", "HashtableImportOptions",
    "HashtableSizeOptions", "VarHandleOptions", "ReadVariableOptions", "AssignVariableOptions",
    "RandomOptions", "BucketizeOptions", "GeluOptions", "DynamicUpdateSliceOptions",
    "UnsortedSegmentProdOptions", "UnsortedSegmentMaxOptions", "UnsortedSegmentMinOptions",
    "UnsortedSegmentSumOptions", "ATan2Options", "SignOptions", "BitcastOptions",
    "BitwiseXorOptions", "RightShiftOptions",
  };

  /** The union member name for a BuiltinOptions type code, e.g. "Conv2DOptions". */
  public static String name(int type) {
    return type >= 0 && type < NAMES.length ? NAMES[type] : "unknown options type " + type;
  }

  /** Conv2DOptions: padding, strides, fused activation, dilations (default 1). */
  public static final class Conv2D extends CheckedTable {
    public byte padding() { return getByte(0, (byte) 0); }
    public int strideW() { return getInt(1, 0); }
    public int strideH() { return getInt(2, 0); }
    public byte fusedActivationFunction() { return getByte(3, (byte) 0); }
    public int dilationWFactor() { return getInt(4, 1); }
    public int dilationHFactor() { return getInt(5, 1); }
    public byte quantizedBiasType() { return getByte(6, (byte) 0); }
  }

  /** DepthwiseConv2DOptions: like Conv2D plus the depth multiplier. */
  public static final class DepthwiseConv2D extends CheckedTable {
    public byte padding() { return getByte(0, (byte) 0); }
    public int strideW() { return getInt(1, 0); }
    public int strideH() { return getInt(2, 0); }
    public int depthMultiplier() { return getInt(3, 0); }
    public byte fusedActivationFunction() { return getByte(4, (byte) 0); }
    public int dilationWFactor() { return getInt(5, 1); }
    public int dilationHFactor() { return getInt(6, 1); }
  }

  /** Pool2DOptions: padding, strides, filter size, fused activation. */
  public static final class Pool2D extends CheckedTable {
    public byte padding() { return getByte(0, (byte) 0); }
    public int strideW() { return getInt(1, 0); }
    public int strideH() { return getInt(2, 0); }
    public int filterWidth() { return getInt(3, 0); }
    public int filterHeight() { return getInt(4, 0); }
    public byte fusedActivationFunction() { return getByte(5, (byte) 0); }
  }

  /** FullyConnectedOptions. */
  public static final class FullyConnected extends CheckedTable {
    public byte fusedActivationFunction() { return getByte(0, (byte) 0); }
    public byte weightsFormat() { return getByte(1, (byte) 0); }
    public boolean keepNumDims() { return getBool(2, false); }
    public boolean asymmetricQuantizeInputs() { return getBool(3, false); }
    public byte quantizedBiasType() { return getByte(4, (byte) 0); }
  }

  /** SoftmaxOptions. */
  public static final class Softmax extends CheckedTable {
    public float beta() { return getFloat(0, 0f); }
  }

  /** ConcatenationOptions. */
  public static final class Concatenation extends CheckedTable {
    public int axis() { return getInt(0, 0); }
    public byte fusedActivationFunction() { return getByte(1, (byte) 0); }
  }

  /** ResizeBilinearOptions (fields 0 and 1, new_height and new_width, are deprecated). */
  public static final class ResizeBilinear extends CheckedTable {
    public boolean alignCorners() { return getBool(2, false); }
    public boolean halfPixelCenters() { return getBool(3, false); }
  }

  /** AddOptions. */
  public static final class Add extends CheckedTable {
    public byte fusedActivationFunction() { return getByte(0, (byte) 0); }
    public boolean potScaleInt16() { return getBool(1, true); }
  }

  /** MulOptions. */
  public static final class Mul extends CheckedTable {
    public byte fusedActivationFunction() { return getByte(0, (byte) 0); }
  }

  /** ReshapeOptions. */
  public static final class Reshape extends CheckedTable {
    /** The new shape, or null if absent. */
    public int[] newShape() { return intVector(0, "new_shape"); }
  }

  /** ReducerOptions (MEAN, SUM, REDUCE_*). */
  public static final class Reducer extends CheckedTable {
    public boolean keepDims() { return getBool(0, false); }
  }

  /** SqueezeOptions. */
  public static final class Squeeze extends CheckedTable {
    /** The dimensions to squeeze, or null if absent. */
    public int[] squeezeDims() { return intVector(0, "squeeze_dims"); }
  }

  /** UnidirectionalSequenceLSTMOptions. */
  public static final class UnidirectionalSequenceLstm extends CheckedTable {
    public byte fusedActivationFunction() { return getByte(0, (byte) 0); }
    public float cellClip() { return getFloat(1, 0f); }
    public float projClip() { return getFloat(2, 0f); }
    public boolean timeMajor() { return getBool(3, false); }
    public boolean asymmetricQuantizeInputs() { return getBool(4, false); }
    public boolean diagonalRecurrentTensors() { return getBool(5, false); }
  }
}

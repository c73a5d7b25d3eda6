package io.github.tflite2java.compiler.tflite;

import java.util.HashMap;
import java.util.Map;

/**
 * Names of the schema's {@code BuiltinOperator} enum, code to name and back, with constants for
 * the codes this project meets most often.
 */
public final class BuiltinOperator {

  private BuiltinOperator() {}

  public static final int ADD = 0;
  public static final int AVERAGE_POOL_2D = 1;
  public static final int CONCATENATION = 2;
  public static final int CONV_2D = 3;
  public static final int DEPTHWISE_CONV_2D = 4;
  public static final int DEQUANTIZE = 6;
  public static final int FULLY_CONNECTED = 9;
  public static final int LOGISTIC = 14;
  public static final int MAX_POOL_2D = 17;
  public static final int MUL = 18;
  public static final int RELU = 19;
  public static final int RELU6 = 21;
  public static final int RESHAPE = 22;
  public static final int SOFTMAX = 25;
  public static final int TANH = 28;
  public static final int CUSTOM = 32;
  public static final int PAD = 34;
  public static final int MEAN = 40;
  public static final int SUB = 41;
  public static final int SQUEEZE = 43;
  public static final int SUM = 74;
  public static final int REDUCE_MAX = 82;
  public static final int QUANTIZE = 114;
  public static final int HARD_SWISH = 117;
  public static final int BATCH_MATMUL = 126;
  public static final int PLACEHOLDER_FOR_GREATER_OP_CODES = 127;
  public static final int CALL_ONCE = 129;
  public static final int GELU = 150;
  /** The one code above the old byte range: DO NOT USE, temporary in the schema. */
  public static final int TEMP_STREAMING_CONV_2D = 225;

  private static final String[] NAMES = {
    "ADD", "AVERAGE_POOL_2D", "CONCATENATION", "CONV_2D", "DEPTHWISE_CONV_2D", "DEPTH_TO_SPACE",
    "DEQUANTIZE", "EMBEDDING_LOOKUP", "FLOOR", "FULLY_CONNECTED", "HASHTABLE_LOOKUP",
    "L2_NORMALIZATION", "L2_POOL_2D", "LOCAL_RESPONSE_NORMALIZATION", "LOGISTIC", "LSH_PROJECTION",
    "LSTM", "MAX_POOL_2D", "MUL", "RELU", "RELU_N1_TO_1", "RELU6", "RESHAPE", "RESIZE_BILINEAR",
    "RNN", "SOFTMAX", "SPACE_TO_DEPTH", "SVDF", "TANH", "CONCAT_EMBEDDINGS", "SKIP_GRAM", "CALL",
    "CUSTOM", "EMBEDDING_LOOKUP_SPARSE", "PAD", "UNIDIRECTIONAL_SEQUENCE_RNN", "GATHER",
    "BATCH_TO_SPACE_ND", "SPACE_TO_BATCH_ND", "TRANSPOSE", "MEAN", "SUB", "DIV", "SQUEEZE",
    "UNIDIRECTIONAL_SEQUENCE_LSTM", "STRIDED_SLICE", "BIDIRECTIONAL_SEQUENCE_RNN", "EXP",
    "TOPK_V2", "SPLIT", "LOG_SOFTMAX", "DELEGATE", "BIDIRECTIONAL_SEQUENCE_LSTM", "CAST", "PRELU",
    "MAXIMUM", "ARG_MAX", "MINIMUM", "LESS", "NEG", "PADV2", "GREATER", "GREATER_EQUAL",
    "LESS_EQUAL", "SELECT", "SLICE", "SIN", "TRANSPOSE_CONV", "SPARSE_TO_DENSE", "TILE",
    "EXPAND_DIMS", "EQUAL", "NOT_EQUAL", "LOG", "SUM", "SQRT", "RSQRT", "SHAPE", "POW", "ARG_MIN",
    "FAKE_QUANT", "REDUCE_PROD", "REDUCE_MAX", "PACK", "LOGICAL_OR", "ONE_HOT", "LOGICAL_AND",
    "LOGICAL_NOT", "UNPACK", "REDUCE_MIN", "FLOOR_DIV", "REDUCE_ANY", "SQUARE", "ZEROS_LIKE",
    "FILL", "FLOOR_MOD", "RANGE", "RESIZE_NEAREST_NEIGHBOR", "LEAKY_RELU", "SQUARED_DIFFERENCE",
    "MIRROR_PAD", "ABS", "SPLIT_V", "UNIQUE", "CEIL", "REVERSE_V2", "ADD_N", "GATHER_ND", "COS",
    "WHERE", "RANK", "ELU", "REVERSE_SEQUENCE", "MATRIX_DIAG", "QUANTIZE", "MATRIX_SET_DIAG",
    "ROUND", "HARD_SWISH", "IF", "WHILE", "NON_MAX_SUPPRESSION_V4", "NON_MAX_SUPPRESSION_V5",
    "SCATTER_ND", "SELECT_V2", "DENSIFY", "SEGMENT_SUM", "BATCH_MATMUL",
    "PLACEHOLDER_FOR_GREATER_OP_CODES", "CUMSUM", "CALL_ONCE", "BROADCAST_TO", "RFFT2D", "CONV_3D",
    "IMAG", "REAL", "COMPLEX_ABS", "HASHTABLE", "HASHTABLE_FIND", "HASHTABLE_IMPORT",
    "HASHTABLE_SIZE", "REDUCE_ALL", "CONV_3D_TRANSPOSE", "VAR_HANDLE", "READ_VARIABLE",
    "ASSIGN_VARIABLE", "BROADCAST_ARGS", "RANDOM_STANDARD_NORMAL", "BUCKETIZE", "RANDOM_UNIFORM",
    "MULTINOMIAL", "GELU", "DYNAMIC_UPDATE_SLICE", "RELU_0_TO_1", "UNSORTED_SEGMENT_PROD",
    "UNSORTED_SEGMENT_MAX", "UNSORTED_SEGMENT_SUM", "ATAN2", "UNSORTED_SEGMENT_MIN", "SIGN",
    "BITCAST", "BITWISE_XOR", "RIGHT_SHIFT", "STABLEHLO_LOGISTIC", "STABLEHLO_ADD",
    "STABLEHLO_DIVIDE", "STABLEHLO_MULTIPLY", "STABLEHLO_MAXIMUM", "STABLEHLO_RESHAPE",
    "STABLEHLO_CLAMP", "STABLEHLO_CONCATENATE", "STABLEHLO_BROADCAST_IN_DIM",
    "STABLEHLO_CONVOLUTION", "STABLEHLO_SLICE", "STABLEHLO_CUSTOM_CALL", "STABLEHLO_REDUCE",
    "STABLEHLO_ABS", "STABLEHLO_AND", "STABLEHLO_COSINE", "STABLEHLO_EXPONENTIAL",
    "STABLEHLO_FLOOR", "STABLEHLO_LOG", "STABLEHLO_MINIMUM", "STABLEHLO_NEGATE", "STABLEHLO_OR",
    "STABLEHLO_POWER", "STABLEHLO_REMAINDER", "STABLEHLO_RSQRT", "STABLEHLO_SELECT",
    "STABLEHLO_SUBTRACT", "STABLEHLO_TANH", "STABLEHLO_SCATTER", "STABLEHLO_COMPARE",
    "STABLEHLO_CONVERT", "STABLEHLO_DYNAMIC_SLICE", "STABLEHLO_DYNAMIC_UPDATE_SLICE",
    "STABLEHLO_PAD", "STABLEHLO_IOTA", "STABLEHLO_DOT_GENERAL", "STABLEHLO_REDUCE_WINDOW",
    "STABLEHLO_SORT", "STABLEHLO_WHILE", "STABLEHLO_GATHER", "STABLEHLO_TRANSPOSE", "DILATE",
    "STABLEHLO_RNG_BIT_GENERATOR", "REDUCE_WINDOW", "STABLEHLO_COMPOSITE", "STABLEHLO_SHIFT_LEFT",
    "STABLEHLO_CBRT", "STABLEHLO_CASE",
  };

  private static final Map<String, Integer> CODES = new HashMap<>();

  static {
    for (int i = 0; i < NAMES.length; i++) {
      CODES.put(NAMES[i], i);
    }
    CODES.put("TEMP_STREAMING_CONV_2D", TEMP_STREAMING_CONV_2D);
  }

  /** The schema name of a builtin code, e.g. {@code 3 -> "CONV_2D"}, or null if unknown. */
  public static String name(int code) {
    if (code >= 0 && code < NAMES.length) {
      return NAMES[code];
    }
    return code == TEMP_STREAMING_CONV_2D ? "TEMP_STREAMING_CONV_2D" : null;
  }

  /** The code of a schema name, e.g. {@code "CONV_2D" -> 3}, or -1 if unknown. */
  public static int code(String name) {
    Integer c = CODES.get(name);
    return c == null ? -1 : c;
  }

  /** Whether the schema defines this code. */
  public static boolean isKnown(int code) {
    return name(code) != null;
  }

  /** The largest code below {@link #TEMP_STREAMING_CONV_2D} that the schema defines. */
  public static int maxContiguousCode() {
    return NAMES.length - 1;
  }
}

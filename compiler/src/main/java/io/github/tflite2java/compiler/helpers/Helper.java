package io.github.tflite2java.compiler.helpers;

import java.util.EnumSet;
import java.util.Set;

/**
 * A static method that generated classes carry, named by type rather than by text: emitters ask
 * for a helper by its constant (which records that the class needs it) and call it by {@link
 * #methodName()}; the class then carries exactly the helpers asked for and the helpers those
 * call, copied from their one compiled definition by {@link HelperSource}.
 */
public enum Helper {
  SATURATING_ROUNDING_DOUBLING_HIGH_MUL(FixedPointHelpers.class,
      "saturatingRoundingDoublingHighMul"),
  ROUNDING_DIVIDE_BY_POT(FixedPointHelpers.class, "roundingDivideByPot"),
  MULTIPLY_BY_QUANTIZED_MULTIPLIER(FixedPointHelpers.class, "multiplyByQuantizedMultiplier"),
  MULTIPLY_BY_QUANTIZED_MULTIPLIER_ROUNDING_UP(FixedPointHelpers.class,
      "multiplyByQuantizedMultiplierRoundingUp"),
  MULTIPLY_BY_QUANTIZED_MULTIPLIER_SINGLE_ROUNDING(FixedPointHelpers.class,
      "multiplyByQuantizedMultiplierSingleRounding"),
  ROUND_HALF_AWAY_FROM_ZERO(FixedPointHelpers.class, "roundHalfAwayFromZero"),
  APPEND(WeightDecoding.class, "append"),
  READ_WEIGHTS(WeightDecoding.class, "readWeights"),
  CENTERED_UINT8(WeightDecoding.class, "centeredUint8"),
  CENTERED_INT8(WeightDecoding.class, "centeredInt8"),
  CENTERED_ROWS(WeightDecoding.class, "centeredRows"),
  CENTERED_PAIR_ROWS(PackedWeights.class, "centeredPairRows"),
  WIDEN_UINT8_ROWS(RawWeightHelpers.class, "widenUint8Rows"),
  WIDEN_INT8_ROWS(RawWeightHelpers.class, "widenInt8Rows"),
  WIDEN_REPEATED_ROWS(RawWeightHelpers.class, "widenRepeatedRows"),
  WIDEN_PAIR_ROWS(RawWeightHelpers.class, "widenPairRows"),
  WIDEN_BLOCK(RawWeightHelpers.class, "widenBlock"),
  WIDENED_ROWS_SCRATCH(RawWeightHelpers.class, "widenedRowsScratch"),
  RAW_WEIGHTS(RawWeightHelpers.class, "rawWeights"),
  REPEAT(WeightDecoding.class, "repeat"),
  INT32S(WeightDecoding.class, "int32s"),
  FLOAT32S(WeightDecoding.class, "float32s"),
  CHECK_LENGTH(InputChecks.class, "checkLength"),
  LSTM_SRDHM16(LstmHelpers.class, "lstmSrdhm16"),
  LSTM_RDBP16(LstmHelpers.class, "lstmRdbp16"),
  LSTM_SAT_SHIFT_LEFT16(LstmHelpers.class, "lstmSatShiftLeft16"),
  LSTM_ROUNDING_HALF_SUM16(LstmHelpers.class, "lstmRoundingHalfSum16"),
  LSTM_EXP_QUARTER16(LstmHelpers.class, "lstmExpQuarter16"),
  LSTM_EXP_BARREL16(LstmHelpers.class, "lstmExpBarrel16"),
  LSTM_EXP_ON_NEGATIVE_VALUES16(LstmHelpers.class, "lstmExpOnNegativeValues16"),
  LSTM_RECIPROCAL16(LstmHelpers.class, "lstmReciprocal16"),
  LSTM_LOGISTIC16(LstmHelpers.class, "lstmLogistic16"),
  LSTM_TANH16(LstmHelpers.class, "lstmTanh16"),
  LSTM_GATE_PRODUCTS(LstmHelpers.class, "lstmGateProducts"),
  LSTM_SIGMOID(LstmHelpers.class, "lstmSigmoid"),
  LSTM_TANH(LstmHelpers.class, "lstmTanh"),
  LSTM_UPDATE_CELL(LstmHelpers.class, "lstmUpdateCell"),
  LSTM_HIDDEN(LstmHelpers.class, "lstmHidden"),
  LSTM_PEEPHOLE(LstmHelpers.class, "lstmPeephole"),
  LSTM_SAT_SHIFT_LEFT32(LstmHelpers.class, "lstmSatShiftLeft32"),
  LSTM_INV_SQRT_MULTIPLIER(LstmHelpers.class, "lstmInvSqrtMultiplier"),
  LSTM_LAYER_NORM(LstmHelpers.class, "lstmLayerNorm"),
  LSTM_HIDDEN_RAW(LstmHelpers.class, "lstmHiddenRaw"),
  LSTM_PROJECTION(LstmHelpers.class, "lstmProjection"),
  LSTM_ACCUMULATE_PAIR_ROWS(LstmHelpers.class, "lstmAccumulatePairRows"),
  LSTM_GATE_OUTPUT(LstmHelpers.class, "lstmGateOutput"),
  LSTM_SIGMOID_CACHED(LstmHelpers.class, "lstmSigmoidCached"),
  LSTM_TANH_CACHED(LstmHelpers.class, "lstmTanhCached");

  private final Class<?> owner;
  private final String methodName;

  Helper(Class<?> owner, String methodName) {
    this.owner = owner;
    this.methodName = methodName;
  }

  /** The class holding the definition. */
  public Class<?> owner() {
    return owner;
  }

  /** The method's name, in its definition and in generated classes. */
  public String methodName() {
    return methodName;
  }

  /** The helpers this one calls (checked against the definition's source by a test). */
  public Set<Helper> calls() {
    switch (this) {
      case MULTIPLY_BY_QUANTIZED_MULTIPLIER:
        return EnumSet.of(SATURATING_ROUNDING_DOUBLING_HIGH_MUL, ROUNDING_DIVIDE_BY_POT);
      case FLOAT32S:
        return EnumSet.of(INT32S);
      case LSTM_EXP_QUARTER16:
        return EnumSet.of(LSTM_SRDHM16, LSTM_RDBP16);
      case LSTM_EXP_BARREL16:
        return EnumSet.of(LSTM_SRDHM16);
      case LSTM_EXP_ON_NEGATIVE_VALUES16:
        return EnumSet.of(ROUNDING_DIVIDE_BY_POT, LSTM_SAT_SHIFT_LEFT16, LSTM_EXP_QUARTER16,
            LSTM_EXP_BARREL16);
      case LSTM_RECIPROCAL16:
        return EnumSet.of(LSTM_SRDHM16, LSTM_SAT_SHIFT_LEFT16);
      case LSTM_LOGISTIC16:
      case LSTM_TANH16:
        return EnumSet.of(LSTM_SAT_SHIFT_LEFT16, LSTM_ROUNDING_HALF_SUM16,
            LSTM_EXP_ON_NEGATIVE_VALUES16, LSTM_RECIPROCAL16);
      case LSTM_GATE_PRODUCTS:
      case LSTM_HIDDEN:
      case LSTM_PEEPHOLE:
      case LSTM_HIDDEN_RAW:
      case LSTM_PROJECTION:
      case LSTM_GATE_OUTPUT:
        return EnumSet.of(MULTIPLY_BY_QUANTIZED_MULTIPLIER);
      case LSTM_INV_SQRT_MULTIPLIER:
        return EnumSet.of(ROUNDING_DIVIDE_BY_POT, SATURATING_ROUNDING_DOUBLING_HIGH_MUL,
            LSTM_SAT_SHIFT_LEFT32);
      case LSTM_LAYER_NORM:
        return EnumSet.of(MULTIPLY_BY_QUANTIZED_MULTIPLIER, LSTM_INV_SQRT_MULTIPLIER);
      case LSTM_SIGMOID:
      case LSTM_SIGMOID_CACHED:
        return EnumSet.of(LSTM_LOGISTIC16);
      case LSTM_TANH:
      case LSTM_TANH_CACHED:
        return EnumSet.of(LSTM_TANH16);
      case LSTM_UPDATE_CELL:
        return EnumSet.of(ROUNDING_DIVIDE_BY_POT);
      default:
        return EnumSet.noneOf(Helper.class);
    }
  }

  /** {@code helpers} with every helper they call, transitively. */
  public static Set<Helper> closure(Set<Helper> helpers) {
    EnumSet<Helper> all = EnumSet.noneOf(Helper.class);
    java.util.ArrayDeque<Helper> todo = new java.util.ArrayDeque<>(helpers);
    while (!todo.isEmpty()) {
      Helper h = todo.pop();
      if (all.add(h)) {
        todo.addAll(h.calls());
      }
    }
    return all;
  }
}

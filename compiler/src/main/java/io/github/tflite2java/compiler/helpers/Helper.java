package io.github.tflite2java.compiler.helpers;

import io.github.tflite2java.compiler.detect.DetectionOptions;
import io.github.tflite2java.compiler.detect.DetectionPostProcess;
import io.github.tflite2java.compiler.floatmath.EigenLogistic;
import io.github.tflite2java.compiler.floatmath.EigenLogistic26;
import io.github.tflite2java.compiler.floatmath.GlibcExp;
import io.github.tflite2java.compiler.floatmath.GlibcExpf;
import io.github.tflite2java.compiler.results.Detection;
import io.github.tflite2java.compiler.results.Keypoint;
import io.github.tflite2java.compiler.results.Segmentation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.Set;

/**
 * Run-time code that generated classes carry (they depend on nothing but the JDK), named by type
 * rather than by text: the one mechanism for both forms it takes,
 *
 * <ul>
 *   <li>a static method ({@link #isClass()} false), copied as a private static method of the
 *       generated class, e.g. fixed-point arithmetic or weight decoding;
 *   <li>a whole class ({@link #isClass()} true), nested as a private (or, {@link #isPublic()},
 *       public) static class, for arithmetic that is more than a few methods (TFLite's detection
 *       post-processing, glibc's {@code exp}), the result types of detectors, segmenters and pose
 *       models, and the parallel runner of {@code setExecutor}.
 * </ul>
 *
 * <p>Emitters ask for a helper by its constant (which records that the class needs it) and
 * refer to it by {@link #javaName()}; the class then carries exactly the helpers asked for and
 * those they call or use ({@link #calls()}), each copied from its one compiled, unit-tested
 * definition by {@link HelperSource} (the compiler jar carries the definitions' {@code .java}
 * files as resources).
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
  CENTERED_FLOATS(WeightDecoding.class, "centeredFloats"),
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
  LSTM_TANH_CACHED(LstmHelpers.class, "lstmTanhCached"),
  /** The vector warm-up's switch rule ({@code kernels=vector} model classes). */
  VECTOR_WARM_UP_DECISION(VectorWarmUpRule.class, "vectorWarmUpDecision"),
  FASTEST_TIME(VectorWarmUpRule.class, "fastestTime"),
  // Whole classes, nested in this order.
  GLIBC_EXPF(GlibcExpf.class, Form.PRIVATE_CLASS),
  GLIBC_EXP(GlibcExp.class, Form.PRIVATE_CLASS),
  EIGEN_LOGISTIC(EigenLogistic.class, Form.PRIVATE_CLASS),
  EIGEN_LOGISTIC_26(EigenLogistic26.class, Form.PRIVATE_CLASS),
  DETECTION_OPTIONS(DetectionOptions.class, Form.PRIVATE_CLASS),
  DETECTION_POST_PROCESS(DetectionPostProcess.class, Form.PRIVATE_CLASS),
  /** Result helper of detectors: public, part of the generated class's API. */
  DETECTION(Detection.class, Form.PUBLIC_CLASS),
  /** Result helper of segmenters: public, part of the generated class's API. */
  SEGMENTATION(Segmentation.class, Form.PUBLIC_CLASS),
  /** Result helper of pose models: public, part of the generated class's API. */
  KEYPOINT(Keypoint.class, Form.PUBLIC_CLASS),
  /** The intra-op parallel runner of {@code setExecutor}, in classes with a layer that splits. */
  PARALLEL_LAYERS(ParallelLayers.class, Form.PRIVATE_CLASS);

  /** What the generated class carries. */
  private enum Form {
    METHOD, PRIVATE_CLASS, PUBLIC_CLASS
  }

  private final Class<?> owner;
  private final String methodName;
  private final Form form;

  Helper(Class<?> owner, String methodName) {
    this.owner = owner;
    this.methodName = methodName;
    this.form = Form.METHOD;
  }

  Helper(Class<?> definition, Form form) {
    this.owner = definition;
    this.methodName = null;
    this.form = form;
  }

  /** The class holding the definition: the method's class, or the nested class itself. */
  public Class<?> owner() {
    return owner;
  }

  /** Whether the generated class nests the whole class {@link #owner()} (else one method). */
  public boolean isClass() {
    return form != Form.METHOD;
  }

  /**
   * Whether the class is nested {@code public} (a result type callers use, e.g. {@code
   * Model.Detection}) rather than {@code private}; false for methods.
   */
  public boolean isPublic() {
    return form == Form.PUBLIC_CLASS;
  }

  /** The name generated code refers to it by: the method's or the nested class's. */
  public String javaName() {
    return isClass() ? owner.getSimpleName() : methodName;
  }

  /** The method's name, in its definition and in generated classes. */
  public String methodName() {
    if (isClass()) {
      throw new IllegalStateException(this + " is a class, not a method");
    }
    return methodName;
  }

  /** The class's name, in its definition and as a nested class of generated classes. */
  public String simpleName() {
    if (!isClass()) {
      throw new IllegalStateException(this + " is a method, not a class");
    }
    return owner.getSimpleName();
  }

  /**
   * Methods and constructors a nested class adds (for the generated class's summary); 0 for a
   * method, which the generated class's own method count covers.
   */
  public int nestedMethodCount() {
    if (!isClass()) {
      return 0;
    }
    int n = 0;
    for (Method m : owner.getDeclaredMethods()) {
      n += m.isSynthetic() ? 0 : 1;
    }
    for (Constructor<?> k : owner.getDeclaredConstructors()) {
      n += k.isSynthetic() ? 0 : 1;
    }
    return n;
  }

  /**
   * The helpers this one calls (a method) or refers to (a class), checked against the
   * definitions' sources by a test.
   */
  public Set<Helper> calls() {
    switch (this) {
      case GLIBC_EXP:
      case EIGEN_LOGISTIC:
        return EnumSet.of(GLIBC_EXPF);
      case EIGEN_LOGISTIC_26:
        return EnumSet.of(EIGEN_LOGISTIC, GLIBC_EXPF);
      case DETECTION_POST_PROCESS:
        return EnumSet.of(GLIBC_EXP, DETECTION_OPTIONS);
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
      case VECTOR_WARM_UP_DECISION:
        return EnumSet.of(FASTEST_TIME);
      default:
        return EnumSet.noneOf(Helper.class);
    }
  }

  /** {@code helpers} with every helper they call, transitively. */
  public static Set<Helper> closure(Set<Helper> helpers) {
    EnumSet<Helper> all = EnumSet.noneOf(Helper.class);
    ArrayDeque<Helper> todo = new ArrayDeque<>(helpers);
    while (!todo.isEmpty()) {
      Helper h = todo.pop();
      if (all.add(h)) {
        todo.addAll(h.calls());
      }
    }
    return all;
  }
}

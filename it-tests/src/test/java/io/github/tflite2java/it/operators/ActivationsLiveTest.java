package io.github.tflite2java.it.operators;

import static io.github.tflite2java.it.operators.OpModels.q;

import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RELU, RELU6, LOGISTIC and HARD_SWISH against live TFLite 2.6.2 and 2.9.0: every one of the 256
 * input values, for uint8 and int8 and several input/output quantizations.
 */
class ActivationsLiveTest {
  private static final int[] SHAPE = {1, 8, 8, 5};

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("RELU", TensorType.UINT8, q(0.1f, 128), q(0.1f, 128)),
        Arguments.of("RELU", TensorType.UINT8, q(0.0731f, 140), q(0.05f, 3)),
        Arguments.of("RELU", TensorType.INT8, q(0.0731f, 12), q(0.0312f, -128)),
        Arguments.of("RELU", TensorType.INT8, q(0.02f, -5), q(0.07f, -100)),
        Arguments.of("RELU6", TensorType.UINT8, q(0.05f, 120), q(6f / 255, 0)),
        Arguments.of("RELU6", TensorType.UINT8, q(0.03f, 90), q(0.021f, 7)),
        Arguments.of("RELU6", TensorType.INT8, q(0.05f, 3), q(6f / 255, -128)),
        Arguments.of("RELU6", TensorType.INT8, q(0.011f, -20), q(0.0197f, -60)),
        Arguments.of("LOGISTIC", TensorType.UINT8, q(0.05f, 128), q(1f / 256, 0)),
        Arguments.of("LOGISTIC", TensorType.UINT8, q(0.1234f, 77), q(1f / 256, 0)),
        Arguments.of("LOGISTIC", TensorType.INT8, q(0.05f, 0), q(1f / 256, -128)),
        Arguments.of("LOGISTIC", TensorType.INT8, q(0.0371f, -33), q(1f / 256, -128)),
        Arguments.of("HARD_SWISH", TensorType.UINT8, q(0.05f, 128), q(0.03f, 20)),
        Arguments.of("HARD_SWISH", TensorType.UINT8, q(0.0237f, 100), q(0.0191f, 13)),
        Arguments.of("HARD_SWISH", TensorType.INT8, q(0.05f, 0), q(0.03f, -108)),
        Arguments.of("HARD_SWISH", TensorType.INT8, q(0.11f, -7), q(0.052f, -120)),
        Arguments.of("HARD_SWISH", TensorType.INT8, q(0.0039f, 10), q(0.0011f, -90)));
  }

  static Stream<Arguments> kinds() {
    return Stream.of("RELU", "RELU6", "LOGISTIC", "HARD_SWISH").flatMap(k -> Stream.of(
        Arguments.of(k, TensorType.UINT8), Arguments.of(k, TensorType.INT8)));
  }

  /** Random input and output quantizations (the multipliers' last bits matter). */
  @ParameterizedTest(name = "{0} {1} random quantizations")
  @MethodSource("kinds")
  void randomQuantizationsMatchTflite(String kind, TensorType type) {
    java.util.Random rnd = new java.util.Random(kind.hashCode() + type.ordinal());
    int zpBase = type == TensorType.INT8 ? -128 : 0;
    for (int i = 0; i < 10; i++) {
      float inScale = (float) Math.exp(rnd.nextGaussian() - 3);
      QuantParams in = q(inScale, zpBase + rnd.nextInt(256));
      QuantParams out = kind.equals("LOGISTIC") ? q(1f / 256, zpBase)
          : q(inScale * (float) Math.exp(rnd.nextGaussian() * 0.7), zpBase + rnd.nextInt(256));
      if (kind.equals("HARD_SWISH") && out.scale() < inScale / 128) {
        continue;
      }
      byte[] model = OpModels.unary(kind, SHAPE, type, in, type, out);
      LiveOps.assertMatchesTflite(kind + " " + type + " " + in + " -> " + out, model,
          OpModels.single(OpModels.sweep(320, 0)));
    }
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @MethodSource("cases")
  void everyInputValueMatchesTflite(String kind, TensorType type, QuantParams in,
      QuantParams out) {
    byte[] model = OpModels.unary(kind, SHAPE, type, in, type, out);
    int n = 8 * 8 * 5;
    LiveOps.assertMatchesTflite(kind + " " + type, model,
        OpModels.single(OpModels.sweep(n, 0), OpModels.sweep(n, 77)));
  }
}

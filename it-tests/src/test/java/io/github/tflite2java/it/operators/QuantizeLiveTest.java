package io.github.tflite2java.it.operators;

import static io.github.tflite2java.it.operators.OpModels.q;

import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * QUANTIZE (8-bit to 8-bit, float32 to 8-bit) and DEQUANTIZE (8-bit to float32) against live
 * TFLite 2.6.2 and 2.9.0. Float inputs sit on and next to every rounding tie, and include NaN,
 * infinities and values far out of range.
 */
class QuantizeLiveTest {
  private static final int N = 4096;

  static Stream<Arguments> requantizeCases() {
    return Stream.of(
        Arguments.of(TensorType.UINT8, q(0.007843138f, 127), TensorType.INT8,
            q(0.007843138f, -1)),
        Arguments.of(TensorType.INT8, q(1f / 256, -128), TensorType.UINT8, q(1f / 256, 0)),
        Arguments.of(TensorType.UINT8, q(0.05f, 128), TensorType.INT8, q(0.07f, -3)),
        Arguments.of(TensorType.INT8, q(0.031f, 5), TensorType.UINT8, q(0.0123f, 200)),
        Arguments.of(TensorType.UINT8, q(0.1f, 100), TensorType.UINT8, q(0.3f, 3)),
        Arguments.of(TensorType.INT8, q(0.02f, -7), TensorType.INT8, q(0.011f, 9)));
  }

  @ParameterizedTest(name = "{0} {1} -> {2} {3}")
  @MethodSource("requantizeCases")
  void requantizeMatchesTflite(TensorType inType, QuantParams in, TensorType outType,
      QuantParams out) {
    byte[] model = OpModels.unary("QUANTIZE", new int[] {1, 320}, inType, in, outType, out);
    LiveOps.assertMatchesTflite("QUANTIZE " + inType + " -> " + outType, model,
        OpModels.single(OpModels.sweep(320, 0), OpModels.sweep(320, 100)));
  }

  /** Random quantizations for every type pair (the multiplier's last bits matter). */
  @ParameterizedTest(name = "{0} -> {1} random quantizations")
  @MethodSource("typePairs")
  void requantizeRandomQuantizationsMatchTflite(TensorType inType, TensorType outType) {
    Random rnd = new Random(inType.ordinal() * 7 + outType.ordinal());
    for (int i = 0; i < 10; i++) {
      float inScale = (float) Math.exp(rnd.nextGaussian() - 3);
      QuantParams in = q(inScale, inType.qmin() + rnd.nextInt(256));
      QuantParams out = q(inScale * (float) Math.exp(rnd.nextGaussian()),
          outType.qmin() + rnd.nextInt(256));
      byte[] model = OpModels.unary("QUANTIZE", new int[] {1, 256}, inType, in, outType, out);
      LiveOps.assertMatchesTflite("QUANTIZE " + in + " -> " + out, model,
          OpModels.single(OpModels.sweep(256, 0)));
    }
  }

  static Stream<Arguments> typePairs() {
    return Stream.of(Arguments.of(TensorType.UINT8, TensorType.INT8),
        Arguments.of(TensorType.INT8, TensorType.UINT8),
        Arguments.of(TensorType.UINT8, TensorType.UINT8),
        Arguments.of(TensorType.INT8, TensorType.INT8));
  }

  static Stream<Arguments> floatCases() {
    return Stream.of(
        Arguments.of(TensorType.UINT8, q(0.007843138f, 127)),
        Arguments.of(TensorType.UINT8, q(0.1f, 0)),
        Arguments.of(TensorType.INT8, q(0.007843138f, -1)),
        Arguments.of(TensorType.INT8, q(0.0371f, -128)),
        Arguments.of(TensorType.INT8, q(3.3f, 17)));
  }

  @ParameterizedTest(name = "float32 -> {0} {1}")
  @MethodSource("floatCases")
  void quantizeFloatMatchesTflite(TensorType outType, QuantParams out) {
    byte[] model = OpModels.unary("QUANTIZE", new int[] {1, N}, TensorType.FLOAT32,
        QuantParams.NONE, outType, out);
    List<List<byte[]>> sets = new ArrayList<>();
    sets.add(List.of(LiveOps.floats(nearTies(out.scale(), out.zeroPoint(), new Random(1)))));
    sets.add(List.of(LiveOps.floats(randomFloats(new Random(2), out.scale()))));
    LiveOps.assertMatchesTflite("QUANTIZE float32 -> " + outType, model, sets);
  }

  static Stream<Arguments> dequantizeCases() {
    return Stream.of(
        Arguments.of(TensorType.UINT8, q(1f / 256, 0)),
        Arguments.of(TensorType.UINT8, q(0.0731f, 131)),
        Arguments.of(TensorType.INT8, q(1f / 256, -128)),
        Arguments.of(TensorType.INT8, q(0.3317f, 9)));
  }

  @ParameterizedTest(name = "{0} {1} -> float32")
  @MethodSource("dequantizeCases")
  void dequantizeMatchesTflite(TensorType inType, QuantParams in) {
    byte[] model = OpModels.unary("DEQUANTIZE", new int[] {1, 256}, inType, in,
        TensorType.FLOAT32, QuantParams.NONE);
    LiveOps.assertMatchesTflite("DEQUANTIZE " + inType, model,
        OpModels.single(OpModels.sweep(256, 0)));
  }

  /** Floats on and one or two ulps beside {@code (k + 0.5) * scale} for k over the range. */
  static float[] nearTies(float scale, int zeroPoint, Random rnd) {
    float[] f = new float[N];
    int i = 0;
    for (int k = -300 - zeroPoint; i + 5 <= N - 16 && k < 300 - zeroPoint; k++) {
      float tie = (k + 0.5f) * scale;
      float exact = (float) ((k + 0.5) * (double) scale);
      f[i++] = tie;
      f[i++] = exact;
      f[i++] = Math.nextUp(exact);
      f[i++] = Math.nextDown(exact);
      f[i++] = k * scale;
    }
    float[] extremes = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e10f,
        -1e10f, 3e9f, -3e9f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -0f, 0f,
        2.1474836e9f * scale, -2.1474836e9f * scale, 1e30f, -1e30f};
    for (float e : extremes) {
      f[i++] = e;
    }
    while (i < N) {
      f[i++] = (float) (rnd.nextGaussian() * 200 * scale);
    }
    return f;
  }

  static float[] randomFloats(Random rnd, float scale) {
    float[] f = new float[N];
    for (int i = 0; i < N; i++) {
      f[i] = (float) ((rnd.nextDouble() * 300 - 150) * scale);
    }
    return f;
  }
}

package io.github.tflite2java.it.operators;

import static io.github.tflite2java.it.operators.OpModels.q;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.Conv2d;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CONV_2D layers large enough (at least 2^21 weights) that the generated per-pixel kernel keeps
 * their weights two to an int: pointwise and 3x3 (SAME padding, stride 2, two batches), uint8
 * and int8 per-channel, an odd input channel count (the last channel's row alone), inputs with
 * many zeros (pairs skipped) and at the extremes, against live TFLite 2.9.0 and 2.6.2.
 */
class LargeConvLiveTest {

  record Case(String name, TensorType type, int batch, int pixelsH, int pixelsW, int inC,
      int outC, int kernel, int stride, Padding padding, int inZeroPoint, int weightZeroPoint,
      Activation act) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("uint8 1x1 1449 -> 1448 channels, odd input channels", TensorType.UINT8, 1, 2,
            3, 1449, 1448, 1, 1, Padding.VALID, 131, 255, Activation.NONE),
        new Case("int8 per-channel 1x1 1024 -> 2048 channels, relu", TensorType.INT8, 1, 3, 1,
            1024, 2048, 1, 1, Padding.VALID, -128, 0, Activation.RELU),
        // Not pointwise: windows partly in the padding, two batches.
        new Case("int8 per-channel 3x3 SAME 256 -> 1024 channels", TensorType.INT8, 1, 4, 5,
            256, 1024, 3, 1, Padding.SAME, 5, 0, Activation.NONE),
        new Case("uint8 3x3 SAME stride 2, 2 batches, 256 -> 1024 channels", TensorType.UINT8,
            2, 5, 4, 256, 1024, 3, 2, Padding.SAME, 0, 128, Activation.RELU6));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTflite(Case c) throws Exception {
    byte[] model = model(c, new Random(c.name().hashCode()));
    String source = Tflite2JavaCompiler.compile(LiveOps.read(model), "gen.Op",
        CompileOptions.defaults()).source();
    assertTrue(source.contains(" kernel, weights two rows per int"),
        "the layer should run on paired weights");
    int n = c.batch() * c.pixelsH() * c.pixelsW() * c.inC();
    Random rnd = new Random(5);
    byte zero = (byte) c.inZeroPoint();
    List<List<byte[]>> sets = new ArrayList<>();
    for (int k = 0; k < 6; k++) {
      byte[] in = new byte[n];
      rnd.nextBytes(in);
      // Sets 2..5: a growing share of inputs at the zero point, so that whole pairs are skipped.
      for (int i = 0; i < n && k >= 2; i++) {
        if (rnd.nextInt(6) < k) {
          in[i] = zero;
        }
      }
      sets.add(List.of(in));
    }
    byte[] low = new byte[n];
    byte[] high = new byte[n];
    byte[] allZero = new byte[n];
    Arrays.fill(low, (byte) c.type().qmin());
    Arrays.fill(high, (byte) c.type().qmax());
    Arrays.fill(allZero, zero);
    sets.add(List.of(low));
    sets.add(List.of(high));
    sets.add(List.of(allZero));
    LiveOps.assertMatchesTflite("CONV_2D " + c, model, sets);
  }

  static byte[] model(Case c, Random rnd) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int[] inShape = {c.batch(), c.pixelsH(), c.pixelsW(), c.inC()};
    float inScale = 0.02f;
    float wScale = 0.01f;
    int x = b.addTensor("x", c.type(), inShape, q(inScale, c.inZeroPoint()));
    int taps = c.kernel() * c.kernel() * c.inC();
    byte[] w = OpModels.randomBytes(rnd, c.outC() * taps);
    QuantParams wq;
    float[] biasScales;
    if (c.type() == TensorType.INT8) {
      float[] scales = new float[c.outC()];
      long[] zeros = new long[c.outC()];
      for (int i = 0; i < scales.length; i++) {
        scales[i] = wScale * (0.5f + rnd.nextFloat());
      }
      for (int i = 0; i < w.length; i++) {
        w[i] = w[i] == -128 ? -127 : w[i];
      }
      wq = new QuantParams(scales, zeros, 0);
      biasScales = scales.clone();
      for (int i = 0; i < biasScales.length; i++) {
        biasScales[i] *= inScale;
      }
    } else {
      wq = q(wScale, c.weightZeroPoint());
      biasScales = new float[] {inScale * wScale};
    }
    int f = b.addConstantTensor("w", c.type(),
        new int[] {c.outC(), c.kernel(), c.kernel(), c.inC()}, wq, w);
    int[] biasValues = new int[c.outC()];
    for (int i = 0; i < biasValues.length; i++) {
      biasValues[i] = rnd.nextInt(200_001) - 100_000;
    }
    int bias = b.addConstantTensor("bias", TensorType.INT32, new int[] {c.outC()},
        new QuantParams(biasScales, new long[biasScales.length], 0),
        OpModels.int32s(biasValues));
    // Sums of about sqrt(taps) products of up to 128 x 255: an output scale that spreads them.
    float outScale = inScale * wScale * (float) Math.sqrt(taps) * 128f;
    int outH = c.padding() == Padding.SAME ? (c.pixelsH() + c.stride() - 1) / c.stride()
        : (c.pixelsH() - c.kernel()) / c.stride() + 1;
    int outW = c.padding() == Padding.SAME ? (c.pixelsW() + c.stride() - 1) / c.stride()
        : (c.pixelsW() - c.kernel()) / c.stride() + 1;
    int y = b.addTensor("y", c.type(), new int[] {c.batch(), outH, outW, c.outC()},
        q(outScale, c.type() == TensorType.INT8 ? 3 : 120));
    b.addOperator(BuiltinOperator.CONV_2D, c.type() == TensorType.INT8 ? 3 : 1,
        new int[] {x, f, bias}, new int[] {y},
        new Conv2d.Options(c.padding(), c.stride(), c.stride(), 1, 1, c.act()));
    return b.inputs(x).outputs(y).build();
  }
}

package io.github.tflite2java.it.operators;

import io.github.tflite2java.compiler.ops.Mean;

import static io.github.tflite2java.it.operators.OpModels.q;

import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MEAN against live TFLite 2.6.2 and 2.9.0, through each of TFLite's code paths: the 4-D
 * spatial mean (axes 1 and 2 with keep_dims; separate uint8 and int8 kernels), other axes with
 * the output quantized as the input (integer division), and with other quantization (float).
 */
class MeanLiveTest {

  record Case(String name, TensorType type, int[] shape, int[] axes, boolean keepDims,
      QuantParams in, QuantParams out) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    QuantParams u = q(0.0235f, 3);
    QuantParams i = q(0.0235f, -128);
    return Stream.of(
        new Case("int8 spatial (tf2 MobileNet)", TensorType.INT8, new int[] {1, 7, 7, 64},
            new int[] {1, 2}, true, q(0.023529412f, -128), q(0.019077832f, -128)),
        new Case("int8 spatial, axes 2 1, batch 2", TensorType.INT8, new int[] {2, 5, 3, 8},
            new int[] {2, 1}, true, q(0.05f, 7), q(0.031f, -20)),
        new Case("uint8 spatial", TensorType.UINT8, new int[] {1, 7, 7, 32},
            new int[] {1, 2}, true, q(0.0235f, 0), q(0.0191f, 0)),
        new Case("uint8 spatial, batch 2", TensorType.UINT8, new int[] {2, 4, 6, 8},
            new int[] {1, 2}, true, q(0.05f, 130), q(0.0173f, 100)),
        new Case("int8 spatial without keep_dims", TensorType.INT8, new int[] {1, 5, 5, 8},
            new int[] {1, 2}, false, q(0.05f, 7), q(0.031f, -20)),
        new Case("int8 negative spatial axes", TensorType.INT8, new int[] {1, 5, 5, 8},
            new int[] {-3, -2}, true, q(0.05f, 7), q(0.031f, -20)),
        new Case("uint8 spatial without keep_dims", TensorType.UINT8, new int[] {1, 5, 5, 8},
            new int[] {1, 2}, false, q(0.05f, 130), q(0.0173f, 100)),
        new Case("int8 channels, same quantization", TensorType.INT8, new int[] {1, 4, 4, 9},
            new int[] {3}, true, i, i),
        new Case("uint8 channels, same quantization", TensorType.UINT8, new int[] {1, 4, 4, 9},
            new int[] {3}, false, u, u),
        new Case("int8 rank 3, axes 0 2, same quantization", TensorType.INT8,
            new int[] {3, 5, 6}, new int[] {0, 2}, false, q(0.1f, 5), q(0.1f, 5)),
        new Case("int8 rank 2, requantized", TensorType.INT8, new int[] {4, 30},
            new int[] {1}, false, q(0.05f, 7), q(0.031f, -20)),
        new Case("uint8 rank 3, requantized", TensorType.UINT8, new int[] {3, 5, 6},
            new int[] {0, 2}, true, q(0.05f, 130), q(0.0173f, 100)),
        new Case("int8 all axes, requantized", TensorType.INT8, new int[] {2, 3, 4},
            new int[] {0, 1, 2}, false, q(0.07f, -3), q(0.009f, 50)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTflite(Case c) {
    LiveOps.assertMatchesTflite("MEAN " + c, model(c), 8, 31);
  }

  static byte[] model(Case c) {
    List<Integer> outDims = new ArrayList<>();
    for (int d = 0; d < c.shape().length; d++) {
      boolean reduced = false;
      for (int a : c.axes()) {
        reduced |= (a < 0 ? a + c.shape().length : a) == d;
      }
      if (!reduced) {
        outDims.add(c.shape()[d]);
      } else if (c.keepDims()) {
        outDims.add(1);
      }
    }
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", c.type(), c.shape(), c.in());
    int axes = b.addConstantTensor("axes", TensorType.INT32, new int[] {c.axes().length},
        QuantParams.NONE, OpModels.int32s(c.axes()));
    int y = b.addTensor("y", c.type(), outDims.stream().mapToInt(Integer::intValue).toArray(),
        c.out());
    b.addOperator(BuiltinOperator.MEAN, c.type() == TensorType.INT8 ? 2 : 1,
        new int[] {x, axes}, new int[] {y}, new Mean.Options(c.keepDims()));
    return b.inputs(x).outputs(y).build();
  }

  static Stream<Arguments> pathsAndTypes() {
    return Stream.of(
        Arguments.of(TensorType.INT8, new int[] {1, 2}, true),
        Arguments.of(TensorType.UINT8, new int[] {1, 2}, true),
        Arguments.of(TensorType.INT8, new int[] {1, 2}, false),
        Arguments.of(TensorType.UINT8, new int[] {3}, true));
  }

  /** Random quantizations: each path folds the scales its own way. */
  @ParameterizedTest(name = "{0} axes {1} keep_dims {2}, random quantizations")
  @MethodSource("pathsAndTypes")
  void randomQuantizationsMatchTflite(TensorType type, int[] axes, boolean keepDims) {
    Random rnd = new Random(type.ordinal() * 5 + axes.length + (keepDims ? 1 : 0));
    for (int k = 0; k < 8; k++) {
      QuantParams in = q((float) Math.exp(rnd.nextGaussian() - 3), type.qmin() + rnd.nextInt(256));
      QuantParams out = q(in.scale() * (float) Math.exp(rnd.nextGaussian() * 0.5),
          type.qmin() + rnd.nextInt(256));
      Case c = new Case(type + " random " + k, type, new int[] {1, 1 + rnd.nextInt(9),
          1 + rnd.nextInt(9), 6}, axes, keepDims, in, out);
      LiveOps.assertMatchesTflite("MEAN " + c + " " + in + " -> " + out, model(c), 3, k);
    }
  }
}

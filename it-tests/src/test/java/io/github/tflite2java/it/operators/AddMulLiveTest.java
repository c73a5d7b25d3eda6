package io.github.tflite2java.it.operators;

import io.github.tflite2java.compiler.ops.Add;
import io.github.tflite2java.compiler.ops.Mul;

import static io.github.tflite2java.it.operators.OpModels.q;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ADD and MUL against live TFLite 2.6.2 and 2.9.0: uint8 and int8, same shapes and broadcasts
 * (channel, scalar, both sides, rank 2), a constant operand, and fused activations.
 */
class AddMulLiveTest {

  record Shapes(int[] a, int[] b, int[] out) {
    @Override
    public String toString() {
      return java.util.Arrays.toString(a) + " x " + java.util.Arrays.toString(b);
    }
  }

  static final Shapes SAME = new Shapes(new int[] {1, 8, 8, 6}, new int[] {1, 8, 8, 6},
      new int[] {1, 8, 8, 6});
  static final Shapes CHANNEL = new Shapes(new int[] {1, 5, 7, 6}, new int[] {1, 1, 1, 6},
      new int[] {1, 5, 7, 6});
  static final Shapes SCALAR = new Shapes(new int[] {1, 5, 7, 6}, new int[] {1},
      new int[] {1, 5, 7, 6});
  static final Shapes BOTH = new Shapes(new int[] {2, 3, 1, 5}, new int[] {1, 1, 4, 1},
      new int[] {2, 3, 4, 5});
  static final Shapes RANK2 = new Shapes(new int[] {4}, new int[] {3, 4}, new int[] {3, 4});

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(TensorType.UINT8, SAME, q(0.41042948f, 137), q(0.28242612f, 122),
            q(0.4484429f, 130), Activation.NONE),
        Arguments.of(TensorType.UINT8, SAME, q(0.05f, 128), q(0.05f, 128), q(0.1f, 128),
            Activation.RELU6),
        Arguments.of(TensorType.UINT8, CHANNEL, q(0.0731f, 100), q(0.013f, 3), q(0.09f, 70),
            Activation.RELU),
        Arguments.of(TensorType.UINT8, BOTH, q(0.2f, 0), q(0.7f, 255), q(0.61f, 120),
            Activation.NONE),
        Arguments.of(TensorType.INT8, SAME, q(0.24553546f, -7), q(0.3608494f, -3),
            q(0.40290648f, -1), Activation.NONE),
        Arguments.of(TensorType.INT8, SCALAR, q(0.031f, 20), q(0.5f, -100), q(0.04f, -9),
            Activation.RELU),
        Arguments.of(TensorType.INT8, RANK2, q(0.011f, -128), q(0.017f, 127), q(0.02f, 0),
            Activation.RELU6),
        Arguments.of(TensorType.INT8, BOTH, q(0.1f, 3), q(0.1f, 3), q(0.1f, 3),
            Activation.RELU_N1_TO_1));
  }

  @ParameterizedTest(name = "ADD {0} {1} {5}")
  @MethodSource("cases")
  void addMatchesTflite(TensorType type, Shapes s, QuantParams qa, QuantParams qb,
      QuantParams qo, Activation act) {
    byte[] model = OpModels.binary("ADD", new Add.Options(act), type, s.a(), qa, s.b(),
        qb, null, s.out(), qo);
    LiveOps.assertMatchesTflite("ADD " + type + " " + s, model, 6, 11);
  }

  @ParameterizedTest(name = "MUL {0} {1} {5}")
  @MethodSource("cases")
  void mulMatchesTflite(TensorType type, Shapes s, QuantParams qa, QuantParams qb,
      QuantParams qo, Activation act) {
    byte[] model = OpModels.binary("MUL", new Mul.Options(act), type, s.a(), qa, s.b(),
        qb, null, s.out(), qo);
    LiveOps.assertMatchesTflite("MUL " + type + " " + s, model, 6, 12);
  }

  @ParameterizedTest(name = "{0} constant operand")
  @MethodSource("constantCases")
  void constantOperandMatchesTflite(String kind, TensorType type) {
    Random rnd = new Random(5);
    OperatorOptions options = kind.equals("ADD") ? new Add.Options(Activation.NONE)
        : new Mul.Options(Activation.NONE);
    byte[] model = OpModels.binary(kind, options, type, CHANNEL.a(), q(0.05f, 10), CHANNEL.b(),
        q(0.021f, type == TensorType.INT8 ? -4 : 131), OpModels.randomBytes(rnd, 6),
        CHANNEL.out(), q(0.06f, type == TensorType.INT8 ? 5 : 120));
    LiveOps.assertMatchesTflite(kind + " constant " + type, model, 6, 13);
  }

  static Stream<Arguments> constantCases() {
    return Stream.of(Arguments.of("ADD", TensorType.UINT8), Arguments.of("ADD", TensorType.INT8),
        Arguments.of("MUL", TensorType.UINT8), Arguments.of("MUL", TensorType.INT8));
  }

  /** Many random quantizations: the multipliers' last bits depend on float vs double math. */
  @ParameterizedTest(name = "{0} {1} random scales")
  @MethodSource("randomScaleCases")
  void randomScalesMatchTflite(String kind, TensorType type) {
    Random rnd = new Random(kind.hashCode() * 31 + type.ordinal());
    int zpBase = type == TensorType.INT8 ? -128 : 0;
    for (int i = 0; i < 12; i++) {
      QuantParams qa = q((float) Math.exp(rnd.nextGaussian() * 2 - 3), zpBase + rnd.nextInt(256));
      QuantParams qb = q((float) Math.exp(rnd.nextGaussian() * 2 - 3), zpBase + rnd.nextInt(256));
      float so = kind.equals("MUL") ? qa.scale() * qb.scale() * (float) Math.exp(
          rnd.nextGaussian() + 4) : Math.max(qa.scale(), qb.scale()) * (1 + rnd.nextFloat());
      QuantParams qo = q(so, zpBase + rnd.nextInt(256));
      OperatorOptions options = kind.equals("ADD") ? new Add.Options(Activation.NONE)
          : new Mul.Options(Activation.NONE);
      byte[] model = OpModels.binary(kind, options, type, SAME.a(), qa, SAME.b(), qb, null,
          SAME.out(), qo);
      LiveOps.assertMatchesTflite(kind + " " + type + " " + qa + ", " + qb + " -> " + qo, model,
          2, i);
    }
  }

  static Stream<Arguments> randomScaleCases() {
    return constantCases();
  }

  /**
   * Every pair of input values at once ({@code [256, 1] x [256]} broadcast to {@code [256,
   * 256]}), for random quantizations: the whole function is compared, not a sample.
   */
  @ParameterizedTest(name = "{0} {1} all input pairs")
  @MethodSource("randomScaleCases")
  void allInputPairsMatchTflite(String kind, TensorType type) {
    Random rnd = new Random(kind.hashCode() * 17 + type.ordinal());
    int zpBase = type == TensorType.INT8 ? -128 : 0;
    for (int i = 0; i < 6; i++) {
      QuantParams qa = q((float) Math.exp(rnd.nextGaussian() * 2 - 3), zpBase + rnd.nextInt(256));
      QuantParams qb = q((float) Math.exp(rnd.nextGaussian() * 2 - 3), zpBase + rnd.nextInt(256));
      float so = kind.equals("MUL") ? qa.scale() * qb.scale() * (float) Math.exp(
          rnd.nextGaussian() + 4) : Math.max(qa.scale(), qb.scale()) * (1 + rnd.nextFloat());
      QuantParams qo = q(so, zpBase + rnd.nextInt(256));
      OperatorOptions options = kind.equals("ADD") ? new Add.Options(Activation.NONE)
          : new Mul.Options(Activation.NONE);
      byte[] model = OpModels.binary(kind, options, type, new int[] {256, 1}, qa,
          new int[] {256}, qb, null, new int[] {256, 256}, qo);
      LiveOps.assertMatchesTflite(kind + " " + type + " " + qa + ", " + qb + " -> " + qo, model,
          java.util.List.of(java.util.List.of(OpModels.sweep(256, 0), OpModels.sweep(256, 0))));
    }
  }
}

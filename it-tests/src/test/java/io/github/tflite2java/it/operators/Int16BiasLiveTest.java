package io.github.tflite2java.it.operators;

import static io.github.tflite2java.it.operators.OpModels.q;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.TfliteVersion;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.Conv2d;
import io.github.tflite2java.compiler.ops.DepthwiseConv2d;
import io.github.tflite2java.compiler.ops.FullyConnected;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.it.Bytes;
import io.github.tflite2java.it.tflite.LiveTflite;
import io.github.tflite2java.it.tflite.LiveTfliteC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * An int32 bias on the 16x8 CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED, as TFLite takes it
 * (measured here): TFLite 2.9.0 runs CONV_2D and FULLY_CONNECTED with it on its optimized
 * kernels (ruy: int32 accumulators, one rounding of the 31-bit multiplier), matched; TFLite 2.6.2
 * refuses it on CONV_2D and reads it as int64 on FULLY_CONNECTED (refused for tfliteVersion
 * 2.6, naming why); both builds refuse it on DEPTHWISE_CONV_2D (refused, saying so).
 */
class Int16BiasLiveTest {

  private static byte[] int32s(Random rnd, int n, int magnitude) {
    ByteBuffer bb = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      bb.putInt((int) (rnd.nextGaussian() * magnitude));
    }
    return bb.array();
  }

  /**
   * A CONV_2D on [1,7,6,inC] with an int32 bias; per-channel weight scales unless {@code
   * ties} (then power-of-two scales everywhere: exact halves are common).
   */
  private static byte[] conv(int k, int stride, int inC, int outC, long seed, int magnitude,
      float outScale, Activation act, boolean ties) {
    Random rnd = new Random(seed);
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT16, new int[] {1, 7, 6, inC},
        q(ties ? 0.5f : 0.001f, 0));
    int w = b.addConstantTensor("conv/w", TensorType.INT8, new int[] {outC, k, k, inC},
        ties ? q(0.25f, 0) : Int16LiveTest.perChannel(rnd, outC, 0),
        Int16LiveTest.int8s(rnd, outC * k * k * inC));
    int bias = b.addConstantTensor("conv/b", TensorType.INT32, new int[] {outC},
        QuantParams.NONE, int32s(rnd, outC, magnitude));
    int outH = (7 + stride - 1) / stride;
    int outW = (6 + stride - 1) / stride;
    int y = b.addTensor("y", TensorType.INT16, new int[] {1, outH, outW, outC},
        q(outScale, 0));
    b.addOperator(BuiltinOperator.CONV_2D, 4, new int[] {x, w, bias}, new int[] {y},
        new Conv2d.Options(Padding.SAME, stride, stride, 1, 1, act));
    return b.inputs(x).outputs(y).build();
  }

  private static byte[] fullyConnected(int rows, int depth, int units, long seed,
      int magnitude, float outScale) {
    Random rnd = new Random(seed);
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT16, new int[] {rows, depth}, q(0.001f, 0));
    int w = b.addConstantTensor("fc/w", TensorType.INT8, new int[] {units, depth},
        q(0.01f, 0), Int16LiveTest.int8s(rnd, units * depth));
    int bi = b.addConstantTensor("fc/b", TensorType.INT32, new int[] {units},
        QuantParams.NONE, int32s(rnd, units, magnitude));
    int y = b.addTensor("y", TensorType.INT16, new int[] {rows, units}, q(outScale, 0));
    b.addOperator(BuiltinOperator.FULLY_CONNECTED, 7, new int[] {x, w, bi}, new int[] {y},
        new FullyConnected.Options(Activation.NONE, 0, false));
    return b.inputs(x).outputs(y).build();
  }

  /** The class compiled for TFLite 2.9 against live TFLite 2.9.0 on seeded random inputs. */
  private static void assertMatchesTflite29(String what, byte[] model, int count, long seed)
      throws ModelCompileException {
    LiveTfliteC.require();
    LiveOps.Generated gen = new LiveOps.Generated(LiveOps.read(model), TfliteVersion.V2_9);
    Function<Random, List<byte[]>> inputs = LiveOps.randomBytes(model);
    Random rnd = new Random(seed);
    List<String> failures = new ArrayList<>();
    try (LiveTfliteC tflite = new LiveTfliteC(model)) {
      for (int s = 0; s < count; s++) {
        byte[] in = inputs.apply(rnd).get(0);
        byte[] expected = tflite.run(List.of(in.clone())).get(0);
        String diff = Bytes.difference(expected, gen.run(List.of(in.clone())).get(0));
        if (diff != null) {
          failures.add("input set " + s + ": " + diff);
        }
      }
    }
    if (!failures.isEmpty()) {
      fail(what + " differs from TFLite 2.9.0:\n" + String.join("\n", failures));
    }
  }

  private static String refusal(byte[] model, TfliteVersion version) {
    ModelGraph g = LiveOps.read(model);
    return assertThrows(ModelCompileException.class, () -> new LiveOps.Generated(g, version))
        .getMessage();
  }

  /** TFLite 2.6.2 (Java) fails to prepare the model, naming the bias type. */
  private static void assertTflite26Refuses(byte[] model) {
    RuntimeException e = assertThrows(RuntimeException.class, () -> new LiveTflite(model));
    assertTrue(String.valueOf(e.getMessage()).contains("bias->type != kTfLiteInt64"),
        String.valueOf(e.getMessage()));
  }

  @Test
  void conv2dWithInt32BiasMatchesTflite29AndIsRefusedFor26AsTflite26RefusesIt()
      throws Exception {
    assertMatchesTflite29("16x8 CONV_2D 3x3 stride 2, int32 bias",
        conv(3, 2, 3, 5, 1, 3_000_000, 0.02f, Activation.NONE, false), 12, 1);
    assertMatchesTflite29("16x8 CONV_2D 1x1, int32 bias",
        conv(1, 1, 8, 6, 2, 200_000, 0.02f, Activation.NONE, false), 12, 2);
    assertMatchesTflite29("16x8 CONV_2D 3x3 RELU6, int32 bias",
        conv(3, 1, 2, 4, 3, 100_000, 0.0002f, Activation.RELU6, false), 12, 3);
    assertMatchesTflite29("16x8 CONV_2D 3x3, int32 bias, ties",
        conv(3, 1, 3, 4, 4, 2_000, 64f, Activation.NONE, true), 12, 4);
    byte[] model = conv(3, 1, 2, 4, 3, 100_000, 0.02f, Activation.NONE, false);
    String m = refusal(model, TfliteVersion.V2_6);
    assertTrue(m.contains("TFLite 2.6.2 refuses an int32 bias on a 16x8 CONV_2D too"), m);
    assertTflite26Refuses(model);
  }

  @Test
  void fullyConnectedWithInt32BiasMatchesTflite29RuyAndIsRefusedFor26() throws Exception {
    assertMatchesTflite29("16x8 FULLY_CONNECTED, int32 bias",
        fullyConnected(3, 40, 7, 4, 1_000_000, 0.004f), 16, 4);
    // Power-of-two scales: exact halves, where ruy's single rounding differs from the
    // reference kernel's.
    assertMatchesTflite29("16x8 FULLY_CONNECTED, int32 bias, ties",
        fullyConnected(4, 24, 9, 5, 20_000, 64f), 16, 5);
    String m = refusal(fullyConnected(2, 8, 3, 6, 1000, 0.004f), TfliteVersion.V2_6);
    assertTrue(m.contains("TFLite 2.6.2 accepts an int32 bias on a 16x8 FULLY_CONNECTED but its"
        + " kernel reads the bias as INT64"), m);
  }

  @Test
  void depthwiseWithInt32BiasIsRefusedAsBothTfliteBuildsRefuseIt() {
    Random rnd = new Random(7);
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT16, new int[] {1, 6, 6, 3}, q(0.002f, 0));
    int w = b.addConstantTensor("dw/w", TensorType.INT8, new int[] {1, 3, 3, 6},
        Int16LiveTest.perChannel(rnd, 6, 3), Int16LiveTest.int8s(rnd, 54));
    int bias = b.addConstantTensor("dw/b", TensorType.INT32, new int[] {6}, QuantParams.NONE,
        int32s(rnd, 6, 200_000));
    int y = b.addTensor("y", TensorType.INT16, new int[] {1, 6, 6, 6}, q(0.003f, 0));
    b.addOperator(BuiltinOperator.DEPTHWISE_CONV_2D, 5, new int[] {x, w, bias},
        new int[] {y}, new DepthwiseConv2d.Options(Padding.SAME, 1, 1, 2, 1, 1,
            Activation.NONE));
    byte[] model = b.inputs(x).outputs(y).build();
    for (TfliteVersion v : TfliteVersion.values()) {
      String m = refusal(model, v);
      assertTrue(m.contains("TFLite 2.9.0 and 2.6.2 refuse an int32 bias on a 16x8"
          + " DEPTHWISE_CONV_2D too"), m);
    }
    assertTflite26Refuses(model);
    LiveTfliteC.require();
    RuntimeException e = assertThrows(RuntimeException.class, () -> new LiveTfliteC(model));
    assertTrue(String.valueOf(e.getMessage()).contains("AllocateTensors"), e.getMessage());
  }
}

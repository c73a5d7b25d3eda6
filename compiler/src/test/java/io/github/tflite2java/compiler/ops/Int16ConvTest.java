package io.github.tflite2java.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.TfliteVersion;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The 16x8 kernels' arithmetic (TFLite's 64-bit MultiplyByQuantizedMultiplier) and what they
 * reject, with messages naming the problem. Their outputs are compared with live TFLite in
 * it-tests ({@code Int16LiveTest} and the int16 rows of the randomized suite).
 */
class Int16ConvTest {
  private static final QuantParams A = QuantParams.perTensor(0.001f, 0);

  @Test
  void reducedMultiplierRoundsToSixteenBitsAndSaturates() {
    assertEquals(16384, Int16Conv.reducedMultiplier(1 << 30));
    assertEquals(0x7FFF, Int16Conv.reducedMultiplier(0x7FFEFFFF));
    // Without the saturation, (0x7FFF8000 + 2^15) >> 16 would be 0x8000.
    assertEquals(0x7FFF, Int16Conv.reducedMultiplier(0x7FFF8000));
    assertEquals(0, Int16Conv.reducedMultiplier(0));
    assertEquals(1, Int16Conv.reducedMultiplier(1 << 15));
  }

  @Test
  void sixtyFourBitScalingRoundsHalvesTowardPlusInfinity() {
    // Multiplier 0.5: 3 * 0.5 = 1.5 -> 2, -3 * 0.5 = -1.5 -> -1.
    assertEquals(2, Int16Conv.multiplyByQuantizedMultiplier64(3, 1 << 30, 0));
    assertEquals(-1, Int16Conv.multiplyByQuantizedMultiplier64(-3, 1 << 30, 0));
    assertEquals(-2, Int16Conv.multiplyByQuantizedMultiplier64(-5, 1 << 30, 0));
    // Accumulators beyond the int range, as int64 bias allows: 2^40 * 0.5 * 2^-20 = 2^19.
    assertEquals(1 << 19, Int16Conv.multiplyByQuantizedMultiplier64(1L << 40, 1 << 30, -20));
    // A left shift (multiplier 2^7 * 0.75 = 96).
    assertEquals(960, Int16Conv.multiplyByQuantizedMultiplier64(10, 3 << 29, 7));
  }

  private static byte[] int64s(long... v) {
    ByteBuffer bb = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long x : v) {
      bb.putLong(x);
    }
    return bb.array();
  }

  /** A 1x1 CONV_2D on [1,2,2,2] int16 with an int8 filter and the given bias and output. */
  private static byte[] conv(TensorType biasType, QuantParams in, QuantParams out,
      TensorType filterType, long... bias) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT16, new int[] {1, 2, 2, 2}, in);
    int w = b.addConstantTensor("conv/w", filterType, new int[] {2, 1, 1, 2},
        filterType == TensorType.INT8 ? new QuantParams(new float[] {0.01f, 0.02f},
            new long[2], 0) : QuantParams.perTensor(0.01f, 128), new byte[] {1, -2, 3, 127});
    byte[] biasBytes;
    if (biasType == TensorType.INT64) {
      biasBytes = int64s(bias);
    } else {
      ByteBuffer bb = ByteBuffer.allocate(4 * bias.length).order(ByteOrder.LITTLE_ENDIAN);
      for (long v : bias) {
        bb.putInt((int) v);
      }
      biasBytes = bb.array();
    }
    int bi = b.addConstantTensor("conv/b", biasType, new int[] {2}, QuantParams.NONE, biasBytes);
    int y = b.addTensor("y", TensorType.INT16, new int[] {1, 2, 2, 2}, out);
    b.addOperator(BuiltinOperator.CONV_2D, 4, new int[] {x, w, bi}, new int[] {y},
        new Conv2d.Options(Padding.SAME, 1, 1, 1, 1, Activation.NONE));
    b.inputs(x).outputs(y);
    return b.build();
  }

  private static String compile(byte[] model, CompileOptions options)
      throws ModelCompileException {
    return Tflite2JavaCompiler.compile(TfliteReader.read("m.tflite", model), "t.M", options)
        .source();
  }

  private static String failure(byte[] model, CompileOptions options) {
    return assertThrows(ModelCompileException.class, () -> compile(model, options))
        .getMessage();
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
    }
  }

  @Test
  void sixteenByEightConvolutionCompilesWithWideAccumulators() throws Exception {
    io.github.tflite2java.compiler.GeneratedSource generated = Tflite2JavaCompiler.compile(
        TfliteReader.read("m.tflite", conv(TensorType.INT64, A, A, TensorType.INT8, 5,
            -(1L << 40))), "t.M", CompileOptions.defaults());
    assertContains(generated.source(), "long acc = 0", "16x8", "biasHigh", "biasLow",
        "totalShift[c]", "short[]");
    // The report counts the layer's multiply-accumulates: 8 outputs x 1x1x2 taps.
    assertEquals(16, generated.report().layers().get(0).macs());
  }

  @Test
  void problemsOfSixteenByEightModelsAreNamed() {
    CompileOptions d = CompileOptions.defaults();
    assertContains(failure(conv(TensorType.FLOAT32, A, A, TensorType.INT8, 1, 2), d),
        "operator 0 (CONV_2D)", "'conv/b'", "FLOAT32", "constant INT64 bias");
    // An int32 bias: TFLite 2.9.0 takes it on CONV_2D, TFLite 2.6.2 refuses it.
    assertContains(failure(conv(TensorType.INT32, A, A, TensorType.INT8, 1, 2),
        d.withTfliteVersion(TfliteVersion.V2_6)), "'conv/b'", "INT32",
        "TFLite 2.6.2 refuses an int32 bias on a 16x8 CONV_2D too");
    assertContains(failure(conv(TensorType.INT64, QuantParams.perTensor(0.001f, 3), A,
        TensorType.INT8, 1, 2), d), "'x'", "zero point 3", "zero point 0");
    assertContains(failure(conv(TensorType.INT64, A, A, TensorType.UINT8, 1, 2), d),
        "'conv/w'", "UINT8", "int8 weights with int16 activations");
    // A multiplier of 2^7 or more: beyond TFLite's 16x8 shift range.
    assertContains(failure(conv(TensorType.INT64, QuantParams.perTensor(1f, 0),
        QuantParams.perTensor(0.0001f, 0), TensorType.INT8, 1, 2), d),
        "output multiplier", "not below 2^7");
  }

  /** FULLY_CONNECTED keep_num_dims on [1,3,4] int16: three rows, output dimension 0 is 1. */
  private static byte[] fullyConnectedRows() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT16, new int[] {1, 3, 4}, A);
    int w = b.addConstantTensor("fc/w", TensorType.INT8, new int[] {2, 4},
        QuantParams.perTensor(0.01f, 0), new byte[] {1, 2, 3, 4, -1, -2, -3, -4});
    int bi = b.addConstantTensor("fc/b", TensorType.INT64, new int[] {2}, QuantParams.NONE,
        int64s(7, -7));
    int y = b.addTensor("y", TensorType.INT16, new int[] {1, 3, 2}, A);
    b.addOperator(BuiltinOperator.FULLY_CONNECTED, 7, new int[] {x, w, bi}, new int[] {y},
        new FullyConnected.Options(Activation.NONE, 0, true));
    b.inputs(x).outputs(y);
    return b.build();
  }

  @Test
  void fullyConnectedRowsBeyondDimensionZeroAreRefusedForTflite26Only() throws Exception {
    compile(fullyConnectedRows(), CompileOptions.defaults());
    assertContains(failure(fullyConnectedRows(),
        CompileOptions.defaults().withTfliteVersion(TfliteVersion.V2_6)),
        "operator 0 (FULLY_CONNECTED)", "'y'", "holds 3 rows",
        "TFLite 2.6's 16x8 FULLY_CONNECTED takes output dimensions 0 and 1 as rows and units");
  }

  @Test
  void sixteenByEightConvolutionWithInt32BiasCompilesForTflite29AsItsOptimizedKernel()
      throws Exception {
    // TFLite 2.9's optimized 16x8 CONV_2D: int32 accumulators from the bias, ruy's rounding.
    assertContains(compile(conv(TensorType.INT32, A, A, TensorType.INT8, 5, -7),
        CompileOptions.defaults()), "int acc = bias[c]", "16x8 with an int32 bias",
        "multiplyByQuantizedMultiplierSingleRounding(acc, multipliers[c], shifts[c])");
  }

  /**
   * The shape step is shared with the 8-bit kernels (ConvShapes): an int16 and a uint8 model
   * with the same wrong output shape get the same message.
   */
  @Test
  void shapeProblemsAreNamedAlikeForInt16And8Bit() {
    for (TensorType type : new TensorType[] {TensorType.INT16, TensorType.UINT8}) {
      boolean int16 = type == TensorType.INT16;
      TfliteModelBuilder b = new TfliteModelBuilder();
      QuantParams q = QuantParams.perTensor(0.01f, 0);
      int x = b.addTensor("x", type, new int[] {1, 4, 4, 2}, q);
      int w = b.addConstantTensor("conv/w", int16 ? TensorType.INT8 : TensorType.UINT8,
          new int[] {3, 3, 3, 2}, QuantParams.perTensor(0.01f, int16 ? 0 : 128),
          new byte[54]);
      int y = b.addTensor("y", type, new int[] {1, 4, 4, 2}, q);
      b.addOperator(BuiltinOperator.CONV_2D, int16 ? 4 : 1, new int[] {x, w, -1},
          new int[] {y}, new Conv2d.Options(Padding.SAME, 1, 1, 1, 1, Activation.NONE));
      assertContains(failure(b.inputs(x).outputs(y).build(), CompileOptions.defaults()),
          "operator 0 (CONV_2D)", "'y'", "should have shape [1,4,4,3] from its inputs and"
          + " options");
    }
  }

  @Test
  void operatorsWithoutAnInt16KernelStillSaySo() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.INT16, new int[] {1, 4}, A);
    int y = b.addTensor("y", TensorType.INT16, new int[] {1, 4}, A);
    b.addOperator(BuiltinOperator.HARD_SWISH, 1, new int[] {x}, new int[] {y},
        OperatorOptions.NONE);
    b.inputs(x).outputs(y);
    assertContains(failure(b.build(), CompileOptions.defaults()), "operator 0 (HARD_SWISH)",
        "INT16");
  }
}

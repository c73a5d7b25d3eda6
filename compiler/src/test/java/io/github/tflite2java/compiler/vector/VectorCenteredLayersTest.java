package io.github.tflite2java.compiler.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.KernelBackend;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.Conv2d;
import io.github.tflite2java.compiler.ops.DepthwiseConv2d;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TestModels;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * int8 per-channel CONV_2D 3x3 (the window kernel) and DEPTHWISE_CONV_2D 3x3 layers that only
 * the centered requantization ({@code VectorRequantizer.centered}) puts on vectors: channel 0
 * has a bias between 2^28 and 2^30 (as MobileNet v2's and MoveNet's first convolutions) with a
 * multiplier that keeps its outputs inside the 8-bit range, some channels a multiplier above
 * one (shift > 0: the per-lane left shift), one about 0.75 (shift 0), the rest anything. The
 * vector class must run the layer ({@code kernels()}: 1 layer) and return exactly the scalar
 * kernels' bytes.
 */
class VectorCenteredLayersTest {
  private static final String CLASS = "test.vcen.Model";
  private static final String WARM_UP = "tflite2java.vectorWarmUp";

  @BeforeEach
  void noWarmUp() {
    System.setProperty(WARM_UP, "false");
  }

  @AfterEach
  void clearWarmUp() {
    System.clearProperty(WARM_UP);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void hugeBiasAndLeftShiftedChannelsEqualTheScalarKernel(int seed) throws Exception {
    Random r = new Random(seed);
    boolean depthwise = seed % 2 == 0;
    int batches = seed % 5 == 0 ? 2 : 1;
    int h = 1 + r.nextInt(12);
    int w = 1 + r.nextInt(12);
    int inC = depthwise ? 8 * (1 + r.nextInt(3)) : 1 + r.nextInt(4);
    int outC = depthwise ? inC : 8 + r.nextInt(25);
    int stride = 1 + r.nextInt(2);
    Padding padding = r.nextBoolean() || h < 3 || w < 3 ? Padding.SAME : Padding.VALID;
    int outH = padding == Padding.SAME ? (h + stride - 1) / stride : (h - 3) / stride + 1;
    int outW = padding == Padding.SAME ? (w + stride - 1) / stride : (w - 3) / stride + 1;
    Activation act = r.nextBoolean() ? Activation.RELU6 : Activation.NONE;
    int inZp = r.nextInt(256) - 128;
    int outZp = r.nextInt(256) - 128;

    TfliteModelBuilder b = new TfliteModelBuilder();
    float inScale = 0.02f + r.nextFloat() * 0.1f;
    float outScale = 0.05f + r.nextFloat() * 0.2f;
    int in = b.addTensor("in", TensorType.INT8, new int[] {batches, h, w, inC},
        QuantParams.perTensor(inScale, inZp));
    float[] wScales = new float[outC];
    int[] biasValues = new int[outC];
    for (int c = 0; c < outC; c++) {
      if (c == 0) {
        // bias * multiplier within about +-100 output steps.
        biasValues[c] = (int) ((1L << 28) + r.nextInt(3 << 28)) * (r.nextBoolean() ? 1 : -1);
        double multiplier = (r.nextDouble() * 200 - 100) / biasValues[c];
        wScales[c] = (float) Math.abs(multiplier * outScale / inScale);
      } else if (c % 3 == 1) {
        // A multiplier above one: 1 to 6 (shift 1 to 3).
        wScales[c] = (float) ((1 + r.nextDouble() * 5) * outScale / inScale);
        biasValues[c] = r.nextInt(4001) - 2000;
      } else if (c == 2) {
        // About 0.75: shift 0.
        wScales[c] = 0.75f * outScale / inScale;
        biasValues[c] = r.nextInt(4001) - 2000;
      } else {
        wScales[c] = 0.002f + r.nextFloat() * 0.06f;
        biasValues[c] = r.nextInt(200001) - 100000;
      }
    }
    int taps = depthwise ? 9 : 9 * inC;
    int filter = b.addConstantTensor("w", TensorType.INT8,
        depthwise ? new int[] {1, 3, 3, outC} : new int[] {outC, 3, 3, inC},
        new QuantParams(wScales, new long[outC], depthwise ? 3 : 0),
        TestModels.randomBytes(r, outC * taps));
    int bias = b.addConstantTensor("b", TensorType.INT32, new int[] {outC},
        QuantParams.perTensor(inScale * wScales[1], 0), TestModels.int32s(biasValues));
    int out = b.addTensor("out", TensorType.INT8, new int[] {batches, outH, outW, outC},
        QuantParams.perTensor(outScale, outZp));
    if (depthwise) {
      b.addOperator(BuiltinOperator.DEPTHWISE_CONV_2D, 3, new int[] {in, filter, bias},
          new int[] {out}, new DepthwiseConv2d.Options(padding, stride, stride, 1, 1, 1, act));
    } else {
      b.addOperator(BuiltinOperator.CONV_2D, 3, new int[] {in, filter, bias},
          new int[] {out}, new Conv2d.Options(padding, stride, stride, 1, 1, act));
    }
    b.inputs(in).outputs(out).description("centered seed " + seed);
    Path file = Files.createTempFile("vcen", ".tflite");
    try {
      Files.write(file, b.build());
      GeneratedSource generated = Tflite2JavaCompiler.compile(new CompileRequest(file, CLASS,
          CompileOptions.defaults().withKernels(KernelBackend.VECTOR)));
      String shape = (depthwise ? "depthwise " : "conv ") + batches + "x" + h + "x" + w + "x"
          + inC + " s" + stride + " " + padding + " -> " + outC + " " + act + " bias0 "
          + biasValues[0];
      String source = generated.vectorClass().content();
      assertTrue(source.contains(depthwise ? "DepthwiseConv2d(" : "WindowConv2d("), shape);
      // The left shift of the channels whose multiplier is above one.
      assertTrue(source.contains("VectorOperators.LSHL") || source.contains("LSHL"), shape);
      Class<?> vector = InMemoryJavac.compile(generated).load(CLASS);
      Class<?> scalar = InMemoryJavac.compileWithoutVector(generated).load(CLASS);
      String which = (String) vector.getMethod("kernels").invoke(null);
      assertTrue(which.startsWith("vector: ") && which.endsWith(", 1 layers"),
          "the layer has a vector kernel: " + which + " " + shape);
      for (int k = 0; k < 4; k++) {
        byte[] input = TestModels.randomBytes(r, batches * h * w * inC);
        if (k == 3) {
          // Extremes: every input at one end of the range.
          java.util.Arrays.fill(input, (byte) (r.nextBoolean() ? 127 : -128));
        }
        assertArrayEquals(infer(scalar, input), infer(vector, input), shape);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static byte[] infer(Class<?> c, byte[] input) throws Exception {
    try {
      return (byte[]) c.getMethod("infer", byte[].class).invoke(null, (Object) input);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }
}

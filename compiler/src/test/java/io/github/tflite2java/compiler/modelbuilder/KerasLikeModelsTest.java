package io.github.tflite2java.compiler.modelbuilder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.KerasLikeModels.Io;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.testing.ClassFileMethods;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stand-ins keep the MLPerf Tiny architectures and the converter's conventions (operator
 * counts, -1 batch on every activation, per-channel filters, the float I/O boundary), are
 * deterministic, and compile at batch 4 into classes whose methods stay under 8000 bytecode
 * bytes. Their outputs are checked against live TFLite in it-tests' KerasLikeModelsLiveTest.
 */
class KerasLikeModelsTest {

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("ad", "{FULLY_CONNECTED=10}", new int[] {1, 640}, new int[] {1, 640}),
        Arguments.of("kws", "{AVERAGE_POOL_2D=1, CONV_2D=5, DEPTHWISE_CONV_2D=4,"
            + " FULLY_CONNECTED=1, RESHAPE=1, SOFTMAX=1}", new int[] {1, 49, 10, 1},
            new int[] {1, 12}),
        Arguments.of("resnet8", "{ADD=3, AVERAGE_POOL_2D=1, CONV_2D=9, FULLY_CONNECTED=1,"
            + " RESHAPE=1, SOFTMAX=1}", new int[] {1, 32, 32, 3}, new int[] {1, 10}),
        Arguments.of("vww", "{AVERAGE_POOL_2D=1, CONV_2D=14, DEPTHWISE_CONV_2D=13,"
            + " FULLY_CONNECTED=1, RESHAPE=1, SOFTMAX=1}", new int[] {1, 96, 96, 3},
            new int[] {1, 2}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void architectureAndConverterConventions(String name, String ops, int[] in, int[] out)
      throws Exception {
    for (Io io : Io.values()) {
      byte[] model = KerasLikeModels.byName(name, io, 13);
      assertArrayEquals(model, KerasLikeModels.byName(name, io, 13), "deterministic");
      ModelGraph g = TfliteReader.read(name + ".tflite", model);
      Map<String, Integer> counts = new TreeMap<>();
      for (Operator op : g.operators()) {
        counts.merge(op.kind(), 1, Integer::sum);
      }
      int boundary = io == Io.FLOAT32 ? 1 : 0;
      assertEquals(boundary, counts.getOrDefault("QUANTIZE", 0).intValue(), name);
      assertEquals(boundary, counts.getOrDefault("DEQUANTIZE", 0).intValue(), name);
      counts.remove("QUANTIZE");
      counts.remove("DEQUANTIZE");
      assertEquals(ops, counts.toString(), name + " " + io);
      TensorType boundaryType = io == Io.FLOAT32 ? TensorType.FLOAT32 : TensorType.INT8;
      assertEquals(boundaryType, g.input(0).type());
      assertEquals(boundaryType, g.output(0).type());
      assertArrayEquals(in, g.input(0).shape());
      assertArrayEquals(out, g.output(0).shape());
      for (Tensor t : g.tensors()) {
        if (t.data() == null) {
          assertTrue(t.dynamicBatch(), t.name() + " has a -1 batch signature");
        } else if (t.name().endsWith("/filter")) {
          assertEquals(t.dim(0) == 1 ? 3 : 0, t.quant().quantizedDimension(), t.name());
          assertEquals(t.dim(t.dim(0) == 1 ? 3 : 0), t.quant().scales().length, t.name());
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void compilesAtBatch4WithSmallMethods(String name, String ops, int[] in, int[] out)
      throws Exception {
    byte[] model = KerasLikeModels.byName(name, Io.FLOAT32, 13);
    GeneratedSource src = Tflite2JavaCompiler.compile(TfliteReader.read(name + ".tflite", model),
        "keras." + name.toUpperCase(java.util.Locale.ROOT), CompileOptions.defaults().withBatch(4));
    InMemoryJavac.Compiled compiled = InMemoryJavac.compile(src);
    ClassFileMethods.assertUnderJitLimit(compiled.classFiles(), name);
  }
}

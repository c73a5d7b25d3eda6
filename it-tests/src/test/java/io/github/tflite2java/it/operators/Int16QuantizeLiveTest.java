package io.github.tflite2java.it.operators;

import static io.github.tflite2java.it.operators.OpModels.q;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * QUANTIZE float32 -> int16, int16 -> int8, int16 -> int16 and DEQUANTIZE int16 -> float32
 * against live TFLite 2.9.0 (C) and 2.6.2 (Java): every int16 value (a sweep over 65536
 * inputs), floats on and beside rounding ties, and the extremes.
 */
class Int16QuantizeLiveTest {
  private static final int N = 4096;

  private static byte[] unary(String kind, int n, TensorType inType, QuantParams in,
      TensorType outType, QuantParams out) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", inType, new int[] {1, n}, in);
    int y = b.addTensor("y", outType, new int[] {1, n}, out);
    b.addOperator(BuiltinOperator.code(kind), 1, new int[] {x}, new int[] {y},
        new OperatorOptions.None());
    return b.inputs(x).outputs(y).build();
  }

  /** All 65536 int16 values, little-endian, in order. */
  private static List<List<byte[]>> allInt16() {
    byte[] b = new byte[2 * 65536];
    for (int v = 0; v < 65536; v++) {
      b[2 * v] = (byte) v;
      b[2 * v + 1] = (byte) (v >> 8);
    }
    return OpModels.single(b);
  }

  @Test
  void floatToInt16() {
    for (float scale : new float[] {0.0001f, 0x1p-12f, 0.0371f}) {
      byte[] model = unary("QUANTIZE", N, TensorType.FLOAT32, QuantParams.NONE,
          TensorType.INT16, q(scale, 0));
      List<List<byte[]>> sets = new ArrayList<>();
      sets.add(List.of(LiveOps.floats(QuantizeLiveTest.nearTies(scale, 0, new Random(1)))));
      sets.add(List.of(LiveOps.floats(QuantizeLiveTest.randomFloats(new Random(2),
          scale * 256))));
      LiveOps.assertMatchesTflite("QUANTIZE float32 -> int16 scale " + scale, model, sets);
    }
  }

  @Test
  void int16ToInt8() {
    LiveOps.assertMatchesTflite("QUANTIZE int16 -> int8", unary("QUANTIZE", 65536,
        TensorType.INT16, q(0.0005f, 0), TensorType.INT8, q(0.05f, 3)), allInt16());
    LiveOps.assertMatchesTflite("QUANTIZE int16 -> int8, ties", unary("QUANTIZE", 65536,
        TensorType.INT16, q(0x1p-10f, 0), TensorType.INT8, q(0x1p-4f, -128)), allInt16());
  }

  @Test
  void int16ToInt16() {
    LiveOps.assertMatchesTflite("QUANTIZE int16 -> int16, smaller scale", unary("QUANTIZE",
        65536, TensorType.INT16, q(0.0013f, 0), TensorType.INT16, q(0.0007f, 0)), allInt16());
    LiveOps.assertMatchesTflite("QUANTIZE int16 -> int16, larger scale", unary("QUANTIZE",
        65536, TensorType.INT16, q(0x1p-12f, 0), TensorType.INT16, q(0x1p-9f, 0)),
        allInt16());
  }

  @Test
  void dequantizeInt16() {
    LiveOps.assertMatchesTflite("DEQUANTIZE int16", unary("DEQUANTIZE", 65536,
        TensorType.INT16, q(0.000123f, 0), TensorType.FLOAT32, QuantParams.NONE), allInt16());
  }

  @Test
  void eightBitToInt16IsRefusedAsTfliteDoes() {
    byte[] model = unary("QUANTIZE", 8, TensorType.INT8, q(0.1f, 0), TensorType.INT16,
        q(0.01f, 0));
    ModelCompileException e = assertThrows(ModelCompileException.class,
        () -> new LiveOps.Generated(LiveOps.read(model), CompileOptions.defaults()));
    assertTrue(e.getMessage().contains("TFLite requantizes to int16 only from int16"),
        e.getMessage());
  }
}

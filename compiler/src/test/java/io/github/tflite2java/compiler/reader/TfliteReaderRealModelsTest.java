package io.github.tflite2java.compiler.reader;

import io.github.tflite2java.compiler.ops.Conv2d;
import io.github.tflite2java.compiler.ops.DepthwiseConv2d;
import io.github.tflite2java.compiler.ops.Mean;
import io.github.tflite2java.compiler.ops.Pool2d;
import io.github.tflite2java.compiler.ops.Reshape;
import io.github.tflite2java.compiler.ops.Softmax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reads every shared real model and checks the facts recorded in shared/models/MODELS.md. */
class TfliteReaderRealModelsTest {

  private static Map<String, Integer> opCounts(ModelGraph g) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Operator op : g.operators()) {
      counts.merge(op.kind(), 1, Integer::sum);
    }
    return counts;
  }

  @ParameterizedTest
  @CsvSource({
    "mobilenet_v1_1.0_224_quant.tflite, 4282352,"
        + " 7511b8c9f30e30cea70589cad1c84b5d7d5abaf48bad1fa8183f8aaa1afd5bf0, 224",
    "mobilenet_v1_0.25_128_quant.tflite, 497264,"
        + " 3799e7cdb3ec44beacaf47ef5c884111c919e51bb50b34ac836244b08d4b953b, 128",
    "mobilenet_v1_0.5_160_quant.tflite, 1364512,"
        + " 1a2c4e38428658475e447d9dfe696149d59bd57db714e8b028971173017ae076, 160",
    "mobilenet_v1_0.75_192_quant.tflite, 2624208,"
        + " ab1c6c59d5fa1cdc23afea00f57814056370583844d5cf3736ec142ba304d463, 192",
  })
  void mobilenetV1Family(String file, long size, String sha256, int resolution) throws Exception {
    ModelGraph g = TfliteReader.read(SharedModels.model(file));
    assertEquals(file, g.sourceName());
    assertEquals(size, g.fileSize());
    assertEquals(sha256, g.sha256());
    assertEquals(3, g.schemaVersion());
    assertEquals(31, g.operators().size());
    assertEquals(Map.of("CONV_2D", 15, "DEPTHWISE_CONV_2D", 13, "AVERAGE_POOL_2D", 1,
        "RESHAPE", 1, "SOFTMAX", 1), opCounts(g));
    assertEquals(1, g.inputs().length);
    assertEquals(1, g.outputs().length);
    Tensor in = g.input(0);
    assertEquals(TensorType.UINT8, in.type());
    assertArrayEquals(new int[] {1, resolution, resolution, 3}, in.shape());
    assertFalse(in.isConstant());
    Tensor out = g.output(0);
    assertEquals(TensorType.UINT8, out.type());
    assertArrayEquals(new int[] {1, 1001}, out.shape());
    assertEquals(QuantParams.perTensor(1f / 256, 0), out.quant());
    for (Tensor t : g.tensors()) {
      assertTrue(t.quant().count() <= 1, t + " is per-tensor quantized");
    }
  }

  @Test
  void flagshipDetails() throws Exception {
    ModelGraph g = TfliteReader.read(SharedModels.model(SharedModels.FLAGSHIP));
    assertEquals(89, g.tensors().size());
    assertTrue(g.description().startsWith("Reconstructed from Coral"), g.description());
    Tensor in = g.input(0);
    assertEquals("input", in.name());
    assertEquals(0.0078125f, in.quant().scale());
    assertEquals(128, in.quant().zeroPoint());

    Operator first = g.operators().get(0);
    assertEquals("CONV_2D", first.kind());
    assertEquals(3, first.builtinCode());
    assertEquals(1, first.version());
    assertEquals(new Conv2d.Options(Padding.SAME, 2, 2, 1, 1, Activation.RELU6),
        first.options());
    Tensor filter = g.tensor(first.input(1));
    assertEquals(TensorType.UINT8, filter.type());
    assertArrayEquals(new int[] {32, 3, 3, 3}, filter.shape());
    assertEquals(864, filter.data().length);
    assertEquals(QuantParams.perTensor(0.021826679f, 151), filter.quant());
    Tensor bias = g.tensor(first.input(2));
    assertEquals(TensorType.INT32, bias.type());
    assertEquals(32 * 4, bias.data().length);
    assertEquals(29, first.output(0));
    assertArrayEquals(new int[] {1, 112, 112, 32}, g.tensor(first.output(0)).shape());

    Operator dw = g.operators().get(1);
    assertEquals(new DepthwiseConv2d.Options(Padding.SAME, 1, 1, 1, 1, 1,
        Activation.RELU6), dw.options());
    Operator pool = g.operators().get(27);
    assertEquals("AVERAGE_POOL_2D", pool.kind());
    assertEquals(new Pool2d.Options(Padding.VALID, 2, 2, 7, 7, Activation.NONE),
        pool.options());
    Operator reshape = g.operators().get(29);
    assertEquals("RESHAPE", reshape.kind());
    assertArrayEquals(new int[] {1, 1001},
        ((Reshape.Options) reshape.options()).newShape());
    Operator softmax = g.operators().get(30);
    assertEquals(new Softmax.Options(1.0f), softmax.options());
    assertEquals(g.outputs()[0], softmax.output(0));

    long constantBytes = g.tensors().stream().filter(Tensor::isConstant)
        .mapToLong(t -> t.data().length).sum();
    assertTrue(constantBytes > 4_000_000 && constantBytes < g.fileSize(), "" + constantBytes);
  }

  @Test
  void mobilenetV2Quant() throws Exception {
    ModelGraph g = TfliteReader.read(SharedModels.model(SharedModels.V2));
    assertEquals("558b8bb64a2420455a356ea2e105455209556ae850b176275a88b51129d3c13f", g.sha256());
    assertEquals(Map.of("CONV_2D", 36, "DEPTHWISE_CONV_2D", 17, "ADD", 10, "AVERAGE_POOL_2D", 1,
        "RESHAPE", 1, "SOFTMAX", 1), opCounts(g));
    Tensor in = g.input(0);
    assertEquals(TensorType.UINT8, in.type());
    assertArrayEquals(new int[] {1, 224, 224, 3}, in.shape());
    assertEquals(0.0078740157f, in.quant().scale(), 1e-9f);
    assertEquals(128, in.quant().zeroPoint());
    assertArrayEquals(new int[] {1, 1001}, g.output(0).shape());
    assertEquals(TensorType.UINT8, g.output(0).type());
  }

  @Test
  void tf2PostTrainingQuantizedPerChannel() throws Exception {
    ModelGraph g = TfliteReader.read(SharedModels.model(SharedModels.TF2_PTQ));
    assertEquals("5d3137241276e79c86d14a74fe43581398ae0e815191d3dba45495b810840e8c", g.sha256());
    assertEquals(4070174, g.fileSize());
    assertEquals(Map.of("QUANTIZE", 2, "CONV_2D", 36, "DEPTHWISE_CONV_2D", 17, "ADD", 10,
        "MEAN", 1, "RESHAPE", 1, "SOFTMAX", 1), opCounts(g));
    assertEquals(TensorType.UINT8, g.input(0).type());
    assertArrayEquals(new int[] {1, 224, 224, 3}, g.input(0).shape());
    assertEquals(TensorType.UINT8, g.output(0).type());
    assertArrayEquals(new int[] {1, 1001}, g.output(0).shape());

    int convs = 0;
    int depthwise = 0;
    for (Operator op : g.operators()) {
      boolean isConv = op.kind().equals("CONV_2D");
      boolean isDw = op.kind().equals("DEPTHWISE_CONV_2D");
      if (!isConv && !isDw) {
        continue;
      }
      Tensor filter = g.tensor(op.input(1));
      QuantParams q = filter.quant();
      assertEquals(TensorType.INT8, filter.type(), filter.toString());
      assertTrue(filter.isConstant());
      int dim = isConv ? 0 : 3;
      assertEquals(dim, q.quantizedDimension(), filter.toString());
      assertEquals(filter.dim(dim), q.count(), filter + " has one scale per output channel");
      for (int c = 0; c < q.count(); c++) {
        assertEquals(0, q.zeroPoint(c));
        assertTrue(q.scale(c) > 0);
      }
      Tensor bias = g.tensor(op.input(2));
      assertEquals(TensorType.INT32, bias.type());
      assertEquals(q.count(), bias.quant().count());
      assertEquals(TensorType.INT8, g.tensor(op.output(0)).type());
      assertEquals(3, op.version());
      if (isConv) {
        convs++;
      } else {
        depthwise++;
      }
    }
    assertEquals(36, convs);
    assertEquals(17, depthwise);

    Operator quantize = g.operators().get(0);
    assertEquals("QUANTIZE", quantize.kind());
    assertEquals(114, quantize.builtinCode());
    assertEquals(new OperatorOptions.None(), quantize.options());
    assertEquals(TensorType.INT8, g.tensor(quantize.output(0)).type());
    Operator mean = g.operators().stream().filter(o -> o.kind().equals("MEAN")).findFirst()
        .orElseThrow();
    assertEquals(new Mean.Options(true), mean.options());
    Tensor axes = g.tensor(mean.input(1));
    assertNotNull(axes.data());
    assertEquals(TensorType.INT32, axes.type());
    assertNull(g.input(0).data());
  }
}

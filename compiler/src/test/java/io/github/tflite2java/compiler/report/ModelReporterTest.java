package io.github.tflite2java.compiler.report;

import io.github.tflite2java.compiler.ops.Conv2d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelReporterTest {

  @Test
  void mobilenetTotalsAddUpAndMatchThePublishedMacs() throws Exception {
    ModelReport r = ReportFixtures.mobilenet025();

    assertEquals(31, r.layers().size());
    assertEquals(15, r.operatorCounts().get("CONV_2D"));
    assertEquals(13, r.operatorCounts().get("DEPTHWISE_CONV_2D"));
    // Google's hosted-models table: MobileNet_v1_0.25_128 has 14 million MACs.
    assertTrue(r.totalMacs() > 13_500_000 && r.totalMacs() < 14_500_000, "" + r.totalMacs());
    assertEquals(r.layers().stream().mapToLong(LayerReport::macs).sum(), r.totalMacs());
    assertEquals(r.layers().stream().mapToLong(LayerReport::weightBytes).sum(),
        r.modelWeightBytes());
    // The model file is the weights plus a little FlatBuffer structure.
    assertTrue(r.modelWeightBytes() < r.fileSize() && r.modelWeightBytes() > 0.9 * r.fileSize());
    assertEquals(r.arenaLowerBoundBytes(), r.peakLiveBytes());
    assertTrue(r.arenaBytes() >= r.arenaLowerBoundBytes());
    assertEquals("uint8", r.inputs().get(0).type());
    assertEquals("[1,128,128,3]", r.inputs().get(0).shapeString());
    // The model class and the nested ParallelLayers (setExecutor) with its Parts interface.
    assertEquals(3, r.classCount());
    assertTrue(r.methodCount() > 31, "" + r.methodCount());
  }

  @Test
  void arenaBlocksNeverOverlapInTimeAndSpace() throws Exception {
    ModelReport r = ReportFixtures.mobilenet025();
    List<ArenaBlock> blocks = r.blocks();
    for (int i = 0; i < blocks.size(); i++) {
      ArenaBlock a = blocks.get(i);
      assertTrue(a.offsetBytes() + a.sizeBytes() <= r.arenaBytes(), a.toString());
      for (int j = i + 1; j < blocks.size(); j++) {
        ArenaBlock b = blocks.get(j);
        boolean time = a.firstStep() <= b.lastStep() && b.firstStep() <= a.lastStep();
        boolean space = a.offsetBytes() < b.offsetBytes() + b.sizeBytes()
            && b.offsetBytes() < a.offsetBytes() + a.sizeBytes();
        assertFalse(time && space, a + " overlaps " + b);
      }
    }
  }

  @Test
  void reshapeSharesItsInputsStorage() throws Exception {
    ModelReport r = ReportFixtures.mobilenet025();
    LayerReport reshape = r.layers().stream().filter(l -> l.kind().equals("RESHAPE"))
        .findFirst().orElseThrow();
    LayerReport before = r.layers().get(reshape.index() - 1);

    assertTrue(reshape.aliasesInput());
    assertEquals(before.arenaOffsetBytes(), reshape.arenaOffsetBytes());
    assertEquals(0, reshape.macs());
  }

  @Test
  void countsMacsOfAHandMadeConvolution() throws Exception {
    // 1x5x5x2 input, 3 filters of 3x3x2, VALID: output 1x3x3x3, 27 elements x 18 taps.
    TfliteModelBuilder b = new TfliteModelBuilder();
    QuantParams q = QuantParams.perTensor(0.5f, 128);
    int in = b.addTensor("in", TensorType.UINT8, new int[] {1, 5, 5, 2}, q);
    int w = b.addConstantTensor("w", TensorType.UINT8, new int[] {3, 3, 3, 2},
        QuantParams.perTensor(0.25f, 128), new byte[54]);
    int out = b.addTensor("out<script>", TensorType.UINT8, new int[] {1, 3, 3, 3}, q);
    b.addOperator(BuiltinOperator.CONV_2D, new int[] {in, w, -1}, new int[] {out},
        new io.github.tflite2java.compiler.ops.Conv2d.Options(
            io.github.tflite2java.compiler.ir.Padding.VALID, 1, 1, 1, 1,
            io.github.tflite2java.compiler.ir.Activation.NONE));
    b.inputs(in).outputs(out);
    ModelGraph g = TfliteReader.read("tiny.tflite", b.build());

    GeneratedSource s = Tflite2JavaCompiler.compile(g, "t.Tiny", CompileOptions.defaults());
    ModelReport r = s.report();

    assertNotNull(r);
    assertEquals(27L * 18, r.totalMacs());
    assertEquals(54, r.modelWeightBytes());
    assertEquals(4L * (50 + 27), r.arenaBytes());
    assertEquals(List.of(new ArenaBlock(in, "in", r.blocks().get(0).offsetBytes(), 200, -1, 0),
        new ArenaBlock(out, "out<script>", r.blocks().get(1).offsetBytes(), 108, 0, 1)),
        r.blocks());
    assertTrue(s.summary().startsWith("t.Tiny <- tiny.tflite: 1 operators (CONV_2D x1), 486"
        + " MACs, weights "), s.summary());
  }

  @Test
  void summaryLineNamesEverything() throws Exception {
    ModelReport r = ReportFixtures.mobilenet025();
    String line = r.summaryLine();

    assertTrue(line.startsWith("test.report.Mobilenet025 <- mobilenet_v1_0.25_128_quant.tflite:"
        + " 31 operators (AVERAGE_POOL_2D x1, CONV_2D x15, DEPTHWISE_CONV_2D x13, RESHAPE x1,"
        + " SOFTMAX x1), 13.6 M MACs"), line);
    assertTrue(line.contains(" M MACs, weights "), line);
    assertTrue(line.endsWith("3 classes, " + r.methodCount() + " methods"), line);
  }

  @Test
  void formatsCounts() {
    assertEquals("950", ModelReport.formatCount(950));
    assertEquals("14.1 k", ModelReport.formatCount(14_100));
    assertEquals("569.0 M", ModelReport.formatCount(569_000_000));
    assertEquals("1.20 G", ModelReport.formatCount(1_200_000_000));
  }
}

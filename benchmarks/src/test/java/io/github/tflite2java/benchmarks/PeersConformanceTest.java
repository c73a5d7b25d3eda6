package io.github.tflite2java.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.benchmarks.onnx.TfliteToOnnx;
import io.github.tflite2java.compiler.testing.Oracles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmark peers run the real models in this JVM and their outputs are what the benchmark
 * table reports: the generated class bit-exact, TFLite 2.21 + XNNPACK and ONNX Runtime close to
 * TFLite 2.9's golden bytes (their own requantization) with the same top class, for MobileNet v1
 * (1.0_224, 0.25_128) and v2 (uint8, int8 per-channel).
 */
class PeersConformanceTest {

  private static final String FLAGSHIP = "mobilenet_v1_1.0_224_quant";
  private static final String SMALL = "mobilenet_v1_0.25_128_quant";
  private static final String V2_INT8 = "tf2_mobilenet_v2_1.0_224_ptq";
  private static final String V2_UINT8 = "mobilenet_v2_1.0_224_quant";

  @BeforeEach
  void needsShared() {
    SharedGolden.require(FLAGSHIP);
  }

  @Test
  void generatedIsBitExact() {
    assertTrue(InferenceBenchmark.conformance(FLAGSHIP, "generated").exact());
    assertTrue(InferenceBenchmark.conformance(SMALL, "generated").exact());
    assertTrue(InferenceBenchmark.conformance(V2_INT8, "generated").exact());
    assertTrue(InferenceBenchmark.conformance(V2_UINT8, "generated").exact());
  }

  @Test
  void xnnpackRunsOnOneThreadCloseToTflite() {
    for (String model : new String[] {FLAGSHIP, SMALL, V2_INT8, V2_UINT8}) {
      try (TfliteXnnpack x =
          new TfliteXnnpack(
              Shared.read(Shared.model(model)), Shared.read(Shared.input(model)))) {
        byte[] out = x.run();
        assertTrue(x.delegateKernels() > 0, model + ": " + x.delegation());
        assertClose(model, out);
      }
    }
  }

  /**
   * TfliteToOnnx converts MobileNet v1 (uint8), v2 (uint8) and v2 (int8 per-channel, with
   * QUANTIZE, ADD and MEAN), and ONNX Runtime's output on each is close to TFLite 2.9's.
   */
  @Test
  void onnxRuntimeRunsEveryConvertedModelCloseToTflite() {
    for (String model : new String[] {FLAGSHIP, SMALL, V2_INT8, V2_UINT8}) {
      try (OnnxRuntimePeer r = OnnxRuntimePeer.forModel(model, Shared.read(Shared.input(model)))) {
        assertClose(model, r.run());
      }
    }
  }

  /** The int8 model with its int8 activations kept int8 runs close to TFLite too. */
  @Test
  void onnxRuntimeRunsTheInt8ModelWithInt8ActivationsCloseToTflite() {
    byte[] in = Shared.read(Shared.input(V2_INT8));
    byte[] onnx =
        TfliteToOnnx.convert(
            V2_INT8, Shared.read(Shared.model(V2_INT8)), TfliteToOnnx.Int8Activations.INT8);
    try (OnnxRuntimePeer r =
        new OnnxRuntimePeer(V2_INT8, onnx, in, new long[] {1, 224, 224, 3}, new long[] {1, 1001})) {
      assertClose(V2_INT8, r.run());
    }
  }

  /**
   * On the flagship, the in-repository converter and shared/tools/tflite2onnx_qlinear.py (whose
   * .onnx is in shared/models/peers) make graphs that ONNX Runtime computes to the same bytes.
   */
  @Test
  void convertedFlagshipComputesAsTheSharedOnnxFile() {
    Path shared = Shared.dir().resolve("models/peers/" + FLAGSHIP + "_qlinear.onnx");
    Oracles.require(Files.isRegularFile(shared), shared + " not found", "update ../shared");
    byte[] in = Shared.read(Shared.input(FLAGSHIP));
    long[] inShape = {1, 224, 224, 3};
    long[] outShape = {1, 1001};
    byte[] ours;
    try (OnnxRuntimePeer r = OnnxRuntimePeer.forModel(FLAGSHIP, in)) {
      ours = r.run().clone();
    }
    try (OnnxRuntimePeer r = new OnnxRuntimePeer(shared, in, inShape, outShape)) {
      assertArrayEquals(r.run(), ours);
    }
  }

  @Test
  void converterNamesTheOperatorItCannotConvert() {
    String model = "deeplabv3_mnv2_dm05_pascal_quant";
    Path file = Shared.dir().resolve("models/real/" + model + ".tflite");
    Oracles.require(Files.isRegularFile(file), file + " not found", "update ../shared");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TfliteToOnnx.convert(model + ".tflite", Shared.read(file)));
    assertTrue(e.getMessage().contains("is not supported"), e.getMessage());
  }

  /** Same length and top class as the golden output, every byte within 3. */
  private static void assertClose(String model, byte[] out) {
    byte[] golden = Shared.read(Shared.expected(model, "2.9"));
    OutputDiff d = OutputDiff.of(golden, out);
    assertTrue(d.maxAbsDiff <= 3, model + ": " + d);
    assertEquals(argmax(golden), argmax(out), model + ": top class");
  }

  private static int argmax(byte[] b) {
    int best = 0;
    for (int i = 1; i < b.length; i++) {
      if ((b[i] & 0xFF) > (b[best] & 0xFF)) {
        best = i;
      }
    }
    return best;
  }
}

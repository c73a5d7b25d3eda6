package io.github.tflite2java.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.testing.Oracles;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmark peers run the real models in this JVM and their outputs are what the benchmark
 * table reports: the generated class bit-exact, TFLite 2.21 + XNNPACK and ONNX Runtime close to
 * TFLite 2.9's golden bytes (their own requantization) with the same top class.
 */
class PeersConformanceTest {

  private static final String FLAGSHIP = "mobilenet_v1_1.0_224_quant";
  private static final String SMALL = "mobilenet_v1_0.25_128_quant";

  @BeforeEach
  void needsShared() {
    boolean present;
    try {
      present = Files.isDirectory(Shared.dir().resolve("golden").resolve(FLAGSHIP));
    } catch (IllegalStateException e) {
      present = false;
    }
    Oracles.require(
        present, "../shared (models, golden) not found", "check out shared/ beside the repository");
  }

  @Test
  void generatedIsBitExact() {
    assertTrue(InferenceBenchmark.conformance(FLAGSHIP, "generated").exact());
    assertTrue(InferenceBenchmark.conformance(SMALL, "generated").exact());
  }

  @Test
  void xnnpackRunsOnOneThreadCloseToTflite() {
    for (String model : new String[] {FLAGSHIP, SMALL}) {
      try (TfliteXnnpack x =
          new TfliteXnnpack(
              Shared.read(Shared.model(model)), Shared.read(Shared.input(model)))) {
        byte[] out = x.run();
        assertTrue(x.delegateKernels() > 0, model + ": " + x.delegation());
        assertClose(model, out);
      }
    }
  }

  @Test
  void onnxRuntimeRunsTheFlagshipCloseToTflite() {
    Oracles.require(
        OnnxRuntimePeer.find(FLAGSHIP).isPresent(),
        "shared/models/peers/" + FLAGSHIP + "_qlinear.onnx not found",
        "update ../shared");
    byte[] in = Shared.read(Shared.input(FLAGSHIP));
    try (OnnxRuntimePeer r =
        new OnnxRuntimePeer(
            OnnxRuntimePeer.find(FLAGSHIP).get(),
            in,
            new long[] {1, 224, 224, 3},
            new long[] {1, 1001})) {
      assertClose(FLAGSHIP, r.run());
    }
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

package io.github.tflite2java.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BenchMain's "Output vs golden" column for VectorInferenceBenchmark's rows: the Vk classes run in
 * a JVM started with the fork's JVM arguments, and the column says what they computed, or why it
 * was not checked.
 */
class VectorConformanceTest {

  private static final String JAVA =
      Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  private static final String SMALL = "mobilenet_v1_0.25_128_quant";

  @BeforeEach
  void needsShared() {
    SharedGolden.require(SMALL);
  }

  @Test
  void vectorAndScalarRowsAreCheckedWithTheForksArguments() {
    List<String> vector =
        Arrays.asList("--add-modules", "jdk.incubator.vector", "-Dtflite2java.vectorWarmUp=false");
    List<String> scalar =
        Arrays.asList("--add-modules", "jdk.incubator.vector", "-Dtflite2java.kernels=scalar");
    assertEquals("bit-exact", BenchMain.vectorConformance(JAVA, vector, SMALL));
    assertEquals("bit-exact", BenchMain.vectorConformance(JAVA, scalar, SMALL));
  }

  @Test
  void aForkWithoutTheVectorModuleIsReportedNotChecked() {
    // Without jdk.incubator.vector the class falls back to scalar kernels: not what vkVector times.
    String result =
        BenchMain.vectorConformance(
            JAVA, Arrays.asList("-Dtflite2java.vectorWarmUp=false"), SMALL);
    assertTrue(
        result.startsWith("not checked: kernels() says ") && !result.contains("vector: "), result);
  }
}

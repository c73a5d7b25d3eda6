package io.github.tflite2java.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchSetupTest {

  @Test
  void theMethodIsTheLastPartOfTheBenchmarkName() {
    assertEquals("tflite290C",
        BenchSetup.method("io.github.tflite2java.benchmarks.LargeModelBenchmark.tflite290C"));
  }

  @Test
  void differentBytesAreRefusedSayingWhat() {
    BenchSetup.requireEqual(new byte[] {1, 2}, new byte[] {1, 2}, "not thrown");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> BenchSetup.requireEqual(new byte[] {1, 2}, new byte[] {1, 3}, "X differs from Y"));
    assertEquals("X differs from Y: refusing to benchmark a wrong result", e.getMessage());
  }

  @Test
  void closeAllClosesEveryRuntimeThatIsOpen() {
    List<String> closed = new ArrayList<>();
    BenchSetup.closeAll(() -> closed.add("a"), null, () -> closed.add("b"));
    assertEquals(List.of("a", "b"), closed);
  }
}

package io.github.tflite2java.it.load;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.examples.MobilenetV1Quant025x128;
import io.github.tflite2java.it.Bytes;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Many inferences of the small MobileNet in a row: the same input gives the same bytes
 * throughout, and the heap used after GC shows no growth trend. The suite runs {@value
 * #SHORT_INFERENCES}; {@code -Dtflite2java.soak=true} runs {@value #LONG_INFERENCES} (about
 * half an hour on two cores), {@code -Dtflite2java.soak.inferences=N} any other number.
 */
class SoakTest {

  static final int SHORT_INFERENCES = 2_000;
  static final int LONG_INFERENCES = 100_000;
  /** Heap samples (after GC) taken at even intervals. */
  static final int SAMPLES = 11;
  /** Growth of used heap over the run that counts as a leak. */
  static final long TOLERANCE_BYTES = 8L << 20;

  @Test
  void sameBytesAndAFlatHeapOverManyInferences() {
    int total = Integer.getInteger("tflite2java.soak.inferences",
        Boolean.getBoolean("tflite2java.soak") ? LONG_INFERENCES : SHORT_INFERENCES);
    List<byte[]> inputs = ConcurrencyTest.inputs("mobilenet_v1_0.25_128_quant",
        MobilenetV1Quant025x128.INPUT_SIZE, 8);
    List<byte[]> expected = ConcurrencyTest.run(inputs, MobilenetV1Quant025x128::infer);
    MobilenetV1Quant025x128 instance = new MobilenetV1Quant025x128();
    byte[] output = new byte[MobilenetV1Quant025x128.OUTPUT_SIZE];

    // Warm up (JIT, class init) before the first sample.
    for (int i = 0; i < Math.min(200, total / 10); i++) {
      instance.infer(inputs.get(i % inputs.size()), output);
    }
    List<Long> heap = new ArrayList<>();
    heap.add(usedHeapAfterGc());
    int interval = Math.max(1, total / (SAMPLES - 1));
    long start = System.nanoTime();
    for (int i = 1; i <= total; i++) {
      int k = i % inputs.size();
      // Alternate the allocating static form and the reused instance.
      byte[] out;
      if ((i & 1) == 0) {
        out = MobilenetV1Quant025x128.infer(inputs.get(k));
      } else {
        instance.infer(inputs.get(k), output);
        out = output;
      }
      if (!java.util.Arrays.equals(expected.get(k), out)) {
        Bytes.assertSameBytes(expected.get(k), out, "inference " + i + " of input " + k);
      }
      if (i % interval == 0) {
        heap.add(usedHeapAfterGc());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long first = heap.get(0);
    long last = heap.get(heap.size() - 1);
    double slope = slopePerSample(heap);
    String report = String.format(Locale.ROOT,
        "%d inferences in %.1f s (%.2f ms each); used heap after GC (KiB): %s; growth %d KiB,"
            + " trend %.1f KiB per sample", total, seconds, seconds * 1000 / total,
        heap.stream().map(b -> Long.toString(b >> 10)).toList(), (last - first) >> 10,
        slope / 1024);
    System.out.println("SoakTest: " + report);
    assertTrue(last - first < TOLERANCE_BYTES, "heap grew: " + report);
    assertTrue(slope * (heap.size() - 1) < TOLERANCE_BYTES, "heap trend rises: " + report);
  }

  /** Used heap after two collections, the smaller reading. */
  static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 2; i++) {
      System.gc();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      best = Math.min(best, memory.getHeapMemoryUsage().getUsed());
    }
    return best;
  }

  /** Least-squares slope of the samples against their index, in bytes per sample. */
  static double slopePerSample(List<Long> samples) {
    int n = samples.size();
    double meanX = (n - 1) / 2.0;
    double meanY = samples.stream().mapToLong(Long::longValue).average().orElse(0);
    double num = 0;
    double den = 0;
    for (int i = 0; i < n; i++) {
      num += (i - meanX) * (samples.get(i) - meanY);
      den += (i - meanX) * (i - meanX);
    }
    return den == 0 ? 0 : num / den;
  }
}

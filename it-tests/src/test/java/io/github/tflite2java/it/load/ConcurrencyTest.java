package io.github.tflite2java.it.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.examples.MobilenetV1Quant;
import io.github.tflite2java.examples.MobilenetV1Quant025x128;
import io.github.tflite2java.it.Bytes;
import io.github.tflite2java.it.Golden;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated classes under concurrent use: the static {@code infer} from 8 threads (2,000
 * inferences on mixed inputs, mostly the small MobileNet, some of the flagship), and 8 threads
 * each with its own instance; every output must equal the single-threaded one. Also checks that
 * the generated Javadoc states these rules.
 */
class ConcurrencyTest {

  static final int THREADS = 8;
  static final int INFERENCES = 2_000;
  /** One inference in this many uses the flagship (1.0_224) model. */
  static final int FLAGSHIP_EVERY = 50;
  /** Inferences of the one-instance-per-thread test, split evenly over the threads. */
  static final int PER_INSTANCE_INFERENCES = 800;
  static final long SEED = 0xC0C0_2026L;

  static List<byte[]> smallInputs;
  static List<byte[]> smallExpected;
  static List<byte[]> flagshipInputs;
  static List<byte[]> flagshipExpected;

  @BeforeAll
  static void singleThreadedResults() {
    smallInputs = inputs("mobilenet_v1_0.25_128_quant", MobilenetV1Quant025x128.INPUT_SIZE, 16);
    smallExpected = run(smallInputs, MobilenetV1Quant025x128::infer);
    flagshipInputs = inputs("mobilenet_v1_1.0_224_quant", MobilenetV1Quant.INPUT_SIZE, 4);
    flagshipExpected = run(flagshipInputs, MobilenetV1Quant::infer);
  }

  /** The golden inputs (shared/ is needed to build this module anyway), plus zeros, 0xFF and seeded random bytes. */
  static List<byte[]> inputs(String model, int size, int count) {
    List<byte[]> in = new ArrayList<>();
    for (String name : Golden.inputs(model)) {
      in.add(Golden.input(model, name));
    }
    in.add(new byte[size]);
    byte[] ff = new byte[size];
    Arrays.fill(ff, (byte) 0xFF);
    in.add(ff);
    Random rnd = new Random(SEED + size);
    while (in.size() < count) {
      byte[] b = new byte[size];
      rnd.nextBytes(b);
      in.add(b);
    }
    return in;
  }

  static List<byte[]> run(List<byte[]> inputs, UnaryOperator<byte[]> infer) {
    List<byte[]> out = new ArrayList<>();
    for (byte[] in : inputs) {
      out.add(infer.apply(in));
    }
    return out;
  }

  /** Runs {@code task} on {@link #THREADS} threads released together; returns their results. */
  static <T> List<T> onThreads(Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(10, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void staticInferFromEightThreads() throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger flagshipCalls = new AtomicInteger();
    List<Integer> done = onThreads(() -> {
      int count = 0;
      for (int i; (i = next.getAndIncrement()) < INFERENCES; count++) {
        Random rnd = new Random(SEED ^ i);
        if (i % FLAGSHIP_EVERY == 0) {
          int k = rnd.nextInt(flagshipInputs.size());
          Bytes.assertSameBytes(flagshipExpected.get(k),
              MobilenetV1Quant.infer(flagshipInputs.get(k)),
              "MobilenetV1Quant.infer, inference " + i + ", input " + k);
          flagshipCalls.incrementAndGet();
        } else {
          int k = rnd.nextInt(smallInputs.size());
          Bytes.assertSameBytes(smallExpected.get(k),
              MobilenetV1Quant025x128.infer(smallInputs.get(k)),
              "MobilenetV1Quant025x128.infer, inference " + i + ", input " + k);
        }
      }
      return count;
    });
    assertEquals(INFERENCES, done.stream().mapToInt(Integer::intValue).sum());
    assertEquals(INFERENCES / FLAGSHIP_EVERY, flagshipCalls.get());
    // Every thread did some of the work, so the calls really overlapped.
    assertTrue(done.stream().allMatch(n -> n > 0), done.toString());
  }

  @Test
  void oneInstancePerThread() throws Exception {
    List<Integer> done = onThreads(() -> {
      MobilenetV1Quant025x128 model = new MobilenetV1Quant025x128();
      byte[] output = new byte[MobilenetV1Quant025x128.OUTPUT_SIZE];
      Random rnd = new Random(SEED ^ Thread.currentThread().getId());
      int n = PER_INSTANCE_INFERENCES / THREADS;
      for (int i = 0; i < n; i++) {
        int k = rnd.nextInt(smallInputs.size());
        model.infer(smallInputs.get(k), output);
        Bytes.assertSameBytes(smallExpected.get(k), output,
            "instance infer on " + Thread.currentThread().getName() + ", call " + i
                + ", input " + k);
      }
      return n;
    });
    assertEquals(PER_INSTANCE_INFERENCES, done.stream().mapToInt(Integer::intValue).sum());
  }

  @Test
  void generatedJavadocStatesTheThreadingRules() throws Exception {
    // Javadoc text with its line breaks and leading asterisks folded into single spaces.
    String source = Tflite2JavaCompiler.compile(new CompileRequest(
        Golden.modelFile("mobilenet_v1_0.25_128_quant"), "x.Small")).source()
        .replaceAll("\\s*\\n\\s*\\*(?!/)\\s*", " ");
    assertContains(source, "The static {@link #infer(byte[])} is thread-safe; an instance is not");
    assertContains(source, "Not thread-safe: use one instance per thread.");
    assertContains(source, "Runs the model on one input; thread-safe (each call uses its own"
        + " memory).");
  }

  static void assertContains(String haystack, String needle) {
    assertTrue(haystack.contains(needle), "generated source lacks: " + needle);
  }
}

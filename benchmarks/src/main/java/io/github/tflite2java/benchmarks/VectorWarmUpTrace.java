package io.github.tflite2java.benchmarks;

import io.github.tflite2java.benchmarks.vec.MobilenetV1Quant025x128Vk;
import io.github.tflite2java.benchmarks.vec.MobilenetV1QuantVk;
import java.lang.management.ManagementFactory;
import java.util.function.BiConsumer;

/**
 * How long the vector kernels take to become fast: runs a model compiled with {@code
 * kernels=vector} in rounds of 50 inferences from a fresh JVM and prints each round's time and
 * bytes allocated per inference (Vector API code allocates a box per operation until C2 has
 * compiled it; once every layer is compiled, an inference allocates nothing).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Dtflite2java.vectorWarmUp=false \
 *   -cp benchmarks/target/benchmarks.jar io.github.tflite2java.benchmarks.VectorWarmUpTrace \
 *   mobilenet_v1_0.25_128_quant 12
 * </pre>
 */
public final class VectorWarmUpTrace {
  private VectorWarmUpTrace() {}

  public static void main(String[] args) {
    String model = args[0];
    int rounds = Integer.parseInt(args[1]);
    byte[] in = Shared.read(Shared.input(model));
    byte[] out = new byte[Shared.read(Shared.expected(model, "2.9")).length];
    BiConsumer<byte[], byte[]> infer;
    String kernels;
    if (model.equals("mobilenet_v1_1.0_224_quant")) {
      infer = new MobilenetV1QuantVk()::infer;
      kernels = MobilenetV1QuantVk.kernels();
    } else {
      infer = new MobilenetV1Quant025x128Vk()::infer;
      kernels = MobilenetV1Quant025x128Vk.kernels();
    }
    System.out.println(model + ": " + kernels);
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int r = 0; r < rounds; r++) {
      long a0 = mx.getCurrentThreadAllocatedBytes();
      long t0 = System.nanoTime();
      for (int i = 0; i < 50; i++) {
        infer.accept(in, out);
      }
      System.out.printf("inferences %4d-%4d: %8.2f ms each, %10d bytes allocated each%n",
          r * 50 + 1, r * 50 + 50, (System.nanoTime() - t0) / 50e6,
          (mx.getCurrentThreadAllocatedBytes() - a0) / 50);
    }
  }
}

package io.github.tflite2java.benchmarks;

import io.github.tflite2java.benchmarks.vec.MobilenetV1Quant025x128Vk;
import io.github.tflite2java.benchmarks.vec.MobilenetV1QuantVk;
import io.github.tflite2java.benchmarks.vec.Tf2MobilenetV2PtqVk;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One inference of the flagship and 0.25_128 compiled with {@code kernels=vector} (classes
 * {@code benchmarks.vec.*Vk}), run with the scalar kernels ({@link #vkScalar}: {@code
 * -Dtflite2java.kernels=scalar}) and with the vector ones ({@link #vkVector}: from the first
 * call, no background warm-up). Each set-up checks the output against TFLite 2.9's golden bytes
 * and that {@code kernels()} says the intended kernels run. Run it in the same JMH invocation as
 * {@link InferenceBenchmark}'s peers for one table:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'InferenceBenchmark|VectorInferenceBenchmark'
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Threads(1)
@State(Scope.Thread)
public class VectorInferenceBenchmark {

  // Also "tf2_mobilenet_v2_1.0_224_ptq" (int8 per-channel), with -p model=...
  @Param({"mobilenet_v1_1.0_224_quant", "mobilenet_v1_0.25_128_quant"})
  public String model;

  private byte[] input;
  private byte[] output;
  private BiConsumer<byte[], byte[]> infer;

  @Setup(Level.Trial)
  public void setUp() {
    input = Shared.read(Shared.input(model));
    byte[] expected = Shared.read(Shared.expected(model, "2.9"));
    output = new byte[expected.length];
    String kernels = open(model);
    infer.accept(input, output);
    if (!Arrays.equals(expected, output)) {
      throw new IllegalStateException(model + " (" + kernels + "): output differs from"
          + " TFLite 2.9's golden bytes");
    }
    System.out.println("\n" + model + ": " + kernels + ", output equals TFLite 2.9's");
  }

  /**
   * Makes an instance of {@code model}'s Vk class into {@link #infer} and returns its {@code
   * kernels()}, after checking that they are the ones this JVM's properties ask for (scalar with
   * {@code -Dtflite2java.kernels=scalar}, else vector, not warming up).
   */
  private String open(String model) {
    String kernels;
    if (model.equals("mobilenet_v1_1.0_224_quant")) {
      MobilenetV1QuantVk m = new MobilenetV1QuantVk();
      infer = m::infer;
      kernels = MobilenetV1QuantVk.kernels();
    } else if (model.equals("mobilenet_v1_0.25_128_quant")) {
      MobilenetV1Quant025x128Vk m = new MobilenetV1Quant025x128Vk();
      infer = m::infer;
      kernels = MobilenetV1Quant025x128Vk.kernels();
    } else if (model.equals("tf2_mobilenet_v2_1.0_224_ptq")) {
      Tf2MobilenetV2PtqVk m = new Tf2MobilenetV2PtqVk();
      infer = m::infer;
      kernels = Tf2MobilenetV2PtqVk.kernels();
    } else {
      throw new IllegalArgumentException(model);
    }
    boolean wantVector = !"scalar".equals(System.getProperty("tflite2java.kernels"));
    if (kernels.startsWith("vector: ") != wantVector || kernels.contains("warming up")) {
      throw new IllegalStateException("kernels() says " + kernels);
    }
    return kernels;
  }

  /**
   * Runs {@code model}'s Vk class once in this JVM and compares its output with TFLite 2.9's
   * golden bytes; for {@link BenchMain}'s "Output vs golden" column, which runs it in a JVM with
   * the benchmark's own JVM arguments ({@link #main}), so that the kernels checked are the ones
   * timed.
   */
  static OutputDiff conformance(String model) {
    VectorInferenceBenchmark b = new VectorInferenceBenchmark();
    b.open(model);
    byte[] in = Shared.read(Shared.input(model));
    byte[] golden = Shared.read(Shared.expected(model, "2.9"));
    byte[] out = new byte[golden.length];
    b.infer.accept(in, out);
    return OutputDiff.of(golden, out);
  }

  /**
   * {@code VectorInferenceBenchmark MODEL}: prints {@link #conformance}'s one line, or why it
   * could not run (exit code 1).
   */
  public static void main(String[] args) {
    try {
      System.out.println(RESULT + conformance(args[0]));
    } catch (RuntimeException e) {
      System.out.println(FAILED + e.getMessage());
      System.exit(1);
    }
  }

  /** The prefix of {@link #main}'s result line. */
  static final String RESULT = "output vs golden: ";
  /** The prefix of {@link #main}'s line when the model could not be run as asked. */
  static final String FAILED = "not checked: ";

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector",
      "-Dtflite2java.kernels=scalar"})
  public byte[] vkScalar() {
    infer.accept(input, output);
    return output;
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector",
      "-Dtflite2java.vectorWarmUp=false"})
  public byte[] vkVector() {
    infer.accept(input, output);
    return output;
  }
}

package io.github.tflite2java.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One inference of a large synthetic model (issue 16) built beforehand by {@code
 * scripts/large-model-bench.sh} (or by {@link LargeModelBench}'s {@code model}/{@code conv} and the
 * CLI + javac): the generated class ({@code bench.Large} in {@code DIR/classes}, {@code new
 * Large().infer(in, out)}), TFLite 2.9.0's C library ({@link TfliteC}) and TFLite 2.21 with
 * XNNPACK ({@link TfliteXnnpack}), single thread, on {@code DIR/input.bin}.
 *
 * <pre>
 * scripts/large-model-bench.sh 25 2560                  # target/large-model-bench/fc-25mb
 * scripts/large-model-bench.sh --kind fc-int8 25 2560   # target/large-model-bench/fc-int8-25mb
 * scripts/large-model-bench.sh --kind conv 100          # target/large-model-bench/conv-100mb
 * scripts/large-model-bench.sh 250                      # target/large-model-bench/fc-250mb
 * java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main LargeModelBenchmark \
 *     [-p model=DIR,...]
 * </pre>
 *
 * <p>Each parameter is a model folder (relative to the working directory, or absolute). A folder
 * that is not there fails its set-up with a message saying which command makes it, and JMH goes
 * on with the next one: this is a benchmark, run on request, not a test. The generated class's
 * set-up refuses to time a result that differs from TFLite 2.9.0 C's bytes; XNNPACK's different
 * arithmetic may give other bytes, so it is timed whatever it returns. {@code BenchMain} (the
 * jar's main class) leaves this benchmark out unless a pattern names it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class LargeModelBenchmark {

  @Param({
    "target/large-model-bench/fc-25mb",
    "target/large-model-bench/fc-int8-25mb",
    "target/large-model-bench/conv-100mb",
    "target/large-model-bench/fc-250mb"
  })
  public String model;

  private byte[] input;
  private byte[] output;
  private MethodHandle infer;
  private TfliteC tfliteC;
  private TfliteXnnpack xnnpack;

  /** Why {@code dir} cannot be benchmarked, or null. */
  static String missing(Path dir) {
    if (!Files.isRegularFile(dir.resolve("model.tflite"))
        || !Files.isRegularFile(dir.resolve("input.bin"))
        || !Files.isRegularFile(dir.resolve("classes/bench/Large.class"))) {
      return "no large model in " + dir.toAbsolutePath() + " (model.tflite, input.bin,"
          + " classes/bench/Large.class): make it first with scripts/large-model-bench.sh"
          + " (e.g. scripts/large-model-bench.sh --kind conv 100 for target/large-model-bench/"
          + "conv-100mb), or pass -p model=FOLDER; this parameter is skipped";
    }
    return null;
  }

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) throws Throwable {
    Path d = Paths.get(this.model);
    String problem = missing(d);
    if (problem != null) {
      throw new IllegalStateException(problem);
    }
    BenchSetup.requireTfliteC();
    byte[] model = Files.readAllBytes(d.resolve("model.tflite"));
    input = Files.readAllBytes(d.resolve("input.bin"));
    switch (BenchSetup.method(params)) {
      case "generated":
        {
          Class<?> type = loadClass(d);
          infer = newInfer(type);
          output = new byte[(Integer) type.getField("OUTPUT_SIZE").get(null)];
          infer.invoke(input, output);
          try (TfliteC c = new TfliteC(model, input)) {
            c.run();
            BenchSetup.requireEqual(c.output(), output, "the generated class in " + d
                + " returns other bytes than TFLite 2.9.0 C");
          }
          break;
        }
      case "tflite290C":
        tfliteC = new TfliteC(model, input);
        tfliteC.run();
        break;
      case "xnnpack221":
        xnnpack = new TfliteXnnpack(model, input);
        xnnpack.run();
        break;
      default:
        throw new IllegalStateException("unknown benchmark " + params.getBenchmark());
    }
  }

  /** {@code (in, out) -> new Large().infer(in, out)}. */
  static MethodHandle newInfer(Class<?> c) throws Throwable {
    Object instance = c.getConstructor().newInstance();
    return MethodHandles.publicLookup()
        .findVirtual(c, "infer", MethodType.methodType(void.class, byte[].class, byte[].class))
        .bindTo(instance);
  }

  /** {@code bench.Large} from {@code DIR/classes}, in a class loader of its own, initialized. */
  static Class<?> loadClass(Path dir) throws Exception {
    return Class.forName(LargeModelBench.CLASS, true, BenchSetup.classesLoader(dir));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    BenchSetup.closeAll(tfliteC, xnnpack);
    tfliteC = null;
    xnnpack = null;
  }

  @Benchmark
  public byte[] generated() throws Throwable {
    infer.invoke(input, output);
    return output;
  }

  @Benchmark
  public Object tflite290C() {
    return tfliteC.run();
  }

  @Benchmark
  public Object xnnpack221() {
    return xnnpack.run();
  }
}

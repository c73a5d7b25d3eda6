package io.github.tflite2java.benchmarks;

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
 * One inference of a MobileNet model (v1 by default, the v2 ones with {@code -p model=...}) on
 * {@code golden/<model>/grace_hopper.in}, single thread, by these runtimes:
 *
 * <ul>
 *   <li>{@link #generated}: the class tflite2java generated ({@code new X().infer(in, out)},
 *       instance made once, so the measured path allocates nothing);
 *   <li>{@link #tflite262Java}: TFLite 2.6.2's Java Interpreter, one thread, preallocated direct
 *       buffers;
 *   <li>{@link #tflite290C}: TFLite 2.9.0's C library through JNA, one thread, preallocated
 *       native buffers (needs {@code scripts/fetch-tflite-c.sh}; {@link BenchMain} leaves it out
 *       with a message when the library is absent);
 *   <li>{@link #xnnpack221}: TFLite 2.21 with its XNNPACK delegate (JavaCPP presets), one thread
 *       ({@link TfliteXnnpack});
 *   <li>{@link #onnxRuntime}: ONNX Runtime on the model converted to ONNX quantized ops by
 *       {@link io.github.tflite2java.benchmarks.onnx.TfliteToOnnx}, one thread, all graph
 *       optimizations ({@link OnnxRuntimePeer}).
 * </ul>
 *
 * <p>Each set-up runs the model once and checks the output against the golden bytes of the TFLite
 * build it reproduces, so a broken kernel cannot produce a fast-looking number. The two peers
 * (XNNPACK, ONNX Runtime) have their own arithmetic: their output is compared with TFLite 2.9's
 * golden bytes and the difference printed ({@link #conformance}), but they run either way.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class InferenceBenchmark {

  /** The v1 models by default; {@code -p model=...} takes any model of {@link BenchModel}. */
  @Param({"mobilenet_v1_1.0_224_quant", "mobilenet_v1_0.25_128_quant"})
  public String model;

  private byte[] input;
  private byte[] output;
  private BenchModel.Inference generated;
  private TfliteJava tfliteJava;
  private TfliteC tfliteC;
  private TfliteXnnpack xnnpack;
  private OnnxRuntimePeer onnx;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    input = Shared.read(Shared.input(model));
    String method = BenchSetup.method(params);
    switch (method) {
      case "generated":
        generated = BenchModel.of(model).factory.get();
        output = new byte[Shared.read(Shared.expected(model, "2.9")).length];
        generated.infer(input, output);
        check(output, "2.9", "generated class");
        break;
      case "tflite262Java":
        tfliteJava = new TfliteJava(Shared.read(Shared.model(model)), input);
        tfliteJava.run();
        check(tfliteJava.output(), "2.6.2", "TFLite " + TfliteJava.runtimeVersion() + " Java");
        break;
      case "tflite290C":
        BenchSetup.requireTfliteC();
        tfliteC = new TfliteC(Shared.read(Shared.model(model)), input);
        tfliteC.run();
        check(tfliteC.output(), "2.9", "TFLite " + TfliteC.runtimeVersion() + " C");
        break;
      case "xnnpack221":
        xnnpack = newXnnpack(model, input);
        xnnpack.run();
        System.out.println(
            "TFLite "
                + TfliteXnnpack.runtimeVersion()
                + " XNNPACK ("
                + xnnpack.delegation()
                + ") output vs golden/"
                + model
                + "/"
                + Shared.expected(model, "2.9").getFileName()
                + ": "
                + OutputDiff.of(Shared.read(Shared.expected(model, "2.9")), xnnpack.output()));
        break;
      case "onnxRuntime":
        onnx = newOnnx(model, input);
        onnx.run();
        System.out.println(
            "ONNX Runtime "
                + OnnxRuntimePeer.runtimeVersion()
                + " ("
                + OnnxRuntimePeer.source(model)
                + ") output vs golden/"
                + model
                + "/"
                + Shared.expected(model, "2.9").getFileName()
                + ": "
                + OutputDiff.of(Shared.read(Shared.expected(model, "2.9")), onnx.output()));
        break;
      default:
        throw new IllegalStateException("unknown benchmark " + params.getBenchmark());
    }
  }

  private static TfliteXnnpack newXnnpack(String model, byte[] input) {
    return new TfliteXnnpack(Shared.read(Shared.model(model)), input);
  }

  private static OnnxRuntimePeer newOnnx(String model, byte[] input) {
    return OnnxRuntimePeer.forModel(model, input);
  }

  /**
   * Runs one runtime once on {@code model}'s benchmark input and compares its output with the
   * golden bytes it should reproduce (TFLite 2.6.2's for {@code tflite262Java}, else 2.9's); for
   * {@link BenchMain}'s table, in its own JVM.
   */
  static OutputDiff conformance(String model, String method) {
    byte[] in = Shared.read(Shared.input(model));
    byte[] golden29 = Shared.read(Shared.expected(model, "2.9"));
    switch (method) {
      case "generated":
        {
          byte[] out = new byte[golden29.length];
          BenchModel.of(model).factory.get().infer(in, out);
          return OutputDiff.of(golden29, out);
        }
      case "tflite262Java":
        try (TfliteJava r = new TfliteJava(Shared.read(Shared.model(model)), in)) {
          r.run();
          return OutputDiff.of(Shared.read(Shared.expected(model, "2.6.2")), r.output());
        }
      case "tflite290C":
        try (TfliteC r = new TfliteC(Shared.read(Shared.model(model)), in)) {
          r.run();
          return OutputDiff.of(golden29, r.output());
        }
      case "xnnpack221":
        try (TfliteXnnpack r = newXnnpack(model, in)) {
          r.run();
          return OutputDiff.of(golden29, r.output());
        }
      case "onnxRuntime":
        try (OnnxRuntimePeer r = newOnnx(model, in)) {
          r.run();
          return OutputDiff.of(golden29, r.output());
        }
      default:
        throw new IllegalArgumentException("unknown runtime " + method);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    BenchSetup.closeAll(tfliteJava, tfliteC, xnnpack, onnx);
    tfliteJava = null;
    tfliteC = null;
    xnnpack = null;
    onnx = null;
  }

  @Benchmark
  public byte[] generated() {
    generated.infer(input, output);
    return output;
  }

  @Benchmark
  public Object tflite262Java() {
    return tfliteJava.run();
  }

  @Benchmark
  public Object tflite290C() {
    return tfliteC.run();
  }

  @Benchmark
  public byte[] xnnpack221() {
    return xnnpack.run();
  }

  @Benchmark
  public byte[] onnxRuntime() {
    return onnx.run();
  }

  private void check(byte[] actual, String version, String what) {
    BenchSetup.requireEqual(Shared.read(Shared.expected(model, version)), actual,
        what + " output for " + model + " differs from " + Shared.expected(model, version));
  }
}

package io.github.tflite2java.benchmarks;

import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * One inference of a real model ({@link RealModel}: LSTM keyword spotting, the PyTorch MobileNet
 * v2, DeepLab v3, SSD with its post-processing; MoveNet with {@code -p
 * model=movenet_single_pose_lightning_ptq} once it compiles) through the raw contract, single
 * thread, by the generated class ({@code inferRaw(in, out)}, allocation-free) and by TFLite
 * 2.9.0's C library ({@link TfliteCRaw}, one interpreter, native buffers made once).
 *
 * <p>The input is the golden folder's {@code grace_hopper.in} (image models) or {@code
 * random_1.in}. An iteration is one invocation on one instance (one interpreter) that lives for
 * the whole trial: for the stateful LSTM model that is one call with the state carried over from
 * the previous call, as when streaming (the state is never reset; it does not change the work).
 *
 * <p>Each set-up first proves the runtime it times against TFLite 2.9.0's golden bytes: the
 * benchmark input on a fresh instance, and for stateful models the {@code sequence/} steps one
 * after another on one instance; a wrong result refuses to be benchmarked.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class RealModelBenchmark {

  /** The default list; MoveNet is added with {@code -p model=...} (see {@link RealModel}). */
  @Param({
    "micro_speech_lstm",
    "mobilenet_v2_quantized_1x3x224x224",
    "deeplabv3_mnv2_dm05_pascal_quant",
    "ssd_mobilenet_v2_coco_quant_postprocess"
  })
  public String model;

  private byte[][] input;
  private byte[][] output;
  private MethodHandle generated;
  private TfliteCRaw tfliteC;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    RealModel m = RealModel.of(model);
    String method = BenchSetup.method(params);
    String first = m.benchInput();
    input = RealModel.input(m.goldenDir(), first);
    switch (method) {
      case "generated":
        {
          String problem = conformance(m, "generated");
          if (problem != null) {
            throw BenchSetup.refusing(problem);
          }
          generated = m.newInferRaw();
          output = newOutputs(RealModel.golden(m.goldenDir(), first));
          RealModel.run(generated, input, output);
          break;
        }
      case "tflite290C":
        {
          BenchSetup.requireTfliteC();
          String problem = conformance(m, "tflite290C");
          if (problem != null) {
            throw BenchSetup.refusing(problem);
          }
          tfliteC = new TfliteCRaw(Shared.read(m.modelFile()));
          tfliteC.setInput(0, input[0]);
          tfliteC.run();
          break;
        }
      default:
        throw new IllegalStateException("unknown benchmark " + params.getBenchmark());
    }
  }

  private static byte[][] newOutputs(byte[][] like) {
    byte[][] out = new byte[like.length][];
    for (int k = 0; k < like.length; k++) {
      out[k] = new byte[like[k].length];
    }
    return out;
  }

  /**
   * Runs {@code method} ("generated" or "tflite290C") on the model's benchmark input (fresh
   * instance) and its {@code sequence/} steps (one instance); null when every output equals the
   * golden bytes, else what differs.
   */
  static String conformance(RealModel m, String method) {
    List<String> problems = new ArrayList<>();
    Path dir = m.goldenDir();
    check(m, method, dir, Arrays.asList(m.benchInput()), problems);
    Path sequence = m.sequenceDir();
    if (sequence != null) {
      check(m, method, sequence, RealModel.inputs(sequence), problems);
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  /** Runs {@code steps} of {@code dir} one after another on one new instance. */
  private static void check(
      RealModel m, String method, Path dir, List<String> steps, List<String> problems) {
    MethodHandle gen = null;
    TfliteCRaw c = null;
    try {
      if (method.equals("generated")) {
        gen = m.newInferRaw();
      } else if (method.equals("tflite290C")) {
        c = new TfliteCRaw(Shared.read(m.modelFile()));
      } else {
        throw new IllegalArgumentException("unknown runtime " + method);
      }
      for (String step : steps) {
        byte[][] in = RealModel.input(dir, step);
        byte[][] expected = RealModel.golden(dir, step);
        byte[][] actual;
        if (gen != null) {
          actual = newOutputs(expected);
          RealModel.run(gen, in, actual);
        } else {
          if (c.outputCount() != expected.length) {
            problems.add(m.fileName + ": TFLite C has " + c.outputCount() + " outputs, golden "
                + expected.length);
            return;
          }
          c.setInput(0, in[0]);
          c.run();
          actual = new byte[expected.length][];
          for (int k = 0; k < expected.length; k++) {
            actual[k] = c.output(k);
          }
        }
        for (int k = 0; k < expected.length; k++) {
          if (!Arrays.equals(expected[k], actual[k])) {
            problems.add(
                (method.equals("generated") ? "generated class" : "TFLite 2.9.0 C")
                    + " output "
                    + k
                    + " for "
                    + dir.resolve(step + ".in")
                    + " differs from the golden file ("
                    + OutputDiff.of(expected[k], actual[k])
                    + ")");
          }
        }
      }
    } finally {
      if (c != null) {
        c.close();
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    BenchSetup.closeAll(tfliteC);
    tfliteC = null;
  }

  @Benchmark
  public byte[][] generated() {
    RealModel.run(generated, input, output);
    return output;
  }

  @Benchmark
  public Object tflite290C() {
    return tfliteC.run();
  }
}

package io.github.tflite2java.benchmarks;

import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.SyntheticModels;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.FullyConnected;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Large synthetic models (issue 16): a stack of FULLY_CONNECTED layers built with {@link
 * TfliteModelBuilder}, then, in a fresh JVM, the heap its generated class retains after class
 * initialization and its steady inference time interleaved with TFLite 2.9.0's C library on the
 * same input (the outputs must be equal byte for byte).
 *
 * <pre>
 * # 1. the model and an input
 * java -cp benchmarks/target/benchmarks.jar io.github.tflite2java.benchmarks.LargeModelBench \
 *     model DIR WIDTH LAYERS uint8|int8
 * # 2. the class (CLI), compiled
 * java -jar cli/target/tflite2java-0.1.0-SNAPSHOT-cli.jar --model DIR/model.tflite \
 *     --class bench.Large --out DIR/src
 * javac --release 8 -d DIR/classes DIR/src/bench/Large.java
 * # 3. heap and time (serial GC: heap used after a full GC is the live size)
 * java -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar \
 *     io.github.tflite2java.benchmarks.LargeModelBench run DIR [rounds] [class]
 * # other modes: conv DIR SIZE CHANNELS LAYERS [K] (K x K, default 3, int8 per-channel stack); synthetic DIR WIDTH
 * # LAYERS (SyntheticModels' uint8 FC stack); init DIR [class] (heap retained and load + init
 * # only); tflite DIR [rounds] [threads] (TFLite 2.9 C, 2.6.2 Java and 2.21 XNNPACK alone)
 * </pre>
 *
 * <p>{@code scripts/large-model-bench.sh} runs all the steps and prints issue 16's table row;
 * {@code run} also times TFLite 2.21 with XNNPACK unless {@code -Dlarge.xnnpack=false}.
 */
public final class LargeModelBench {

  private LargeModelBench() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "conv":
        conv(Paths.get(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
            Integer.parseInt(args[4]), args.length > 5 ? Integer.parseInt(args[5]) : 3);
        break;
      case "model":
        model(Paths.get(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
            TensorType.valueOf(args[4].toUpperCase(Locale.ROOT)));
        break;
      case "synthetic":
        synthetic(Paths.get(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        break;
      case "init":
        init(Paths.get(args[1]), args.length > 2 ? args[2] : CLASS);
        break;
      case "tflite":
        tflite(Paths.get(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 7,
            args.length > 3 ? Integer.parseInt(args[3]) : 1);
        break;
      case "run":
        run(Paths.get(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 7,
            args.length > 3 ? args[3] : CLASS);
        break;
      default:
        throw new IllegalArgumentException("usage: LargeModelBench model|conv|synthetic|init|tflite"
            + "|run DIR ... (see the class comment)");
    }
  }

  /** The generated class's name in {@code DIR/classes}, unless given. */
  static final String CLASS = "bench.Large";

  static void model(Path dir, int width, int layers, TensorType type) throws Exception {
    Random rnd = new Random(16);
    TfliteModelBuilder b = new TfliteModelBuilder();
    int zp = type == TensorType.INT8 ? 0 : 128;
    float scale = 0.02f;
    int x = b.addTensor("x", type, new int[] {1, width}, QuantParams.perTensor(scale, zp));
    int input = x;
    for (int l = 0; l < layers; l++) {
      // Weights clustered around their zero point, as trained ones are.
      byte[] w = new byte[width * width];
      int wzp = type == TensorType.INT8 ? 0 : 128 + rnd.nextInt(9) - 4;
      for (int i = 0; i < w.length; i++) {
        int v = wzp + (int) Math.round(rnd.nextGaussian() * 20);
        w[i] = (byte) Math.max(type.qmin() + (type == TensorType.INT8 ? 1 : 0),
            Math.min(type.qmax(), v));
      }
      // A sum of width products of centered inputs (RMS r quanta) and weights (RMS 20) has an
      // RMS of about r * sqrt(width) * 20 quanta of scale * wScale. With this weight scale and an
      // output scale equal to the input's, the outputs' RMS is about r / 0.9 quanta (held below
      // 128 by the 8-bit range): the activations neither die out to the zero point (which the
      // generated kernels would skip, flattering them) nor let the scales run out of float's
      // range however many layers.
      float wScale = 1f / ((float) Math.sqrt(width) * 20f * 0.9f);
      int wt = b.addConstantTensor("w" + l, type, new int[] {width, width},
          QuantParams.perTensor(wScale, wzp), w);
      byte[] bias = new byte[width * 4];
      int bt = b.addConstantTensor("b" + l, TensorType.INT32, new int[] {width},
          QuantParams.perTensor(scale * wScale, 0), bias);
      float outScale = scale; // = scale * wScale * sqrt(width) * 20 * 0.9, see wScale
      int y = b.addTensor("y" + l, type, new int[] {1, width},
          QuantParams.perTensor(outScale, zp));
      b.addOperator(BuiltinOperator.FULLY_CONNECTED, type == TensorType.INT8 ? 4 : 1,
          new int[] {x, wt, bt}, new int[] {y},
          new FullyConnected.Options(Activation.NONE, 0, false));
      x = y;
      scale = outScale;
    }
    byte[] model = b.inputs(input).outputs(x).build();
    Files.createDirectories(dir);
    Files.write(dir.resolve("model.tflite"), model);
    byte[] in = new byte[width];
    rnd.nextBytes(in);
    Files.write(dir.resolve("input.bin"), in);
    System.out.printf(Locale.ROOT, "%s: %d layers %dx%d %s, %.1f MB%n", dir, layers, width,
        width, type, model.length / 1e6);
  }

  /** A stack of 3x3 SAME int8 per-channel CONV_2D layers on a size x size x channels image. */
  static void conv(Path dir, int size, int channels, int layers) throws Exception {
    conv(dir, size, channels, layers, 3);
  }

  /**
   * A stack of k x k SAME int8 per-channel CONV_2D layers on a size x size x channels image
   * (k = 1: pointwise layers, bandwidth-bound when the image is small and the channels many).
   */
  static void conv(Path dir, int size, int channels, int layers, int k) throws Exception {
    Random rnd = new Random(16);
    TfliteModelBuilder b = new TfliteModelBuilder();
    float scale = 0.02f;
    int x = b.addTensor("x", TensorType.INT8, new int[] {1, size, size, channels},
        QuantParams.perTensor(scale, 0));
    int input = x;
    int taps = k * k * channels;
    // As in model(), with the ReLU keeping about half of each sum (RMS 0.71 of it): outputs
    // about 1.09x the inputs' RMS, output scale equal to the input's.
    float wBase = 1f / ((float) Math.sqrt(taps) * 20f * 0.65f);
    for (int l = 0; l < layers; l++) {
      byte[] w = new byte[channels * taps];
      float[] scales = new float[channels];
      for (int i = 0; i < w.length; i++) {
        w[i] = (byte) Math.max(-127, Math.min(127, (int) Math.round(rnd.nextGaussian() * 20)));
      }
      for (int i = 0; i < channels; i++) {
        scales[i] = wBase * (0.8f + 0.4f * rnd.nextFloat());
      }
      int wt = b.addConstantTensor("w" + l, TensorType.INT8, new int[] {channels, k, k, channels},
          new QuantParams(scales, new long[channels], 0), w);
      float[] biasScales = scales.clone();
      for (int i = 0; i < channels; i++) {
        biasScales[i] *= scale;
      }
      int bt = b.addConstantTensor("b" + l, TensorType.INT32, new int[] {channels},
          new QuantParams(biasScales, new long[channels], 0), new byte[channels * 4]);
      float outScale = scale; // = scale * wBase * sqrt(taps) * 20 * 0.65, see wBase
      int y = b.addTensor("y" + l, TensorType.INT8, new int[] {1, size, size, channels},
          QuantParams.perTensor(outScale, 0));
      b.addOperator(BuiltinOperator.CONV_2D, 3, new int[] {x, wt, bt}, new int[] {y},
          new io.github.tflite2java.compiler.ops.Conv2d.Options(
              io.github.tflite2java.compiler.ir.Padding.SAME, 1, 1, 1, 1, Activation.RELU));
      x = y;
      scale = outScale;
    }
    byte[] model = b.inputs(input).outputs(x).build();
    Files.createDirectories(dir);
    Files.write(dir.resolve("model.tflite"), model);
    byte[] in = new byte[size * size * channels];
    rnd.nextBytes(in);
    Files.write(dir.resolve("input.bin"), in);
    System.out.printf(Locale.ROOT, "%s: %d conv %dx%d layers %dx%dx%d int8, %.1f MB%n", dir,
        layers, k, k, size, size, channels, model.length / 1e6);
  }

  /**
   * {@link SyntheticModels#fcStackUint8}: uniformly random uint8 weights with zero point 128 (the
   * model of scripts/large-model-bench.sh before it used this class), and a random input.
   */
  static void synthetic(Path dir, int width, int layers) throws Exception {
    byte[] model = SyntheticModels.fcStackUint8(width, layers, 1);
    Files.createDirectories(dir);
    Files.write(dir.resolve("model.tflite"), model);
    byte[] in = new byte[width];
    new Random(16).nextBytes(in);
    Files.write(dir.resolve("input.bin"), in);
    System.out.printf(Locale.ROOT, "%s: %d layers %dx%d uint8 (SyntheticModels), %.1f MB%n",
        dir, layers, width, width, model.length / 1e6);
  }

  /** What loading and initializing the generated class cost. */
  static final class Loaded {
    Class<?> type;
    long heapRetained;
    double loadMs;
    double initMs;
  }

  /**
   * Loads and initializes {@code className} from {@code DIR/classes} in a fresh class loader:
   * heap retained is the heap used after full collections after initialization minus before
   * loading (meaningful with {@code -XX:+UseSerialGC}).
   */
  static Loaded load(Path dir, String className) throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    ClassLoader loader = BenchSetup.classesLoader(dir);
    Loaded l = new Loaded();
    used(memory);
    long heap0 = used(memory);
    long t0 = System.nanoTime();
    Class<?> c = Class.forName(className, false, loader);
    long t1 = System.nanoTime();
    Class.forName(className, true, loader);
    long t2 = System.nanoTime();
    long heap1 = used(memory);
    l.type = c;
    l.heapRetained = heap1 - heap0;
    l.loadMs = (t1 - t0) / 1e6;
    l.initMs = (t2 - t1) / 1e6;
    return l;
  }

  /** Prints one machine-readable line: {@code init: key=value ...}. */
  static void init(Path dir, String className) throws Exception {
    long modelBytes = Files.size(dir.resolve("model.tflite"));
    Loaded l = load(dir, className);
    System.out.printf(Locale.ROOT, "init: model_mb=%.1f heap_retained_mib=%.1f heap_x=%.2f"
        + " load_ms=%.1f init_ms=%.1f ms_per_mb=%.2f java=%s%n", modelBytes / 1e6,
        l.heapRetained / 1048576.0, (double) l.heapRetained / modelBytes, l.loadMs, l.initMs,
        (l.loadMs + l.initMs) / (modelBytes / 1e6), System.getProperty("java.runtime.version"));
  }

  /**
   * TFLite alone, for the question why TFLite 2.9 C is slow on these models: the first three
   * invocations one by one, then interleaved rounds of TFLite 2.9.0 C and TFLite 2.6.2 Java (both
   * with {@code threads} threads) on the same model and input.
   */
  static void tflite(Path dir, int rounds, int threads) throws Exception {
    byte[] model = Files.readAllBytes(dir.resolve("model.tflite"));
    byte[] input = Files.readAllBytes(dir.resolve("input.bin"));
    try (TfliteC c = new TfliteC(model, input, threads);
        TfliteJava j = new TfliteJava(model, input, threads);
        TfliteXnnpack x = new TfliteXnnpack(model, input)) {
      for (int i = 0; i < 3; i++) {
        double tc = time1(c::run);
        double tj = time1(j::run);
        double tx = time1(x::run);
        System.out.printf(Locale.ROOT, "  call %d: TFLite 2.9 C %.2f ms, TFLite 2.6.2 Java %.2f ms,"
            + " TFLite 2.21 XNNPACK %.2f ms%n", i + 1, tc, tj, tx);
      }
      System.out.println("  output of TFLite 2.9 C equal to 2.6.2 Java's: "
          + Arrays.equals(c.output(), j.output()) + ", to 2.21 XNNPACK's: "
          + Arrays.equals(c.output(), x.output()) + "; XNNPACK: " + x.delegation());
      double[] tc = new double[rounds];
      double[] tj = new double[rounds];
      double[] tx = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        tc[r] = time(c::run);
        tj[r] = time(j::run);
        tx[r] = time(x::run);
      }
      System.out.printf(Locale.ROOT, "tflite: %s (%.1f MB) threads=%d: median of %d interleaved"
          + " rounds: TFLite 2.9 C %.2f ms, TFLite 2.6.2 Java %.2f ms, TFLite 2.21 XNNPACK (1"
          + " thread) %.2f ms%n", dir, model.length / 1e6, threads, rounds, median(tc),
          median(tj), median(tx));
    }
  }

  /**
   * Heap retained and load + init of the generated class, then its output compared with TFLite
   * 2.9.0 C byte for byte, then steady time in interleaved rounds. The last line is
   * machine-readable: {@code run: key=value ...}.
   */
  static void run(Path dir, int rounds, String className) throws Exception {
    byte[] model = Files.readAllBytes(dir.resolve("model.tflite"));
    byte[] input = Files.readAllBytes(dir.resolve("input.bin"));
    Loaded l = load(dir, className);
    Class<?> c = l.type;
    Object gen = c.getConstructor().newInstance();
    Method infer = c.getMethod("infer", byte[].class, byte[].class);
    byte[] out = new byte[(Integer) c.getField("OUTPUT_SIZE").get(null)];
    System.out.printf(Locale.ROOT, "%s (%.1f MB model) on %s: heap retained after class init"
        + " %.1f MiB (%.2fx the model), load %.1f ms + init %.0f ms%n", dir, model.length / 1e6,
        System.getProperty("java.runtime.version"), l.heapRetained / 1048576.0,
        (double) l.heapRetained / model.length, l.loadMs, l.initMs);
    boolean xnnpack = Boolean.parseBoolean(System.getProperty("large.xnnpack", "true"));
    try (TfliteC tflite = new TfliteC(model, input);
        TfliteXnnpack xnn = xnnpack ? new TfliteXnnpack(model, input) : null) {
      infer.invoke(gen, input, out);
      tflite.run();
      if (!Arrays.equals(out, tflite.output())) {
        throw new IllegalStateException("the generated output differs from TFLite 2.9 C");
      }
      String xnnEqual = "";
      if (xnn != null) {
        xnn.run();
        xnnEqual = " (TFLite 2.21 XNNPACK's output " + (Arrays.equals(out, xnn.output())
            ? "equal too" : "differs: other arithmetic") + "; " + xnn.delegation() + ")";
      }
      double[] g = new double[rounds];
      double[] t = new double[rounds];
      double[] x = new double[rounds];
      long warm = System.nanoTime();
      for (int i = 0; i < 20 && System.nanoTime() - warm < 10_000_000_000L; i++) {
        infer.invoke(gen, input, out); // C2 first
      }
      for (int r = 0; r < rounds; r++) {
        g[r] = time(() -> infer.invoke(gen, input, out));
        t[r] = time(tflite::run);
        x[r] = xnn == null ? Double.NaN : time(xnn::run);
      }
      double gm = median(g);
      double tm = median(t);
      double xm = median(x);
      System.out.printf(Locale.ROOT, "  outputs equal to TFLite 2.9 C%s; median of %d interleaved"
          + " rounds: generated %.2f ms, TFLite 2.9 C %.2f ms (ratio %.2f), TFLite 2.21 XNNPACK"
          + " %.2f ms (ratio %.2f)%n", xnnEqual, rounds, gm, tm, gm / tm, xm, gm / xm);
      System.out.printf(Locale.ROOT, "run: model_mb=%.1f heap_retained_mib=%.1f heap_x=%.2f"
          + " load_ms=%.1f init_ms=%.1f gen_ms=%.2f tflite_ms=%.2f ratio=%.2f xnnpack_ms=%.2f"
          + " xnnpack_ratio=%.2f equal=true%n", model.length / 1e6, l.heapRetained / 1048576.0,
          (double) l.heapRetained / model.length, l.loadMs, l.initMs, gm, tm, gm / tm, xm,
          gm / xm);
    }
  }

  static double time1(Call call) throws Exception {
    long start = System.nanoTime();
    call.run();
    return (System.nanoTime() - start) / 1e6;
  }

  interface Call {
    void run() throws Exception;
  }

  static double time(Call call) throws Exception {
    int n = 0;
    long start = System.nanoTime();
    long now;
    do {
      call.run();
      n++;
      now = System.nanoTime();
    } while (now - start < 500_000_000L);
    return (now - start) / 1e6 / n;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  static long used(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}

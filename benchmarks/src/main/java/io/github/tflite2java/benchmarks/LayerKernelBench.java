package io.github.tflite2java.benchmarks;

import io.github.tflite2java.benchmarks.vec.MobilenetV1QuantVk;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Random;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Layer micro-benchmark of the vector backend (issue 15), one thread, microseconds per call;
 * G MAC/s = MACs / time ({@link #MACS}).
 *
 * <ul>
 *   <li>{@link #generatedScalar} / {@link #generatedVector}: one layer method of the flagship
 *       compiled with {@code kernels=vector} ({@code MobilenetV1QuantVk}), on the activations of
 *       grace_hopper (the layers before it run once in the set-up): {@code pw28} = operator 10
 *       (28x28, 256 -> 256, 51.4 M MACs), {@code pw14} = operator 14 (14x14, 512 -> 512, 51.4 M
 *       MACs), {@code dw28} = operator 9 (depthwise 3x3, 28x28x256, 1.81 M MACs). The scalar fork
 *       runs with {@code -Dtflite2java.kernels=scalar}, the vector one with the vector kernels
 *       from the start; requantization included;
 *   <li>{@link #study}: hand-written pointwise kernels ({@link VectorKernelStudy}) on random data
 *       ({@code zeros} = share of zero activations), accumulators only.
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LayerKernelBench -p layer=pw28,pw14
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class LayerKernelBench {

  /** MACs per call: pw28, pw14, dw28. */
  static final long[] MACS = {784L * 256 * 256, 196L * 512 * 512, 784L * 256 * 9};

  /** A layer of the generated flagship, ready to be called on real activations. */
  @State(Scope.Thread)
  public static class Generated {
    @Param({"pw28", "pw14", "dw28"})
    public String layer;

    MobilenetV1QuantVk model;
    MethodHandle op;

    @Setup(Level.Trial)
    public void setUp() throws Throwable {
      int target = switch (layer) {
        case "pw28" -> 10;
        case "pw14" -> 14;
        case "dw28" -> 9;
        default -> throw new IllegalArgumentException(layer);
      };
      model = new MobilenetV1QuantVk();
      byte[] in = Shared.read(Shared.input("mobilenet_v1_1.0_224_quant"));
      Method load = MobilenetV1QuantVk.class.getDeclaredMethod("load0", byte[].class);
      load.setAccessible(true);
      load.invoke(model, (Object) in);
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      for (int i = 0; i <= target; i++) {
        Method m = find(i);
        m.setAccessible(true);
        if (i < target) {
          m.invoke(model);
        } else {
          op = lookup.unreflect(m);
        }
      }
      System.out.println("\n" + layer + ": " + MobilenetV1QuantVk.kernels());
    }

    private static Method find(int index) {
      String prefix = String.format("op%02d", index);
      for (Method m : MobilenetV1QuantVk.class.getDeclaredMethods()) {
        if (m.getName().startsWith(prefix) && m.getParameterCount() == 0) {
          return m;
        }
      }
      throw new IllegalStateException("no layer method " + prefix);
    }
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector",
      "-Dtflite2java.kernels=scalar"})
  public void generatedScalar(Generated g) throws Throwable {
    g.op.invoke(g.model);
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector",
      "-Dtflite2java.vectorWarmUp=false"})
  public void generatedVector(Generated g) throws Throwable {
    g.op.invoke(g.model);
  }

  /** Random pointwise layer data in every layout the study kernels read. */
  @State(Scope.Thread)
  public static class Study {
    @Param({"pw28", "pw14"})
    public String layer;

    @Param({"0.5"})
    public double zeros;

    @Param({"int6x2", "int3x4", "byte6x2", "float7x2", "float3x4"})
    public String variant;

    int pixels;
    int inC;
    int outC;
    int[] x;
    int[] bias;
    int[] acc;
    int[] w16;
    int[] w32;
    byte[] raw16;
    int zp = 119;
    float[] f16;
    float[] f32;
    int kind;

    @Setup(Level.Trial)
    public void setUp() {
      pixels = layer.equals("pw28") ? 784 : 196;
      inC = layer.equals("pw28") ? 256 : 512;
      outC = inC;
      Random r = new Random(7);
      x = new int[pixels * inC];
      for (int i = 0; i < x.length; i++) {
        x[i] = r.nextDouble() < zeros ? 0 : 1 + r.nextInt(255);
      }
      byte[] raw = new byte[inC * outC];
      r.nextBytes(raw);
      int[] w = new int[raw.length];
      for (int i = 0; i < w.length; i++) {
        w[i] = (raw[i] & 0xFF) - zp;
      }
      bias = new int[outC];
      for (int i = 0; i < outC; i++) {
        bias[i] = r.nextInt(20001) - 10000;
      }
      acc = new int[pixels * outC];
      w16 = VectorKernelStudy.blockInts(w, inC, outC, 16);
      w32 = VectorKernelStudy.blockInts(w, inC, outC, 32);
      f16 = VectorKernelStudy.toFloats(w16);
      f32 = VectorKernelStudy.toFloats(w32);
      raw16 = new byte[raw.length];
      for (int i = 0; i < raw.length; i++) {
        raw16[i] = (byte) (w16[i] + zp);
      }
      kind = Arrays.asList("int6x2", "int3x4", "byte6x2", "float7x2", "float3x4")
          .indexOf(variant);
      int[] expected = new int[acc.length];
      VectorKernelStudy.reference(x, pixels, inC, outC, w, bias, expected);
      run();
      if (!Arrays.equals(expected, acc)) {
        throw new AssertionError(variant + " differs from the reference on " + layer);
      }
    }

    void run() {
      switch (kind) {
        case 0 -> VectorKernelStudy.int6x2(x, pixels, inC, outC, w16, bias, acc);
        case 1 -> VectorKernelStudy.int3x4(x, pixels, inC, outC, w32, bias, acc);
        case 2 -> VectorKernelStudy.byte6x2(x, pixels, inC, outC, raw16, zp, bias, acc);
        case 3 -> VectorKernelStudy.float7x2(x, pixels, inC, outC, f16, bias, acc);
        case 4 -> VectorKernelStudy.float3x4(x, pixels, inC, outC, f32, bias, acc);
        default -> throw new IllegalStateException(variant);
      }
    }
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
  public int[] study(Study s) {
    s.run();
    return s.acc;
  }
}

package io.github.tflite2java.benchmarks;

import io.github.tflite2java.benchmarks.RunCalls.Call;
import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.report.LayerReport;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one inference's time goes, layer by layer, for one or more generated model classes in
 * one JVM (run by {@code scripts/layer-profile.sh}, which compiles the classes with given builds
 * of the command-line jar; or directly on the classes of {@code benchmarks.jar}).
 *
 * <p>Every class (a <em>side</em>) is warmed up ({@code --warmup} whole inferences on
 * grace_hopper's input; a class compiled with {@code kernels=vector} first waits until its
 * background warm-up has switched the vector kernels on), its output checked against TFLite
 * 2.9.0's golden bytes, then {@code --rounds} rounds run: each round times, for every side in
 * turn (the order alternating from round to round, so that the machine's load hits the sides
 * alike), one whole inference and then every layer call of the class's {@code run()} in order
 * (calls and their {@code (from, to)} extents read from {@code run()}'s bytecode, {@link
 * RunCalls}), on the arena the inference left, i.e. on real activations. Outputs are checked
 * again at the end. With {@code --scalar} (one class compiled with {@code kernels=vector}) the
 * class's scalar kernels are side [0] (its {@code vectorReady} switched off while they run) and
 * its vector kernels side [1]: a paired vector / scalar ratio per layer. Two builds of one model
 * (an A/B of two versions of the generated code) or two models of one architecture (uint8 against
 * int8) are given as two classes; layers of different models are paired by kind, window and
 * shapes (a longest common subsequence, so an extra QUANTIZE or a MEAN in place of an
 * AVERAGE_POOL_2D leaves the rest paired).
 *
 * <p>Prints per layer: its operator, method, kind and shapes, whether the class has a vector
 * kernel for it, its weights' shape, M MACs, the bytes one call allocates (the most of the
 * sides: 0 once C2 has compiled the layer as intended), and per side the median over the rounds,
 * its share of the side's sum, G MAC/s and the ratio to side [0]; then the sums, the whole
 * inferences (medians, and the median of the per-round ratios to side [0]) and the same columns
 * summed by kind. On a loaded machine a whole inference is preempted more often than one layer
 * call (its wall-clock median grows more than the layers'); {@code --cpu} times with the thread's
 * CPU time instead.
 *
 * <pre>
 * java [--add-modules jdk.incubator.vector] -cp benchmarks/target/benchmarks.jar[:MORE_CLASSES] \
 *   io.github.tflite2java.benchmarks.LayerProfile [--warmup N] [--rounds R] [--scalar] [--cpu] \
 *   CLASS MODEL [CLASS MODEL]...
 * </pre>
 *
 * CLASS: a fully qualified class name, or a simple name in {@code benchmarks.vec}, {@code
 * benchmarks.real} or {@code examples}; MODEL: a model of {@code ../shared/models} without
 * {@code .tflite} (e.g. {@code mobilenet_v1_1.0_224_quant}, {@code real/movenet_...}), whose
 * {@code golden/MODEL/grace_hopper.in} is the input.
 */
public final class LayerProfile {
  private LayerProfile() {}

  private static final String[] PACKAGES = {
    "io.github.tflite2java.benchmarks.vec.",
    "io.github.tflite2java.benchmarks.real.",
    "io.github.tflite2java.examples."
  };

  /** The command line. */
  record Options(int warmup, int rounds, boolean scalar, boolean cpu, List<String[]> targets) {

    static Options parse(String... args) {
      Integer warmup = null;
      int rounds = 60;
      boolean scalar = false;
      boolean cpu = false;
      List<String> positional = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--warmup" -> warmup = Integer.parseInt(value(args, ++i));
          case "--rounds" -> rounds = Integer.parseInt(value(args, ++i));
          case "--scalar" -> scalar = true;
          case "--cpu" -> cpu = true;
          default -> {
            if (args[i].startsWith("--")) {
              throw new IllegalArgumentException("unknown option " + args[i]);
            }
            positional.add(args[i]);
          }
        }
      }
      if (positional.isEmpty() || positional.size() % 2 != 0) {
        throw new IllegalArgumentException("give CLASS MODEL pairs, e.g. MobilenetV1QuantVk"
            + " mobilenet_v1_1.0_224_quant");
      }
      List<String[]> targets = new ArrayList<>();
      for (int i = 0; i < positional.size(); i += 2) {
        targets.add(new String[] {positional.get(i), positional.get(i + 1)});
      }
      if (scalar && targets.size() != 1) {
        throw new IllegalArgumentException("--scalar takes one class (its scalar and vector"
            + " kernels are the two sides)");
      }
      if (rounds < 1) {
        throw new IllegalArgumentException("--rounds must be at least 1");
      }
      // C2 must have compiled every layer: 0.25_128's layers are short, it needs more calls.
      int w = warmup != null ? warmup
          : targets.stream().anyMatch(t -> t[1].contains("0.25")) ? 2500 : 400;
      return new Options(w, rounds, scalar, cpu, targets);
    }

    private static String value(String[] args, int i) {
      if (i >= args.length) {
        throw new IllegalArgumentException(args[i - 1] + " needs a value");
      }
      return args[i];
    }
  }

  public static void main(String[] args) throws Throwable {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("LayerProfile: " + e.getMessage());
      System.err.println("usage: LayerProfile [--warmup N] [--rounds R] [--scalar] [--cpu]"
          + " CLASS MODEL [CLASS MODEL]...");
      System.exit(2);
      return;
    }
    run(options, System.out);
  }

  /** Profiles the classes {@code options} name and prints the tables to {@code out}. */
  static void run(Options options, PrintStream out) throws Throwable {
    List<Side> sides = new ArrayList<>();
    for (String[] t : options.targets()) {
      Class<?> type = load(t[0]);
      if (options.scalar()) {
        sides.add(new Side(type, t[1], false));
      }
      sides.add(new Side(type, t[1], true));
    }
    for (int k = 0; k < sides.size(); k++) {
      out.printf("[%d] %s%n", k, sides.get(k));
    }
    out.println("load average " + loadAverage() + "; java " + System.getProperty("java.version"));
    long t0 = System.nanoTime();
    for (int i = 0; i < options.warmup(); i++) {
      for (Side s : sides) {
        s.inferChecked(false);
      }
    }
    out.printf(Locale.ROOT, "warm-up: %d inferences%s, %.1f s%n", options.warmup(),
        sides.size() > 1 ? " each" : "", (System.nanoTime() - t0) / 1e9);
    for (Side s : sides) {
      s.inferChecked(true);
      s.skipUnreplayable(out);
    }
    LongSupplier clock = System::nanoTime;
    if (options.cpu()) {
      clock = ManagementFactory.getThreadMXBean()::getCurrentThreadCpuTime;
    }
    int rounds = options.rounds();
    for (Side s : sides) {
      s.times = new long[s.calls.size()][rounds];
      s.whole = new long[rounds];
    }
    for (int r = 0; r < rounds; r++) {
      for (int kk = 0; kk < sides.size(); kk++) {
        sides.get(r % 2 == 0 ? kk : sides.size() - 1 - kk).time(r, clock);
      }
    }
    for (Side s : sides) {
      s.measureAllocations();
      s.inferChecked(true);
    }
    out.printf("%d rounds, medians of %s per call; load average %s%n", rounds,
        options.cpu() ? "thread CPU time" : "wall-clock time", loadAverage());
    print(sides, out);
  }

  /** A class name: simple names are looked up in {@link #PACKAGES}. */
  private static Class<?> load(String name) throws ClassNotFoundException {
    if (name.contains(".")) {
      return Class.forName(name);
    }
    for (String p : PACKAGES) {
      try {
        return Class.forName(p + name);
      } catch (ClassNotFoundException e) {
        // the next package
      }
    }
    throw new ClassNotFoundException(name + " (in none of " + Arrays.toString(PACKAGES) + ")");
  }

  /**
   * One side: a model class and instance, with its vector kernels on or off ({@code vectorReady}
   * switched off while its calls run; classes compiled without vector kernels have none), its
   * layer calls, and what the rounds measured.
   */
  static final class Side {
    final Class<?> type;
    final String model;
    final boolean vector;
    final Field ready;
    final String kernels;
    final byte[] expected;
    final byte[][] out;
    final MethodHandle infer;
    final List<Call> calls;
    final MethodHandle[] handles;
    final Map<Integer, LayerReport> layers;
    final Map<Integer, Boolean> vectorOps;
    long[][] times;
    long[] whole;
    long[] alloc;

    Side(Class<?> type, String model, boolean vector) throws Throwable {
      this.type = type;
      this.model = model;
      this.vector = vector;
      ready = vectorReady(type);
      if (ready == null) {
        if (!vector) {
          throw new IllegalArgumentException(type.getName() + " has no vector kernels (compile"
              + " it with kernels=vector for --scalar)");
        }
        kernels = "scalar kernels (compiled without vector kernels)";
      } else {
        String k = (String) type.getMethod("kernels").invoke(null);
        if (!k.startsWith("vector")) {
          throw new IllegalStateException(type.getName() + ": the vector kernels are not in use"
              + " (run with --add-modules jdk.incubator.vector, without"
              + " -Dtflite2java.kernels=scalar): " + k);
        }
        waitForVectorKernels();
        // kernels() again: it said "warming up" before the switch.
        kernels = vector ? (String) type.getMethod("kernels").invoke(null) : "its scalar kernels";
      }
      byte[][] in = {Shared.read(Shared.input(model))};
      expected = Shared.read(Shared.expected(model, "2.9"));
      out = new byte[][] {new byte[expected.length]};
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
      Object instance = type.getConstructor().newInstance();
      infer = MethodHandles.insertArguments(lookup.findVirtual(type, "inferRaw",
          MethodType.methodType(void.class, byte[][].class, byte[][].class)).bindTo(instance), 0,
          in, out);
      calls = RunCalls.of(type);
      handles = new MethodHandle[calls.size()];
      for (int i = 0; i < handles.length; i++) {
        Call c = calls.get(i);
        if (c.from() < 0) {
          handles[i] = lookup.findVirtual(type, c.method(), MethodType.methodType(void.class))
              .bindTo(instance);
        } else {
          handles[i] = MethodHandles.insertArguments(lookup.findVirtual(type, c.method(),
              MethodType.methodType(void.class, int.class, int.class)).bindTo(instance), 0,
              c.from(), c.to());
        }
      }
      layers = new HashMap<>();
      for (LayerReport l : Tflite2JavaCompiler.compile(
          new CompileRequest(Shared.model(model), "profile.Model")).report().layers()) {
        layers.put(l.index(), l);
      }
      vectorOps = vectorOps(type);
    }

    private static Field vectorReady(Class<?> type) {
      try {
        Field f = type.getDeclaredField("vectorReady");
        f.setAccessible(true);
        return f;
      } catch (NoSuchFieldException e) {
        return null;
      }
    }

    /** Waits for the background warm-up to switch the vector kernels on. */
    private void waitForVectorKernels() throws Throwable {
      type.getMethod("warmUp").invoke(null);
      // warmUp() waits a minute at most; a loaded machine may need longer.
      for (int i = 0; i < 6000 && !ready.getBoolean(null); i++) {
        Thread.sleep(100);
      }
      if (!ready.getBoolean(null)) {
        throw new IllegalStateException("vector kernels not switched on after 10 minutes");
      }
    }

    void enter() throws IllegalAccessException {
      if (ready != null) {
        ready.setBoolean(null, vector);
      }
    }

    void exit() throws IllegalAccessException {
      if (ready != null) {
        ready.setBoolean(null, true);
      }
    }

    /** One inference; checks the output against TFLite 2.9.0's golden bytes if {@code check}. */
    void inferChecked(boolean check) throws Throwable {
      enter();
      infer.invokeExact();
      exit();
      if (check && !Arrays.equals(out[0], expected)) {
        throw new AssertionError(this + ": output differs from TFLite 2.9.0's golden bytes");
      }
    }

    /**
     * Calls that cannot be replayed outside an inference (e.g. a QUANTIZE of a float input the
     * class reads from the caller's array) are named and then timed as nothing.
     */
    void skipUnreplayable(PrintStream log) throws Throwable {
      enter();
      for (int i = 0; i < handles.length; i++) {
        try {
          handles[i].invokeExact();
        } catch (RuntimeException e) {
          handles[i] = MethodHandles.empty(MethodType.methodType(void.class));
          log.println("not timed: " + calls.get(i).method() + " (" + e + ")");
        }
      }
      exit();
    }

    /** Round {@code r}: one whole inference, then every layer call on the arena it left. */
    void time(int r, LongSupplier clock) throws Throwable {
      enter();
      long w0 = clock.getAsLong();
      infer.invokeExact();
      whole[r] = clock.getAsLong() - w0;
      for (int i = 0; i < handles.length; i++) {
        MethodHandle h = handles[i];
        long c0 = clock.getAsLong();
        h.invokeExact();
        times[i][r] = clock.getAsLong() - c0;
      }
      exit();
    }

    /** The bytes each layer call allocates (boxes where Vector API code fell back to Java). */
    void measureAllocations() throws Throwable {
      com.sun.management.ThreadMXBean mx =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      alloc = new long[handles.length];
      enter();
      for (int i = 0; i < handles.length; i++) {
        MethodHandle h = handles[i];
        long c0 = mx.getCurrentThreadAllocatedBytes();
        h.invokeExact();
        alloc[i] = mx.getCurrentThreadAllocatedBytes() - c0;
      }
      exit();
    }

    double median(int call) {
      return LayerProfile.median(times[call]);
    }

    double sum() {
      double s = 0;
      for (int i = 0; i < calls.size(); i++) {
        s += median(i);
      }
      return s;
    }

    LayerReport report(int call) {
      return layers.get(calls.get(call).op());
    }

    /** Kind, window, stride and shapes: what pairs the layers of two models. */
    String label(int call) {
      LayerReport l = report(call);
      if (l == null) {
        return calls.get(call).method();
      }
      String shapes = l.inputs().isEmpty() || l.outputs().isEmpty() ? ""
          : " " + l.inputs().get(0).shapeString() + " -> " + l.outputs().get(0).shapeString();
      return kind(l) + shapes;
    }

    /** The by-kind table's key: the kind, and whether a vector class runs it on scalars. */
    String kindKey(int call) {
      LayerReport l = report(call);
      String k = l == null ? calls.get(call).method() : kind(l);
      return ready != null && !hasVectorKernel(call) ? k + " (no vector kernel)" : k;
    }

    boolean hasVectorKernel(int call) {
      return vectorOps.getOrDefault(calls.get(call).op(), false);
    }

    long macs(int call) {
      LayerReport l = report(call);
      return l == null ? 0 : l.macs();
    }

    @Override
    public String toString() {
      return type.getName() + " (" + model + "), " + kernels;
    }
  }

  private static void print(List<Side> sides, PrintStream out) {
    Side base = sides.get(0);
    int n = sides.size();
    int[][] match = new int[n][];
    for (int k = 0; k < n; k++) {
      match[k] = align(base, sides.get(k));
    }
    double[] sums = new double[n];
    for (int k = 0; k < n; k++) {
      sums[k] = sides.get(k).sum();
    }
    printHead("| op | method | layer | vector kernel | weights | M MACs | bytes |",
        "|---:|---|---|---|---|---:|---:|", n, out);
    for (int i = 0; i < base.calls.size(); i++) {
      int[] at = new int[n];
      for (int k = 0; k < n; k++) {
        at[k] = match[k][i];
      }
      out.println(row(sides, 0, i, at, sums));
    }
    for (int k = 1; k < n; k++) {
      Side s = sides.get(k);
      for (int j = 0; j < s.calls.size(); j++) {
        boolean paired = false;
        for (int m : match[k]) {
          paired |= m == j;
        }
        if (!paired) {
          int[] at = new int[n];
          Arrays.fill(at, -1);
          at[k] = j;
          out.println(row(sides, k, j, at, sums));
        }
      }
    }
    StringBuilder sum = new StringBuilder("| | | sum of the layers | | | ");
    sum.append(String.format(Locale.ROOT, "%.1f | |", totalMacs(base) / 1e6));
    for (int k = 0; k < n; k++) {
      sum.append(String.format(Locale.ROOT, " %.4f | 100.0%% | %s |", sums[k] / 1e6,
          gmacs(totalMacs(sides.get(k)), sums[k])));
      if (k > 0) {
        sum.append(String.format(Locale.ROOT, " %.3f |", sums[k] / sums[0]));
      }
    }
    out.println(sum);
    out.println();
    for (int k = 0; k < n; k++) {
      Side s = sides.get(k);
      double w = median(s.whole);
      out.printf(Locale.ROOT, "[%d] whole inference %.4f ms; sum of the layers %.4f ms (sum /"
          + " whole %.3f)%n", k, w / 1e6, sums[k] / 1e6, sums[k] / w);
    }
    for (int k = 1; k < n; k++) {
      double[] ratios = new double[base.whole.length];
      for (int r = 0; r < ratios.length; r++) {
        ratios[r] = (double) sides.get(k).whole[r] / base.whole[r];
      }
      Arrays.sort(ratios);
      out.printf(Locale.ROOT, "[%d] / [0]: whole inference, median of %d per-round ratios %.3f"
          + " (min %.3f, max %.3f); ratio of the whole-inference medians %.3f; of the sums of"
          + " the layers %.3f%n", k, ratios.length, ratios[ratios.length / 2], ratios[0],
          ratios[ratios.length - 1], median(sides.get(k).whole) / median(base.whole),
          sums[k] / sums[0]);
    }
    out.println();
    printByKind(sides, sums, out);
  }

  /** One table row: call {@code i} of side {@code k}; {@code at[j]}: side j's call, or -1. */
  private static String row(List<Side> sides, int k, int i, int[] at, double[] sums) {
    Side s = sides.get(k);
    Call c = s.calls.get(i);
    LayerReport l = s.report(i);
    long bytes = 0;
    for (int j = 0; j < sides.size(); j++) {
      if (at[j] >= 0) {
        bytes = Math.max(bytes, sides.get(j).alloc[at[j]]);
      }
    }
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "| %d | %s | %s | %s | %s | %.1f | %d |", c.op(), c.method(), s.label(i),
        s.ready == null ? "" : s.hasVectorKernel(i) ? "yes" : "no",
        l == null || l.weights().isEmpty() ? "" : l.weights().get(0).shapeString(),
        s.macs(i) / 1e6, bytes));
    double t0 = at[0] < 0 ? Double.NaN : sides.get(0).median(at[0]);
    for (int j = 0; j < sides.size(); j++) {
      Side sj = sides.get(j);
      appendSide(b, j, at[j] < 0 ? Double.NaN : sj.median(at[j]), sums[j],
          at[j] < 0 ? 0 : sj.macs(at[j]), t0);
    }
    return b.toString();
  }

  private static void printByKind(List<Side> sides, double[] sums, PrintStream out) {
    int n = sides.size();
    // kind -> per side {ms, MACs, layers}
    Map<String, double[][]> byKind = new LinkedHashMap<>();
    for (int k = 0; k < n; k++) {
      Side s = sides.get(k);
      for (int i = 0; i < s.calls.size(); i++) {
        double[] v = byKind.computeIfAbsent(s.kindKey(i), x -> new double[n][3])[k];
        v[0] += s.median(i);
        v[1] += s.macs(i);
        v[2]++;
      }
    }
    printHead("| kind | layers | M MACs |", "|---|---:|---:|", n, out);
    for (Map.Entry<String, double[][]> e : byKind.entrySet()) {
      double[][] v = e.getValue();
      int first = 0;
      while (v[first][2] == 0) {
        first++;
      }
      StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "| %s | %d | %.1f |",
          e.getKey(), (int) v[first][2], v[first][1] / 1e6));
      double t0 = v[0][2] == 0 ? Double.NaN : v[0][0];
      for (int k = 0; k < n; k++) {
        appendSide(b, k, v[k][2] == 0 ? Double.NaN : v[k][0], sums[k], (long) v[k][1], t0);
      }
      out.println(b);
    }
  }

  /** A table's head and rule: the given first columns, then {@link #appendSide}'s per side. */
  private static void printHead(String head, String rule, int sides, PrintStream out) {
    StringBuilder h = new StringBuilder(head);
    StringBuilder r = new StringBuilder(rule);
    for (int k = 0; k < sides; k++) {
      h.append(String.format(" [%d] ms | [%d] share | [%d] G MAC/s |", k, k, k));
      r.append("---:|---:|---:|");
      if (k > 0) {
        h.append(String.format(" [%d] / [0] |", k));
        r.append("---:|");
      }
    }
    out.println(h);
    out.println(r);
  }

  /**
   * Side {@code k}'s cells of a row: {@code nanos} (NaN: the side has no such layer), its share
   * of the side's {@code sum}, G MAC/s, and from side 1 on the ratio to side 0's {@code nanos0}.
   */
  private static void appendSide(StringBuilder b, int k, double nanos, double sum, long macs,
      double nanos0) {
    if (Double.isNaN(nanos)) {
      b.append(k == 0 ? " - | - | - |" : " - | - | - | - |");
      return;
    }
    b.append(String.format(Locale.ROOT, " %.4f | %.1f%% | %s |", nanos / 1e6,
        100 * nanos / sum, gmacs(macs, nanos)));
    if (k > 0) {
      b.append(Double.isNaN(nanos0) ? " - |"
          : String.format(Locale.ROOT, " %.2f |", nanos / nanos0));
    }
  }

  private static long totalMacs(Side s) {
    long m = 0;
    for (int i = 0; i < s.calls.size(); i++) {
      m += s.macs(i);
    }
    return m;
  }

  private static String gmacs(long macs, double nanos) {
    return macs == 0 || nanos <= 0 ? "" : String.format(Locale.ROOT, "%.2f", macs / nanos);
  }

  /**
   * For every call of {@code base}, the index of the same layer in {@code other} (-1: none): a
   * longest common subsequence of the layers' labels (kind, window, stride, shapes).
   */
  static int[] align(Side base, Side other) {
    int a = base.calls.size();
    int b = other.calls.size();
    String[] x = new String[a];
    String[] y = new String[b];
    for (int i = 0; i < a; i++) {
      x[i] = base.label(i);
    }
    for (int j = 0; j < b; j++) {
      y[j] = other.label(j);
    }
    return align(x, y);
  }

  /** For every key of {@code x}, its partner in {@code y} (-1: none), by a longest common subsequence. */
  static int[] align(String[] x, String[] y) {
    int a = x.length;
    int b = y.length;
    int[][] lcs = new int[a + 1][b + 1];
    for (int i = a - 1; i >= 0; i--) {
      for (int j = b - 1; j >= 0; j--) {
        lcs[i][j] = x[i].equals(y[j]) ? lcs[i + 1][j + 1] + 1
            : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int[] match = new int[a];
    Arrays.fill(match, -1);
    for (int i = 0, j = 0; i < a && j < b; ) {
      if (x[i].equals(y[j])) {
        match[i++] = j++;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
        i++;
      } else {
        j++;
      }
    }
    return match;
  }

  /** The kind, with the kernel size and stride of convolutions. */
  private static String kind(LayerReport l) {
    String k = l.kind();
    if ((k.equals("CONV_2D") || k.equals("DEPTHWISE_CONV_2D")) && !l.weights().isEmpty()) {
      int[] s = l.weights().get(0).shape();
      int[] in = l.inputs().get(0).shape();
      int[] o = l.outputs().get(0).shape();
      String size = s[1] + "x" + s[2];
      String stride = in.length == 4 && o.length == 4 && o[1] > 0 && in[1] > o[1] ? " /2" : "";
      return k + " " + size + stride;
    }
    return k;
  }

  static double median(long[] values) {
    long[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  private static String loadAverage() {
    try {
      return new String(Files.readAllBytes(Paths.get("/proc/loadavg"))).trim();
    } catch (IOException e) {
      return String.valueOf(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** Which operators have a vector kernel: the model class's non-null {@code VECTOR_OPnn...}. */
  private static Map<Integer, Boolean> vectorOps(Class<?> type) throws IllegalAccessException {
    Map<Integer, Boolean> ops = new HashMap<>();
    Pattern p = Pattern.compile("VECTOR_OP(\\d+)\\D.*");
    for (Field f : type.getDeclaredFields()) {
      Matcher m = p.matcher(f.getName());
      if (m.matches() && Modifier.isStatic(f.getModifiers())) {
        f.setAccessible(true);
        ops.put(Integer.parseInt(m.group(1)), f.get(null) != null);
      }
    }
    return ops;
  }
}

package io.github.tflite2java.benchmarks;

import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.report.LayerReport;
import io.github.tflite2java.compiler.report.ModelReport;
import io.github.tflite2java.compiler.report.TensorSummary;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one inference's time goes, layer by layer, for a model class compiled with {@code
 * kernels=vector} (in {@code benchmarks.vec}), in one JVM: warms the class up ({@code WARMUP}
 * whole inferences on grace_hopper's input after the vector kernels are switched on, enough for
 * C2 to compile every layer: see {@link VectorWarmUpTrace}), then runs {@code ROUNDS} rounds;
 * each round times one whole inference and then every layer call of the class's {@code run()}
 * in order (the calls and their {@code (from, to)} extents are read from {@code run()}'s
 * bytecode, so the sequence is exactly an inference's), on the arena the inference left, i.e.
 * on real activations. With {@code --scalar} each round also runs the whole sequence on the
 * scalar kernels (the model class's {@code vectorReady} switched off for that pass), so every
 * layer has a paired vector / scalar ratio; with {@code --vs CLASS2} (a fully qualified name
 * of a class of the same model, e.g. compiled by the CLI from another commit and put on the
 * class path) each round runs both classes, first one then the other, alternating, for a paired
 * A/B of two versions of the generated code. Prints per layer the medians over the rounds, G
 * MAC/s, its share of the sum, the bytes one call allocates, and the sum of the layers against
 * the whole inference's median (on a loaded machine a whole inference is preempted more often
 * than one layer call: its median grows more than the layers').
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *   io.github.tflite2java.benchmarks.VectorLayerProfile MobilenetV1QuantVk \
 *   mobilenet_v1_1.0_224_quant [--warmup 400] [--rounds 60] [--scalar | --vs CLASS2]
 * </pre>
 */
public final class VectorLayerProfile {
  private VectorLayerProfile() {}

  /** One layer call of {@code run()}: the method and its extent (-1, -1: no arguments). */
  record Call(String method, int op, int from, int to) {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      System.err.println("usage: VectorLayerProfile CLASS MODEL [--warmup N] [--rounds R]"
          + " [--scalar]");
      System.exit(2);
    }
    Class<?> type = load(args[0]);
    String modelName = args[1];
    int warmup = modelName.contains("0.25") ? 2500 : 400;
    int rounds = 60;
    boolean scalar = false;
    String vs = null;
    for (int i = 2; i < args.length; i++) {
      switch (args[i]) {
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--scalar" -> scalar = true;
        case "--vs" -> vs = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (scalar && vs != null) {
      throw new IllegalArgumentException("--scalar or --vs, not both");
    }
    byte[][] in = {Shared.read(Shared.input(modelName))};
    byte[] expected = Shared.read(Shared.expected(modelName, "2.9"));
    byte[][] out = {new byte[expected.length]};
    Side a = new Side(type, in, out, true);
    Side b = scalar ? new Side(type, in, out, false) : vs != null ? new Side(load(vs), in, out, true)
        : null;
    System.out.println("load average " + loadAverage() + "; java " + System.getProperty(
        "java.version") + "; A = " + a + (b == null ? "" : "; B = " + b));
    if (b != null && !a.calls.equals(b.calls)) {
      throw new IllegalStateException("A and B run different layer calls");
    }
    List<Call> calls = a.calls;
    Map<Integer, Boolean> vectorOps = vectorOps(type);
    Map<Integer, LayerReport> layers = new HashMap<>();
    ModelReport report = Tflite2JavaCompiler.compile(
        new CompileRequest(Shared.model(modelName), "profile.Model")).report();
    for (LayerReport l : report.layers()) {
      layers.put(l.index(), l);
    }

    long t0 = System.nanoTime();
    for (int i = 0; i < warmup; i++) {
      a.inferChecked(null);
      if (b != null) {
        b.inferChecked(null);
      }
    }
    System.out.printf("warm-up: %d inferences%s, %.1f s%n", warmup, b == null ? "" : " each",
        (System.nanoTime() - t0) / 1e9);
    a.inferChecked(expected);
    if (b != null) {
      b.inferChecked(expected);
    }

    // Calls that cannot be replayed outside an inference (e.g. a QUANTIZE of a float input the
    // class reads from the caller's array) are timed as zero and named here.
    boolean[] skip = new boolean[calls.size()];
    for (Side s : b == null ? List.of(a) : List.of(a, b)) {
      s.enter();
      for (int i = 0; i < skip.length; i++) {
        try {
          s.handles[i].invokeExact();
        } catch (RuntimeException e) {
          skip[i] = true;
          System.out.println("not timed: " + calls.get(i).method() + " (" + e + ")");
        }
      }
      s.exit();
    }
    for (Side s : b == null ? List.of(a) : List.of(a, b)) {
      for (int i = 0; i < skip.length; i++) {
        if (skip[i]) {
          s.handles[i] = MethodHandles.empty(MethodType.methodType(void.class));
        }
      }
    }
    int n = calls.size();
    long[][] tv = new long[n][rounds];
    long[][] ts = new long[n][rounds];
    long[] whole = new long[rounds];
    long[] wholeScalar = new long[rounds];
    for (int r = 0; r < rounds; r++) {
      // Alternate which side goes first.
      for (int k = 0; k < 2; k++) {
        boolean sideA = (r + k) % 2 == 0;
        Side s = sideA ? a : b;
        if (s == null) {
          continue;
        }
        long[][] t = sideA ? tv : ts;
        s.enter();
        long w0 = System.nanoTime();
        s.infer.invokeExact();
        (sideA ? whole : wholeScalar)[r] = System.nanoTime() - w0;
        for (int i = 0; i < n; i++) {
          MethodHandle h = s.handles[i];
          long c0 = System.nanoTime();
          h.invokeExact();
          t[i][r] = System.nanoTime() - c0;
        }
        s.exit();
      }
    }
    // One more pass for the bytes each layer call allocates (nothing, once C2 has compiled
    // the layer's Vector API code as intended; boxes where an operation fell back to Java).
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long[] alloc = new long[calls.size()];
    for (int i = 0; i < alloc.length; i++) {
      MethodHandle h = a.handles[i];
      long c0 = mx.getCurrentThreadAllocatedBytes();
      h.invokeExact();
      alloc[i] = mx.getCurrentThreadAllocatedBytes() - c0;
    }
    a.inferChecked(expected);
    if (b != null) {
      b.inferChecked(expected);
    }
    scalar = b != null;

    double[] mv = new double[n];
    double[] ms = new double[n];
    double sum = 0;
    double sumScalar = 0;
    for (int i = 0; i < n; i++) {
      mv[i] = median(tv[i]);
      sum += mv[i];
      if (scalar) {
        ms[i] = median(ts[i]);
        sumScalar += ms[i];
      }
    }
    System.out.printf("%d rounds, medians; load average %s%n", rounds, loadAverage());
    StringBuilder head = new StringBuilder(
        "| op | kind | kernel | weights | output | M MACs | ms | G MAC/s | share | bytes |");
    StringBuilder rule = new StringBuilder("|---:|---|---|---|---|---:|---:|---:|---:|---:|");
    if (scalar) {
      head.append(vs == null ? " scalar ms | vector / scalar |" : " B ms | A / B |");
      rule.append("---:|---:|");
    }
    System.out.println(head);
    System.out.println(rule);
    Map<String, double[]> byKind = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      Call c = calls.get(i);
      LayerReport l = layers.get(c.op());
      String kind = l == null ? c.method() : kind(l);
      long macs = l == null ? 0 : l.macs();
      boolean vec = vectorOps.getOrDefault(c.op(), false);
      String line = String.format("| %d | %s | %s | %s | %s | %.1f | %.3f | %s | %.1f%% | %d |",
          c.op(), kind, vec ? "vector" : "scalar",
          l == null || l.weights().isEmpty() ? "" : l.weights().get(0).shapeString(),
          l == null || l.outputs().isEmpty() ? "" : l.outputs().get(0).shapeString(),
          macs / 1e6, mv[i] / 1e6, macs == 0 ? "" : String.format("%.2f", macs / mv[i]),
          100 * mv[i] / sum, alloc[i]);
      if (scalar) {
        line += String.format(" %.3f | %.2f |", ms[i] / 1e6, mv[i] / ms[i]);
      }
      System.out.println(line);
      double[] k = byKind.computeIfAbsent(kind + (vec ? "" : " (scalar kernel)"),
          x -> new double[4]);
      k[0] += mv[i];
      k[1] += macs;
      k[2] += ms[i];
      k[3]++;
    }
    double w = median(whole);
    System.out.printf("%nsum of the layers %.3f ms; whole inference %.3f ms (sum / whole %.3f)%n",
        sum / 1e6, w / 1e6, sum / w);
    if (scalar) {
      double ws = median(wholeScalar);
      System.out.printf("%s: sum of the layers %.3f ms; whole inference %.3f ms (sum / whole"
          + " %.3f); whole A / B %.3f; sum A / sum B %.3f%n", vs == null ? "scalar" : "B",
          sumScalar / 1e6, ws / 1e6, sumScalar / ws, w / ws, sum / sumScalar);
    }
    System.out.println();
    System.out.println("| kind | layers | M MACs | ms | G MAC/s | share |"
        + (scalar ? vs == null ? " vector / scalar |" : " A / B |" : ""));
    System.out.println("|---|---:|---:|---:|---:|---:|" + (scalar ? "---:|" : ""));
    for (Map.Entry<String, double[]> e : byKind.entrySet()) {
      double[] k = e.getValue();
      System.out.printf("| %s | %d | %.1f | %.3f | %s | %.1f%% |%s%n", e.getKey(), (int) k[3],
          k[1] / 1e6, k[0] / 1e6, k[1] == 0 ? "" : String.format("%.2f", k[1] / k[0]),
          100 * k[0] / sum, scalar ? String.format(" %.2f |", k[0] / k[2]) : "");
    }
  }

  /** A class name: simple names are looked up in {@code benchmarks.vec}. */
  private static Class<?> load(String name) throws ClassNotFoundException {
    return Class.forName(name.contains(".") ? name
        : "io.github.tflite2java.benchmarks.vec." + name);
  }

  /**
   * One side of the profile: a model class and instance, its vector kernels on ({@code vector})
   * or off (its {@code vectorReady} switched off while its calls run).
   */
  private static final class Side {
    final Class<?> type;
    final boolean vector;
    final Field ready;
    final MethodHandle infer;
    final byte[][] out;
    final List<Call> calls;
    final MethodHandle[] handles;
    final String kernels;

    Side(Class<?> type, byte[][] in, byte[][] out, boolean vector) throws Throwable {
      this.type = type;
      this.vector = vector;
      this.out = out;
      this.kernels = (String) type.getMethod("kernels").invoke(null);
      if (!kernels.startsWith("vector")) {
        throw new IllegalStateException(type.getName() + ": the vector kernels are not in use"
            + " (run with --add-modules jdk.incubator.vector, without"
            + " -Dtflite2java.kernels=scalar): " + kernels);
      }
      // Waits for the background warm-up to switch the vector kernels on.
      type.getMethod("warmUp").invoke(null);
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
      Object model = type.getConstructor().newInstance();
      ready = type.getDeclaredField("vectorReady");
      ready.setAccessible(true);
      // warmUp() waits a minute at most; a loaded machine may need longer.
      for (int i = 0; i < 6000 && !ready.getBoolean(null); i++) {
        Thread.sleep(100);
      }
      if (!ready.getBoolean(null)) {
        throw new IllegalStateException("vector kernels not switched on after 10 minutes");
      }
      infer = MethodHandles.insertArguments(lookup.findVirtual(type, "inferRaw",
          MethodType.methodType(void.class, byte[][].class, byte[][].class)).bindTo(model), 0,
          in, out);
      calls = runCalls(type);
      handles = new MethodHandle[calls.size()];
      for (int i = 0; i < handles.length; i++) {
        Call c = calls.get(i);
        if (c.from() < 0) {
          handles[i] = lookup.findVirtual(type, c.method(), MethodType.methodType(void.class))
              .bindTo(model);
        } else {
          handles[i] = MethodHandles.insertArguments(lookup.findVirtual(type, c.method(),
              MethodType.methodType(void.class, int.class, int.class)).bindTo(model), 0,
              c.from(), c.to());
        }
      }
    }

    void enter() throws IllegalAccessException {
      ready.setBoolean(null, vector);
    }

    void exit() throws IllegalAccessException {
      ready.setBoolean(null, true);
    }

    /** One inference; checks the output against {@code expected} unless null. */
    void inferChecked(byte[] expected) throws Throwable {
      enter();
      infer.invokeExact();
      exit();
      if (expected != null && !Arrays.equals(out[0], expected)) {
        throw new AssertionError(this + ": output differs from TFLite 2.9.0's golden bytes");
      }
    }

    @Override
    public String toString() {
      return type.getSimpleName() + (vector ? " " + kernels : " scalar kernels");
    }
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

  private static double median(long[] values) {
    long[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  private static String loadAverage() {
    try {
      return new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(
          "/proc/loadavg"))).trim();
    } catch (IOException e) {
      return String.valueOf(
          java.lang.management.ManagementFactory.getOperatingSystemMXBean()
              .getSystemLoadAverage());
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

  /**
   * The layer calls of the class's {@code run()} in order, read from its bytecode: {@code
   * aload_0, <int>, <int>, invokevirtual opNN...(II)V} and {@code aload_0, invokevirtual
   * opNN...()V} (the latter dropped for operators that also have a {@code (from, to)} call:
   * those are the parallel branch's weight widening).
   */
  static List<Call> runCalls(Class<?> type) throws IOException {
    byte[] cls;
    try (InputStream s = type.getResourceAsStream(type.getSimpleName() + ".class")) {
      cls = s.readAllBytes();
    }
    DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(cls));
    d.readInt();
    d.readUnsignedShort();
    d.readUnsignedShort();
    int cpCount = d.readUnsignedShort();
    Object[] cp = new Object[cpCount];
    int[][] refs = new int[cpCount][];
    for (int i = 1; i < cpCount; i++) {
      int tag = d.readUnsignedByte();
      switch (tag) {
        case 1 -> cp[i] = d.readUTF();
        case 3 -> cp[i] = d.readInt();
        case 4 -> d.readInt();
        case 5, 6 -> {
          d.readLong();
          i++;
        }
        case 7, 8, 16, 19, 20 -> d.readUnsignedShort();
        case 9, 10, 11, 12, 17, 18 -> {
          refs[i] = new int[] {tag, d.readUnsignedShort(), d.readUnsignedShort()};
        }
        case 15 -> {
          d.readUnsignedByte();
          d.readUnsignedShort();
        }
        default -> throw new IOException("constant pool tag " + tag);
      }
    }
    d.readUnsignedShort();
    d.readUnsignedShort();
    d.readUnsignedShort();
    d.skipBytes(2 * d.readUnsignedShort());
    int fields = d.readUnsignedShort();
    for (int i = 0; i < fields; i++) {
      d.skipBytes(6);
      skipAttributes(d);
    }
    int methods = d.readUnsignedShort();
    byte[] code = null;
    for (int i = 0; i < methods && code == null; i++) {
      d.readUnsignedShort();
      String name = (String) cp[d.readUnsignedShort()];
      String desc = (String) cp[d.readUnsignedShort()];
      int attrs = d.readUnsignedShort();
      for (int a = 0; a < attrs; a++) {
        String an = (String) cp[d.readUnsignedShort()];
        int len = d.readInt();
        if (name.equals("run") && desc.equals("()V") && an.equals("Code")) {
          d.skipBytes(4);
          code = new byte[d.readInt()];
          d.readFully(code);
          d.skipBytes(len - 8 - code.length);
        } else {
          d.skipBytes(len);
        }
      }
    }
    if (code == null) {
      throw new IllegalStateException("no run() in " + type.getName());
    }
    Pattern op = Pattern.compile("op(\\d\\d+)[A-Za-z].*");
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < code.length; i++) {
      if ((code[i] & 0xFF) != 0x2a) {
        continue;
      }
      int[] pos = {i + 1};
      Integer from = intPush(code, pos, cp);
      Integer to = from == null ? null : intPush(code, pos, cp);
      int at = from != null && to != null ? pos[0] : i + 1;
      if (at + 2 >= code.length || (code[at] & 0xFF) != 0xb6) {
        continue;
      }
      int[] ref = refs[((code[at + 1] & 0xFF) << 8) | (code[at + 2] & 0xFF)];
      if (ref == null || ref[0] != 10) {
        continue;
      }
      int[] nat = refs[ref[2]];
      String name = (String) cp[nat[1]];
      String desc = (String) cp[nat[2]];
      Matcher m = op.matcher(name);
      boolean args = from != null && to != null && desc.equals("(II)V");
      if (m.matches() && (args || desc.equals("()V") && at == i + 1)) {
        calls.add(new Call(name, Integer.parseInt(m.group(1)), args ? from : -1,
            args ? to : -1));
      }
    }
    List<Call> kept = new ArrayList<>();
    for (Call c : calls) {
      boolean split = c.from() < 0
          && calls.stream().anyMatch(o -> o.op() == c.op() && o.from() >= 0);
      if (!split) {
        kept.add(c);
      }
    }
    return kept;
  }

  private static Integer intPush(byte[] code, int[] pos, Object[] cp) {
    int p = pos[0];
    if (p >= code.length) {
      return null;
    }
    int b = code[p] & 0xFF;
    if (b >= 0x02 && b <= 0x08) {
      pos[0] = p + 1;
      return b - 0x03;
    }
    if (b == 0x10 && p + 1 < code.length) {
      pos[0] = p + 2;
      return (int) code[p + 1];
    }
    if (b == 0x11 && p + 2 < code.length) {
      pos[0] = p + 3;
      return (int) (short) (((code[p + 1] & 0xFF) << 8) | (code[p + 2] & 0xFF));
    }
    if (b == 0x12 && p + 1 < code.length && cp[code[p + 1] & 0xFF] instanceof Integer v) {
      pos[0] = p + 2;
      return v;
    }
    if (b == 0x13 && p + 2 < code.length
        && cp[((code[p + 1] & 0xFF) << 8) | (code[p + 2] & 0xFF)] instanceof Integer v) {
      pos[0] = p + 3;
      return v;
    }
    return null;
  }

  private static void skipAttributes(DataInputStream d) throws IOException {
    int attrs = d.readUnsignedShort();
    for (int a = 0; a < attrs; a++) {
      d.readUnsignedShort();
      d.skipBytes(d.readInt());
    }
  }
}

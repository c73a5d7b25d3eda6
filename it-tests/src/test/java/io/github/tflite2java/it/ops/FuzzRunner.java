package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.it.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The differential check of fuzz cases: compiles every case with tflite2java for each {@link
 * Target} (all classes of a batch in one javac task), then runs each against the live TFLite
 * build and compares every output byte.
 */
final class FuzzRunner {

  /** What happened to one case against one target. */
  enum Verdict {
    /** Every output byte equal on every input set. */
    EQUAL,
    /** tflite2java rejected a deliberately unsupported model, naming the problem. */
    UNSUPPORTED_AS_INTENDED,
    /** TFLite rejected the model (load, allocate or invoke): no comparison possible. */
    REJECTED_BY_TFLITE,
    /** A mismatch, a wrong rejection, or a crash: the suite fails. */
    FAILURE
  }

  /** The verdict on one case, with its explanation. */
  record Outcome(FuzzCase c, Target target, Verdict verdict, String detail) {}

  /** tflite2java's result for one case and target. */
  static final class Compiled {
    String source;
    String className;
    /** The ModelCompileException message, if tflite2java rejected the model. */
    String rejected;
    /** A crash of the compiler or javac, or a class that does not load. */
    String broken;
    GeneratedModel model;
    /** The vector companion's source (kernels=vector), if it has one. */
    String vectorSource;
  }

  /**
   * A case with its compiled classes, and the reference outputs of each target once {@link
   * #evaluate} has run them (per input set).
   */
  record Prepared(FuzzCase c, Map<Target, Compiled> compiled, Map<Target, byte[][][]> expected) {
    /** Whether the two targets' classes differ (GEMM-backed operators). */
    boolean targetsDiffer() {
      Compiled a = compiled.get(Target.TFLITE_2_9);
      Compiled b = compiled.get(Target.TFLITE_2_6);
      return a.model != null && b.model != null && !a.className.equals(b.className);
    }
  }

  private FuzzRunner() {}

  /**
   * The kernel backend under test: {@code -Dtflite2java.it.kernels=vector} compiles every case
   * with {@code kernels=vector} (its vector companion compiled and loaded beside it; the JVM
   * needs {@code --add-modules jdk.incubator.vector}) and counts the cases that ran a vector
   * layer in {@link #VECTOR_CASES}.
   */
  static final io.github.tflite2java.compiler.KernelBackend KERNELS =
      io.github.tflite2java.compiler.KernelBackend.parse(
          System.getProperty("tflite2java.it.kernels", "scalar"));

  static {
    if (KERNELS == io.github.tflite2java.compiler.KernelBackend.VECTOR) {
      // The vector kernels from the first inference on, not after a background warm-up.
      System.setProperty("tflite2java.vectorWarmUp", "false");
    }
  }

  /** Cases whose class ran at least one layer on the vector kernels. */
  static final java.util.concurrent.atomic.AtomicInteger VECTOR_CASES =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Kinds of vector layer that ran, by the name of the vector class's layer method ({@link
   * #vectorKinds}), counted per compiled case.
   */
  static final Map<String, java.util.concurrent.atomic.AtomicInteger> VECTOR_KINDS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The vector layer kinds every {@code kernels=vector} run must reach: all of them, or those
   * listed in {@code -Dtflite2java.it.vectorKinds=pointwise,depthwise} (a run of a few rows).
   */
  static final List<String> VECTOR_KIND_NAMES = vectorKindNames(
      System.getProperty("tflite2java.it.vectorKinds", ""));

  private static List<String> vectorKindNames(String listed) {
    List<String> all = List.of("pointwise", "pointwise per-channel", "depthwise",
        "depthwise per-channel", "window", "window per-channel", "fully-connected", "add");
    if (listed.isBlank()) {
      return all;
    }
    List<String> kinds = new java.util.ArrayList<>();
    for (String k : listed.split(",")) {
      if (!all.contains(k.trim())) {
        throw new IllegalArgumentException("tflite2java.it.vectorKinds: no kind " + k.trim()
            + " (kinds: " + all + ")");
      }
      kinds.add(k.trim());
    }
    return List.copyOf(kinds);
  }

  /**
   * The kinds of vector layer a vector class holds: its layer methods ({@code opNNConv2d},
   * {@code opNNDepthwiseConv2d}, {@code opNNWindowConv2d}, {@code opNNFullyConnected}, {@code opNNAdd}), and
   * "per-channel" where the layer has a per-lane requantization table ({@code OPNN_VRQ},
   * {@code _VDRQ}, {@code _VWRQ}).
   */
  static java.util.Set<String> vectorKinds(String vectorSource) {
    java.util.Set<String> kinds = new java.util.TreeSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "static void (op\\d+)(Conv2d|DepthwiseConv2d|WindowConv2d|FullyConnected|Add)"
            + "\\(int\\[\\] t(, int from, int to)?\\)")
        .matcher(vectorSource);
    while (m.find()) {
      String op = m.group(1).toUpperCase(java.util.Locale.ROOT);
      switch (m.group(2)) {
        case "Conv2d":
          kinds.add(vectorSource.contains(op + "_VRQ") ? "pointwise per-channel" : "pointwise");
          break;
        case "DepthwiseConv2d":
          kinds.add(vectorSource.contains(op + "_VDRQ") ? "depthwise per-channel" : "depthwise");
          break;
        case "WindowConv2d":
          kinds.add(vectorSource.contains(op + "_VWRQ") ? "window per-channel" : "window");
          break;
        case "Add":
          kinds.add("add");
          break;
        default:
          kinds.add("fully-connected");
      }
    }
    return kinds;
  }

  /** Compiles every case for every target; one javac task for the whole batch. */
  static List<Prepared> prepare(List<FuzzCase> cases) {
    List<Prepared> prepared = new ArrayList<>();
    Map<String, String> sources = new LinkedHashMap<>();
    Map<String, String> vectorSources = new LinkedHashMap<>();
    for (FuzzCase c : cases) {
      Map<Target, Compiled> byTarget = new EnumMap<>(Target.class);
      String shared = null;
      for (Target t : Target.values()) {
        Compiled k = new Compiled();
        byTarget.put(t, k);
        String pkg = "fuzz." + t.name().toLowerCase(java.util.Locale.ROOT);
        String name = pkg + ".Case" + Long.toUnsignedString(c.index());
        try {
          ModelGraph g = TfliteReader.read("case-" + c.id() + ".tflite", c.model());
          // Embedded weights: the cases are compiled as sources in batches (and are small).
          GeneratedSource s = Tflite2JavaCompiler.compile(g, name,
              (c.batch() > 0 ? t.options().withBatch(c.batch()) : t.options())
                  .withWeights(io.github.tflite2java.compiler.WeightStorage.EMBEDDED)
                  .withKernels(KERNELS));
          k.source = s.source();
          k.className = name;
          // Classes identical up to their package (every operator but the GEMM-backed ones)
          // are compiled once.
          String normal = normalize(s.source(), pkg);
          if (shared != null && shared.equals(normal)) {
            k.className = byTarget.get(Target.TFLITE_2_9).className;
          } else {
            sources.put(name, s.source());
            if (s.vectorClass() != null) {
              vectorSources.put(s.vectorClass().className(), s.vectorClass().content());
              k.vectorSource = s.vectorClass().content();
            }
            shared = shared == null ? normal : shared;
          }
        } catch (ModelCompileException e) {
          k.rejected = e.getMessage();
        } catch (RuntimeException | Error e) {
          k.broken = "tflite2java crashed: " + stackTrace(e);
        }
      }
      prepared.add(new Prepared(c, byTarget, new java.util.concurrent.ConcurrentHashMap<>()));
    }
    Map<String, BatchJavac.Result> classes = BatchJavac.compile(sources, vectorSources);
    for (Prepared p : prepared) {
      for (Compiled k : p.compiled().values()) {
        if (k.className == null) {
          continue;
        }
        BatchJavac.Result r = classes.get(k.className);
        if (r.error() != null) {
          k.broken = r.error();
        } else {
          try {
            if (KERNELS == io.github.tflite2java.compiler.KernelBackend.VECTOR) {
              String which = String.valueOf(r.loaded().getMethod("kernels").invoke(null));
              if (!which.startsWith("vector:") || which.contains("warming up")) {
                throw new IllegalStateException("the vector kernels did not load (run with"
                    + " --add-modules jdk.incubator.vector): " + which);
              }
              if (!which.endsWith(", 0 layers")) {
                VECTOR_CASES.incrementAndGet();
                if (k.vectorSource != null) {
                  for (String kind : vectorKinds(k.vectorSource)) {
                    VECTOR_KINDS.computeIfAbsent(kind,
                        x -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                  }
                }
              }
            }
            k.model = new GeneratedModel(r.loaded(),
                p.c().inputs().stream().map(a -> !a.isQuantized8()).toList(),
                p.c().outputs().stream().map(a -> !a.isQuantized8()).toList());
          } catch (RuntimeException | ReflectiveOperationException e) {
            k.broken = e.toString();
          }
        }
      }
    }
    return prepared;
  }

  private static String normalize(String source, String pkg) {
    StringBuilder sb = new StringBuilder();
    for (String line : source.split("\n")) {
      if (!line.startsWith("// Generated by") && !line.startsWith("package ")) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }

  /** Compares one prepared case with one target. */
  static Outcome evaluate(Prepared p, Target t) {
    FuzzCase c = p.c();
    Compiled k = p.compiled().get(t);
    byte[][][] expected = new byte[FuzzCase.INPUT_SETS][][];
    String refError = null;
    try (Target.Loaded ref = t.load(c.model(), c.batch())) {
      for (int set = 0; set < FuzzCase.INPUT_SETS; set++) {
        expected[set] = ref.run(c.inputs(set));
      }
      p.expected().put(t, expected);
    } catch (RuntimeException | Error e) {
      refError = String.valueOf(e.getMessage() == null ? e : e.getMessage());
    }
    if (k.rejected != null) {
      if (c.deliberatelyUnsupported()) {
        return c.namesExpectedProblem(k.rejected)
            ? new Outcome(c, t, Verdict.UNSUPPORTED_AS_INTENDED, k.rejected)
            : new Outcome(c, t, Verdict.FAILURE, "tflite2java rejects the deliberately"
                + " unsupported model but its message does not name any of "
                + c.expectedProblems() + ": " + k.rejected);
      }
      return refError != null
          ? new Outcome(c, t, Verdict.REJECTED_BY_TFLITE, "TFLite: " + refError
              + "; tflite2java: " + k.rejected)
          : new Outcome(c, t, Verdict.FAILURE, "tflite2java rejects a model TFLite accepts: "
              + k.rejected);
    }
    if (k.broken != null && k.model == null && k.source == null) {
      return new Outcome(c, t, Verdict.FAILURE, k.broken);
    }
    if (c.deliberatelyUnsupported()) {
      return new Outcome(c, t, Verdict.FAILURE, "tflite2java compiles a model it should reject"
          + " with a message naming one of " + c.expectedProblems());
    }
    if (refError != null) {
      return new Outcome(c, t, Verdict.REJECTED_BY_TFLITE, "TFLite: " + refError
          + " (tflite2java compiled it)");
    }
    if (k.broken != null) {
      return new Outcome(c, t, Verdict.FAILURE, k.broken);
    }
    int[] sizes = new int[c.outputs().size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = c.outputBytes(i);
    }
    // The input sets run in order on one instance, as on the one TFLite interpreter above:
    // an LSTM's state carries over from one set to the next in both.
    Object instance;
    try {
      instance = k.model.newInstance();
    } catch (ReflectiveOperationException e) {
      return new Outcome(c, t, Verdict.FAILURE, "generated class does not instantiate: "
          + stackTrace(e));
    }
    for (int set = 0; set < FuzzCase.INPUT_SETS; set++) {
      byte[][] actual;
      try {
        actual = k.model.run(instance, c.inputs(set), sizes);
      } catch (Throwable e) {
        return new Outcome(c, t, Verdict.FAILURE, "generated class throws on input set '"
            + FuzzCase.inputSetName(set) + "': " + stackTrace(e));
      }
      int[] specified = c.specifiedBytes() == null ? null
          : c.specifiedBytes().apply(expected[set]);
      for (int o = 0; o < sizes.length; o++) {
        byte[] e = expected[set][o];
        byte[] a = actual[o];
        if (specified != null && specified[o] < e.length && e.length == a.length) {
          // The bytes past what TFLite writes hold its arena's leftovers: not compared.
          e = java.util.Arrays.copyOf(e, specified[o]);
          a = java.util.Arrays.copyOf(a, specified[o]);
        }
        String diff = difference(c.outputs().get(o), e, a);
        if (diff != null) {
          return new Outcome(c, t, Verdict.FAILURE, "input set '" + FuzzCase.inputSetName(set)
              + "', output " + o + ": " + diff);
        }
      }
    }
    return new Outcome(c, t, Verdict.EQUAL, null);
  }

  /**
   * Whether the class compiled for {@code compiledFor} differs from the reference outputs of
   * {@code reference} on some input set (null when either is missing).
   */
  static Boolean differsAcross(Prepared p, Target compiledFor, Target reference) {
    Compiled k = p.compiled().get(compiledFor);
    byte[][][] expected = p.expected().get(reference);
    if (k.model == null || expected == null) {
      return null;
    }
    int[] sizes = new int[p.c().outputs().size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = p.c().outputBytes(i);
    }
    try {
      Object instance = k.model.newInstance();
      for (int set = 0; set < FuzzCase.INPUT_SETS; set++) {
        byte[][] actual = k.model.run(instance, p.c().inputs(set), sizes);
        for (int o = 0; o < sizes.length; o++) {
          if (!java.util.Arrays.equals(expected[set][o], actual[o])) {
            return true;
          }
        }
      }
    } catch (Throwable e) {
      return null;
    }
    return false;
  }

  /** How {@code actual} differs from {@code expected}, or null; float32 tensors by value. */
  static String difference(Act tensor, byte[] expected, byte[] actual) {
    if (tensor.type() != io.github.tflite2java.compiler.ir.TensorType.FLOAT32
        || expected.length != actual.length) {
      return Bytes.difference(expected, actual);
    }
    java.nio.FloatBuffer e = java.nio.ByteBuffer.wrap(expected)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    java.nio.FloatBuffer a = java.nio.ByteBuffer.wrap(actual)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    int count = 0;
    int first = -1;
    for (int i = 0; i < e.capacity(); i++) {
      if (Float.floatToRawIntBits(e.get(i)) != Float.floatToRawIntBits(a.get(i))) {
        first = first < 0 ? i : first;
        count++;
      }
    }
    return count == 0 ? null : count + " of " + e.capacity() + " float32 values differ; first"
        + " at index " + first + ": expected " + e.get(first) + " (0x"
        + Integer.toHexString(Float.floatToRawIntBits(e.get(first))) + "), actual "
        + a.get(first) + " (0x" + Integer.toHexString(Float.floatToRawIntBits(a.get(first)))
        + ")";
  }

  /** Where failing cases are written. */
  static Path dumpDirectory() {
    return Paths.get("target", "op-fuzz");
  }

  /** Deletes the files of an earlier run, so that the folder holds this run's failures only. */
  static void clearDumps() {
    Path dir = dumpDirectory();
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the model, its description and the generated source next to the build output. */
  static Path dump(Prepared p, Target t) {
    FuzzCase c = p.c();
    Path dir = dumpDirectory();
    String base = c.seed() + "_" + c.index();
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(base + ".tflite"), c.model());
      StringBuilder sb = new StringBuilder();
      sb.append("case ").append(c.id()).append(" (").append(c.generator()).append(")\n")
          .append(c.description()).append('\n');
      for (int set = 0; set < FuzzCase.INPUT_SETS; set++) {
        byte[][] in = c.inputs(set);
        for (int i = 0; i < in.length; i++) {
          sb.append("input set ").append(set).append(" input ").append(i).append(": ")
              .append(java.util.HexFormat.of().formatHex(in[i])).append('\n');
        }
      }
      Files.writeString(dir.resolve(base + ".txt"), sb.toString(), StandardCharsets.UTF_8);
      Compiled k = p.compiled().get(t);
      if (k.source != null) {
        Files.writeString(dir.resolve(base + "_" + t.name() + ".java"), k.source,
            StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir.resolve(base + ".tflite").toAbsolutePath();
  }

  static String stackTrace(Throwable e) {
    java.io.StringWriter w = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(w));
    String s = w.toString();
    return s.length() > 3000 ? s.substring(0, 3000) + "..." : s;
  }
}

package io.github.tflite2java.benchmarks;

import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ops.OperatorRegistry;
import io.github.tflite2java.compiler.passes.MemoryPlan;
import io.github.tflite2java.compiler.passes.MemoryPlanner;
import io.github.tflite2java.compiler.validate.ModelValidator;
import io.github.tflite2java.compiler.reader.TfliteReader;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Measures and prints, as markdown tables, the memory and size of the generated model classes:
 *
 * <ul>
 *   <li>activation memory: the generated {@code ARENA_SIZE} next to the memory plan's lower bound
 *       (recomputed with the compiler from the .tflite file), and the heap one {@code new X()}
 *       really allocates;
 *   <li>heap retained after class initialization, and after one inference with one instance,
 *       next to the .tflite size (each model in a fresh JVM: GC, then {@link MemoryMXBean} heap
 *       used before and after);
 *   <li>deployed size: a jar of the model's class files (plus runtime-min if they reference it)
 *       next to the .tflite file, raw and deflated;
 *   <li>class loading + initialization (weights decoding) time, in {@value #DEFAULT_RUNS} fresh
 *       JVMs per model, and the cold first inference.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.tflite2java.benchmarks.Footprint \
 *     [--runs N] [--md FILE] [model ...]
 * </pre>
 *
 * <p>Models are .tflite names (default: all four compiled in generated-examples). Child JVMs run
 * with the same java binary and class path as this one, plus any {@code -J<option>} arguments.
 */
public final class Footprint {

  static final int DEFAULT_RUNS = 5;
  private static final int STEADY_CALLS = 3;
  private static final String CHILD = "--child";
  private static final String RUNTIME_PACKAGE = "io/github/tflite2java/runtime/";

  private Footprint() {}

  public static void main(String[] args) throws Throwable {
    if ((args.length == 3 || args.length == 4) && args[0].equals(CHILD)) {
      child(args[1], args[2], args.length == 4 ? Paths.get(args[3]) : null);
      return;
    }
    int runs = DEFAULT_RUNS;
    Path markdown = null;
    List<String> jvmArgs = new ArrayList<>();
    List<BenchModel> models = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--runs") && i + 1 < args.length) {
        runs = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--md") && i + 1 < args.length) {
        markdown = Paths.get(args[++i]);
      } else if (args[i].startsWith("-J")) {
        jvmArgs.add(args[i].substring(2));
      } else {
        models.add(BenchModel.of(args[i]));
      }
    }
    if (models.isEmpty()) {
      models.addAll(Arrays.asList(BenchModel.values()));
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Footprint on %s %s (%s); fresh JVMs: 1 per model for heap, %d for times%n%n",
            System.getProperty("java.vm.name"),
            System.getProperty("java.runtime.version"),
            System.getProperty("java.vm.vendor"),
            runs));
    // Heap: one run per model with the serial collector, whose heap-used figure after a full GC
    // is the exact live size (G1 counts whole regions for large arrays). Times: default GC.
    List<String> serial = new ArrayList<>(jvmArgs);
    serial.add(0, "-XX:+UseSerialGC");
    Map<BenchModel, List<Map<String, String>>> heap = new LinkedHashMap<>();
    Map<BenchModel, List<Map<String, String>>> times = new LinkedHashMap<>();
    for (BenchModel m : models) {
      heap.put(m, Collections.singletonList(runChild(m, serial)));
      List<Map<String, String>> list = new ArrayList<>();
      for (int r = 0; r < runs; r++) {
        list.add(runChild(m, jvmArgs));
      }
      times.put(m, list);
    }
    arenaTable(out, models, heap);
    heapTable(out, models, heap);
    sizeTable(out, models);
    initTable(out, models, times);
    System.out.print(out);
    if (markdown != null) {
      Files.write(markdown, out.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  // ---------------------------------------------------------------- activation memory

  private static void arenaTable(
      StringBuilder out, List<BenchModel> models, Map<BenchModel, List<Map<String, String>>> runs)
      throws Exception {
    out.append("### Activation memory (per instance)\n\n");
    out.append(
        "| Model | Generated arena (`ARENA_SIZE`) | Lower bound (`MemoryPlan`) | Arena / bound |"
            + " Heap of one `new X()` (measured) |\n");
    out.append("|---|---:|---:|---:|---:|\n");
    for (BenchModel m : models) {
      // Only loads the class (constants are compile-time values): no weights decoded here.
      Class<?> c = Class.forName(m.className(), false, Footprint.class.getClassLoader());
      long arena = c.getField("ARENA_SIZE").getLong(null);
      int elementBytes = arenaElementBytes(c, arena);
      ModelGraph graph = TfliteReader.read(Shared.model(m.fileName));
      MemoryPlan plan = new MemoryPlanner().plan(new ModelValidator(OperatorRegistry.standard())
          .validate(graph, io.github.tflite2java.compiler.CompileOptions.defaults()));
      String planNote = plan.arenaSize() == arena ? "" : " (plan: " + plan.arenaSize() + ")";
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s%s | %s | %.3fx | %s |%n",
              m.fileName,
              bytes(arena * elementBytes),
              planNote,
              bytes((long) plan.lowerBound() * elementBytes),
              (double) arena / plan.lowerBound(),
              bytes(median(runs.get(m), "instanceBytes"))));
    }
    out.append(
        "\nArena bytes = elements x the arena's element size; the instance heap adds the"
            + " accumulator scratch and object headers.\n\n");
  }

  /** The element size of the instance array field holding the activations (4 if not found). */
  private static int arenaElementBytes(Class<?> c, long arenaSize) {
    for (Field f : c.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers())
          && f.getType().isArray()
          && f.getName().toLowerCase(Locale.ROOT).contains("arena")) {
        return elementBytes(f.getType().getComponentType());
      }
    }
    return 4;
  }

  private static int elementBytes(Class<?> t) {
    if (t == byte.class || t == boolean.class) {
      return 1;
    } else if (t == short.class || t == char.class) {
      return 2;
    } else if (t == long.class || t == double.class) {
      return 8;
    }
    return 4; // int, float, and compressed references
  }

  // ---------------------------------------------------------------- heap

  private static void heapTable(
      StringBuilder out, List<BenchModel> models, Map<BenchModel, List<Map<String, String>>> runs)
      throws IOException {
    out.append("### Heap (fresh JVM, `-XX:+UseSerialGC`, used heap after `System.gc()`)\n\n");
    out.append(
        "| Model | .tflite file | Retained after class init | + one instance and one inference"
            + " | Total / .tflite | Static arrays (reflection, nested included) | Allocated during init |"
            + " Allocated per later `infer(in, out)` |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (BenchModel m : models) {
      List<Map<String, String>> r = runs.get(m);
      long file = Files.size(Shared.model(m.fileName));
      long afterInit = median(r, "heapAfterInit");
      long afterInfer = median(r, "heapAfterInference");
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %.2fx | %s | %s | %s |%n",
              m.fileName,
              bytes(file),
              bytes(afterInit),
              bytes(afterInfer),
              (double) afterInfer / file,
              bytes(median(r, "staticArrayBytes")),
              bytes(median(r, "initAllocatedBytes")),
              bytes(max(r, "allocatedPerInference"))));
    }
    out.append(
        "\nRetained = heap used after GC minus heap used after GC before loading the class; it"
            + " includes the weight arrays and the constant-pool strings the class keeps"
            + " resolved.\n\n");
  }

  // ---------------------------------------------------------------- deployed size

  private static void sizeTable(StringBuilder out, List<BenchModel> models) throws IOException {
    out.append("### Deployed size\n\n");
    out.append(
        "| Model | .tflite file | .tflite deflated | Jar of the generated class(es) | Jar / .tflite |"
            + " Class files uncompressed | Needs runtime-min |\n");
    out.append("|---|---:|---:|---:|---:|---:|---|\n");
    for (BenchModel m : models) {
      Path model = Shared.model(m.fileName);
      long file = Files.size(model);
      long deflated = zipSize(Collections.singletonMap(model.getFileName().toString(),
          Files.readAllBytes(model)), false);
      Map<String, byte[]> entries = classEntries(m);
      long raw = 0;
      boolean runtime = false;
      for (byte[] b : entries.values()) {
        raw += b.length;
        runtime |= contains(b, RUNTIME_PACKAGE.getBytes(StandardCharsets.US_ASCII));
      }
      if (runtime) {
        entries.putAll(runtimeMinEntries());
      }
      long jar = zipSize(entries, true);
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %.2fx | %s | %s |%n",
              m.fileName,
              bytes(file),
              bytes(deflated),
              bytes(jar),
              (double) jar / file,
              bytes(raw),
              runtime ? "yes (included)" : "no"));
    }
    out.append(
        "\nThe jar holds the model's class files (`X.class`, `X$*.class`, resources named `X.*`)"
            + " deflated at the default level, with a manifest; `.tflite deflated` is the model in"
            + " a zip the same way (what it would cost inside an application jar).\n\n");
  }

  /** The class files and resources of one generated model, by jar entry name. */
  private static Map<String, byte[]> classEntries(BenchModel m) throws IOException {
    String pkg = BenchModel.PACKAGE.replace('.', '/') + "/";
    String prefix = pkg + m.simpleName;
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : entriesUnder(m.className(), pkg).entrySet()) {
      String name = e.getKey();
      if (name.startsWith(prefix) && name.length() > prefix.length()) {
        char next = name.charAt(prefix.length());
        if (next == '.' || next == '$' || next == '/' || next == '_' || next == '-') {
          entries.put(name, e.getValue());
        }
      }
    }
    return entries;
  }

  private static Map<String, byte[]> runtimeMinEntries() throws IOException {
    return entriesUnder("io.github.tflite2java.runtime.TopK", RUNTIME_PACKAGE);
  }

  /** Every file under {@code folder} in the jar or directory that holds class {@code anchor}. */
  private static Map<String, byte[]> entriesUnder(String anchor, String folder) throws IOException {
    String resource = anchor.replace('.', '/') + ".class";
    URL url = Footprint.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IllegalStateException(resource + " is not on the class path");
    }
    Map<String, byte[]> entries = new LinkedHashMap<>();
    if (url.getProtocol().equals("jar")) {
      JarURLConnection connection = (JarURLConnection) url.openConnection();
      connection.setUseCaches(false);
      try (JarFile jar = connection.getJarFile()) {
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
          JarEntry entry = e.nextElement();
          if (!entry.isDirectory() && entry.getName().startsWith(folder)) {
            try (InputStream in = jar.getInputStream(entry)) {
              entries.put(entry.getName(), readAll(in));
            }
          }
        }
      }
    } else {
      Path root;
      try {
        root = Paths.get(url.toURI());
      } catch (URISyntaxException e) {
        throw new IOException(e);
      }
      for (int i = 0; i < resource.split("/").length; i++) {
        root = root.getParent();
      }
      Path dir = root.resolve(folder);
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          entries.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
        }
      }
    }
    return entries;
  }

  /** Size of a zip (or jar, with a manifest) holding the entries, deflated at default level. */
  private static long zipSize(Map<String, byte[]> entries, boolean jar) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (jar) {
      Manifest manifest = new Manifest();
      manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
          out.putNextEntry(new JarEntry(e.getKey()));
          out.write(e.getValue());
          out.closeEntry();
        }
      }
    } else {
      try (ZipOutputStream out = new ZipOutputStream(bytes)) {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
          out.putNextEntry(new ZipEntry(e.getKey()));
          out.write(e.getValue());
          out.closeEntry();
        }
      }
    }
    return bytes.size();
  }

  // ---------------------------------------------------------------- class init time

  private static void initTable(
      StringBuilder out, List<BenchModel> models, Map<BenchModel, List<Map<String, String>>> runs) {
    out.append("### Class loading + initialization (weights decoding), fresh JVM each\n\n");
    out.append(
        "| Model | Load + init (median) | min - max | of which loading | of which initialization |"
            + " First inference (cold) |\n");
    out.append("|---|---:|---:|---:|---:|---:|\n");
    for (BenchModel m : models) {
      List<Map<String, String>> r = runs.get(m);
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s - %s | %s | %s | %s |%n",
              m.fileName,
              millis(median(r, "classNanos")),
              millis(min(r, "classNanos")),
              millis(max(r, "classNanos")),
              millis(median(r, "loadNanos")),
              millis(median(r, "initNanos")),
              millis(median(r, "firstInferenceNanos"))));
    }
    out.append(
        "\nLoading = `Class.forName(name, false, loader)` (reads and parses the class file);"
            + " initialization = the static initializer (decodes the weights) plus linking.\n\n");
  }

  // ---------------------------------------------------------------- child JVM

  private static Map<String, String> runChild(BenchModel m, List<String> jvmArgs)
      throws IOException, InterruptedException {
    return runChild(m, m.className(), null, jvmArgs);
  }

  /**
   * Runs {@link #child} in a fresh JVM (same java binary and class path, plus {@code jvmArgs})
   * and returns what it printed; the class comes from {@code jar} when given.
   */
  static Map<String, String> runChild(
      BenchModel m, String className, Path jar, List<String> jvmArgs)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmArgs);
    for (String p : new String[] {Shared.PROPERTY}) {
      if (System.getProperty(p) != null) {
        command.add("-D" + p + "=" + System.getProperty(p));
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Footprint.class.getName());
    command.add(CHILD);
    command.add(m.fileName);
    command.add(className);
    if (jar != null) {
      command.add(jar.toString());
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Map<String, String> values = new HashMap<>();
    StringBuilder all = new StringBuilder();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        all.append(line).append('\n');
        int eq = line.indexOf('=');
        if (eq > 0) {
          values.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    if (process.waitFor() != 0 || !values.containsKey("heapAfterInference")) {
      throw new IllegalStateException("child JVM for " + m.fileName + " failed:\n" + all);
    }
    return values;
  }

  /**
   * Runs in a fresh JVM: loads and initializes one generated class by name (nothing else touches
   * it before), creates an instance, runs one inference, and prints what it measured.
   */
  private static void child(String modelName, String className, Path jar) throws Throwable {
    byte[] input = Shared.read(Shared.input(modelName));
    byte[] output = new byte[Shared.read(Shared.expected(modelName, "2.9")).length];
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    // A class from another jar gets a loader that cannot see the original in benchmarks.jar.
    ClassLoader loader =
        jar == null
            ? Footprint.class.getClassLoader()
            : new URLClassLoader(
                new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    // Exercise the measuring calls once so their own classes are loaded before the baseline.
    usedAfterGc(memory);
    threads.getThreadAllocatedBytes(thread);
    System.nanoTime();
    MethodHandle warm =
        MethodHandles.lookup()
            .findVirtual(
                Footprint.Noop.class,
                "infer",
                MethodType.methodType(void.class, byte[].class, byte[].class))
            .bindTo(new Noop());
    warm.invokeExact(input, output);

    long heap0 = usedAfterGc(memory);
    long alloc0 = threads.getThreadAllocatedBytes(thread);
    long t0 = System.nanoTime();
    Class<?> c = Class.forName(className, false, loader);
    long t1 = System.nanoTime();
    Class.forName(className, true, loader);
    long t2 = System.nanoTime();
    long alloc1 = threads.getThreadAllocatedBytes(thread);
    long heap1 = usedAfterGc(memory);

    java.lang.reflect.Constructor<?> constructor = c.getConstructor();
    long alloc2 = threads.getThreadAllocatedBytes(thread);
    Object instance = constructor.newInstance();
    long alloc3 = threads.getThreadAllocatedBytes(thread);
    MethodHandle run =
        MethodHandles.publicLookup()
            .findVirtual(c, "infer", MethodType.methodType(void.class, byte[].class, byte[].class))
            .bindTo(instance);
    long t3 = System.nanoTime();
    run.invokeExact(input, output);
    long t4 = System.nanoTime();
    long heap2 = usedAfterGc(memory);
    // Steady state: what further calls allocate on this thread (the API promises nothing).
    long alloc4 = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < STEADY_CALLS; i++) {
      run.invokeExact(input, output);
    }
    long alloc5 = threads.getThreadAllocatedBytes(thread);
    Reference.reachabilityFence(instance);
    Reference.reachabilityFence(c);

    byte[] expected = Shared.read(Shared.expected(modelName, "2.9"));
    if (!Arrays.equals(expected, output)) {
      throw new IllegalStateException(className + " output differs from the golden file");
    }
    System.out.println("loadNanos=" + (t1 - t0));
    System.out.println("initNanos=" + (t2 - t1));
    System.out.println("classNanos=" + (t2 - t0));
    System.out.println("initAllocatedBytes=" + (alloc1 - alloc0));
    System.out.println("heapAfterInit=" + (heap1 - heap0));
    System.out.println("instanceBytes=" + (alloc3 - alloc2));
    System.out.println("firstInferenceNanos=" + (t4 - t3));
    System.out.println("heapAfterInference=" + (heap2 - heap0));
    System.out.println("staticArrayBytes=" + staticArrayBytes(c));
    System.out.println("allocatedPerInference=" + (alloc5 - alloc4) / STEADY_CALLS);
    // Set by InitExperiment's instrumented variants only.
    for (String field : new String[] {"INIT_DECODE_NANOS", "INIT_CLINIT_NANOS"}) {
      try {
        System.out.println(field + "=" + c.getField(field).getLong(null));
      } catch (NoSuchFieldException e) {
        // not instrumented
      }
    }
  }

  /** Warms up the method-handle machinery before the baseline is taken. */
  static final class Noop {
    public void infer(byte[] input, byte[] output) {}
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /**
   * Size of the arrays the class's static fields point to, nested arrays included, each counted
   * once (16-byte header, 8-byte alignment, 4-byte compressed references).
   */
  private static long staticArrayBytes(Class<?> c) throws IllegalAccessException {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    long total = 0;
    for (Field f : c.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType().isArray()) {
        f.setAccessible(true);
        total += arrayBytes(f.get(null), seen);
      }
    }
    return total;
  }

  private static long arrayBytes(Object array, Set<Object> seen) {
    if (array == null || !array.getClass().isArray() || !seen.add(array)) {
      return 0;
    }
    Class<?> component = array.getClass().getComponentType();
    int length = java.lang.reflect.Array.getLength(array);
    long total = (16 + (long) length * elementBytes(component) + 7) & ~7L;
    if (!component.isPrimitive()) {
      for (int i = 0; i < length; i++) {
        total += arrayBytes(java.lang.reflect.Array.get(array, i), seen);
      }
    }
    return total;
  }

  // ---------------------------------------------------------------- helpers

  static long median(List<Map<String, String>> runs, String key) {
    long[] v = values(runs, key);
    return v[v.length / 2];
  }

  static long min(List<Map<String, String>> runs, String key) {
    return values(runs, key)[0];
  }

  static long max(List<Map<String, String>> runs, String key) {
    long[] v = values(runs, key);
    return v[v.length - 1];
  }

  private static long[] values(List<Map<String, String>> runs, String key) {
    long[] v = new long[runs.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = Long.parseLong(runs.get(i).get(key));
    }
    Arrays.sort(v);
    return v;
  }

  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  static String bytes(long n) {
    if (Math.abs(n) < 10_000) {
      return String.format(Locale.ROOT, "%,d B", n);
    }
    if (Math.abs(n) < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.2f MiB", n / (1024.0 * 1024.0));
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[65536];
    for (int n; (n = in.read(buffer)) > 0; ) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}

package io.github.tflite2java.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.lang.reflect.Method;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Measures cheaper ways to ship a generated model's weights, by rewriting its generated source.
 *
 * <p>The generated class carries its weights as string constants in its constant pool; its
 * static initializer has part methods copy them into one byte array {@code p}, then slices and
 * widens {@code p} into the kernels' arrays. Loading parses megabytes of constant-pool strings, and
 * the resolved strings stay on the heap while the class lives. The variants built here from the
 * same generated source, each compiled with javac ({@code --release 8}) into its own jar and run in
 * fresh JVMs, checked bit-exact on the golden input:
 *
 * <ul>
 *   <li>{@code current}: the source unchanged except for timing probes (the baseline);
 *   <li>{@code resource-deflated}: the bytes of {@code p} as a jar resource {@code X.weights} read
 *       with {@code getResourceAsStream}, part methods and their strings removed; entry deflated;
 *   <li>{@code resource-stored}: the same, entry stored uncompressed.
 * </ul>
 *
 * <p>The timing probes are two public static fields set by the static initializer: time to get
 * the weight bytes, and the whole initializer (the rest widens the bytes into the kernels' arrays).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.tflite2java.benchmarks.InitExperiment \
 *     [--runs N] [--md FILE] [--source X.java] [model]
 * </pre>
 *
 * <p>Needs a JDK (javac) and the generated source, by default {@code
 * generated-examples/target/generated-sources/tflite2java/.../X.java} found from the working
 * directory upwards. If the source no longer has the expected shape, prints why and exits 0.
 */
public final class InitExperiment {

  private static final Pattern STATIC_ARRAY =
      Pattern.compile("\n  static \\{\n    final byte\\[\\] p = new byte\\[(\\d+)\\];\n");
  private static final Pattern PART_CALL = Pattern.compile("    (\\w+)\\(p\\);\n");
  private static final Pattern PART_METHOD =
      Pattern.compile("\n  private static void (\\w+)\\(byte\\[\\] p\\) \\{\n");

  private InitExperiment() {}

  /** The generated source does not have the shape this experiment rewrites. */
  static final class ShapeException extends Exception {
    private static final long serialVersionUID = 1L;

    ShapeException(String message) {
      super(message);
    }
  }

  public static void main(String[] args) throws Exception {
    int runs = Footprint.DEFAULT_RUNS;
    Path markdown = null;
    Path source = null;
    BenchModel model = BenchModel.V1_1_0_224;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--runs") && i + 1 < args.length) {
        runs = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--md") && i + 1 < args.length) {
        markdown = Paths.get(args[++i]);
      } else if (args[i].equals("--source") && i + 1 < args.length) {
        source = Paths.get(args[++i]);
      } else {
        model = BenchModel.of(args[i]);
      }
    }
    String report;
    try {
      report = run(model, source == null ? findSource(model) : source, runs);
    } catch (ShapeException e) {
      report = "### Weights decoding experiment\n\nSkipped: " + e.getMessage() + "\n\n";
    }
    System.out.print(report);
    if (markdown != null) {
      Files.write(markdown, report.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String run(BenchModel model, Path sourceFile, int runs) throws Exception {
    if (!Files.isRegularFile(sourceFile)) {
      throw new ShapeException("generated source " + sourceFile + " not found (build first)");
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new ShapeException("no javac in this Java runtime (a JDK is needed)");
    }
    String source = new String(Files.readAllBytes(sourceFile), StandardCharsets.UTF_8);
    byte[] weights = extractWeights(source, model);
    String name = model.simpleName;
    String current = instrument(source, false, name);
    String resource = instrument(source, true, name);

    Path work = Files.createTempDirectory("tflite2java-init-");
    try {
      String[][] variants = {
        {"current", "String constants in the class (as generated)"},
        {"resource-deflated", "Raw resource `X.weights`, deflated"},
        {"resource-stored", "Raw resource `X.weights`, stored"},
      };
      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              Locale.ROOT,
              "### Weights decoding experiment: %s (%s weight bytes), %d fresh JVMs per variant"
                  + "%n%n",
              model.fileName,
              String.format(Locale.ROOT, "%,d", weights.length),
              runs));
      out.append(
          "| Variant | Jar | Load + init (median) | Loading | Linking | Static init: weight bytes"
              + " | Static init: slicing, widening | Retained heap after init |\n");
      out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
      for (String[] v : variants) {
        boolean isResource = v[0].startsWith("resource");
        Path classes = work.resolve(v[0]);
        compile(javac, isResource ? resource : current, model, classes);
        Map<String, byte[]> entries = classFiles(classes);
        if (isResource) {
          entries.put(BenchModel.PACKAGE.replace('.', '/') + "/" + name + ".weights", weights);
        }
        Path jar = work.resolve(v[0] + ".jar");
        writeJar(jar, entries, v[0].equals("resource-stored"));
        List<Map<String, String>> times = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
          times.add(Footprint.runChild(model, model.className(), jar, new ArrayList<>()));
        }
        Map<String, String> heap =
            Footprint.runChild(
                model, model.className(), jar, new ArrayList<>(Arrays.asList("-XX:+UseSerialGC")));
        long decode = Footprint.median(times, "INIT_DECODE_NANOS");
        long clinit = Footprint.median(times, "INIT_CLINIT_NANOS");
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %s | %s |%n",
                v[1],
                Footprint.bytes(Files.size(jar)),
                Footprint.millis(Footprint.median(times, "classNanos")),
                Footprint.millis(Footprint.median(times, "loadNanos")),
                Footprint.millis(Footprint.median(times, "initNanos") - clinit),
                Footprint.millis(decode),
                Footprint.millis(clinit - decode),
                Footprint.bytes(Long.parseLong(heap.get("heapAfterInit")))));
      }
      out.append(
          "\nEach variant is the generated source recompiled with javac --release 8 and run from its"
              + " own jar (so the baseline differs slightly from the Maven-built class); every run"
              + " checks the output against golden/*.tflite-2.9.out. Loading ="
              + " `Class.forName(name, false, loader)`; linking (mostly bytecode verification) ="
              + " initialization time minus the static initializer's own, which probes split into"
              + " getting the weight bytes and the rest. Medians per column.\n\n");
      return out.toString();
    } finally {
      deleteTree(work);
    }
  }

  /**
   * The byte blob the generated static initializer assembles, obtained by running the class's own
   * part methods (as compiled in benchmarks.jar from the same generated source) on an array of
   * the size the source declares: whatever the encoding, these are the exact bytes it yields.
   */
  static byte[] extractWeights(String source, BenchModel model) throws Exception {
    Matcher size = STATIC_ARRAY.matcher(source);
    if (!size.find()) {
      throw new ShapeException(
          "the generated static initializer no longer starts with `final byte[] p = new byte[N]`");
    }
    byte[] p = new byte[Integer.parseInt(size.group(1))];
    List<String> names = partCalls(source);
    if (names.isEmpty()) {
      throw new ShapeException("no part methods filling `p` in the static initializer");
    }
    Class<?> c = Class.forName(model.className());
    for (String name : names) {
      Method m;
      try {
        m = c.getDeclaredMethod(name, byte[].class);
      } catch (NoSuchMethodException e) {
        throw new ShapeException(
            model.className() + " in benchmarks.jar has no " + name + "(byte[]): stale build?");
      }
      m.setAccessible(true);
      m.invoke(null, (Object) p);
    }
    return p;
  }

  /** Names of the methods the static initializer calls on {@code p}, in order. */
  private static List<String> partCalls(String source) throws ShapeException {
    Matcher size = STATIC_ARRAY.matcher(source);
    if (!size.find()) {
      throw new ShapeException("static initializer not found");
    }
    int blockEnd = source.indexOf("\n  }\n", size.end());
    Matcher c = PART_CALL.matcher(source.substring(size.end(), blockEnd));
    List<String> names = new ArrayList<>();
    while (c.find()) {
      names.add(c.group(1));
    }
    return names;
  }

  /**
   * Adds the timing probes and, for {@code resource}, replaces the part methods that fill the
   * weight blob by reading the resource {@code <name>.weights}.
   */
  static String instrument(String source, boolean resource, String name) throws ShapeException {
    Matcher size = STATIC_ARRAY.matcher(source);
    if (!size.find()) {
      throw new ShapeException("static initializer not found");
    }
    int blockStart = size.start() + 1; // at "  static {"
    int blockEnd = source.indexOf("\n  }\n", size.end());
    String block = source.substring(blockStart, blockEnd);
    List<String> calls = new ArrayList<>();
    List<String> callNames = new ArrayList<>();
    Matcher c = PART_CALL.matcher(block);
    int lastCallEnd = -1;
    while (c.find()) {
      calls.add(c.group());
      callNames.add(c.group(1));
      lastCallEnd = c.end();
    }
    if (calls.isEmpty()) {
      throw new ShapeException("no part methods filling `p` in the static initializer");
    }
    String head = block.substring(0, lastCallEnd);
    String tail = block.substring(lastCallEnd);
    if (resource) {
      for (String call : calls) {
        head = head.replace(call, "");
      }
      head += "    readWeights(p);\n";
    }
    head = head.replaceFirst("  static \\{\n", "  static {\n    final long initT0 = System.nanoTime();\n");
    String newBlock =
        head
            + "    INIT_DECODE_NANOS = System.nanoTime() - initT0;\n"
            + tail
            + "\n    INIT_CLINIT_NANOS = System.nanoTime() - initT0;";
    String fields =
        "  /** Experiment probe: nanoseconds to get the weight bytes. */\n"
            + "  public static long INIT_DECODE_NANOS;\n\n"
            + "  /** Experiment probe: nanoseconds of the whole static initializer. */\n"
            + "  public static long INIT_CLINIT_NANOS;\n\n";
    String result =
        source.substring(0, blockStart) + fields + newBlock + source.substring(blockEnd);
    if (resource) {
      StringBuilder sb = new StringBuilder(result);
      Matcher m = PART_METHOD.matcher(sb);
      int from = 0;
      while (m.find(from)) {
        int end = sb.indexOf("\n  }\n", m.end());
        if (callNames.contains(m.group(1))) {
          sb.delete(m.start(), end + 4);
          m = PART_METHOD.matcher(sb);
          from = 0;
        } else {
          from = end;
        }
      }
      int classEnd = sb.lastIndexOf("}");
      sb.insert(
          classEnd,
          "\n  private static void readWeights(byte[] p) {\n"
              + "    try (java.io.InputStream in = "
              + name
              + ".class.getResourceAsStream(\""
              + name
              + ".weights\")) {\n"
              + "      if (in == null) {\n"
              + "        throw new IllegalStateException(\""
              + name
              + ".weights not found\");\n"
              + "      }\n"
              + "      for (int at = 0, n; at < p.length; at += n) {\n"
              + "        n = in.read(p, at, p.length - at);\n"
              + "        if (n < 0) {\n"
              + "          throw new IllegalStateException(\""
              + name
              + ".weights is truncated\");\n"
              + "        }\n"
              + "      }\n"
              + "    } catch (java.io.IOException e) {\n"
              + "      throw new java.io.UncheckedIOException(e);\n"
              + "    }\n"
              + "  }\n");
      result = sb.toString();
    }
    return result;
  }

  private static void compile(JavaCompiler javac, String source, BenchModel model, Path classes)
      throws IOException, ShapeException {
    Path srcDir = classes.resolveSibling(classes.getFileName() + "-src");
    Path file = srcDir.resolve(model.className().replace('.', '/') + ".java");
    Files.createDirectories(file.getParent());
    Files.createDirectories(classes);
    Files.write(file, source.getBytes(StandardCharsets.UTF_8));
    StringWriter log = new StringWriter();
    Boolean ok =
        javac
            .getTask(
                log,
                null,
                null,
                Arrays.asList(
                    "--release", "8", "-g", "-nowarn", "-Xlint:-options", "-encoding", "UTF-8",
                    "-d", classes.toString()),
                null,
                javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)
                    .getJavaFileObjects(file.toFile()))
            .call();
    if (!Boolean.TRUE.equals(ok)) {
      throw new ShapeException("the rewritten source does not compile:\n" + log);
    }
  }

  private static Map<String, byte[]> classFiles(Path classes) throws IOException {
    Map<String, byte[]> entries = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        entries.put(classes.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return entries;
  }

  private static void writeJar(Path jar, Map<String, byte[]> entries, boolean storeWeights)
      throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        JarEntry entry = new JarEntry(e.getKey());
        if (storeWeights && e.getKey().endsWith(".weights")) {
          CRC32 crc = new CRC32();
          crc.update(e.getValue());
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(e.getValue().length);
          entry.setCompressedSize(e.getValue().length);
          entry.setCrc(crc.getValue());
        }
        out.putNextEntry(entry);
        out.write(e.getValue());
        out.closeEntry();
      }
    }
  }

  private static Path findSource(BenchModel model) {
    String relative =
        "generated-examples/target/generated-sources/tflite2java/"
            + model.className().replace('.', '/')
            + ".java";
    for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve(relative))) {
        return d.resolve(relative);
      }
    }
    return Paths.get(relative);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

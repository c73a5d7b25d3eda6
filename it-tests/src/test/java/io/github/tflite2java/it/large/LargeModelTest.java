package io.github.tflite2java.it.large;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.modelbuilder.SyntheticModels;
import io.github.tflite2java.it.tflite.LiveTfliteC;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Models with tens of MB of random weights (a uint8 FULLY_CONNECTED stack, an int8 per-channel
 * CONV_2D stack), built at test time, compiled the way a user does, through the command line in
 * a child JVM (the weights become a resource beside the class), compiled with javac, run, and
 * compared with TFLite 2.9.0's C library byte for byte. The same FC model and TFLite's output
 * go to {@code target/large-model/} for the Maven plugin sample {@code large-model}, which
 * builds it with the plugin and checks the bytes. And generation with too little heap fails
 * with a message that names the model and what to set.
 */
class LargeModelTest {

  /** Shared with the invoker sample {@code large-model} (see its verify.groovy). */
  static final Path DIR = Path.of("target", "large-model").toAbsolutePath();
  static final int FC_WIDTH = 2048;
  static final int FC_LAYERS = 4;

  @BeforeAll
  static void models() throws IOException {
    Files.createDirectories(DIR);
    Files.write(DIR.resolve("fc-uint8.tflite"),
        SyntheticModels.fcStackUint8(FC_WIDTH, FC_LAYERS, 16));
    Files.write(DIR.resolve("conv-int8.tflite"), SyntheticModels.convStackInt8(4, 384, 6, 17));
  }

  @Test
  void fcUint8StackThroughTheCommandLineMatchesTflite() throws Exception {
    check(DIR.resolve("fc-uint8.tflite"), "large.FcUint8", FC_WIDTH, true);
  }

  @Test
  void convInt8PerChannelStackThroughTheCommandLineMatchesTflite() throws Exception {
    check(DIR.resolve("conv-int8.tflite"), "large.ConvInt8", 4 * 4 * 384, false);
  }

  private static void check(Path model, String className, int inputBytes, boolean forPlugin)
      throws Exception {
    LiveTfliteC.require();
    long modelSize = Files.size(model);
    assertTrue(modelSize > 8_000_000, "the model is large: " + modelSize);
    String simple = className.substring(className.indexOf('.') + 1);
    Path work = DIR.resolve(simple);
    Path src = work.resolve("src");
    Path resources = work.resolve("resources");
    Path classes = work.resolve("classes");
    deleteRecursively(work);
    Result r = cli(List.of(), "--model", model.toString(), "--class", className,
        "--out", src.toString(), "--resources-out", resources.toString());
    assertEquals(0, r.code, r.err);
    Path weights = resources.resolve("large/" + simple + ".weights");
    Path source = src.resolve("large/" + simple + ".java");
    assertTrue(r.out.contains("Wrote " + weights), r.out);
    long weightBytes = Files.size(weights);
    assertTrue(weightBytes > modelSize * 9 / 10, "weights resource " + weightBytes);
    // javac's work does not grow with the weights: they are not in the source.
    assertTrue(Files.size(source) < 200_000, "source " + Files.size(source));

    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(0, javac.run(null, null, null, "--release", "8", "-nowarn", "-d",
        classes.toString(), source.toString()), "javac");

    byte[] input = new byte[inputBytes];
    new Random(5).nextBytes(input);
    byte[] expected;
    try (LiveTfliteC tflite = new LiveTfliteC(model)) {
      expected = tflite.run(input);
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL(),
        resources.toUri().toURL()}, LargeModelTest.class.getClassLoader())) {
      Class<?> c = loader.loadClass(className);
      Object instance = c.getConstructor().newInstance();
      Method raw = c.getMethod("inferRaw", byte[][].class);
      byte[][] out = (byte[][]) raw.invoke(instance, (Object) new byte[][] {input});
      assertArrayEquals(expected, out[0], className + " differs from TFLite 2.9.0");
    }
    // Not saturated: the outputs spread over the range, so the comparison means something.
    assertTrue(distinct(expected) > 64, "distinct output values " + distinct(expected));
    if (forPlugin) {
      Files.write(DIR.resolve("fc-uint8.input"), input);
      Files.write(DIR.resolve("fc-uint8.expected"), expected);
    }
  }

  @Test
  void tooLittleHeapFailsWithAMessageNamingTheModelAndWhatToSet() throws Exception {
    Path model = DIR.resolve("fc-uint8.tflite");
    Path out = DIR.resolve("oom");
    deleteRecursively(out);
    Result r = cli(List.of("-Xmx12m"), "--model", model.toString(), "--class", "large.Oom",
        "--out", out.toString());
    assertEquals(1, r.code, r.out + r.err);
    assertFalse(r.err.contains("internal error"), r.err);
    assertTrue(r.err.contains("out of memory generating the class for " + model), r.err);
    assertTrue(r.err.contains("MB of weights"), r.err);
    assertTrue(r.err.contains("the Java heap ran out"), r.err);
    assertTrue(r.err.contains("java -Xmx"), r.err);
    assertFalse(Files.exists(out.resolve("large/Oom.java")), "no source after a failure");
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static int distinct(byte[] b) {
    boolean[] seen = new boolean[256];
    int n = 0;
    for (byte v : b) {
      if (!seen[v & 0xFF]) {
        seen[v & 0xFF] = true;
        n++;
      }
    }
    return n;
  }

  private record Result(int code, String out, String err) {}

  /** Runs the command line's main class in a child JVM with {@code jvmOptions}. */
  private static Result cli(List<String> jvmOptions, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.github.tflite2java.cli.Main");
    command.addAll(List.of(args));
    File stdout = Files.createTempFile("cli", ".out").toFile();
    File stderr = Files.createTempFile("cli", ".err").toFile();
    try {
      Process p = new ProcessBuilder(command).redirectOutput(stdout).redirectError(stderr)
          .start();
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the command line did not finish");
      return new Result(p.exitValue(),
          Files.readString(stdout.toPath(), StandardCharsets.UTF_8),
          Files.readString(stderr.toPath(), StandardCharsets.UTF_8));
    } finally {
      stdout.delete();
      stderr.delete();
    }
  }
}

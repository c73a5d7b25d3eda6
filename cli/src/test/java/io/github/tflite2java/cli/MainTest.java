package io.github.tflite2java.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import io.github.tflite2java.compiler.testing.SharedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  private static final String MODEL = "mobilenet_v1_0.25_128_quant.tflite";

  @TempDir Path dir;

  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  private Path corruptModel() throws Exception {
    byte[] garbage = new byte[4096];
    new Random(42).nextBytes(garbage);
    return Files.write(dir.resolve("corrupt.tflite"), garbage);
  }

  @Test
  void helpPrintsUsageToStdout() {
    assertEquals(0, run("--help"));
    assertTrue(out().startsWith("Usage: "), out());
    assertTrue(out().contains("--model FILE"));
    assertTrue(out().contains("Exit status"));
    assertEquals("", err());
  }

  @Test
  void shortHelpWinsOverOtherArguments() {
    assertEquals(0, run("--model", "x", "-h"));
    assertTrue(out().startsWith("Usage: "));
  }

  @Test
  void versionPrintsProgramAndVersion() {
    assertEquals(0, run("--version"));
    assertTrue(out().matches("tflite2java \\S.*\\R"), out());
  }

  @Test
  void noArgumentsIsAUsageError() {
    assertEquals(2, run());
    assertTrue(err().contains("Usage: "), err());
    assertEquals("", out());
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertEquals(2, run("--model", "m.tflite", "--class", "a.B", "--out", "o", "--fast"));
    assertTrue(err().startsWith("tflite2java: unknown option --fast"), err());
  }

  @Test
  void positionalArgumentIsAUsageError() {
    assertEquals(2, run("m.tflite"));
    assertTrue(err().contains("unexpected argument 'm.tflite'"), err());
  }

  @Test
  void optionWithoutValueIsAUsageError() {
    assertEquals(2, run("--class", "a.B", "--out", "o", "--model"));
    assertTrue(err().contains("option --model needs a value"), err());
  }

  @Test
  void emptyValueIsAUsageError() {
    assertEquals(2, run("--model=", "--class", "a.B", "--out", "o"));
    assertTrue(err().contains("option --model needs a non-empty value"), err());
  }

  @Test
  void repeatedOptionIsAUsageError() {
    assertEquals(2, run("--model", "a", "--model=b", "--class", "a.B", "--out", "o"));
    assertTrue(err().contains("option --model given more than once"), err());
  }

  @Test
  void missingRequiredOptionIsAUsageError() {
    assertEquals(2, run("--model", "m.tflite", "--class", "a.B"));
    assertTrue(err().contains("missing required option --out"), err());
  }

  @Test
  void invalidClassNameIsAUsageError() {
    assertEquals(2, run("--model", "m.tflite", "--class", "com.example.1Model", "--out", "o"));
    assertTrue(err().contains("'com.example.1Model' is not a valid fully qualified Java class"),
        err());
  }

  @Test
  void classNameThatWouldEscapeTheOutputDirectoryIsAUsageError() {
    assertEquals(2, run("--model", "m.tflite", "--class", "../../Evil", "--out", "o"));
    assertTrue(err().contains("not a valid fully qualified Java class"), err());
  }

  @Test
  void unsupportedTfliteVersionIsAUsageError() {
    assertEquals(2, run("--model", "m.tflite", "--class", "a.B", "--out", "o",
        "--tflite-version", "1.15"));
    assertTrue(err().contains("unsupported tfliteVersion '1.15'"), err());
  }

  @Test
  void missingModelFileIsAUsageErrorNamingTheFile() {
    Path missing = dir.resolve("missing.tflite");
    assertEquals(2, run("--model", missing.toString(), "--class", "a.B", "--out",
        dir.resolve("out").toString()));
    assertTrue(err().startsWith("tflite2java: " + missing + ": model file not found"), err());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void directoryAsModelIsAUsageError() {
    assertEquals(2, run("--model=" + dir, "--class=a.B", "--out=" + dir.resolve("out")));
    assertTrue(err().contains(dir + ": model file is not a regular file"), err());
  }

  @Test
  void corruptModelExitsWithOneAndNamesTheFileWithoutStackTrace() throws Exception {
    Path corrupt = corruptModel();
    Path out = dir.resolve("out");

    assertEquals(1, run("--model", corrupt.toString(), "--class", "com.example.Corrupt",
        "--out", out.toString()), err());

    assertTrue(err().startsWith("tflite2java: " + corrupt), err());
    assertFalse(err().contains("\tat "), "no stack trace: " + err());
    assertFalse(err().contains("Exception"), err());
    assertFalse(Files.exists(out.resolve("com/example/Corrupt.java")), "no source written");
  }

  @Test
  void compilesARealModelAndLeavesAnUnchangedFileAlone() throws Exception {
    Path model = SharedFiles.model(MODEL);
    Path out = dir.resolve("out");
    String[] args = {"--model", model.toString(), "--class", "com.example.Tiny", "--out",
        out.toString()};

    assertEquals(0, run(args), err());

    Path file = out.resolve("com/example/Tiny.java");
    assertTrue(Files.readString(file).contains("public final class Tiny"));
    assertTrue(out().startsWith("com.example.Tiny <- "), out());
    assertTrue(out().contains("Wrote " + file.toAbsolutePath()), out());
    assertEquals("", err());

    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(file, old);
    outBytes.reset();
    assertEquals(0, run(args), err());
    assertEquals("com.example.Tiny is up to date: " + file.toAbsolutePath() + "\n",
        out().replace("\r", ""));
    assertEquals(old, Files.getLastModifiedTime(file), "an up-to-date model is not compiled");

    // Without the state the model is compiled again, and the identical source left alone.
    Files.delete(out.resolve(".tflite2java/com.example.Tiny.state"));
    outBytes.reset();
    assertEquals(0, run(args), err());
    assertTrue(out().contains("Unchanged " + file.toAbsolutePath()), out());
    assertEquals(old, Files.getLastModifiedTime(file), "identical source must not be rewritten");
  }

  @Test
  void vectorKernelsWriteTheVectorClassBesideTheOutputDirectory() throws Exception {
    Path model = SharedFiles.model(MODEL);
    Path out = dir.resolve("out");
    assertEquals(0, run("--model", model.toString(), "--class", "com.example.Tiny", "--out",
        out.toString(), "--kernels", "vector"), err());
    Path vector = dir.resolve("out-vector/com/example/TinyVector.java");
    assertTrue(Files.readString(vector).contains("jdk.incubator.vector.IntVector"));
    assertTrue(Files.readString(out.resolve("com/example/Tiny.java"))
        .contains("public static String kernels()"));
    assertTrue(out().contains("Vector class " + vector.toAbsolutePath()), out());
    assertTrue(!Files.exists(out.resolve("com/example/TinyVector.java")),
        "the vector class stays out of the Java 8 source root");
  }

  @Test
  void unknownKernelsIsAUsageError() {
    assertEquals(2, run("--model", "m.tflite", "--class", "a.B", "--out", "o", "--kernels",
        "simd"));
    assertTrue(err().contains("option --kernels: kernels must be scalar or vector, not 'simd'"),
        err());
  }

  @Test
  void tfliteVersionOptionReachesTheCompiler() throws Exception {
    Path model = SharedFiles.model(MODEL);
    Path out26 = dir.resolve("out26");
    Path out29 = dir.resolve("out29");

    assertEquals(0, run("--model", model.toString(), "--class", "com.example.Tiny", "--out",
        out26.toString(), "--tflite-version=2.6.2"), err());
    assertEquals(0, run("--model", model.toString(), "--class", "com.example.Tiny", "--out",
        out29.toString()), err());

    String v26 = Files.readString(out26.resolve("com/example/Tiny.java"));
    String v29 = Files.readString(out29.resolve("com/example/Tiny.java"));
    assertFalse(v26.equals(v29), "2.6 and 2.9 round convolutions differently");
  }

  @Test
  void unwritableOutputDirectoryExitsWithOne() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");

    assertEquals(1, run("--model", SharedFiles.model(MODEL).toString(), "--class",
        "com.example.Tiny", "--out", notADirectory.toString()));

    assertTrue(err().startsWith("tflite2java: I/O error: "), err());
    assertFalse(err().contains("\tat "), err());
  }

  @Test
  void limitOptionsAreAppliedAndNamedInTheError() throws Exception {
    Path model = io.github.tflite2java.compiler.testing.SharedFiles.model(MODEL);
    assertEquals(1, run("--model", model.toString(), "--class", "com.example.Small", "--out",
        dir.toString(), "--max-tensor-elements=1k"));
    assertTrue(err().contains("over the limit maxTensorElements = 1024"), err());
    assertTrue(err().contains("command line: --max-tensor-elements N"), err());
    assertFalse(Files.exists(dir.resolve("com/example/Small.java")));
  }

  @Test
  void generousLimitOptionsCompile() throws Exception {
    Path model = io.github.tflite2java.compiler.testing.SharedFiles.model(MODEL);
    assertEquals(0, run("--model", model.toString(), "--class", "com.example.Small", "--out",
        dir.toString(), "--max-tensor-elements", "1g", "--max-weight-bytes", "1g",
        "--max-arena-bytes", "1g", "--max-source-bytes", "2g"), err());
    assertTrue(Files.isRegularFile(dir.resolve("com/example/Small.java")));
  }

  @Test
  void invalidLimitValuesAreUsageErrors() {
    assertEquals(2, run("--model", "m.tflite", "--class", "a.B", "--out", "o",
        "--max-arena-bytes", "lots"));
    assertTrue(err().startsWith("tflite2java: option --max-arena-bytes: 'lots' is not a size"),
        err());
    assertEquals(2, run("--model", "m.tflite", "--class", "a.B", "--out", "o",
        "--max-source-bytes=0"));
  }

  @Test
  void helpListsTheLimitOptions() {
    assertEquals(0, run("--help"));
    assertTrue(out().contains("--max-tensor-elements N"), out());
  }

  @Test
  void classNamesWithIgnorableCharactersAreUsageErrors() {
    // Legal in Java identifiers, but not in file names (NUL) or invisible (zero-width space).
    for (String name : new String[] {"com.example.Evil\u0000", "com.exa\u200bmple.Evil"}) {
      assertEquals(2, run("--model", "m.tflite", "--class", name, "--out", "o"), name);
      assertTrue(err().contains("is not a valid fully qualified Java class name"), err());
    }
  }

  @Test
  void javaPackagesAndKeywordsAreUsageErrorsWithTheReason() {
    assertEquals(2, run("--model", "m.tflite", "--class", "java.lang.Model", "--out", "o"));
    assertTrue(err().contains("package java.lang belongs to the Java platform"), err());
    errBytes.reset();
    assertEquals(2, run("--model", "m.tflite", "--class", "com.int.Model", "--out", "o"));
    assertTrue(err().contains("'int' is a Java keyword"), err());
  }

  @Test
  void labelsImageHelpersAndReportLikeThePlugin() throws Exception {
    Path model = SharedFiles.model(MODEL);
    Path labels = dir.resolve("labels.txt");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 1001; i++) {
      sb.append("class ").append(i).append('\n');
    }
    Files.writeString(labels, sb);
    Path out = dir.resolve("out");
    Path reports = dir.resolve("reports");

    assertEquals(0, run("--model", model.toString(), "--class", "com.example.Tiny", "--out",
        out.toString(), "--labels", labels.toString(), "--image-helpers", "--report",
        reports.toString()), err());

    String source = Files.readString(out.resolve("com/example/Tiny.java"));
    assertTrue(source.contains("LABELS"), "labels reach the class");
    assertTrue(source.contains("topK("), "topK generated");
    assertTrue(source.contains("inputFromArgb("), "image helpers generated");
    Path html = reports.resolve("com.example.Tiny/report.html");
    assertTrue(Files.readString(html).contains("<table id=\"layers\">"));
    assertTrue(Files.readString(reports.resolve("com.example.Tiny/report.json"))
        .contains("\"className\": \"com.example.Tiny\""));
    assertTrue(out().contains("Report " + html.toAbsolutePath()), out());
  }

  @Test
  void modelsOfOnePackageWithImageHelpersShareOneResizer() throws Exception {
    Path model = SharedFiles.model(MODEL);
    Path out = dir.resolve("out");
    Path resizer = out.resolve("com/example/Tflite2javaImageResizer.java").toAbsolutePath();

    assertEquals(0, run("--model", model.toString(), "--class", "com.example.Tiny", "--out",
        out.toString(), "--image-helpers"), err());
    assertTrue(out().contains("Wrote " + resizer), out());
    outBytes.reset();
    assertEquals(0, run("--model", model.toString(), "--class", "com.example.Tiny2", "--out",
        out.toString(), "--image-helpers"), err());
    assertTrue(out().contains("Unchanged " + resizer), out());

    try (java.util.stream.Stream<Path> files = Files.list(resizer.getParent())) {
      // The model's weights (over 256 KB) are resources beside the classes (--weights auto).
      assertEquals(java.util.List.of("Tflite2javaImageResizer.java", "Tiny.java", "Tiny.weights",
          "Tiny2.java", "Tiny2.weights"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    java.util.Map<String, String> sources = new java.util.LinkedHashMap<>();
    for (String name : java.util.List.of("Tiny", "Tiny2", "Tflite2javaImageResizer")) {
      String source = Files.readString(resizer.resolveSibling(name + ".java"));
      assertFalse(source.contains("class ImageResizer"), name);
      sources.put("com.example." + name, source);
    }
    // The three files compile together, and both classes resize through the one resizer.
    io.github.tflite2java.compiler.testing.InMemoryJavac.Outcome compiled =
        io.github.tflite2java.compiler.testing.InMemoryJavac.tryCompile(sources,
            java.util.List.of(), 20_000);
    assertEquals(null, compiled.error());
    for (String name : java.util.List.of("Tiny", "Tiny2")) {
      compiled.compiled().withResource("com/example/" + name + ".weights",
          Files.readAllBytes(resizer.resolveSibling(name + ".weights")));
    }
    int[] argb = new int[50 * 40];
    for (int i = 0; i < argb.length; i++) {
      argb[i] = 0xFF000000 | (i * 40503) & 0xFFFFFF;
    }
    byte[] expected = io.github.tflite2java.runtime.ImageResizer.resizeArgb(argb, 50, 40, 128,
        128);
    for (String name : java.util.List.of("com.example.Tiny", "com.example.Tiny2")) {
      assertArrayEquals(expected, (byte[]) compiled.compiled().load(name)
          .getMethod("inputFromArgb", int[].class, int.class, int.class)
          .invoke(null, argb, 50, 40), name);
    }

    // Tiny drops the helpers: Tiny2 (its own state beside Tiny's) still needs the resizer.
    outBytes.reset();
    assertEquals(0, run("--model", model.toString(), "--class", "com.example.Tiny", "--out",
        out.toString()), err());
    assertFalse(out().contains("Deleted"), out());
    assertTrue(Files.isRegularFile(resizer));
    // Tiny2 drops them too: the resizer goes.
    outBytes.reset();
    assertEquals(0, run("--model", model.toString(), "--class", "com.example.Tiny2", "--out",
        out.toString()), err());
    assertTrue(out().contains("Deleted " + resizer), out());
    assertFalse(Files.exists(resizer));
  }

  @Test
  void missingLabelsFileIsAUsageError() throws Exception {
    Path model = SharedFiles.model(MODEL);
    Path labels = dir.resolve("nope.txt");
    assertEquals(2, run("--model", model.toString(), "--class", "com.example.Tiny", "--out",
        dir.resolve("out").toString(), "--labels", labels.toString()));
    assertTrue(err().startsWith("tflite2java: " + model + ": labels file not found: " + labels),
        err());
  }

  @Test
  void sha256IsVerified() throws Exception {
    Path model = SharedFiles.model(MODEL);
    String actual = "3799e7cdb3ec44beacaf47ef5c884111c919e51bb50b34ac836244b08d4b953b";
    Path out = dir.resolve("out");

    assertEquals(1, run("--model", model.toString(), "--class", "com.example.Tiny", "--out",
        out.toString(), "--sha256", "0".repeat(64)));
    assertEquals("tflite2java: " + model + ": checksum mismatch: expected sha256 "
        + "0".repeat(64) + ", actual " + actual + "\n", err().replace("\r", ""));
    assertFalse(Files.exists(out.resolve("com/example/Tiny.java")));

    errBytes.reset();
    assertEquals(0, run("--model", model.toString(), "--class", "com.example.Tiny", "--out",
        out.toString(), "--sha256", actual.toUpperCase()), err());
    assertTrue(Files.isRegularFile(out.resolve("com/example/Tiny.java")));

    assertEquals(2, run("--model", model.toString(), "--class", "com.example.Tiny", "--out",
        out.toString(), "--sha256", "abc"));
    assertTrue(err().contains("--sha256 'abc' is not a SHA-256"), err());
  }

  @Test
  void changedOptionsAreNotUpToDate() throws Exception {
    Path model = SharedFiles.model(MODEL);
    Path out = dir.resolve("out");
    String[] args = {"--model", model.toString(), "--class", "com.example.Tiny", "--out",
        out.toString()};
    assertEquals(0, run(args), err());
    outBytes.reset();

    assertEquals(0, run(args[0], args[1], args[2], args[3], args[4], args[5],
        "--row-kernel-channels", "0"), err());

    assertTrue(out().startsWith("com.example.Tiny <- "), "compiled again: " + out());
    assertTrue(Files.readString(out.resolve("com/example/Tiny.java"))
        .contains("rowKernelChannels=0"), "the tuning is named in the generated header");
  }

  @Test
  void invalidRowKernelChannelsIsAUsageError() {
    assertEquals(2, run("--model", "m.tflite", "--class", "a.B", "--out", "o",
        "--row-kernel-channels", "-1"));
    assertTrue(err().contains("option --row-kernel-channels: '-1' is not a whole number"), err());
  }

  @Test
  void batchCompilesADynamicBatchModelForNAndRefusesAFixedOne() throws Exception {
    Path model = SharedFiles.model("real/hello_world_int8.tflite");
    Path out = dir.resolve("out");
    assertEquals(0, run("--model", model.toString(), "--class", "com.example.Sine", "--out",
        out.toString(), "--batch", "4"), err());
    assertTrue(out().contains("dynamic batch, compiled for batch 4"), out());
    String source = Files.readString(out.resolve("com/example/Sine.java"));
    assertTrue(source.contains("batch=4"), "the batch is in the generated header");
    assertTrue(source.contains("public static final int INPUT_SIZE = 4;"), "4 x [1]");
    assertTrue(source.contains("this class is compiled for batch 4"), "class Javadoc");

    assertEquals(1, run("--model", SharedFiles.model(MODEL).toString(), "--class",
        "com.example.Tiny", "--out", out.toString(), "--batch", "2"));
    assertTrue(err().contains("the compile option batch=2 needs a model with a dynamic batch"),
        err());
  }

  @Test
  void invalidBatchIsAUsageError() {
    assertEquals(2, run("--model", "m.tflite", "--class", "a.B", "--out", "o", "--batch", "0"));
    assertTrue(err().contains("option --batch: '0' is not a whole number of 1 or more"), err());
  }
}

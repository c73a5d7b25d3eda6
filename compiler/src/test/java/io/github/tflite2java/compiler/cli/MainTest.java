package io.github.tflite2java.compiler.cli;

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
    assertTrue(err().contains("model file not found: " + missing), err());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void directoryAsModelIsAUsageError() {
    assertEquals(2, run("--model=" + dir, "--class=a.B", "--out=" + dir.resolve("out")));
    assertTrue(err().contains("model is not a regular file: " + dir), err());
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
    assertFalse(Files.exists(out), "nothing written");
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
    assertTrue(out().contains("Wrote " + file), out());
    assertEquals("", err());

    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(file, old);
    outBytes.reset();
    assertEquals(0, run(args), err());
    assertTrue(out().contains("Unchanged " + file), out());
    assertEquals(old, Files.getLastModifiedTime(file), "identical source must not be rewritten");
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
}

package io.github.tflite2java.it.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.testing.Oracles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code mvn -B -q -DskipTests package && java -jar
 * ...-classify.jar}, printed stray {@code ESC[0m} in a plain terminal. They came from Maven
 * 3.8's jansi, which writes a colour reset to stdout and stderr on exit even in batch mode;
 * {@code .mvn/jvm.config} turns that off ({@code -Djansi.noreset=true}). Both halves run here
 * with their output going to a file, not a terminal, and must print no escape character.
 */
class PlainTerminalOutputTest {

  private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void classifyJarPrintsNoEscapeCodes() throws Exception {
    Path jar = classifyJar();
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> out = run(ROOT, List.of(java, "-jar", jar.toString()));

    assertTrue(out.get(0).startsWith("653 military uniform "), String.join("\n", out));
  }

  @Test
  void mavenQuietBatchBuildOfThisProjectPrintsNoEscapeCodes() throws Exception {
    String home = System.getProperty("tflite2java.mavenHome", "");
    Path mvn = home.isEmpty() ? null : Paths.get(home, "bin", "mvn");
    Oracles.require(mvn != null && Files.isExecutable(mvn), "Maven (bin/mvn) not found from"
        + " -Dtflite2java.mavenHome='" + home + "'", "run this test through Maven (the it-tests"
        + " POM passes ${maven.home})");
    List<String> out = run(ROOT, List.of(mvn.toString(), "-B", "-q", "-N", "validate"));

    assertEquals(List.of(), out, "a quiet build that succeeds prints nothing");
  }

  private static Path classifyJar() throws IOException {
    Path target = ROOT.resolve("generated-examples/target");
    Path found = null;
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "*-classify.jar")) {
        for (Path p : jars) {
          found = p;
        }
      }
    }
    Oracles.require(found != null, "the Classify jar is not in " + target, "build it with mvn"
        + " package (or verify); mvn test does not make it");
    return found;
  }

  /** Runs a command with stdout and stderr going to files; returns stdout's lines. */
  private List<String> run(Path dir, List<String> command) throws Exception {
    Path stdout = tmp.resolve("stdout.txt");
    Path stderr = tmp.resolve("stderr.txt");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    pb.environment().remove("MAVEN_OPTS");
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("did not finish in 5 minutes: " + command);
    }
    String out = Files.readString(stdout, StandardCharsets.UTF_8);
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), command + " failed:\n" + out + err);
    assertFalse(out.indexOf('\u001b') >= 0, "ESC in stdout of " + command + ": "
        + out.replace("\u001b", "<ESC>"));
    assertFalse(err.indexOf('\u001b') >= 0, "ESC in stderr of " + command + ": "
        + err.replace("\u001b", "<ESC>"));
    List<String> lines = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isEmpty()) {
        lines.add(line);
      }
    }
    return lines;
  }
}

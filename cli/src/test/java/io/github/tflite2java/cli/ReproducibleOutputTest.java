package io.github.tflite2java.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.testing.SharedFiles;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same model and options give byte-identical source on every run and machine: the model at
 * two different absolute paths, compiled in this JVM and by the command line in two other JVMs
 * with different working directories, locales, time zones and identity hash codes. The output
 * holds no timestamp and no absolute path.
 */
class ReproducibleOutputTest {

  private static final String MODEL = "mobilenet_v1_0.25_128_quant.tflite";
  private static final String CLASS = "repro.gen.Small";

  @TempDir Path dir;

  @Test
  void sameSourceFromDifferentPathsDirectoriesAndJvms() throws Exception {
    byte[] model = Files.readAllBytes(SharedFiles.model(MODEL));
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b").resolve("deeper").resolve("still"));
    Path modelA = Files.write(Files.createDirectories(a.resolve("models")).resolve(MODEL),
        model);
    Path modelB = Files.write(Files.createDirectories(b.resolve("x y")).resolve(MODEL), model);

    String inProcessA = Tflite2JavaCompiler.compile(new CompileRequest(modelA, CLASS)).source();
    String inProcessB = Tflite2JavaCompiler.compile(new CompileRequest(modelB, CLASS)).source();
    assertEquals(inProcessA, inProcessB, "in-process compiles of the model at two paths");

    byte[] cliA = cli(a, "models/" + MODEL, "out", List.of("-Duser.language=en",
        "-Duser.country=US", "-Duser.timezone=UTC"));
    byte[] cliB = cli(b, "x y/" + MODEL, "gen", List.of("-Duser.language=ar",
        "-Duser.country=SA", "-Duser.timezone=Asia/Kathmandu",
        "-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=2"));
    byte[] expected = inProcessA.getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(expected, cliA, "CLI in " + a);
    assertArrayEquals(expected, cliB, "CLI in " + b + " (other locale, zone, hash codes)");

    for (Path p : List.of(dir, a, b, modelA, modelB)) {
      assertFalse(inProcessA.contains(p.toString()), "the source names " + p);
    }
    assertFalse(inProcessA.contains(System.getProperty("user.dir")), "the source names cwd");
    for (String line : inProcessA.split("\n")) {
      String t = line.trim();
      if (t.startsWith("//") || t.startsWith("*") || t.startsWith("/*")) {
        assertFalse(t.contains(Integer.toString(Year.now().getValue())),
            "a comment holds this year (a timestamp?): " + t);
      }
    }
  }

  /** Runs the command line in {@code workDir} with relative paths; returns the written file. */
  private static byte[] cli(Path workDir, String model, String out, List<String> jvmOptions)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.github.tflite2java.cli.Main");
    command.addAll(List.of("--model", model, "--class", CLASS, "--out", out));
    Path log = workDir.resolve("cli.log");
    Process p = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("CLI did not finish in " + workDir);
    }
    assertEquals(0, p.exitValue(), Files.readString(log));
    return Files.readAllBytes(workDir.resolve(out).resolve(
        CLASS.replace('.', File.separatorChar) + ".java"));
  }
}

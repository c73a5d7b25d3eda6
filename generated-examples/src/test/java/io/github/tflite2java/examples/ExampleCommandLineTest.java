package io.github.tflite2java.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line frame Detect, Segment and Pose share (ExampleSupport.run): help, usage
 * errors, the order of the checks, and image errors, exactly as each program prints them. None
 * of these cases loads a model.
 */
class ExampleCommandLineTest {

  /** Status, standard output and standard error of one run, compared as one string. */
  private static String result(int status, String out, String err) {
    return "status " + status + "\n--- out\n" + out + "--- err\n" + err;
  }

  private static String run(ExampleSupport.Runner program, String... args) {
    ProgramRun run = ProgramRun.of(program, args);
    return result(run.status, text(run.out), text(run.err));
  }

  private static String text(String printed) {
    return printed.replace("\r\n", "\n");
  }

  @Test
  void helpPrintsTheUsageEvenAfterABadValue() {
    assertEquals(result(0, Detect.USAGE + "\n", ""),
        run(Detect::run, "--min-score", "high", "--help"));
    assertEquals(result(0, Segment.USAGE + "\n", ""), run(Segment::run, "-h"));
    assertEquals(result(0, Pose.USAGE + "\n", ""), run(Pose::run, "--out=x.png", "--help"));
  }

  @Test
  void commandLineErrorsPrintTheUsage() {
    assertEquals(result(1, "", "error: unknown option --min-score\n" + Pose.USAGE + "\n"),
        run(Pose::run, "--min-score", "0.3"));
    assertEquals(result(1, "", "error: --out needs a value\n" + Segment.USAGE + "\n"),
        run(Segment::run, "--out"));
    assertEquals(result(1, "", "error: only one image can be given, got a.bmp and b.bmp\n"
        + Detect.USAGE + "\n"), run(Detect::run, "a.bmp", "b.bmp"));
  }

  @Test
  void aBadOptionValueIsReportedBeforeTheImageIsRead(@TempDir Path dir) {
    String missing = dir.resolve("missing.bmp").toString();
    assertEquals(result(1, "", "error: --min-score needs a number, not high\n"
        + Detect.USAGE + "\n"), run(Detect::run, "--min-score=high", missing));
    assertEquals(result(1, "", "error: image not found: " + missing + "\n"),
        run(Detect::run, "--min-score=0.3", missing));
  }

  @Test
  void imageErrorsNameTheFileWithoutTheUsage(@TempDir Path dir) throws Exception {
    Path notImage = dir.resolve("notes.bmp");
    java.nio.file.Files.write(notImage, "not an image".getBytes(StandardCharsets.UTF_8));
    for (ExampleSupport.Runner program : new ExampleSupport.Runner[] {
        Detect::run, Segment::run, Pose::run}) {
      assertEquals(result(1, "", "error: cannot decode image " + notImage
          + ": not a BMP, JPEG, PNG or other ImageIO format\n"),
          run(program, notImage.toString()));
      assertEquals(result(1, "", "error: not a file: " + dir + "\n"),
          run(program, dir.toString()));
    }
  }
}

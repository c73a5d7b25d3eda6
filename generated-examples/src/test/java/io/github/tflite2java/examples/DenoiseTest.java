package io.github.tflite2java.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * {@link Denoise} streams frames through one stateful instance: its printed results for the
 * golden {@code sequence/} frames equal TFLite 2.9.0's outputs of one interpreter invoked on
 * them in order (mean mask and CRC-32 of each step's output bytes).
 */
class DenoiseTest {

  private static Path sequence() {
    Path dir =
        Classify.findShared(
            Paths.get(""),
            System.getProperty(Classify.SHARED_PROPERTY),
            "golden/real/dtln_noise_suppression/sequence");
    assertTrue(Files.isDirectory(dir), "golden sequence folder not found: " + dir);
    return dir;
  }

  @Test
  void printsTflitesOutputForEachStreamedFrame() throws Exception {
    Path dir = sequence();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Denoise.run(
            new String[] {"--frames", dir.toString()},
            new PrintStream(out, true, "UTF-8"),
            new PrintStream(err, true, "UTF-8"));
    assertEquals(0, status, err.toString("UTF-8"));
    List<String> expected = new ArrayList<>();
    for (int k = 1; Files.isRegularFile(dir.resolve("step_" + k + ".in")); k++) {
      byte[] golden = Files.readAllBytes(dir.resolve("step_" + k + ".tflite-2.9.out"));
      CRC32 crc = new CRC32();
      crc.update(golden);
      expected.add(
          String.format(
              Locale.ROOT,
              "step %d: mean mask %.6f, crc32 %08x",
              k,
              Denoise.meanMask(golden),
              crc.getValue()));
    }
    assertEquals(4, expected.size());
    assertEquals(
        expected,
        Arrays.asList(new String(out.toByteArray(), StandardCharsets.UTF_8).split("\n")));
  }

  @Test
  void theStateCarriesFromOneFrameToTheNext() throws Exception {
    // Step 3 on a fresh instance differs from step 3 after steps 1 and 2 (golden README).
    Path dir = sequence();
    byte[] step3 = Files.readAllBytes(dir.resolve("step_3.in"));
    byte[] fresh = DtlnNoiseSuppression.infer(step3);
    assertNotEquals(
        Arrays.toString(Files.readAllBytes(dir.resolve("step_3.tflite-2.9.out"))),
        Arrays.toString(fresh));
  }

  @Test
  void streamsAGeneratedSignal() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        Denoise.run(
            new String[] {"--seconds", "0.1"},
            new PrintStream(out, true, "UTF-8"),
            new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));
    assertEquals(0, status);
    String[] lines = new String(out.toByteArray(), StandardCharsets.UTF_8).split("\n");
    // 1600 samples: blocks of 512 every 128 -> 9 frames, then the summary.
    assertEquals(10, lines.length, String.join("\n", lines));
    assertTrue(lines[0].startsWith("frame   0 (   0.0 ms): in "), lines[0]);
    assertTrue(lines[9].startsWith("9 frames of 512 samples every 128"), lines[9]);
  }

  @Test
  void badArgumentsAreAUsageError() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Denoise.run(
            new String[] {"--bogus"},
            new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"),
            new PrintStream(err, true, "UTF-8"));
    assertEquals(1, status);
    assertTrue(err.toString("UTF-8").contains("unknown argument --bogus"));
  }
}

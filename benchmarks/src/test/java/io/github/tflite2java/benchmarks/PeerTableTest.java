package io.github.tflite2java.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerTableTest {

  private static final String HEADER = "java\tmodel\truntime\tscore\terror\tunit\toutput\n";

  @Test
  void joinsRunsPerJdkWithGeneratedOverRuntimeRatios(@TempDir Path dir) throws IOException {
    Path jdk17 = dir.resolve("17.tsv");
    Files.write(
        jdk17,
        (HEADER
                + "17.0.15\tm1\tgenerated\t20.0\t0.5\tms/op\tbit-exact\n"
                + "17.0.15\tm1\txnnpack221\t40.0\t1.0\tms/op\tdiffers: 1 of 1001 bytes, max abs diff 1\n"
                + "17.0.15\tm1\ttflite290C\t25.0\t1.0\tms/op\tbit-exact\n")
            .getBytes(StandardCharsets.UTF_8));
    Path jdk25 = dir.resolve("25.tsv");
    Files.write(
        jdk25,
        (HEADER
                + "25.0.3\tm1\tgenerated\t30.0\t0.5\tms/op\tbit-exact\n"
                + "25.0.3\tm1\txnnpack221\t20.0\t1.0\tms/op\tdiffers: 1 of 1001 bytes, max abs diff 1\n")
            .getBytes(StandardCharsets.UTF_8));

    String table = PeerTable.table(Arrays.asList(PeerTable.read(jdk17), PeerTable.read(jdk25)));
    List<String> lines = Arrays.asList(table.split("\n"));

    assertTrue(lines.get(0).contains("| JDK 17.0.15 | generated / runtime | JDK 25.0.3 |"), table);
    assertEquals(5, lines.size(), table); // header, rule, generated, XNNPACK, C (runtimes' order)
    assertTrue(lines.get(2).contains("tflite2java generated"), table);
    assertEquals(
        "| m1 | TFLite 2.21 + XNNPACK (JavaCPP) | 40.00 ± 1.00 ms/op | **0.50** |"
            + " 20.00 ± 1.00 ms/op | **1.50** | differs: 1 of 1001 bytes, max abs diff 1 |",
        lines.get(3));
    // A runtime measured on one JDK only leaves the other JDK's cells empty.
    assertEquals(
        "| m1 | TFLite 2.9.0 C (JNA) | 25.00 ± 1.00 ms/op | **0.80** | | | bit-exact |",
        lines.get(4));
  }
}

package io.github.tflite2java.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealTableTest {

  private static final String HEADER = "java\tmodel\truntime\tscore\terror\tunit\toutput\n";

  @Test
  void oneRowPerModelAndJdkWithGeneratedOverCAndTheLoad(@TempDir Path dir) throws IOException {
    Path jdk17 = dir.resolve("17.tsv");
    Files.write(
        jdk17,
        (HEADER
                + "17.0.15\tssd_mobilenet_v2_coco_quant_postprocess\tgenerated\t300.0\t5.0\tms/op\tbit-exact\n"
                + "17.0.15\tssd_mobilenet_v2_coco_quant_postprocess\ttflite290C\t400.0\t4.0\tms/op\tbit-exact\n"
                + "17.0.15\tmicro_speech_lstm\tgenerated\t3.0\t0.1\tms/op\tbit-exact\n"
                + "17.0.15\tmicro_speech_lstm\ttflite290C\t2.0\t0.1\tms/op\tbit-exact\n")
            .getBytes(StandardCharsets.UTF_8));
    Path jdk25 = dir.resolve("25.tsv");
    Files.write(
        jdk25,
        (HEADER + "25.0.3\tmicro_speech_lstm\tgenerated\t2.5\t0.1\tms/op\tbit-exact\n")
            .getBytes(StandardCharsets.UTF_8));

    String table =
        RealTable.table(
            Arrays.asList(
                new RealTable.Run(PeerTable.read(jdk17), "0.5 0.4 0.3 / 1.1 0.6 0.3"),
                new RealTable.Run(PeerTable.read(jdk25), "1.0 0.9 0.8 / 1.2 1.0 0.8")));
    List<String> lines = Arrays.asList(table.split("\n"));

    assertEquals(5, lines.size(), table); // header, rule, 2 x micro_speech_lstm, SSD
    // Rows follow RealModel's order (micro_speech_lstm before SSD), JDKs in run order.
    assertEquals(
        "| micro_speech_lstm | 17.0.15 | 3.000 ± 0.100 | 2.000 ± 0.100 | **1.50** |"
            + " 0.5 0.4 0.3 / 1.1 0.6 0.3 | bit-exact; bit-exact |",
        lines.get(2));
    assertEquals(
        "| micro_speech_lstm | 25.0.3 | 2.500 ± 0.100 |  |  | 1.0 0.9 0.8 / 1.2 1.0 0.8 |"
            + " bit-exact; not run |",
        lines.get(3));
    assertEquals(
        "| ssd_mobilenet_v2_coco_quant_postprocess | 17.0.15 | 300.000 ± 5.000 |"
            + " 400.000 ± 4.000 | **0.75** | 0.5 0.4 0.3 / 1.1 0.6 0.3 | bit-exact; bit-exact |",
        lines.get(4));
  }
}

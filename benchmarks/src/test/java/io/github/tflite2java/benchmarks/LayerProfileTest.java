package io.github.tflite2java.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.report.LayerReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LayerProfile on the smallest generated model class of the examples (MobileNet v1 0.25_128,
 * default kernels): its table names every layer the model's report lists, and its sums are the
 * sums of its rows.
 */
class LayerProfileTest {

  private static final String SMALL = "mobilenet_v1_0.25_128_quant";
  private static final String CLASS = "MobilenetV1Quant025x128";
  private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| (op\\d\\d\\w+) \\|.*");

  private static String profile(String... args) throws Throwable {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      LayerProfile.run(LayerProfile.Options.parse(args), out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static void needsShared() {
    SharedGolden.require(SMALL);
  }

  /** The table's cells of a row. */
  private static String[] cells(String line) {
    String[] c = line.substring(1, line.length() - 1).split("\\|");
    for (int i = 0; i < c.length; i++) {
      c[i] = c[i].trim();
    }
    return c;
  }

  @Test
  void anABOfTwoClassesNamesEveryLayerAndSumsItsRows() throws Throwable {
    needsShared();
    String out = profile("--warmup", "2", "--rounds", "3", CLASS, SMALL, CLASS, SMALL);
    List<String> lines = out.lines().toList();

    // Every operator that does work (the report's layers not aliasing their input) has a row.
    List<Integer> expected = new ArrayList<>();
    for (LayerReport l : Tflite2JavaCompiler.compile(
        new CompileRequest(Shared.model(SMALL), "p.M")).report().layers()) {
      if (!l.aliasesInput()) {
        expected.add(l.index());
      }
    }
    List<Integer> ops = new ArrayList<>();
    double[] sums = new double[2];
    double[] shares = new double[2];
    String sumRow = null;
    for (String line : lines) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        ops.add(Integer.parseInt(m.group(1)));
        String[] c = cells(line);
        // op, method, layer, vector kernel, weights, M MACs, bytes, [0] ms, share, G MAC/s,
        // [1] ms, share, G MAC/s, [1] / [0]
        assertEquals(14, c.length, line);
        sums[0] += Double.parseDouble(c[7]);
        shares[0] += Double.parseDouble(c[8].replace("%", ""));
        sums[1] += Double.parseDouble(c[10]);
        shares[1] += Double.parseDouble(c[11].replace("%", ""));
      } else if (line.startsWith("| | | sum of the layers |")) {
        sumRow = line;
      }
    }
    assertEquals(expected, ops, out);
    assertTrue(sumRow != null, out);
    String[] c = cells(sumRow);
    double slack = ops.size() * 0.00005 + 0.00005; // rows and sum rounded to 0.0001 ms
    assertEquals(Double.parseDouble(c[7]), sums[0], slack, out);
    assertEquals(Double.parseDouble(c[10]), sums[1], slack, out);
    assertEquals(100, shares[0], ops.size() * 0.05 + 0.05, out);
    assertEquals(100, shares[1], ops.size() * 0.05 + 0.05, out);
    assertEquals(
        String.format(Locale.ROOT, "%.3f", Double.parseDouble(c[10]) / Double.parseDouble(c[7])),
        c[13], out);
    assertTrue(out.contains("[1] / [0]: whole inference, median of 3 per-round ratios"), out);
    // Both classes are in one kind table row per kind, whose layers add up to the model's.
    int layers = 0;
    for (String line : lines) {
      if (line.startsWith("| CONV_2D") || line.startsWith("| DEPTHWISE_CONV_2D")
          || line.startsWith("| AVERAGE_POOL_2D") || line.startsWith("| SOFTMAX")
          || line.startsWith("| RESHAPE")) {
        layers += Integer.parseInt(cells(line)[1]);
      }
    }
    assertEquals(ops.size(), layers, out);
  }

  @Test
  void aClassWhoseOutputDiffersFromTheGoldenIsRefusedNamingIt(@TempDir Path dir)
      throws Exception {
    needsShared();
    // A shared folder whose golden output has one byte changed.
    Path golden = dir.resolve("golden").resolve(SMALL);
    Files.createDirectories(golden);
    Files.createDirectories(dir.resolve("models"));
    Files.copy(Shared.model(SMALL), dir.resolve("models").resolve(SMALL + ".tflite"));
    Files.copy(Shared.input(SMALL), golden.resolve("grace_hopper.in"));
    byte[] out = Shared.read(Shared.expected(SMALL, "2.9"));
    out[7]++;
    Files.write(golden.resolve("grace_hopper.tflite-2.9.out"), out);
    String before = System.getProperty(Shared.PROPERTY);
    System.setProperty(Shared.PROPERTY, dir.toString());
    try {
      AssertionError e = assertThrows(AssertionError.class,
          () -> profile("--warmup", "1", "--rounds", "1", CLASS, SMALL));
      assertEquals("io.github.tflite2java.examples." + CLASS + " (" + SMALL + "), scalar kernels"
          + " (compiled without vector kernels): output differs from TFLite 2.9.0's golden bytes",
          e.getMessage());
    } finally {
      if (before == null) {
        System.clearProperty(Shared.PROPERTY);
      } else {
        System.setProperty(Shared.PROPERTY, before);
      }
    }
  }

  @Test
  void layersOfTwoModelsArePairedByALongestCommonSubsequence() {
    // An extra QUANTIZE first and a MEAN in place of an AVERAGE_POOL_2D leave the rest paired.
    String[] uint8 = {"CONV_2D a", "ADD b", "AVERAGE_POOL_2D c", "SOFTMAX d"};
    String[] int8 = {"QUANTIZE x", "CONV_2D a", "ADD b", "MEAN c", "SOFTMAX d", "QUANTIZE y"};
    assertArrayEquals(new int[] {1, 2, -1, 4}, LayerProfile.align(uint8, int8));
  }

  @Test
  void optionsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> LayerProfile.Options.parse(CLASS));
    assertThrows(IllegalArgumentException.class,
        () -> LayerProfile.Options.parse("--scalar", CLASS, SMALL, CLASS, SMALL));
    assertThrows(IllegalArgumentException.class,
        () -> LayerProfile.Options.parse("--vs", CLASS, SMALL));
    assertEquals(2500, LayerProfile.Options.parse(CLASS, SMALL).warmup());
    assertEquals(400, LayerProfile.Options.parse(CLASS, "mobilenet_v1_1.0_224_quant").warmup());
  }
}

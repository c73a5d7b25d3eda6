package io.github.tflite2java.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Joins the {@code --tsv} files of several {@link BenchMain} runs (one per JDK) into one markdown
 * table: per model and runtime, the time on each JDK and the ratio generated / runtime on that JDK
 * (below 1: the generated class is faster), plus how the runtime's output compares with the golden
 * bytes.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.tflite2java.benchmarks.PeerTable [--md OUT] run1.tsv run2.tsv ...
 * </pre>
 */
public final class PeerTable {

  private static final List<String> RUNTIMES =
      Arrays.asList(
          "generated",
          "vkScalar",
          "vkVector",
          "xnnpack221",
          "onnxRuntime",
          "tflite290C",
          "tflite262Java");

  private PeerTable() {}

  /** One row of a TSV file. */
  static final class Row {
    final String java;
    final String model;
    final String runtime;
    final double score;
    final double error;
    final String unit;
    final String output;

    Row(String[] f) {
      java = f[0];
      model = f[1];
      runtime = f[2];
      score = Double.parseDouble(f[3]);
      error = Double.parseDouble(f[4]);
      unit = f[5];
      output = f.length > 6 ? f[6] : "";
    }
  }

  public static void main(String[] args) throws IOException {
    Path md = null;
    List<Path> inputs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--md") && i + 1 < args.length) {
        md = Paths.get(args[++i]);
      } else {
        inputs.add(Paths.get(args[i]));
      }
    }
    if (inputs.isEmpty()) {
      System.err.println("usage: PeerTable [--md OUT] run1.tsv [run2.tsv ...]");
      System.exit(2);
    }
    List<List<Row>> runs = new ArrayList<>();
    for (Path p : inputs) {
      runs.add(read(p));
    }
    String table = table(runs);
    System.out.print(table);
    if (md != null) {
      Files.write(md, table.getBytes(StandardCharsets.UTF_8));
    }
  }

  static List<Row> read(Path tsv) throws IOException {
    List<Row> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      if (!line.isEmpty()) {
        rows.add(new Row(line.split("\t", -1)));
      }
    }
    return rows;
  }

  /** The joined table; {@code runs} in column order (e.g. JDK 17, then JDK 25). */
  static String table(List<List<Row>> runs) {
    Set<String> models = new LinkedHashSet<>();
    List<String> headers = new ArrayList<>();
    List<Map<String, Row>> byKey = new ArrayList<>();
    for (List<Row> run : runs) {
      Map<String, Row> m = new LinkedHashMap<>();
      String java = "?";
      for (Row r : run) {
        models.add(r.model);
        m.put(r.model + " " + r.runtime, r);
        java = r.java;
      }
      byKey.add(m);
      headers.add("JDK " + java);
    }
    StringBuilder sb = new StringBuilder("| Model | Runtime |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (String h : headers) {
      sb.append(' ').append(h).append(" | generated / runtime |");
      rule.append("---:|---:|");
    }
    sb.append(" Output vs golden |\n");
    rule.append("---|\n");
    sb.append(rule);
    for (String model : models) {
      for (String runtime : RUNTIMES) {
        boolean any = false;
        String output = "";
        StringBuilder cells = new StringBuilder();
        for (Map<String, Row> m : byKey) {
          Row r = m.get(model + " " + runtime);
          Row gen = m.get(model + " generated");
          if (r == null) {
            cells.append(" | |");
            continue;
          }
          any = true;
          if (output.isEmpty()) {
            output = r.output;
          } else if (!output.equals(r.output)) {
            output = output + " / " + r.output;
          }
          cells.append(
              String.format(Locale.ROOT, " %.2f ± %.2f %s |", r.score, r.error, r.unit));
          cells.append(
              gen == null || runtime.equals("generated")
                  ? " |"
                  : String.format(Locale.ROOT, " **%.2f** |", gen.score / r.score));
        }
        if (any) {
          sb.append("| ")
              .append(model)
              .append(" | ")
              .append(BenchMain.runtimeName(runtime))
              .append(" |")
              .append(cells)
              .append(' ')
              .append(output)
              .append(" |\n");
        }
      }
    }
    return sb.toString();
  }
}

package io.github.tflite2java.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Joins the {@code --tsv} files of {@link BenchMain} runs of {@link RealModelBenchmark} (one per
 * JDK) into one markdown table: per model and JDK, the generated class's time, TFLite 2.9.0 C's,
 * their ratio (generated / C; the bar is at most 1.0), the machine's load average during that
 * JDK's run, and the output checks.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.tflite2java.benchmarks.RealTable [--md OUT] [--load "L"] run1.tsv [--load "L"] run2.tsv ...
 * </pre>
 *
 * {@code --load} applies to the file after it (e.g. "before 1.02, after 2.31").
 */
public final class RealTable {

  private RealTable() {}

  /** One JDK's run. */
  static final class Run {
    final List<PeerTable.Row> rows;
    final String load;

    Run(List<PeerTable.Row> rows, String load) {
      this.rows = rows;
      this.load = load;
    }
  }

  public static void main(String[] args) throws IOException {
    Path md = null;
    String load = "";
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--md") && i + 1 < args.length) {
        md = Paths.get(args[++i]);
      } else if (args[i].equals("--load") && i + 1 < args.length) {
        load = args[++i];
      } else {
        runs.add(new Run(PeerTable.read(Paths.get(args[i])), load));
        load = "";
      }
    }
    if (runs.isEmpty()) {
      System.err.println("usage: RealTable [--md OUT] [--load \"L\"] run1.tsv [--load \"L\"] run2.tsv ...");
      System.exit(2);
    }
    String table = table(runs);
    System.out.print(table);
    if (md != null) {
      Files.write(md, table.getBytes(StandardCharsets.UTF_8));
    }
  }

  static String table(List<Run> runs) {
    Set<String> models = new LinkedHashSet<>();
    for (RealModel m : RealModel.values()) {
      for (Run run : runs) {
        for (PeerTable.Row r : run.rows) {
          if (r.model.equals(m.fileName)) {
            models.add(m.fileName);
          }
        }
      }
    }
    for (Run run : runs) {
      for (PeerTable.Row r : run.rows) {
        models.add(r.model);
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("| model | JDK | generated ms | TFLite 2.9.0 C ms | generated / C | load average |")
        .append(" output vs golden (generated; C) |\n");
    sb.append("|---|---|---:|---:|---:|---|---|\n");
    for (String model : models) {
      for (Run run : runs) {
        PeerTable.Row gen = find(run, model, "generated");
        PeerTable.Row c = find(run, model, "tflite290C");
        if (gen == null && c == null) {
          continue;
        }
        String java = gen != null ? gen.java : c.java;
        sb.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %s; %s |%n",
                model,
                java,
                cell(gen),
                cell(c),
                gen == null || c == null
                    ? ""
                    : String.format(Locale.ROOT, "**%.2f**", gen.score / c.score),
                run.load,
                gen == null ? "not run" : gen.output,
                c == null ? "not run" : c.output));
      }
    }
    return sb.toString();
  }

  private static String cell(PeerTable.Row r) {
    return r == null ? "" : String.format(Locale.ROOT, "%.3f ± %.3f", r.score, r.error);
  }

  private static PeerTable.Row find(Run run, String model, String runtime) {
    for (PeerTable.Row r : run.rows) {
      if (r.model.equals(model) && r.runtime.equals(runtime)) {
        return r;
      }
    }
    return null;
  }
}

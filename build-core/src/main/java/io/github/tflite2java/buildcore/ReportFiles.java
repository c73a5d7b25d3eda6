package io.github.tflite2java.buildcore;

import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.report.HtmlReportWriter;
import io.github.tflite2java.compiler.report.JsonReportWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Writes each model's report as {@code <reportDirectory>/<className>/report.html} and {@code
 * report.json}, each only when its content changed, and deletes reports of models no longer
 * configured.
 */
final class ReportFiles {

  static final String HTML = "report.html";
  static final String JSON = "report.json";

  private ReportFiles() {}

  /** The report files of a class; empty without a report directory. */
  static List<Path> of(Path reportDirectory, String className) {
    if (reportDirectory == null || className == null) {
      return List.of();
    }
    Path dir = reportDirectory.resolve(className).normalize();
    return List.of(dir.resolve(HTML), dir.resolve(JSON));
  }

  /** Writes the report of {@code source}; returns the HTML file, or null when none was made. */
  static Path write(Path reportDirectory, GeneratedSource source) throws IOException {
    if (reportDirectory == null || source.report() == null) {
      return null;
    }
    List<Path> files = of(reportDirectory, source.className());
    if (!files.get(0).startsWith(reportDirectory)) {
      throw new IOException("Report of " + source.className() + " would be outside "
          + reportDirectory);
    }
    Files.createDirectories(files.get(0).getParent());
    writeIfChanged(files.get(0), HtmlReportWriter.write(source.report()));
    writeIfChanged(files.get(1), JsonReportWriter.write(source.report()));
    return files.get(0);
  }

  /** Deletes recorded report files not in {@code keep}, and then their empty directory. */
  static void deleteStale(List<Path> previous, Set<Path> keep) throws IOException {
    for (Path file : previous) {
      Path normalized = file.toAbsolutePath().normalize();
      String name = normalized.getFileName().toString();
      if (keep.contains(normalized) || !(name.equals(HTML) || name.equals(JSON))) {
        continue;
      }
      if (Files.deleteIfExists(normalized)) {
        try {
          Files.deleteIfExists(normalized.getParent());
        } catch (DirectoryNotEmptyException e) {
          // the other report file, or the user's own files: keep the directory
        }
      }
    }
  }

  private static void writeIfChanged(Path file, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (!(Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes))) {
      Files.write(file, bytes);
    }
  }
}

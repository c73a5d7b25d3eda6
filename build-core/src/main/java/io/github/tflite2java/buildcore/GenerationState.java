package io.github.tflite2java.buildcore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the last run recorded, model by model: each model's input fingerprint and the files it
 * wrote. Kept as a small text file under the build directory; a missing or unreadable file simply
 * means "generate everything".
 *
 * @param outputDirectory the source root the files were written to
 * @param entries one per model, in configuration order
 */
record GenerationState(Path outputDirectory, List<Entry> entries) {

  /** Fingerprint of a model whose generation has not (yet) succeeded; matches no real one. */
  static final String NOT_UP_TO_DATE = "none";

  private static final String HEADER = "# tflite2java generation state (do not edit)";
  private static final String OUTPUT_DIRECTORY = "outputDirectory=";
  private static final String MODEL = "model=";
  private static final String FINGERPRINT = "fingerprint=";
  private static final String FILE = "file=";
  private static final String REPORT = "report=";

  GenerationState {
    entries = List.copyOf(entries);
  }

  /**
   * One model's record.
   *
   * @param className the generated class
   * @param fingerprint {@link InputFingerprint} of its last successful generation, or {@link
   *     #NOT_UP_TO_DATE}
   * @param files absolute paths of the source files it generated
   * @param reports absolute paths of its report files
   */
  record Entry(String className, String fingerprint, List<Path> files, List<Path> reports) {
    Entry {
      files = List.copyOf(files);
      reports = List.copyOf(reports);
    }
  }

  /** The entry of a class, if recorded. */
  Optional<Entry> entry(String className) {
    return entries.stream().filter(e -> e.className().equals(className)).findFirst();
  }

  /** Every file recorded, sources and reports. */
  List<Path> allFiles() {
    List<Path> all = new ArrayList<>();
    for (Entry e : entries) {
      all.addAll(e.files());
    }
    return all;
  }

  List<Path> allReports() {
    List<Path> all = new ArrayList<>();
    for (Entry e : entries) {
      all.addAll(e.reports());
    }
    return all;
  }

  /**
   * Reads the state; empty when there is none or it is not in the expected format. Files listed
   * before any model (the single-fingerprint format of earlier versions) are kept as an entry
   * that is never up to date, so that they are still cleaned up.
   */
  static Optional<GenerationState> read(Path stateFile) throws IOException {
    if (!Files.isRegularFile(stateFile)) {
      return Optional.empty();
    }
    Path outputDirectory = null;
    List<Entry> entries = new ArrayList<>();
    String className = "";
    String fingerprint = NOT_UP_TO_DATE;
    List<Path> files = new ArrayList<>();
    List<Path> reports = new ArrayList<>();
    for (String line : Files.readAllLines(stateFile, StandardCharsets.UTF_8)) {
      if (line.startsWith(OUTPUT_DIRECTORY)) {
        outputDirectory = Path.of(line.substring(OUTPUT_DIRECTORY.length()));
      } else if (line.startsWith(MODEL)) {
        if (!className.isEmpty() || !files.isEmpty() || !reports.isEmpty()) {
          entries.add(new Entry(className, fingerprint, files, reports));
        }
        className = line.substring(MODEL.length());
        fingerprint = NOT_UP_TO_DATE;
        files = new ArrayList<>();
        reports = new ArrayList<>();
      } else if (line.startsWith(FINGERPRINT) && !className.isEmpty()) {
        fingerprint = line.substring(FINGERPRINT.length());
      } else if (line.startsWith(FILE)) {
        files.add(Path.of(line.substring(FILE.length())));
      } else if (line.startsWith(REPORT)) {
        reports.add(Path.of(line.substring(REPORT.length())));
      }
    }
    if (!className.isEmpty() || !files.isEmpty() || !reports.isEmpty()) {
      entries.add(new Entry(className, fingerprint, files, reports));
    }
    if (outputDirectory == null) {
      return Optional.empty();
    }
    return Optional.of(new GenerationState(outputDirectory, entries));
  }

  /**
   * The source files recorded by the other states beside {@code stateFile} (other executions of
   * the plugin, other models of the CLI) for the same output directory: a file one of them
   * still records, such as the image resizer that model classes of one package share, is not
   * this configuration's alone to delete.
   */
  static Set<Path> filesOfOthers(Path stateFile, Path outputDirectory) throws IOException {
    Set<Path> files = new HashSet<>();
    Path dir = stateFile.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return files;
    }
    try (DirectoryStream<Path> states = Files.newDirectoryStream(dir, "*.state")) {
      for (Path other : states) {
        if (other.toAbsolutePath().normalize().equals(stateFile.toAbsolutePath().normalize())) {
          continue;
        }
        Optional<GenerationState> state = read(other);
        if (state.isPresent() && state.get().outputDirectory().equals(outputDirectory)) {
          for (Path file : state.get().allFiles()) {
            files.add(file.toAbsolutePath().normalize());
          }
        }
      }
    }
    return files;
  }

  /** Writes the state atomically where the file system allows it. */
  void write(Path stateFile) throws IOException {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    sb.append(OUTPUT_DIRECTORY).append(outputDirectory).append('\n');
    for (Entry e : entries) {
      sb.append(MODEL).append(e.className()).append('\n');
      sb.append(FINGERPRINT).append(e.fingerprint()).append('\n');
      for (Path file : e.files()) {
        sb.append(FILE).append(file).append('\n');
      }
      for (Path report : e.reports()) {
        sb.append(REPORT).append(report).append('\n');
      }
    }
    Files.createDirectories(stateFile.getParent());
    Path temp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
    Files.writeString(temp, sb, StandardCharsets.UTF_8);
    try {
      Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

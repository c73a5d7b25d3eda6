package io.github.tflite2java.buildtool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the last successful run recorded: the fingerprint of its inputs and the files it wrote.
 * Kept as a small text file under the build directory; a missing or unreadable file simply
 * means "generate".
 *
 * @param fingerprint {@link InputFingerprint} of the run
 * @param outputDirectory the source root the files were written to
 * @param files absolute paths of the source files the run generated
 * @param reports absolute paths of the report files the run wrote
 */
record GenerationState(String fingerprint, Path outputDirectory, List<Path> files,
    List<Path> reports) {

  private static final String HEADER = "# tflite2java generation state (do not edit)";
  private static final String FINGERPRINT = "fingerprint=";
  private static final String OUTPUT_DIRECTORY = "outputDirectory=";
  private static final String FILE = "file=";
  private static final String REPORT = "report=";

  GenerationState {
    files = List.copyOf(files);
    reports = List.copyOf(reports);
  }

  /** Reads the state; empty when there is none or it is not in the expected format. */
  static Optional<GenerationState> read(Path stateFile) throws IOException {
    if (!Files.isRegularFile(stateFile)) {
      return Optional.empty();
    }
    String fingerprint = null;
    Path outputDirectory = null;
    List<Path> files = new ArrayList<>();
    List<Path> reports = new ArrayList<>();
    for (String line : Files.readAllLines(stateFile, StandardCharsets.UTF_8)) {
      if (line.startsWith(FINGERPRINT)) {
        fingerprint = line.substring(FINGERPRINT.length());
      } else if (line.startsWith(OUTPUT_DIRECTORY)) {
        outputDirectory = Path.of(line.substring(OUTPUT_DIRECTORY.length()));
      } else if (line.startsWith(FILE)) {
        files.add(Path.of(line.substring(FILE.length())));
      } else if (line.startsWith(REPORT)) {
        reports.add(Path.of(line.substring(REPORT.length())));
      }
    }
    if (fingerprint == null || outputDirectory == null) {
      return Optional.empty();
    }
    return Optional.of(new GenerationState(fingerprint, outputDirectory, files, reports));
  }

  /** Writes the state atomically where the file system allows it. */
  void write(Path stateFile) throws IOException {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    sb.append(FINGERPRINT).append(fingerprint).append('\n');
    sb.append(OUTPUT_DIRECTORY).append(outputDirectory).append('\n');
    for (Path file : files) {
      sb.append(FILE).append(file).append('\n');
    }
    for (Path report : reports) {
      sb.append(REPORT).append(report).append('\n');
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

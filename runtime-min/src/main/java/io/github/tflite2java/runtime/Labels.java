package io.github.tflite2java.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a classifier's label file: UTF-8, one label per line, line {@code i} naming class {@code
 * i}.
 */
public final class Labels {

  private Labels() {}

  /**
   * Reads the labels from {@code file}; every line counts (empty lines too), line ends may be
   * {@code \n} or {@code \r\n}, a leading UTF-8 byte order mark is dropped.
   */
  public static List<String> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  /** Reads the labels from {@code in} (not closed) as {@link #read(Path)} does. */
  public static List<String> read(InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    List<String> labels = new ArrayList<String>();
    String line;
    while ((line = reader.readLine()) != null) {
      if (labels.isEmpty() && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      labels.add(line);
    }
    return Collections.unmodifiableList(labels);
  }
}

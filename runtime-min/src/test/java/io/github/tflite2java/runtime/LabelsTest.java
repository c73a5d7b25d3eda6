package io.github.tflite2java.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelsTest {

  @Test
  void readsTheSharedMobilenetLabels() throws IOException {
    List<String> labels =
        Labels.read(SharedFiles.shared().resolve("models/labels_mobilenet_quant_v1_224.txt"));

    assertEquals(1001, labels.size());
    assertEquals("background", labels.get(0));
    assertEquals("military uniform", labels.get(653));
  }

  @Test
  void keepsEmptyLinesAndStripsCrLfAndBom() throws IOException {
    byte[] text = "\uFEFFzero\r\n\r\ntwo\nthree".getBytes(StandardCharsets.UTF_8);

    assertEquals(
        Arrays.asList("zero", "", "two", "three"), Labels.read(new ByteArrayInputStream(text)));
  }

  @Test
  void missingFileThrows() {
    assertThrows(NoSuchFileException.class, () -> Labels.read(Paths.get("no/such/labels.txt")));
  }
}

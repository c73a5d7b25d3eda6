package io.github.tflite2java.buildcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ToolFingerprintTest {

  @Test
  void releaseIsNameAndVersion() throws Exception {
    assertEquals("p 1.2.3", ToolFingerprint.of("p", "1.2.3", ToolFingerprintTest.class));
  }

  @Test
  void snapshotAddsStableCodeHash() throws Exception {
    String a = ToolFingerprint.of("p", "1.0-SNAPSHOT", IncrementalGenerator.class);
    String b = ToolFingerprint.of("p", "1.0-SNAPSHOT", IncrementalGenerator.class);
    assertTrue(a.matches("p 1\\.0-SNAPSHOT code:[0-9a-f]{16}"), a);
    assertEquals(a, b);
  }
}

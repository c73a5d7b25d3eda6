package io.github.tflite2java.compiler.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class OraclesTest {

  private static final String WHAT = "TFLite 2.9 C library not found in target/tflite-c";
  private static final String HOW = "run scripts/fetch-tflite-c.sh";

  @Test
  void presentDependencyPassesInBothModes() {
    assertDoesNotThrow(() -> Oracles.require(true, WHAT, HOW, true));
    assertDoesNotThrow(() -> Oracles.require(true, WHAT, HOW, false));
  }

  @Test
  void missingDependencyFailsWhenRequiredNamingWhatAndHow() {
    AssertionFailedError e =
        assertThrows(AssertionFailedError.class, () -> Oracles.require(false, WHAT, HOW, true));
    assertTrue(e.getMessage().startsWith(WHAT + ": " + HOW), e.getMessage());
    assertTrue(e.getMessage().contains("CI=true"), e.getMessage());
  }

  @Test
  void missingDependencySkipsOtherwiseNamingWhatAndHow() {
    TestAbortedException e =
        assertThrows(TestAbortedException.class, () -> Oracles.require(false, WHAT, HOW, false));
    assertTrue(e.getMessage().startsWith(WHAT + ": " + HOW), e.getMessage());
    assertTrue(e.getMessage().contains("skipped"), e.getMessage());
  }

  @Test
  void ciEnvironmentOrPropertyMakesDependenciesRequired() {
    assertTrue(Oracles.required(Map.of("CI", "true"), null));
    assertTrue(Oracles.required(Map.of("CI", "TRUE"), null));
    assertTrue(Oracles.required(Map.of(), "true"));
    assertTrue(Oracles.required(Map.of("CI", "false"), "true"));
    assertFalse(Oracles.required(Map.of(), null));
    assertFalse(Oracles.required(Map.of("CI", "false"), "false"));
    assertFalse(Oracles.required(Map.of("CI", ""), ""));
  }
}

package io.github.tflite2java.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileLimits;
import org.junit.jupiter.api.Test;

/** The plugin's {@code <limits>} map onto {@link CompileLimits}; unset ones keep the defaults. */
class LimitsTest {

  @Test
  void unsetLimitsKeepTheDefaults() {
    assertEquals(CompileLimits.defaults(), new Limits().applyTo(CompileLimits.defaults()));
  }

  @Test
  void setLimitsReplaceTheDefaults() {
    Limits l = new Limits();
    l.setMaxTensorElements("128m");
    l.setMaxWeightBytes("1000");
    l.setMaxArenaBytes(" 2G ");
    l.setMaxSourceBytes("");
    CompileLimits c = l.applyTo(CompileLimits.defaults());
    assertEquals(128L << 20, c.maxTensorElements());
    assertEquals(1000, c.maxWeightBytes());
    assertEquals(2L << 30, c.maxArenaBytes());
    assertEquals(CompileLimits.defaults().maxSourceBytes(), c.maxSourceBytes());
  }

  @Test
  void anInvalidValueNamesItsElement() {
    Limits l = new Limits();
    l.setMaxArenaBytes("lots");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> l.applyTo(CompileLimits.defaults()));
    assertTrue(e.getMessage().startsWith("<limits><maxArenaBytes>: 'lots' is not a size"),
        e.getMessage());
  }
}

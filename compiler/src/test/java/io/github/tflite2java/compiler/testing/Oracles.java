package io.github.tflite2java.compiler.testing;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one gate for tests that need something outside the repository: a live TFLite runtime, the
 * {@code ../shared} folder, a Chromium binary. On a developer machine a missing dependency skips
 * the test (a JUnit assumption) with a message saying what is missing and how to get it. When
 * the environment has {@code CI=true}, or the JVM runs with {@code -D}{@value #PROPERTY}{@code
 * =true}, the same test <em>fails</em> with that message instead, so a CI run can never be green
 * with its most important checks skipped.
 */
public final class Oracles {

  /** System property that turns skips into failures, as {@code CI=true} does. */
  public static final String PROPERTY = "tflite2java.requireOracles";

  private Oracles() {}

  /**
   * Returns when {@code present}; otherwise skips the calling test, or fails it when missing
   * dependencies are not allowed ({@link #required()}).
   *
   * @param present whether the dependency was found
   * @param what what is missing, e.g. "TFLite 2.9 C library not found in target/tflite-c"
   * @param how how to get it, e.g. "run scripts/fetch-tflite-c.sh"
   */
  public static void require(boolean present, String what, String how) {
    require(present, what, how, required());
  }

  /** {@link #require(boolean, String, String)} with the strictness given (for tests). */
  static void require(boolean present, String what, String how, boolean strict) {
    if (present) {
      return;
    }
    String message = what + ": " + how;
    if (strict) {
      Assertions.fail(message + " (required: CI=true or -D" + PROPERTY + "=true does not allow"
          + " skipping this test)");
    }
    Assumptions.abort(message + " (test skipped; CI=true or -D" + PROPERTY
        + "=true would fail it)");
  }

  /** Whether a missing dependency fails tests: {@code CI=true} or {@code -D}{@value #PROPERTY}. */
  public static boolean required() {
    return required(System.getenv(), System.getProperty(PROPERTY));
  }

  static boolean required(Map<String, String> environment, String property) {
    return isTrue(environment.get("CI")) || isTrue(property);
  }

  private static boolean isTrue(String value) {
    if (value == null) {
      return false;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    return v.equals("true") || v.equals("1") || v.equals("yes");
  }
}

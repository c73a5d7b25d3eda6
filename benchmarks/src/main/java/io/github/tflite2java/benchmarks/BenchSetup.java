package io.github.tflite2java.benchmarks;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What the JMH benchmarks' set-ups and tear-downs share ({@link InferenceBenchmark}, {@link
 * LargeModelBenchmark}, {@link RealModelBenchmark}): which runtime a trial measures, the refusal
 * to time a result that differs from the bytes it must reproduce, the TFLite C library check,
 * closing the runtimes, and a generated class loaded from a folder of class files.
 */
final class BenchSetup {
  private BenchSetup() {}

  /** The benchmark method of a trial ({@code "generated"}, {@code "tflite290C"}, ...). */
  static String method(BenchmarkParams params) {
    return method(params.getBenchmark());
  }

  /** The method name of a fully qualified benchmark name. */
  static String method(String benchmark) {
    return benchmark.substring(benchmark.lastIndexOf('.') + 1);
  }

  /** The set-up's failure for a result that is wrong as {@code problem} says. */
  static IllegalStateException refusing(String problem) {
    return new IllegalStateException(problem + ": refusing to benchmark a wrong result");
  }

  /**
   * Fails the set-up ({@link #refusing}) unless {@code actual} equals {@code expected};
   * {@code problem} says what differs from what.
   */
  static void requireEqual(byte[] expected, byte[] actual, String problem) {
    if (!Arrays.equals(expected, actual)) {
      throw refusing(problem);
    }
  }

  /** Fails the set-up with {@link TfliteC#MISSING} when TFLite 2.9.0's C library is absent. */
  static void requireTfliteC() {
    if (!TfliteC.findLibrary().isPresent()) {
      throw new IllegalStateException(TfliteC.MISSING);
    }
  }

  /** Closes each runtime that is not null (a tear-down's work). */
  static void closeAll(AutoCloseable... runtimes) {
    for (AutoCloseable r : runtimes) {
      if (r != null) {
        try {
          r.close();
        } catch (Exception e) {
          throw new IllegalStateException("closing " + r, e);
        }
      }
    }
  }

  /**
   * A class loader of its own for the class files in {@code DIR/classes} (a generated class
   * compiled outside the benchmarks jar), over the platform class loader.
   */
  static ClassLoader classesLoader(Path dir) throws MalformedURLException {
    return new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()},
        ClassLoader.getPlatformClassLoader());
  }
}

package io.github.tflite2java.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One run of an example's command line ({@code Detect::run}, {@code Segment::run}, {@code
 * Pose::run}, any {@link ExampleSupport.Runner}): its exit status and what it printed.
 */
final class ProgramRun {
  final int status;
  final String out;
  final String err;

  private ProgramRun(int status, String out, String err) {
    this.status = status;
    this.out = out;
    this.err = err;
  }

  /** Runs {@code program} on {@code args}, capturing standard output and error (UTF-8). */
  static ProgramRun of(ExampleSupport.Runner program, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = program.run(args, new PrintStream(out, true), new PrintStream(err, true));
    return new ProgramRun(status, new String(out.toByteArray(), StandardCharsets.UTF_8),
        new String(err.toByteArray(), StandardCharsets.UTF_8));
  }

  /** The lines of standard output. */
  List<String> outLines() {
    return Arrays.asList(out.split("\n"));
  }
}

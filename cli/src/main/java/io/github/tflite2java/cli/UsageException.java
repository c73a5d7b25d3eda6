package io.github.tflite2java.cli;

/** The command line is wrong; the message says what, and the CLI exits with status 2. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}

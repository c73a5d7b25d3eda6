package io.github.tflite2java.buildtool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Checks every model that names a {@code sha256} against the bytes of its file, so that a
 * model downloaded or copied wrongly fails the build instead of compiling into wrong code.
 */
final class ChecksumVerifier {

  private ChecksumVerifier() {}

  /** One message per mismatch, naming the file, the expected and the actual digest. */
  static List<String> verify(List<ModelSpec> models) throws IOException {
    List<String> problems = new ArrayList<>();
    for (ModelSpec model : models) {
      if (model.sha256() == null || model.file() == null) {
        continue;
      }
      String expected = model.sha256().trim().toLowerCase(Locale.ROOT);
      String actual = sha256(model.file());
      if (!expected.equals(actual)) {
        problems.add("Checksum mismatch for model file " + model.file() + " ("
            + model.describe() + "): expected sha256 " + expected + ", actual " + actual);
      }
    }
    return problems;
  }

  /** Lowercase hex SHA-256 of a file. */
  static String sha256(Path file) throws IOException {
    MessageDigest digest = InputFingerprint.sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}

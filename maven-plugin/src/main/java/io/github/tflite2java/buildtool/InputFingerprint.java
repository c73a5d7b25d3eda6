package io.github.tflite2java.buildtool;

import io.github.tflite2java.compiler.ops.KernelTuning;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over everything a generation run depends on: the generator, the compiler options and
 * limits, the kernel tuning in effect,
 * the output and report directories, and for each model its class name, path and bytes, its
 * labels file (path and bytes) and whether it gets image helpers. Equal fingerprints mean equal
 * output.
 */
final class InputFingerprint {

  private InputFingerprint() {}

  static String of(GenerationRequest request) throws IOException {
    MessageDigest digest = sha256();
    field(digest, "tool", request.toolFingerprint());
    field(digest, "options", request.options().describe());
    // Limits decide whether a model is accepted; kernel tuning changes the generated source.
    field(digest, "limits", request.options().limits().describe());
    field(digest, "kernelTuning", KernelTuning.describe());
    field(digest, "outputDirectory", request.outputDirectory().toString());
    for (ModelSpec model : request.models()) {
      field(digest, "className", model.className());
      field(digest, "file", model.file().toAbsolutePath().normalize().toString());
      update(digest, model.file());
      field(digest, "imageHelpers", Boolean.toString(model.imageHelpers()));
      if (model.labelsFile() != null) {
        field(digest, "labels", model.labelsFile().toAbsolutePath().normalize().toString());
        update(digest, model.labelsFile());
      }
    }
    field(digest, "reportDirectory", String.valueOf(request.reportDirectory()));
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void update(MessageDigest digest, Path file) throws IOException {
    digest.update(longBytes(Files.size(file)));
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** Length-prefixed so that no two different field sequences hash the same bytes. */
  private static void field(MessageDigest digest, String name, String value) {
    for (String s : new String[] {name, value}) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      digest.update(longBytes(bytes.length));
      digest.update(bytes);
    }
  }

  private static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }
}

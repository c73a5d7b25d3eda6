package io.github.tflite2java.buildcore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * SHA-256 over everything one model's generated files depend on: the generator, the compiler
 * options (their {@code describe()}, which includes any kernel tuning, and the limits), the
 * output and report directories, the model's class name, path and content hash, its labels file
 * (path and bytes) and whether it gets image helpers. Equal fingerprints mean equal output for
 * that model.
 */
final class InputFingerprint {

  private InputFingerprint() {}

  static String of(GenerationRequest request, ModelSpec model, ModelInput input)
      throws IOException {
    MessageDigest digest = ModelInput.newDigest();
    field(digest, "tool", request.toolFingerprint());
    field(digest, "options", request.options().describe());
    // Limits decide whether a model is accepted, so lowered limits must check it again.
    field(digest, "limits", request.options().limits().describe());
    field(digest, "outputDirectory", request.outputDirectory().toString());
    field(digest, "reportDirectory", String.valueOf(request.reportDirectory()));
    if (!request.resourceDirectory().equals(request.outputDirectory())) {
      field(digest, "resourceDirectory", request.resourceDirectory().toString());
    }
    field(digest, "className", model.className());
    field(digest, "file", model.file().toAbsolutePath().normalize().toString());
    field(digest, "sha256", input.sha256());
    field(digest, "imageHelpers", Boolean.toString(model.imageHelpers()));
    if (model.batch() > 0) {
      field(digest, "batch", Integer.toString(model.batch()));
    }
    if (model.labelsFile() != null) {
      Path labels = model.labelsFile();
      field(digest, "labels", labels.toAbsolutePath().normalize().toString());
      field(digest, "labelsSha256",
          HexFormat.of().formatHex(ModelInput.newDigest().digest(Files.readAllBytes(labels))));
    }
    return HexFormat.of().formatHex(digest.digest());
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

package io.github.tflite2java.buildcore;

import io.github.tflite2java.compiler.reader.TfliteReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A model file read once: its bytes and their SHA-256, computed once and used for the configured
 * checksum, the up-to-date fingerprint and the compiler (which would otherwise hash it again).
 *
 * @param file the file the bytes came from
 * @param bytes its content, memory-mapped (not on the heap); null once the model is known to be
 *     up to date (not needed any more)
 * @param sha256 lowercase hex SHA-256 of the content
 */
public record ModelInput(Path file, ByteBuffer bytes, String sha256) {

  /** Largest file read: a Java array's limit (the compiler's too). */
  static final long MAX_FILE_SIZE = Integer.MAX_VALUE - 8;

  /** Reads and hashes a model file; the caller checked its size against {@link #MAX_FILE_SIZE}. */
  static ModelInput read(Path file) throws IOException {
    ByteBuffer bytes = TfliteReader.map(file);
    MessageDigest digest = newDigest();
    digest.update(bytes.duplicate());
    return new ModelInput(file, bytes, HexFormat.of().formatHex(digest.digest()));
  }

  /** The same model without its bytes. */
  ModelInput withoutBytes() {
    return new ModelInput(file, null, sha256);
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}

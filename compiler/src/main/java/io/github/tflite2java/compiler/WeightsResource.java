package io.github.tflite2java.compiler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * The binary weights of a generated class stored as a resource ({@link WeightStorage#RESOURCE}):
 * {@code com/example/Foo.weights} beside {@code com/example/Foo.class}. The compiler streams the
 * bytes to a temporary file while it generates, so that they are never all on the heap; {@link
 * #writeTo(Path)} puts them in place, and {@link #discard()} removes the temporary file.
 *
 * @param relativePath path below a resource root, e.g. {@code com/example/Foo.weights}
 * @param file the temporary file holding the bytes
 * @param size the number of bytes
 * @param crc32 their CRC-32, which the class checks when it reads them
 */
public record WeightsResource(String relativePath, Path file, long size, long crc32) {

  /**
   * Writes the bytes to {@code resourceRoot/relativePath} unless that file already holds them
   * (then its timestamp is kept).
   *
   * @return the file
   * @throws IOException when the path would leave {@code resourceRoot} or a write fails
   */
  public Path writeTo(Path resourceRoot) throws IOException {
    Path root = resourceRoot.toAbsolutePath().normalize();
    Path target = root.resolve(relativePath).normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw new IOException("refusing to write " + target + ": it would be outside " + root);
    }
    if (!hasContent(target)) {
      Files.createDirectories(target.getParent());
      // A new file (not createTempFile's owner-only one), so that it gets the usual permissions.
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      try {
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    return target;
  }

  /** Whether {@code target} already holds exactly these bytes (compared streaming). */
  public boolean hasContent(Path target) throws IOException {
    if (!Files.isRegularFile(target) || Files.size(target) != size) {
      return false;
    }
    byte[] a = new byte[1 << 16];
    byte[] b = new byte[1 << 16];
    try (InputStream x = Files.newInputStream(file); InputStream y = Files.newInputStream(target)) {
      while (true) {
        int n = x.readNBytes(a, 0, a.length);
        int m = y.readNBytes(b, 0, b.length);
        if (n != m || !Arrays.equals(a, 0, n, b, 0, m)) {
          return false;
        }
        if (n == 0) {
          return true;
        }
      }
    }
  }

  /** The bytes (for tests and tools that compile in memory; the heap must hold them). */
  public byte[] readAllBytes() throws IOException {
    return Files.readAllBytes(file);
  }

  /**
   * Deletes the temporary file (the resource must have been written where it is needed); if
   * that fails, it is deleted when the JVM exits.
   */
  public void discard() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      file.toFile().deleteOnExit();
    }
  }
}

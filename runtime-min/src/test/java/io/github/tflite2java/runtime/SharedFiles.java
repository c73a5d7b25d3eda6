package io.github.tflite2java.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Test access to {@code ../shared} (images, labels) and a minimal 24-bit BMP reader without AWT.
 */
final class SharedFiles {

  private SharedFiles() {}

  /**
   * The shared directory: system property {@code tflite2java.shared}, else {@code ../shared} above.
   */
  static Path shared() {
    String property = System.getProperty("tflite2java.shared");
    if (property != null && Files.isDirectory(Paths.get(property))) {
      return Paths.get(property);
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("../shared").normalize();
      if (Files.isDirectory(candidate.resolve("images"))) {
        return candidate;
      }
    }
    return fail("shared directory not found: set -Dtflite2java.shared or check out ../shared");
  }

  static Path image(String name) {
    return shared().resolve("images").resolve(name);
  }

  /** An uncompressed 24-bit BMP decoded to interleaved RGB, top row first. */
  static final class Bmp {
    final int width;
    final int height;
    final byte[] rgb;

    Bmp(int width, int height, byte[] rgb) {
      this.width = width;
      this.height = height;
      this.rgb = rgb;
    }

    int[] argb() {
      int[] argb = new int[width * height];
      for (int i = 0; i < argb.length; i++) {
        argb[i] =
            0xFF000000
                | (rgb[3 * i] & 0xFF) << 16
                | (rgb[3 * i + 1] & 0xFF) << 8
                | (rgb[3 * i + 2] & 0xFF);
      }
      return argb;
    }

    static Bmp read(Path file) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
      if (b.get(0) != 'B' || b.get(1) != 'M') {
        throw new IOException(file + ": not a BMP");
      }
      int dataOffset = b.getInt(10);
      int width = b.getInt(18);
      int rawHeight = b.getInt(22);
      int bits = b.getShort(28);
      int compression = b.getInt(30);
      if (bits != 24 || compression != 0) {
        throw new IOException(file + ": only uncompressed 24-bit BMP supported here");
      }
      int height = Math.abs(rawHeight);
      int stride = (width * 3 + 3) & ~3;
      byte[] rgb = new byte[width * height * 3];
      for (int y = 0; y < height; y++) {
        int row = rawHeight > 0 ? height - 1 - y : y; // positive height: bottom-up
        int p = dataOffset + row * stride;
        for (int x = 0; x < width; x++) {
          int q = (y * width + x) * 3;
          rgb[q + 2] = b.get(p + 3 * x); // stored B, G, R
          rgb[q + 1] = b.get(p + 3 * x + 1);
          rgb[q] = b.get(p + 3 * x + 2);
        }
      }
      return new Bmp(width, height, rgb);
    }
  }
}

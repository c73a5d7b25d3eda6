package io.github.tflite2java.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks {@link ImageResizer} against ImageMagick 6.9.11-60 Q16 ({@code convert IMG -resize WxH!
 * -depth 8 rgb:out}).
 *
 * <p>The shared {@code grace_hopper_NxN.rgb} files (the model inputs of the golden outputs) are
 * reproduced byte for byte: measured max abs diff 0, 0 differing bytes for 128, 160, 192 and 224;
 * so the tolerance is 0. The hashes below were taken from that ImageMagick build and pin the other
 * code paths: Mitchell for enlargements, the horizontal/vertical order rule, extreme shrinks.
 */
class ImageResizerTest {

  @ParameterizedTest
  @ValueSource(ints = {128, 160, 192, 224})
  void reproducesSharedModelInputsExactly(int size) throws Exception {
    SharedFiles.Bmp bmp = SharedFiles.Bmp.read(SharedFiles.image("grace_hopper.bmp"));
    byte[] expected =
        Files.readAllBytes(SharedFiles.image("grace_hopper_" + size + "x" + size + ".rgb"));

    byte[] actual = ImageResizer.resizeArgb(bmp.argb(), bmp.width, bmp.height, size, size);

    assertEquals(expected.length, actual.length);
    int maxDiff = 0;
    int differing = 0;
    for (int i = 0; i < expected.length; i++) {
      int d = Math.abs((expected[i] & 0xFF) - (actual[i] & 0xFF));
      maxDiff = Math.max(maxDiff, d);
      differing += d == 0 ? 0 : 1;
    }
    assertEquals(0, maxDiff, "max abs diff (measured 0; must not regress)");
    assertEquals(0, differing, "differing bytes (measured 0; must not regress)");
  }

  @ParameterizedTest
  @CsvSource({
    // image, width, height, sha256 of ImageMagick's output
    "cat.bmp, 300, 700, 51f781dcb5632e5e02c34d8af110852c3a7e05df75aa10f592f46e5a43fc28a4",
    "sunflower.bmp, 37, 1000, cc9900c224f3fc0f6775e6778a7a8c93177a462532c0a5fe809e9bcac7330fd4",
    "grace_hopper.bmp, 224, 800, edadab9a3cfcfcd6a7d6999f0e43f1875d8ada33e893f76f236cae85f850964e",
    "grace_hopper.bmp, 600, 640, bae332df4b991591e3da5395b0ee021a17637ffff288e59d77f9d58d0574e7b6",
    "cat.bmp, 2, 3, bf376636aed52574fc3c616578c2f67217fefbb4fe53c2657aa2411532e61007",
  })
  void matchesImageMagickOnOtherPaths(String image, int width, int height, String sha256)
      throws Exception {
    SharedFiles.Bmp bmp = SharedFiles.Bmp.read(SharedFiles.image(image));

    byte[] actual = ImageResizer.resizeRgb(bmp.rgb, bmp.width, bmp.height, width, height);

    assertEquals(width * height * 3, actual.length);
    assertEquals(sha256, hex(MessageDigest.getInstance("SHA-256").digest(actual)));
  }

  @Test
  void paletteImagesUseMitchellAlsoWhenShrinking() throws Exception {
    // sha256 of: convert cat.bmp -filter Mitchell -resize 224x224! -depth 8 rgb:- (ImageMagick
    // picks Mitchell by itself for a palette image, e.g. the same picture saved as 8-bit BMP3).
    SharedFiles.Bmp bmp = SharedFiles.Bmp.read(SharedFiles.image("cat.bmp"));

    byte[] actual = ImageResizer.resizeArgb(bmp.argb(), bmp.width, bmp.height, 224, 224, true);

    assertEquals(
        "ad230a8ee88c3ca700adbd2f287f40fc781d98b414293e9feeaa5b5478cbb92c",
        hex(MessageDigest.getInstance("SHA-256").digest(actual)));
  }

  @Test
  void argbAndRgbInputsAgree() throws Exception {
    SharedFiles.Bmp bmp = SharedFiles.Bmp.read(SharedFiles.image("cat.bmp"));

    assertArrayEquals(
        ImageResizer.resizeRgb(bmp.rgb, bmp.width, bmp.height, 97, 61),
        ImageResizer.resizeArgb(bmp.argb(), bmp.width, bmp.height, 97, 61));
  }

  @Test
  void ignoresAlpha() {
    int[] opaque = {0xFF102030, 0xFF405060, 0xFF708090, 0xFFA0B0C0};
    int[] transparent = {0x00102030, 0x80405060, 0x01708090, 0x7FA0B0C0};

    assertArrayEquals(
        ImageResizer.resizeArgb(opaque, 2, 2, 1, 1),
        ImageResizer.resizeArgb(transparent, 2, 2, 1, 1));
  }

  @Test
  void sameSizeIsACopy() {
    byte[] rgb = {1, 2, 3, (byte) 250, (byte) 251, (byte) 252};

    assertArrayEquals(rgb, ImageResizer.resizeRgb(rgb, 2, 1, 2, 1));
  }

  @ParameterizedTest
  @CsvSource({"40, 30, 7, 5", "7, 5, 40, 30", "40, 30, 80, 3", "1, 1, 9, 9", "9, 9, 1, 1"})
  void keepsAFlatColourFlat(int width, int height, int outWidth, int outHeight) {
    int[] argb = new int[width * height];
    java.util.Arrays.fill(argb, 0xFF00C8FF); // R 0, G 200, B 255

    byte[] out = ImageResizer.resizeArgb(argb, width, height, outWidth, outHeight);

    for (int i = 0; i < out.length; i += 3) {
      assertEquals(0, out[i] & 0xFF);
      assertEquals(200, out[i + 1] & 0xFF);
      assertEquals(255, out[i + 2] & 0xFF);
    }
  }

  @Test
  void depth8TruncatesLikeImageMagicksScaleQuantumToAny() {
    for (int q = 0; q <= 65535; q++) {
      assertEquals((int) (255.0 * q / 65535.0), ImageResizer.depth8(q), "q=" + q);
    }
  }

  @Test
  void sincFastIsCloseToSinc() {
    for (double x = 0; x <= 4.0; x += 1.0 / 64) {
      double sinc = x == 0 ? 1.0 : Math.sin(Math.PI * x) / (Math.PI * x);
      assertEquals(sinc, ImageResizer.sincFast(x), 3e-8, "x=" + x);
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(
        IllegalArgumentException.class, () -> ImageResizer.resizeArgb(new int[4], 2, 2, 0, 1));
    assertThrows(
        IllegalArgumentException.class, () -> ImageResizer.resizeArgb(new int[3], 2, 2, 1, 1));
    assertThrows(
        IllegalArgumentException.class, () -> ImageResizer.resizeRgb(new byte[11], 2, 2, 1, 1));
    assertThrows(
        IllegalArgumentException.class, () -> ImageResizer.resizeRgb(new byte[12], -2, -2, 1, 1));
  }

  private static String hex(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      s.append(String.format("%02x", b & 0xFF));
    }
    return s.toString();
  }
}

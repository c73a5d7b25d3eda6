package com.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class WithImagesTest {

  private static final Path SHARED = Paths.get(System.getProperty("tflite2java.shared"));

  @Test
  void resizesThePhotoExactlyAsTheGoldenInputWasMade() throws Exception {
    BufferedImage image = ImageIO.read(SHARED.resolve("images/grace_hopper.bmp").toFile());
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] input = WithImages.inputFromArgb(image.getRGB(0, 0, w, h, null, 0, w), w, h);

    assertArrayEquals(Files.readAllBytes(SHARED.resolve("images/grace_hopper_128x128.rgb")), input);
    WithImages.Prediction best = WithImages.topK(WithImages.infer(input), 1).get(0);
    assertEquals("academic gown", best.label());
    System.out.println("tflite2java-it: image helpers " + best);
  }

  @Test
  void takesTheBufferedImageItself() throws Exception {
    BufferedImage image = ImageIO.read(SHARED.resolve("images/grace_hopper.jpg").toFile());
    int w = image.getWidth();
    int h = image.getHeight();

    assertArrayEquals(WithImages.inputFromArgb(image.getRGB(0, 0, w, h, null, 0, w), w, h),
        WithImages.Awt.inputFromImage(image));
    WithImages.Prediction best =
        WithImages.topK(WithImages.infer(WithImages.Awt.inputFromImage(image)), 1).get(0);
    System.out.println("tflite2java-it: BufferedImage helper " + best);
  }

  @Test
  void bothModelsOfThePackageResizeThroughTheOneResizer() throws Exception {
    BufferedImage image = ImageIO.read(SHARED.resolve("images/grace_hopper.bmp").toFile());
    int w = image.getWidth();
    int h = image.getHeight();
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);

    assertArrayEquals(Files.readAllBytes(SHARED.resolve("images/grace_hopper_128x128.rgb")),
        AlsoWithImages.inputFromArgb(argb, w, h));
    assertArrayEquals(WithImages.Awt.inputFromImage(image),
        AlsoWithImages.Awt.inputFromImage(image));
    System.out.println("tflite2java-it: shared resizer "
        + Tflite2javaImageResizer.class.getName());
  }

  @Test
  void plainModelStillWorks() {
    assertEquals(1001, Plain.infer(new byte[Plain.INPUT_SIZE]).length);
  }
}

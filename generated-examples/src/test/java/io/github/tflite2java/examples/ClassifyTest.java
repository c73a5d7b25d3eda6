package io.github.tflite2java.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests the parts of {@link Classify} that do not run a model: arguments, files, decoding. */
class ClassifyTest {

  @TempDir Path tmp;

  private Path labels;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void writeLabels() throws IOException {
    labels =
        Files.write(
            tmp.resolve("labels.txt"), "background\nthing\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void defaults() throws Exception {
    Classify.Options o = Classify.Options.parse(new String[0]);

    assertEquals("1.0_224", o.model);
    assertNull(o.labels);
    assertNull(o.image);
    assertFalse(o.help);
  }

  @Test
  void parsesAllOptions() throws Exception {
    Classify.Options o =
        Classify.Options.parse(
            new String[] {"--model", "0.25_128", "--labels", "l.txt", "cat.jpg"});

    assertEquals("0.25_128", o.model);
    assertEquals(Paths.get("l.txt"), o.labels);
    assertEquals(Paths.get("cat.jpg"), o.image);
  }

  @Test
  void parsesEqualsFormAndOptionsAfterTheImage() throws Exception {
    Classify.Options o =
        Classify.Options.parse(new String[] {"x.png", "--model=0.75_192", "--labels=l.txt"});

    assertEquals("0.75_192", o.model);
    assertEquals(Paths.get("l.txt"), o.labels);
    assertEquals(Paths.get("x.png"), o.image);
  }

  @Test
  void everyModelNameParses() throws Exception {
    for (String name : Classify.Model.NAMES) {
      assertEquals(name, Classify.Options.parse(new String[] {"--model", name}).model);
    }
    assertEquals(6, Classify.Model.NAMES.size());
  }

  @Test
  void doubleDashEndsOptions() throws Exception {
    assertEquals(
        Paths.get("--model"), Classify.Options.parse(new String[] {"--", "--model"}).image);
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertThrows(
        Classify.UsageException.class, () -> Classify.Options.parse(new String[] {"--model"}));
    assertThrows(
        Classify.UsageException.class,
        () -> Classify.Options.parse(new String[] {"--model", "2.0_300"}));
    assertThrows(
        Classify.UsageException.class, () -> Classify.Options.parse(new String[] {"--frobnicate"}));
    assertThrows(
        Classify.UsageException.class,
        () -> Classify.Options.parse(new String[] {"a.png", "b.png"}));
    assertThrows(
        Classify.UsageException.class, () -> Classify.Options.parse(new String[] {"--labels"}));
  }

  @Test
  void helpPrintsUsageAndSucceeds() {
    assertEquals(0, run("--help"));
    assertTrue(stdout().startsWith("usage: "));
    assertEquals("", stderr());
  }

  @Test
  void unknownModelExitsWithOneAndUsage() {
    assertEquals(1, run("--model", "9.9_999", "--labels", labels.toString(), "x.png"));
    assertTrue(
        stderr()
            .contains(
                "error: unknown model 9.9_999 (known: 1.0_224, 0.25_128, 0.5_160, 0.75_192, v2,"
                    + " v2_int8)"),
        stderr());
    assertTrue(stderr().contains("usage: "));
    assertNoStackTrace();
  }

  @Test
  void missingImageExitsWithOne() {
    Path missing = tmp.resolve("nope.jpg");

    assertEquals(1, run("--labels", labels.toString(), missing.toString()));
    assertEquals("error: image not found: " + missing, stderr().trim());
    assertEquals("", stdout());
  }

  @Test
  void directoryIsNotAnImage() {
    assertEquals(1, run("--labels", labels.toString(), tmp.toString()));
    assertEquals("error: not a file: " + tmp, stderr().trim());
  }

  @Test
  void undecodableImageExitsWithOne() throws IOException {
    Path text = Files.write(tmp.resolve("notes.png"), "hello".getBytes(StandardCharsets.UTF_8));

    assertEquals(1, run("--labels", labels.toString(), text.toString()));
    assertTrue(stderr().startsWith("error: cannot decode image " + text), stderr());
    assertNoStackTrace();
  }

  @Test
  void truncatedImageExitsWithOne() throws IOException {
    Path png = tmp.resolve("full.png");
    ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
    byte[] bytes = Files.readAllBytes(png);
    Path cut = Files.write(tmp.resolve("cut.png"), java.util.Arrays.copyOf(bytes, 40));

    assertEquals(1, run("--labels", labels.toString(), cut.toString()));
    assertTrue(stderr().startsWith("error: cannot decode image " + cut), stderr());
    assertNoStackTrace();
  }

  @Test
  void missingLabelsExitsWithOne() throws IOException {
    Path missing = tmp.resolve("no-labels.txt");
    Path png = tmp.resolve("img.png");
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", png.toFile());

    assertEquals(1, run("--labels", missing.toString(), png.toString()));
    assertEquals("error: labels file not found: " + missing, stderr().trim());
  }

  @Test
  void findsSharedInTheWorkingDirectoryOrAParent() throws IOException {
    Path image = tmp.resolve("shared/images/grace_hopper.bmp");
    Files.createDirectories(image.getParent());
    Files.write(image, new byte[] {1});
    Path deep = Files.createDirectories(tmp.resolve("checkout/module/sub"));

    assertEquals(image, Classify.findShared(deep, null, Classify.DEFAULT_IMAGE));
    assertEquals(image, Classify.findShared(tmp.resolve("checkout"), null, Classify.DEFAULT_IMAGE));
  }

  @Test
  void missingSharedFileNamesTheFirstCandidate() {
    Path deep = tmp.resolve("a/b");

    assertEquals(
        tmp.resolve("a/shared/models/x.txt"), Classify.findShared(deep, null, "models/x.txt"));
  }

  @Test
  void sharedPropertyWins() {
    assertEquals(
        Paths.get("/somewhere/shared/models/x.txt"),
        Classify.findShared(tmp, "/somewhere/shared", "models/x.txt"));
  }

  @Test
  void decodesBmpPixelsExactly() throws Exception {
    BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
    int[] colors = {0x102030, 0xFFFFFF, 0x000000, 0x7F8081, 0x010203, 0xFEFDFC};
    for (int i = 0; i < colors.length; i++) {
      img.setRGB(i % 3, i / 3, colors[i]);
    }
    Path bmp = tmp.resolve("t.bmp");
    assertTrue(ImageIO.write(img, "bmp", bmp.toFile()));

    Classify.RgbImage decoded = Classify.RgbImage.read(bmp);

    assertEquals(3, decoded.width);
    assertEquals(2, decoded.height);
    for (int i = 0; i < colors.length; i++) {
      assertEquals(colors[i], decoded.argb[i] & 0xFFFFFF, "pixel " + i);
    }
  }

  @Test
  void keepsStoredGreyValues() {
    BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(0, 0, 0, 100);
    grey.getRaster().setSample(1, 0, 0, 200);

    Classify.RgbImage decoded = Classify.RgbImage.of(grey);

    assertEquals(0xFF646464, decoded.argb[0]);
    assertEquals(0xFFC8C8C8, decoded.argb[1]);
    assertTrue(decoded.palette, "ImageMagick holds 8-bit grey as a palette image");
  }

  @Test
  void flagsImagesImageMagickResizesWithMitchell() {
    assertFalse(
        Classify.RgbImage.of(new BufferedImage(2, 2, BufferedImage.TYPE_3BYTE_BGR)).palette);
    assertFalse(Classify.RgbImage.of(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB)).palette);
    assertTrue(
        Classify.RgbImage.of(new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_INDEXED)).palette);
    assertTrue(Classify.RgbImage.of(new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB)).palette);
  }

  private int run(String... args) {
    return Classify.run(args, new PrintStream(out, true), new PrintStream(err, true));
  }

  private String stdout() {
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  private String stderr() {
    return new String(err.toByteArray(), StandardCharsets.UTF_8);
  }

  private void assertNoStackTrace() {
    assertFalse(stderr().contains("\tat "), stderr());
    assertFalse(stderr().contains("Exception"), stderr());
  }
}

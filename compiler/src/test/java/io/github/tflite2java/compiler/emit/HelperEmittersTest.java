package io.github.tflite2java.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.WeightStorage;
import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.testing.SharedFiles;
import io.github.tflite2java.runtime.ImageResizer;
import io.github.tflite2java.runtime.Labels;
import io.github.tflite2java.runtime.TopK;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional helpers on the smallest real MobileNet: labels with {@code topK}, and image input
 * helpers that must compute exactly what runtime-min does, from ARGB pixels or a {@code
 * BufferedImage}, while the model class itself still runs on a JVM without {@code java.desktop}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelperEmittersTest {

  private static final String MODEL = "mobilenet_v1_0.25_128_quant";
  private static final String CLASS = "test.helpers.Mobilenet";

  private List<String> labels;
  private GeneratedSource generated;
  private Class<?> model;

  @BeforeAll
  void compile() throws Exception {
    labels = Labels.read(SharedFiles.model("labels_mobilenet_quant_v1_224.txt"));
    generated = Tflite2JavaCompiler.compile(new CompileRequest(
        SharedFiles.model(MODEL + ".tflite"), CLASS,
        CompileOptions.defaults().withLabels(labels).withImageHelpers(true)
            .withWeights(WeightStorage.EMBEDDED)));
    model = InMemoryJavac.compile(generated).load(CLASS);
  }

  @Test
  void labelsAreTheFilesLinesAndImmutable() throws Exception {
    @SuppressWarnings("unchecked")
    List<String> generatedLabels = (List<String>) model.getField("LABELS").get(null);

    assertEquals(labels, generatedLabels);
    assertEquals("military uniform", generatedLabels.get(653));
    assertThrows(UnsupportedOperationException.class, () -> generatedLabels.set(0, "x"));
  }

  @Test
  void topKAgreesWithRuntimeMinOnTheGoldenOutput() throws Exception {
    byte[] input = Files.readAllBytes(SharedFiles.golden(MODEL, "grace_hopper.in"));
    byte[] output = (byte[]) model.getMethod("infer", byte[].class).invoke(null, input);
    List<?> top = (List<?>) model.getMethod("topK", byte[].class, int.class)
        .invoke(null, output, 5);
    List<TopK.Entry> expected = TopK.uint8(output, 5, 1f / 256, 0, labels);

    assertEquals(5, top.size());
    for (int i = 0; i < 5; i++) {
      Object p = top.get(i);
      Class<?> c = p.getClass();
      assertEquals(expected.get(i).index(), c.getMethod("index").invoke(p));
      assertEquals(expected.get(i).label(), c.getMethod("label").invoke(p));
      assertEquals(expected.get(i).probability(), c.getMethod("probability").invoke(p));
      assertEquals(expected.get(i).quantized(), c.getMethod("quantized").invoke(p));
    }
    assertEquals("401 academic gown 0.258", top.get(0).toString());
    assertThrows(UnsupportedOperationException.class, () -> top.remove(0));
  }

  @Test
  void topKHandlesTiesAndBounds() throws Exception {
    Method topK = model.getMethod("topK", byte[].class, int.class);
    byte[] output = new byte[1001];
    output[7] = 9;
    output[3] = 9;
    output[1000] = (byte) 200;

    List<?> top = (List<?>) topK.invoke(null, output, 3);
    assertEquals(List.of(1000, 3, 7), indices(top));
    assertEquals(1001, ((List<?>) topK.invoke(null, output, 5000)).size());
    assertEquals(0, ((List<?>) topK.invoke(null, output, 0)).size());
    assertEquals(IllegalArgumentException.class, cause(() -> topK.invoke(null, output, -1)));
    assertEquals(IllegalArgumentException.class,
        cause(() -> topK.invoke(null, new byte[3], 1)));
  }

  @Test
  void imageHelperEqualsRuntimeMinOnThePhotos() throws Exception {
    Method fromArgb = model.getMethod("inputFromArgb", int[].class, int.class, int.class);
    for (String name : List.of("grace_hopper.bmp", "grace_hopper.jpg", "cat.bmp")) {
      BufferedImage image = ImageIO.read(SharedFiles.root().resolve("images/" + name).toFile());
      int w = image.getWidth();
      int h = image.getHeight();
      int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
      assertArrayEquals(ImageResizer.resizeArgb(argb, w, h, 128, 128),
          (byte[]) fromArgb.invoke(null, argb, w, h), name);
    }
  }

  @Test
  void imageHelperReproducesTheGoldenModelInput() throws Exception {
    BufferedImage image =
        ImageIO.read(SharedFiles.root().resolve("images/grace_hopper.bmp").toFile());
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] input = (byte[]) model.getMethod("inputFromArgb", int[].class, int.class, int.class)
        .invoke(null, image.getRGB(0, 0, w, h, null, 0, w), w, h);

    assertArrayEquals(
        Files.readAllBytes(SharedFiles.root().resolve("images/grace_hopper_128x128.rgb")), input);
  }

  private Method awtInputFromImage() throws ReflectiveOperationException {
    return model.getClassLoader().loadClass(CLASS + "$Awt")
        .getMethod("inputFromImage", BufferedImage.class);
  }

  private Method inputFromArgbWithPalette() throws NoSuchMethodException {
    return model.getMethod("inputFromArgb", int[].class, int.class, int.class, boolean.class);
  }

  private static BufferedImage sharedImage(String name) throws IOException {
    return ImageIO.read(SharedFiles.root().resolve("images/" + name).toFile());
  }

  @Test
  void bufferedImageHelperGivesTheArgbHelpersBytes() throws Exception {
    Method fromImage = awtInputFromImage();
    Method fromArgb = inputFromArgbWithPalette();
    BufferedImage jpg = sharedImage("grace_hopper.jpg");
    assertEquals(517, jpg.getWidth(), "an odd-sized photo");
    List<BufferedImage> photos = new ArrayList<>();
    for (String name : List.of("grace_hopper.bmp", "cat.bmp", "sunflower.bmp")) {
      photos.add(sharedImage(name));
    }
    photos.add(jpg);
    photos.add(convert(jpg, BufferedImage.TYPE_INT_RGB, 301, 257));
    for (BufferedImage image : photos) {
      int w = image.getWidth();
      int h = image.getHeight();
      int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
      assertArrayEquals((byte[]) fromArgb.invoke(null, argb, w, h, false),
          (byte[]) fromImage.invoke(null, image), w + "x" + h + " type " + image.getType());
    }
    // Translucent and indexed-colour images: ImageMagick resizes them as palette images.
    for (int type : new int[] {BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_BYTE_INDEXED}) {
      BufferedImage image = convert(jpg, type, 203, 151);
      int[] argb = image.getRGB(0, 0, 203, 151, null, 0, 203);
      assertArrayEquals((byte[]) fromArgb.invoke(null, argb, 203, 151, true),
          (byte[]) fromImage.invoke(null, image), "type " + type);
    }
    assertArrayEquals(
        Files.readAllBytes(SharedFiles.root().resolve("images/grace_hopper_128x128.rgb")),
        (byte[]) fromImage.invoke(null, photos.get(0)), "the golden input from the BMP");
  }

  @Test
  void bufferedImageHelperUsesStoredGreyValues() throws Exception {
    Method fromImage = awtInputFromImage();
    Method fromArgb = inputFromArgbWithPalette();
    BufferedImage jpg = sharedImage("grace_hopper.jpg");
    int w = 233;
    int h = 301;
    BufferedImage grey8 = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    BufferedImage grey16 = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
    int[] argb8 = new int[w * h];
    int[] argb16 = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = jpg.getRGB(x * 2, y * 2);
        int g = ((rgb >> 16 & 0xFF) + (rgb >> 8 & 0xFF) + (rgb & 0xFF)) / 3;
        grey8.getRaster().setSample(x, y, 0, g);
        argb8[y * w + x] = 0xFF000000 | g * 0x010101;
        int g16 = g * 257 + (x % 3 - 1) * 100; // not all multiples of 257
        grey16.getRaster().setSample(x, y, 0, Math.max(0, Math.min(65535, g16)));
        int g8 = (Math.max(0, Math.min(65535, g16)) + 128) / 257;
        argb16[y * w + x] = 0xFF000000 | g8 * 0x010101;
      }
    }
    // The stored values as ImageMagick reads them, not getRGB's linear-to-sRGB conversion;
    // ImageMagick holds 8-bit grey as a palette image.
    assertArrayEquals((byte[]) fromArgb.invoke(null, argb8, w, h, true),
        (byte[]) fromImage.invoke(null, grey8), "8-bit grey");
    assertArrayEquals((byte[]) fromArgb.invoke(null, argb16, w, h, false),
        (byte[]) fromImage.invoke(null, grey16), "16-bit grey");
    assertNotEquals(argb8[w * 100 + 100], grey8.getRGB(100, 100), "getRGB would change grey");
    assertEquals(NullPointerException.class,
        cause(() -> fromImage.invoke(null, (Object) null)));
  }

  @Test
  void paletteAndRgbVariantsAgreeWithRuntimeMin() throws Exception {
    Random rnd = new Random(5);
    int w = 37;
    int h = 300;
    int[] argb = new int[w * h];
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < argb.length; i++) {
      argb[i] = rnd.nextInt();
      rgb[3 * i] = (byte) (argb[i] >> 16);
      rgb[3 * i + 1] = (byte) (argb[i] >> 8);
      rgb[3 * i + 2] = (byte) argb[i];
    }
    assertArrayEquals(ImageResizer.resizeArgb(argb, w, h, 128, 128, true),
        (byte[]) model.getMethod("inputFromArgb", int[].class, int.class, int.class,
            boolean.class).invoke(null, argb, w, h, true));
    assertArrayEquals(ImageResizer.resizeRgb(rgb, w, h, 128, 128),
        (byte[]) model.getMethod("inputFromRgb", byte[].class, int.class, int.class)
            .invoke(null, rgb, w, h));
    assertEquals(IllegalArgumentException.class, cause(() -> model.getMethod("inputFromArgb",
        int[].class, int.class, int.class).invoke(null, new int[3], 2, 2)));
  }

  @Test
  void helpersAreCountedAndTheResizerIsAPackageCompanionOnlyWhenAskedFor() throws Exception {
    GeneratedSource plain = Tflite2JavaCompiler.compile(
        new CompileRequest(SharedFiles.model(MODEL + ".tflite"), CLASS));

    assertFalse(plain.source().contains("ImageResizer"));
    assertEquals(List.of(), plain.companions());
    assertFalse(plain.source().contains("LABELS"));
    assertFalse(plain.source().contains("java.awt"));
    assertFalse(generated.source().contains("import java.awt"));
    assertFalse(generated.source().contains("class ImageResizer"));
    assertFalse(generated.source().contains("class Tflite2javaImageResizer"));
    assertTrue(generated.source().contains("Tflite2javaImageResizer.resizeArgb("));
    assertTrue(generated.source().contains("public static final class Awt {"));
    assertEquals(1, generated.companions().size());
    GeneratedSource.Companion resizer = generated.companions().get(0);
    assertEquals("test/helpers/Tflite2javaImageResizer.java", resizer.relativePath());
    assertEquals("test.helpers.Tflite2javaImageResizer", resizer.className());
    assertEquals(List.of("test/helpers/Tflite2javaImageResizer.java"),
        Tflite2JavaCompiler.companionPaths(CLASS, true));
    assertEquals(List.of(), Tflite2JavaCompiler.companionPaths(CLASS, false));
    // Prediction, Awt, the resizer and its nested Contributions, counted with the model; every
    // class also nests ParallelLayers and its Parts interface (setExecutor).
    assertEquals(7, generated.report().classCount());
    assertEquals(3, plain.report().classCount());
    assertTrue(generated.report().methodCount() > plain.report().methodCount() + 20);
  }

  @Test
  void theResizerIsRuntimeMinsSourceButForPackageDeclarationAndConstructor() throws Exception {
    String original;
    try (java.io.InputStream in = getClass().getClassLoader()
        .getResourceAsStream(ImageHelpersEmitter.RESIZER_SOURCE)) {
      original = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
    String companion = generated.companions().get(0).content();
    String header = companion.substring(0, companion.indexOf("package test.helpers;\n"));
    assertTrue(header.startsWith("// Generated by tflite2java from runtime-min's"
        + " ImageResizer.java"), header);
    assertTrue(companion.contains("\n@SuppressWarnings(\"strictfp\")\nfinal strictfp class"
        + " Tflite2javaImageResizer {\n"), "package-private top-level class");
    assertTrue(companion.contains("\n  private Tflite2javaImageResizer() {}\n"));
    String back = companion.substring(header.length())
        .replace("package test.helpers;", "package io.github.tflite2java.runtime;")
        .replace("@SuppressWarnings(\"strictfp\")\nfinal strictfp class Tflite2javaImageResizer {",
            "public final strictfp class ImageResizer {")
        .replace("private Tflite2javaImageResizer() {}", "private ImageResizer() {}");
    assertEquals(original.strip(), back.strip());
  }

  @Test
  void modelsOfOnePackageShareOneResizerAndOtherPackagesGetTheirOwn() throws Exception {
    String other = "test.helpers.Mobilenet2";
    GeneratedSource second = Tflite2JavaCompiler.compile(new CompileRequest(
        SharedFiles.model(MODEL + ".tflite"), other,
        CompileOptions.defaults().withImageHelpers(true)
            .withWeights(WeightStorage.EMBEDDED)));
    GeneratedSource elsewhere = Tflite2JavaCompiler.compile(new CompileRequest(
        SharedFiles.model(MODEL + ".tflite"), "test.other.Mobilenet",
        CompileOptions.defaults().withImageHelpers(true)
            .withWeights(WeightStorage.EMBEDDED)));

    assertEquals(generated.companions(), second.companions(), "same file, same content");
    GeneratedSource.Companion third = elsewhere.companions().get(0);
    assertEquals("test/other/Tflite2javaImageResizer.java", third.relativePath());
    assertTrue(third.content().contains("\npackage test.other;\n"));
    assertEquals(generated.companions().get(0).content().replace("package test.helpers;",
        "package test.other;"), third.content());

    // Both model classes and the one resizer, in one javac run: each class fills its input
    // through the shared resizer, as runtime-min does.
    Map<String, String> sources = new java.util.LinkedHashMap<>();
    sources.put(CLASS, generated.source());
    sources.put(other, second.source());
    GeneratedSource.Companion resizer = generated.companions().get(0);
    sources.put(resizer.className(), resizer.content());
    InMemoryJavac.Outcome outcome = InMemoryJavac.tryCompile(sources, List.of(), 20_000);
    assertEquals(null, outcome.error());
    int[] argb = NoDesktopMain.argb();
    byte[] expected = ImageResizer.resizeArgb(argb, NoDesktopMain.WIDTH, NoDesktopMain.HEIGHT,
        128, 128);
    for (String name : List.of(CLASS, other)) {
      byte[] input = (byte[]) outcome.compiled().load(name)
          .getMethod("inputFromArgb", int[].class, int.class, int.class)
          .invoke(null, argb, NoDesktopMain.WIDTH, NoDesktopMain.HEIGHT);
      assertArrayEquals(expected, input, name);
    }
    assertTrue(outcome.compiled().classFiles().containsKey(resizer.className()));
  }

  @Test
  void aModelClassCannotTakeTheResizersName() {
    ModelCompileException e = assertThrows(ModelCompileException.class, () ->
        Tflite2JavaCompiler.compile(new CompileRequest(SharedFiles.model(MODEL + ".tflite"),
            "test.helpers.Tflite2javaImageResizer", CompileOptions.defaults())));

    assertEquals(ImageHelpersEmitter.RESERVED_CLASS_NAME, e.problems().get(0).id());
    assertTrue(e.getMessage().contains("class name test.helpers.Tflite2javaImageResizer is"
        + " reserved"), e.getMessage());
  }

  @Test
  void runsWithoutJavaDesktop(@TempDir Path dir) throws Exception {
    for (Map.Entry<String, byte[]> c : InMemoryJavac.compile(generated)
        .classFiles().entrySet()) {
      String text = new String(c.getValue(), StandardCharsets.ISO_8859_1);
      assertEquals(c.getKey().equals(CLASS + "$Awt"), text.contains("java/awt"),
          c.getKey() + ": only the nested Awt class may name java.awt");
      Path file = dir.resolve(c.getKey().replace('.', '/') + ".class");
      Files.createDirectories(file.getParent());
      Files.write(file, c.getValue());
    }
    Path driver = Path.of(NoDesktopMain.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--limit-modules", "java.base", "-cp", dir + File.pathSeparator + driver,
        NoDesktopMain.class.getName(), CLASS);
    Path log = dir.resolve("child.log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the child JVM did not finish");
    }
    String out = Files.readString(log);
    assertEquals(0, p.exitValue(), out);

    byte[] input = (byte[]) model.getMethod("inputFromArgb", int[].class, int.class, int.class)
        .invoke(null, NoDesktopMain.argb(), NoDesktopMain.WIDTH, NoDesktopMain.HEIGHT);
    byte[] output = (byte[]) model.getMethod("infer", byte[].class).invoke(null, input);
    assertEquals("no java.awt\ninput " + Arrays.hashCode(input) + " output "
        + Arrays.hashCode(output) + "\n", out.replace("\r\n", "\n"));
  }

  @Test
  void wrongLabelCountFailsNamingBothCounts() throws Exception {
    List<String> short1000 = new ArrayList<>(labels.subList(1, 1001));
    ModelCompileException e = assertThrows(ModelCompileException.class, () ->
        Tflite2JavaCompiler.compile(new CompileRequest(SharedFiles.model(MODEL + ".tflite"),
            CLASS, CompileOptions.defaults().withLabels(short1000))));

    assertEquals(LabelsEmitter.LABELS_MISMATCH, e.problems().get(0).id());
    assertTrue(e.getMessage().contains("1000 labels but the output [1,1001] has 1001 classes"),
        e.getMessage());
  }

  @Test
  void manyLongLabelsStayBelowTheConstantLimit() throws Exception {
    List<String> many = new ArrayList<>(Collections.nCopies(1001, "x".repeat(200) + "\u00e9"));
    GeneratedSource s = Tflite2JavaCompiler.compile(new CompileRequest(
        SharedFiles.model(MODEL + ".tflite"), CLASS, CompileOptions.defaults().withLabels(many)));
    Class<?> c = InMemoryJavac.compile(s).load(CLASS);

    assertEquals(many, c.getField("LABELS").get(null));
  }

  /** {@code image} scaled to {@code w x h} and drawn into a new image of {@code type}. */
  private static BufferedImage convert(BufferedImage image, int type, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, type);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(image, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    if (type == BufferedImage.TYPE_INT_ARGB) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out.setRGB(x, y, out.getRGB(x, y) & 0x00FFFFFF | (x * 255 / w) << 24);
        }
      }
    }
    return out;
  }

  private static List<Integer> indices(List<?> predictions) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (Object p : predictions) {
      out.add((Integer) p.getClass().getMethod("index").invoke(p));
    }
    return out;
  }

  private interface Call {
    Object call() throws Exception;
  }

  private static Class<?> cause(Call call) throws Exception {
    try {
      call.call();
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause().getClass();
    }
  }
}

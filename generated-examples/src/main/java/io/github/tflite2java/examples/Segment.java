package io.github.tflite2java.examples;

import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Segments an image with DeepLab v3 (MobileNet v2, PASCAL VOC's 21 classes), compiled to plain
 * Java by tflite2java, prints how much of the image each class covers and writes a PNG with the
 * classes drawn as a translucent mask in the PASCAL VOC palette.
 *
 * <pre>
 * java -jar tflite2java-generated-examples-VERSION-segment.jar [--out FILE.png]
 *     [image.(bmp|jpg|png)]
 * </pre>
 *
 * <p>Without an image it looks at {@code ../shared/images/grace_hopper.bmp}; the picture goes to
 * {@code target/segment.png} unless {@code --out} says otherwise.
 */
public final class Segment {

  static final String DEFAULT_OUT = "target/segment.png";

  /** Opacity of the mask, out of 255. */
  static final int ALPHA = 128;

  /** PASCAL VOC's classes, in the model's order. */
  static final String[] CLASSES = {
    "background", "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair",
    "cow", "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa",
    "train", "tvmonitor"
  };

  static final String USAGE =
      "usage: java -jar tflite2java-generated-examples-<version>-segment.jar"
          + " [--out FILE.png] [image.(bmp|jpg|png)]";

  private Segment() {}

  /** Runs the program and exits with its status: 0 on success, 1 on any error. */
  public static void main(String[] args) {
    ExampleSupport.main(args, Segment::run);
  }

  /** Runs the program with the given streams and returns the exit status; never throws. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return ExampleSupport.run(args, out, err, USAGE, DEFAULT_OUT, (a, image) -> {
      int w = image.getWidth();
      int h = image.getHeight();

      long start = System.nanoTime();
      DeeplabV3 model = new DeeplabV3(); // loads and initialises the class
      double initMillis = ExampleSupport.millisSince(start);
      byte[] input = DeeplabV3.Awt.inputFromImage(image);
      long[] output = new long[DeeplabV3.OUTPUT_SIZE];
      start = System.nanoTime();
      model.infer(input, output);
      double inferMillis = ExampleSupport.millisSince(start);

      int[] classMap = DeeplabV3.classMap(output, w, h);
      for (String line : summary(classMap)) {
        out.println(line);
      }
      ExampleSupport.writePng(picture(image, classMap), a.out);
      out.println(
          String.format(
              Locale.ROOT,
              "class map %dx%d scaled to the image's %dx%d; DeeplabV3 (input %dx%dx%d):"
                  + " class init %.1f ms, inference %.1f ms",
              DeeplabV3.INPUT_WIDTH,
              DeeplabV3.INPUT_HEIGHT,
              w,
              h,
              DeeplabV3.INPUT_HEIGHT,
              DeeplabV3.INPUT_WIDTH,
              DeeplabV3.INPUT_CHANNELS,
              initMillis,
              inferMillis));
    });
  }

  /** One line per class present: index, name, pixels and share of the image, most first. */
  static String[] summary(int[] classMap) {
    int[] counts = DeeplabV3.Segmentation.counts(classMap, CLASSES.length);
    Integer[] order = new Integer[CLASSES.length];
    for (int c = 0; c < order.length; c++) {
      order[c] = c;
    }
    java.util.Arrays.sort(order, (p, q) -> counts[q] != counts[p] ? counts[q] - counts[p] : p - q);
    java.util.List<String> lines = new java.util.ArrayList<>();
    for (int c : order) {
      if (counts[c] > 0) {
        lines.add(
            String.format(
                Locale.ROOT,
                "%d %s %d px %.1f%% #%06X",
                c,
                CLASSES[c],
                counts[c],
                100.0 * counts[c] / classMap.length,
                DeeplabV3.Segmentation.vocColor(c)));
      }
    }
    return lines.toArray(new String[0]);
  }

  /** The image with every non-background pixel blended with its class's VOC colour. */
  static BufferedImage picture(BufferedImage image, int[] classMap) {
    int[] colors = new int[256];
    for (int c = 0; c < colors.length; c++) {
      colors[c] = DeeplabV3.Segmentation.vocColor(c);
    }
    return Pictures.mask(image, classMap, colors, ALPHA);
  }
}

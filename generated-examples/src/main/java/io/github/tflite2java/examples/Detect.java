package io.github.tflite2java.examples;

import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Finds objects in an image with SSD MobileNet v2 (COCO), compiled to plain Java by tflite2java
 * with its {@code TFLite_Detection_PostProcess}, prints them (label, score, box in pixels of the
 * image) and writes a PNG with the boxes drawn.
 *
 * <pre>
 * java -jar tflite2java-generated-examples-VERSION-detect.jar [--min-score 0.5] [--out FILE.png]
 *     [image.(bmp|jpg|png)]
 * </pre>
 *
 * <p>Without an image it looks at {@code ../shared/images/grace_hopper.bmp}; the picture goes to
 * {@code target/detect.png} unless {@code --out} says otherwise.
 */
public final class Detect {

  static final String DEFAULT_OUT = "target/detect.png";
  static final float DEFAULT_MIN_SCORE = 0.5f;

  static final String USAGE =
      "usage: java -jar tflite2java-generated-examples-<version>-detect.jar"
          + " [--min-score S] [--out FILE.png] [image.(bmp|jpg|png)]";

  private Detect() {}

  /** Runs the program and exits with its status: 0 on success, 1 on any error. */
  public static void main(String[] args) {
    ExampleSupport.main(args, Detect::run);
  }

  /** Runs the program with the given streams and returns the exit status; never throws. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return ExampleSupport.run(args, out, err, USAGE, DEFAULT_OUT, (a, image) -> {
      float minScore = a.floatValue("--min-score", DEFAULT_MIN_SCORE);

      long start = System.nanoTime();
      SsdMobilenetV2 model = new SsdMobilenetV2(); // loads and initialises the class
      double initMillis = ExampleSupport.millisSince(start);
      byte[] input = SsdMobilenetV2.Awt.inputFromImage(image);
      float[] boxes = new float[SsdMobilenetV2.OUTPUT_0_SIZE];
      float[] classes = new float[SsdMobilenetV2.OUTPUT_1_SIZE];
      float[] scores = new float[SsdMobilenetV2.OUTPUT_2_SIZE];
      float[] count = new float[SsdMobilenetV2.OUTPUT_3_SIZE];
      start = System.nanoTime();
      model.infer(input, boxes, classes, scores, count);
      double inferMillis = ExampleSupport.millisSince(start);

      List<SsdMobilenetV2.Detection> found =
          SsdMobilenetV2.detections(
              boxes, classes, scores, count, image.getWidth(), image.getHeight(), minScore);
      for (SsdMobilenetV2.Detection d : found) {
        out.println(d);
      }
      ExampleSupport.writePng(picture(image, found), a.out);
      out.println(
          String.format(
              Locale.ROOT,
              "%d of %d detections score %.2f or more; SsdMobilenetV2 (input %dx%dx%d):"
                  + " class init %.1f ms, inference %.1f ms",
              found.size(),
              (int) count[0],
              minScore,
              SsdMobilenetV2.INPUT_HEIGHT,
              SsdMobilenetV2.INPUT_WIDTH,
              SsdMobilenetV2.INPUT_CHANNELS,
              initMillis,
              inferMillis));
    }, "--min-score");
  }

  /** The image with each detection's box and caption, the best drawn last (on top). */
  static BufferedImage picture(BufferedImage image, List<SsdMobilenetV2.Detection> found) {
    int n = found.size();
    float[][] boxes = new float[n][];
    int[] colors = new int[n];
    String[] captions = new String[n];
    for (int i = 0; i < n; i++) {
      SsdMobilenetV2.Detection d = found.get(n - 1 - i);
      boxes[i] = new float[] {d.left(), d.top(), d.right(), d.bottom()};
      colors[i] = Pictures.classColor(d.classIndex());
      captions[i] = String.format(Locale.ROOT, "%s %.2f", d.label(), d.score());
    }
    return Pictures.boxes(image, boxes, colors, captions);
  }
}

package io.github.tflite2java.examples;

import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Finds the 17 body keypoints of one person with MoveNet SinglePose Lightning, compiled to plain
 * Java by tflite2java, prints them (name, position in pixels of the image, score) and writes a PNG
 * with the skeleton drawn.
 *
 * <pre>
 * java -jar tflite2java-generated-examples-VERSION-pose.jar [--out FILE.png]
 *     [image.(bmp|jpg|png)]
 * </pre>
 *
 * <p>Without an image it looks at {@code ../shared/images/grace_hopper.bmp}; the picture goes to
 * {@code target/pose.png} unless {@code --out} says otherwise.
 */
public final class Pose {

  static final String DEFAULT_OUT = "target/pose.png";

  static final String USAGE =
      "usage: java -jar tflite2java-generated-examples-<version>-pose.jar"
          + " [--out FILE.png] [image.(bmp|jpg|png)]";

  private Pose() {}

  /** Runs the program and exits with its status: 0 on success, 1 on any error. */
  public static void main(String[] args) {
    ExampleSupport.main(args, Pose::run);
  }

  /** Runs the program with the given streams and returns the exit status; never throws. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return ExampleSupport.run(args, out, err, USAGE, DEFAULT_OUT, (a, image) -> {
      long start = System.nanoTime();
      MovenetLightning model = new MovenetLightning(); // loads and initialises the class
      double initMillis = ExampleSupport.millisSince(start);
      byte[] input = MovenetLightning.Awt.inputFromImage(image);
      float[] output = new float[MovenetLightning.OUTPUT_SIZE];
      start = System.nanoTime();
      model.infer(input, output);
      double inferMillis = ExampleSupport.millisSince(start);

      List<MovenetLightning.Keypoint> points =
          MovenetLightning.keypoints(output, image.getWidth(), image.getHeight());
      int n = points.size();
      float[] x = new float[n];
      float[] y = new float[n];
      float[] score = new float[n];
      for (int i = 0; i < n; i++) {
        MovenetLightning.Keypoint p = points.get(i);
        out.println(p);
        x[i] = p.x();
        y[i] = p.y();
        score[i] = p.score();
      }
      BufferedImage picture =
          PoseView.picture(image, x, y, score, MovenetLightning.Keypoint.skeleton(n));
      ExampleSupport.writePng(picture, a.out);
      out.println(
          String.format(
              Locale.ROOT,
              "keypoints scoring %.2f or more drawn; MovenetLightning (input %dx%dx%d):"
                  + " class init %.1f ms, inference %.1f ms",
              PoseView.MIN_SCORE,
              MovenetLightning.INPUT_HEIGHT,
              MovenetLightning.INPUT_WIDTH,
              MovenetLightning.INPUT_CHANNELS,
              initMillis,
              inferMillis));
    });
  }
}

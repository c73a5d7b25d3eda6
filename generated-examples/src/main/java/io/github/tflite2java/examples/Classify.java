package io.github.tflite2java.examples;

import io.github.tflite2java.runtime.ImageResizer;
import io.github.tflite2java.runtime.Labels;
import io.github.tflite2java.runtime.TopK;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Classifies an image with one of the MobileNet models that tflite2java compiled to plain Java
 * (v1 at four sizes, v2 uint8, and v2 full-integer int8 with uint8 input and output), printing
 * the top-5 classes and the inference time.
 *
 * <pre>
 * java -jar tflite2java-generated-examples-VERSION-classify.jar \
 *     [--model 1.0_224|0.25_128|0.5_160|0.75_192|v2|v2_int8] [--labels FILE]
 *     [image.(bmp|jpg|png)]
 * </pre>
 *
 * <p>Without an image it classifies {@code ../shared/images/grace_hopper.bmp}; the labels default
 * to {@code ../shared/models/labels_mobilenet_quant_v1_224.txt}. Both are looked up as {@code
 * ../shared/...} relative to the working directory and each of its parents, or under the directory
 * named by the system property {@code tflite2java.shared}. The image is decoded with ImageIO and
 * resized to the model input the way ImageMagick's {@code -resize WxH! -depth 8} does.
 */
public final class Classify {

  static final String DEFAULT_MODEL = "1.0_224";
  static final String DEFAULT_IMAGE = "images/grace_hopper.bmp";
  static final String DEFAULT_LABELS = "models/labels_mobilenet_quant_v1_224.txt";
  static final String SHARED_PROPERTY = "tflite2java.shared";
  static final int TOP = 5;

  static final String USAGE =
      "usage: java -jar tflite2java-generated-examples-<version>-classify.jar"
          + " [--model 1.0_224|0.25_128|0.5_160|0.75_192|v2|v2_int8] [--labels FILE]"
          + " [image.(bmp|jpg|png)]";

  private Classify() {}

  /** Runs the program and exits with its status: 0 on success, 1 on any error. */
  public static void main(String[] args) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    int status = run(args, System.out, System.err);
    System.out.flush();
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the program with the given streams and returns the exit status; never throws. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      Options options = Options.parse(args);
      if (options.help) {
        out.println(USAGE);
        return 0;
      }
      Path cwd = Paths.get("").toAbsolutePath();
      String shared = System.getProperty(SHARED_PROPERTY);
      Path imageFile =
          options.image != null ? options.image : findShared(cwd, shared, DEFAULT_IMAGE);
      Path labelsFile =
          options.labels != null ? options.labels : findShared(cwd, shared, DEFAULT_LABELS);

      RgbImage image = RgbImage.read(imageFile);
      List<String> labels = readLabels(labelsFile);
      Model model = Model.named(options.model); // touches only this model's class
      if (model.channels != 3) {
        throw new ClassifyException(
            "model " + model.name + " wants " + model.channels + " input channels, not 3 (RGB)");
      }
      byte[] input =
          ImageResizer.resizeArgb(
              image.argb, image.width, image.height, model.width, model.height, image.palette);

      long loadStart = System.nanoTime();
      initialize(model.className);
      long loadNanos = System.nanoTime() - loadStart;
      long start = System.nanoTime();
      byte[] output = model.inference.infer(input);
      long nanos = System.nanoTime() - start;

      for (TopK.Entry entry :
          TopK.uint8(output, TOP, model.outputScale, model.outputZeroPoint, labels)) {
        out.println(entry);
      }
      out.println(
          String.format(
              Locale.ROOT,
              "model %s (%s, input %dx%dx%d): class init %.1f ms, inference %.1f ms",
              model.name,
              model.className,
              model.height,
              model.width,
              model.channels,
              loadNanos / 1e6,
              nanos / 1e6));
      return 0;
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.println(USAGE);
      return 1;
    } catch (ClassifyException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (RuntimeException | LinkageError e) {
      err.println("error: " + e);
      return 1;
    }
  }

  /** Loads and initialises a model class, so that its static set-up is not timed as inference. */
  private static void initialize(String simpleName) throws ClassifyException {
    String self = Classify.class.getName();
    String name = self.substring(0, self.lastIndexOf('.') + 1) + simpleName;
    try {
      Class.forName(name, true, Classify.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ClassifyException("model class not found: " + name);
    }
  }

  /**
   * Resolves {@code ../shared/<relative>} against {@code start} and each of its parents, returning
   * the first that exists; with {@code sharedProperty} set, returns {@code
   * <sharedProperty>/<relative>} instead. If nothing exists, returns the first candidate (so the
   * error names a sensible path).
   */
  static Path findShared(Path start, String sharedProperty, String relative) {
    if (sharedProperty != null && !sharedProperty.isEmpty()) {
      return Paths.get(sharedProperty).resolve(relative);
    }
    Path first = null;
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("../shared").resolve(relative).normalize();
      if (first == null) {
        first = candidate;
      }
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    return first;
  }

  static List<String> readLabels(Path file) throws ClassifyException {
    if (!Files.isRegularFile(file)) {
      throw new ClassifyException("labels file not found: " + file);
    }
    try {
      return Labels.read(file);
    } catch (IOException e) {
      throw new ClassifyException("cannot read labels file " + file + ": " + e.getMessage());
    }
  }

  /** The parsed command line. */
  static final class Options {
    String model = DEFAULT_MODEL;
    Path labels;
    Path image;
    boolean help;

    static Options parse(String[] args) throws UsageException {
      Options options = new Options();
      boolean optionsEnded = false;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (!optionsEnded && arg.startsWith("-") && arg.length() > 1) {
          String name = arg;
          String value = null;
          int eq = arg.indexOf('=');
          if (arg.startsWith("--") && eq > 0) {
            name = arg.substring(0, eq);
            value = arg.substring(eq + 1);
          }
          if (name.equals("--")) {
            optionsEnded = true;
          } else if (name.equals("-h") || name.equals("--help")) {
            options.help = true;
          } else if (name.equals("--model") || name.equals("--labels")) {
            if (value == null) {
              if (i + 1 >= args.length) {
                throw new UsageException(name + " needs a value");
              }
              value = args[++i];
            }
            if (name.equals("--model")) {
              if (!Model.NAMES.contains(value)) {
                throw Model.unknown(value);
              }
              options.model = value;
            } else {
              options.labels = Paths.get(value);
            }
          } else {
            throw new UsageException("unknown option " + arg);
          }
        } else if (options.image == null) {
          options.image = Paths.get(arg);
        } else {
          throw new UsageException(
              "only one image can be given, got " + options.image + " and " + arg);
        }
      }
      return options;
    }
  }

  /** Runs one compiled model on an NHWC uint8 input. */
  interface Inference {
    byte[] infer(byte[] input);
  }

  /**
   * A compiled model: its name on the command line, class, input shape, output quantization and
   * entry point.
   */
  static final class Model {
    final String name;
    final String className;
    final int height;
    final int width;
    final int channels;
    final float outputScale;
    final int outputZeroPoint;
    final Inference inference;

    Model(
        String name,
        String className,
        int height,
        int width,
        int channels,
        float outputScale,
        int outputZeroPoint,
        Inference inference) {
      this.name = name;
      this.className = className;
      this.height = height;
      this.width = width;
      this.channels = channels;
      this.outputScale = outputScale;
      this.outputZeroPoint = outputZeroPoint;
      this.inference = inference;
    }

    /** The model names accepted by {@code --model}, flagship first. */
    static final List<String> NAMES =
        Collections.unmodifiableList(
            Arrays.asList("1.0_224", "0.25_128", "0.5_160", "0.75_192", "v2", "v2_int8"));

    /**
     * Returns the model called {@code name}; only this model's class is touched, so the others are
     * neither loaded nor initialised.
     */
    static Model named(String name) throws UsageException {
      if ("1.0_224".equals(name)) {
        return new Model(
            name,
            "MobilenetV1Quant",
            MobilenetV1Quant.INPUT_HEIGHT,
            MobilenetV1Quant.INPUT_WIDTH,
            MobilenetV1Quant.INPUT_CHANNELS,
            MobilenetV1Quant.OUTPUT_SCALE,
            MobilenetV1Quant.OUTPUT_ZERO_POINT,
            input -> MobilenetV1Quant.infer(input));
      } else if ("0.25_128".equals(name)) {
        return new Model(
            name,
            "MobilenetV1Quant025x128",
            MobilenetV1Quant025x128.INPUT_HEIGHT,
            MobilenetV1Quant025x128.INPUT_WIDTH,
            MobilenetV1Quant025x128.INPUT_CHANNELS,
            MobilenetV1Quant025x128.OUTPUT_SCALE,
            MobilenetV1Quant025x128.OUTPUT_ZERO_POINT,
            input -> MobilenetV1Quant025x128.infer(input));
      } else if ("0.5_160".equals(name)) {
        return new Model(
            name,
            "MobilenetV1Quant050x160",
            MobilenetV1Quant050x160.INPUT_HEIGHT,
            MobilenetV1Quant050x160.INPUT_WIDTH,
            MobilenetV1Quant050x160.INPUT_CHANNELS,
            MobilenetV1Quant050x160.OUTPUT_SCALE,
            MobilenetV1Quant050x160.OUTPUT_ZERO_POINT,
            input -> MobilenetV1Quant050x160.infer(input));
      } else if ("0.75_192".equals(name)) {
        return new Model(
            name,
            "MobilenetV1Quant075x192",
            MobilenetV1Quant075x192.INPUT_HEIGHT,
            MobilenetV1Quant075x192.INPUT_WIDTH,
            MobilenetV1Quant075x192.INPUT_CHANNELS,
            MobilenetV1Quant075x192.OUTPUT_SCALE,
            MobilenetV1Quant075x192.OUTPUT_ZERO_POINT,
            input -> MobilenetV1Quant075x192.infer(input));
      } else if ("v2".equals(name)) {
        return new Model(
            name,
            "MobilenetV2Quant",
            MobilenetV2Quant.INPUT_HEIGHT,
            MobilenetV2Quant.INPUT_WIDTH,
            MobilenetV2Quant.INPUT_CHANNELS,
            MobilenetV2Quant.OUTPUT_SCALE,
            MobilenetV2Quant.OUTPUT_ZERO_POINT,
            input -> MobilenetV2Quant.infer(input));
      } else if ("v2_int8".equals(name)) {
        return new Model(
            name,
            "MobilenetV2Int8",
            MobilenetV2Int8.INPUT_HEIGHT,
            MobilenetV2Int8.INPUT_WIDTH,
            MobilenetV2Int8.INPUT_CHANNELS,
            MobilenetV2Int8.OUTPUT_SCALE,
            MobilenetV2Int8.OUTPUT_ZERO_POINT,
            input -> MobilenetV2Int8.infer(input));
      }
      throw unknown(name);
    }

    static UsageException unknown(String name) {
      StringBuilder known = new StringBuilder();
      for (String n : NAMES) {
        known.append(known.length() == 0 ? "" : ", ").append(n);
      }
      return new UsageException("unknown model " + name + " (known: " + known + ")");
    }
  }

  /**
   * A decoded image as packed {@code 0xAARRGGBB} pixels, and whether ImageMagick would hold it as a
   * palette image (which changes its resize filter).
   */
  static final class RgbImage {
    final int width;
    final int height;
    final int[] argb;
    final boolean palette;

    RgbImage(int width, int height, int[] argb, boolean palette) {
      this.width = width;
      this.height = height;
      this.argb = argb;
      this.palette = palette;
    }

    /** Decodes a BMP, JPEG, PNG (or any ImageIO format) file. */
    static RgbImage read(Path file) throws ClassifyException {
      if (!Files.exists(file)) {
        throw new ClassifyException("image not found: " + file);
      }
      if (!Files.isRegularFile(file)) {
        throw new ClassifyException("not a file: " + file);
      }
      BufferedImage image;
      try {
        image = ImageIO.read(file.toFile());
      } catch (IOException | RuntimeException e) {
        String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        throw new ClassifyException("cannot decode image " + file + ": " + why);
      }
      if (image == null) {
        throw new ClassifyException(
            "cannot decode image " + file + ": not a BMP, JPEG, PNG or other ImageIO format");
      }
      return of(image);
    }

    /**
     * Converts to ARGB. Grey images are read from their raster, since {@code getRGB} would apply
     * Java's linear-grey-to-sRGB conversion and change the stored values ImageMagick works on.
     * Indexed-colour, 8-bit grey and translucent images count as palette images: ImageMagick 6
     * resizes those (and images with alpha) with its Mitchell filter. Alpha itself is ignored, so
     * translucent images come out close to, not exactly as, ImageMagick's.
     */
    static RgbImage of(BufferedImage image) {
      int w = image.getWidth();
      int h = image.getHeight();
      int[] argb;
      Raster raster = image.getRaster();
      ColorModel model = image.getColorModel();
      int bits = model.getComponentSize(0);
      boolean grey = model.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
      boolean palette = model instanceof IndexColorModel || model.hasAlpha() || (grey && bits == 8);
      if (grey && (bits == 8 || bits == 16)) {
        int[] samples = raster.getSamples(0, 0, w, h, 0, (int[]) null);
        argb = new int[w * h];
        for (int i = 0; i < argb.length; i++) {
          int g = bits == 8 ? samples[i] : (samples[i] + 128) / 257;
          argb[i] = 0xFF000000 | g << 16 | g << 8 | g;
        }
      } else {
        argb = image.getRGB(0, 0, w, h, null, 0, w);
      }
      return new RgbImage(w, h, argb, palette);
    }
  }

  /** A problem to report as one line on stderr with exit status 1. */
  static class ClassifyException extends Exception {
    private static final long serialVersionUID = 1L;

    ClassifyException(String message) {
      super(message);
    }
  }

  /** A command-line mistake: reported with the usage line. */
  static final class UsageException extends ClassifyException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}

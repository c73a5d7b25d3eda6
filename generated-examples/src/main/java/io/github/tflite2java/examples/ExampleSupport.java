package io.github.tflite2java.examples;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * What the Detect, Segment and Pose examples share: their {@code main} and the frame of their
 * {@code run} (the command line {@code [--out FILE.png] [--name value ...] [image]}, help,
 * reading the image, the errors and exit status), and writing the picture.
 */
final class ExampleSupport {

  private ExampleSupport() {}

  /** An example's {@code run}: the exit status for {@code args}; never throws. */
  interface Runner {
    int run(String[] args, PrintStream out, PrintStream err);
  }

  /** An example's own work, on its parsed command line and the decoded image. */
  interface Program {
    /**
     * Runs the model on {@code image}, prints what it found and writes the picture to {@code
     * args.out}.
     */
    void run(Args args, BufferedImage image)
        throws Classify.UsageException, Classify.ClassifyException;
  }

  /**
   * An example's {@code main}: headless AWT unless set, runs it and exits with its status (0 on
   * success, 1 on any error).
   */
  static void main(String[] args, Runner runner) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    int status = runner.run(args, System.out, System.err);
    System.out.flush();
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * An example's {@code run}: parses {@code args} ({@code --out}, default {@code defaultOut},
   * and the float-valued {@code floatOptions}); on {@code --help} prints {@code usage}; checks
   * the float options' values, reads the image (or the default one), runs {@code program} and
   * prints where the picture went. Errors go to {@code err} as {@code error: ...} (with the
   * usage after a command-line error) and return 1; never throws.
   */
  static int run(String[] args, PrintStream out, PrintStream err, String usage,
      String defaultOut, Program program, String... floatOptions) {
    try {
      Args a = Args.parse(args, defaultOut, floatOptions);
      if (a.help) {
        out.println(usage);
        return 0;
      }
      for (String option : floatOptions) {
        a.floatValue(option, 0f);
      }
      BufferedImage image = readImage(a.imageOrDefault());
      program.run(a, image);
      out.println("picture: " + a.out);
      return 0;
    } catch (Classify.UsageException e) {
      err.println("error: " + e.getMessage());
      err.println(usage);
      return 1;
    } catch (Classify.ClassifyException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (RuntimeException | LinkageError e) {
      err.println("error: " + e);
      return 1;
    }
  }

  /** The parsed command line of an example. */
  static final class Args {
    Path image;
    Path out;
    boolean help;
    final Map<String, String> values = new LinkedHashMap<>();

    /**
     * Parses {@code args}: {@code --out FILE}, the options named in {@code valueOptions} (each
     * with a value, as {@code --name value} or {@code --name=value}), {@code -h/--help}, and at
     * most one image.
     */
    static Args parse(String[] args, String defaultOut, String... valueOptions)
        throws Classify.UsageException {
      Args a = new Args();
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
            a.help = true;
          } else if (name.equals("--out") || java.util.Arrays.asList(valueOptions).contains(name)) {
            if (value == null) {
              if (i + 1 >= args.length) {
                throw new Classify.UsageException(name + " needs a value");
              }
              value = args[++i];
            }
            if (name.equals("--out")) {
              a.out = Paths.get(value);
            } else {
              a.values.put(name, value);
            }
          } else {
            throw new Classify.UsageException("unknown option " + arg);
          }
        } else if (a.image == null) {
          a.image = Paths.get(arg);
        } else {
          throw new Classify.UsageException(
              "only one image can be given, got " + a.image + " and " + arg);
        }
      }
      if (a.out == null) {
        a.out = Paths.get(defaultOut);
      }
      return a;
    }

    /** The image given, or {@code ../shared/images/grace_hopper.bmp} found from here. */
    Path imageOrDefault() {
      if (image != null) {
        return image;
      }
      return Classify.findShared(
          Paths.get("").toAbsolutePath(),
          System.getProperty(Classify.SHARED_PROPERTY),
          Classify.DEFAULT_IMAGE);
    }

    /** A float option's value, or {@code fallback}. */
    float floatValue(String name, float fallback) throws Classify.UsageException {
      String v = values.get(name);
      if (v == null) {
        return fallback;
      }
      try {
        return Float.parseFloat(v);
      } catch (NumberFormatException e) {
        throw new Classify.UsageException(name + " needs a number, not " + v);
      }
    }
  }

  /** Decodes an image file, with the errors Classify gives. */
  static BufferedImage readImage(Path file) throws Classify.ClassifyException {
    if (!Files.exists(file)) {
      throw new Classify.ClassifyException("image not found: " + file);
    }
    if (!Files.isRegularFile(file)) {
      throw new Classify.ClassifyException("not a file: " + file);
    }
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      throw new Classify.ClassifyException("cannot decode image " + file + ": " + why);
    }
    if (image == null) {
      throw new Classify.ClassifyException(
          "cannot decode image " + file + ": not a BMP, JPEG, PNG or other ImageIO format");
    }
    return image;
  }

  /** Writes {@code picture} as a PNG, creating the folder. */
  static void writePng(BufferedImage picture, Path file) throws Classify.ClassifyException {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      File f = file.toFile();
      if (!ImageIO.write(picture, "png", f)) {
        throw new Classify.ClassifyException("no PNG writer");
      }
    } catch (IOException e) {
      throw new Classify.ClassifyException("cannot write " + file + ": " + e.getMessage());
    }
  }

  /** Milliseconds since {@code start} (from {@link System#nanoTime()}). */
  static double millisSince(long start) {
    return (System.nanoTime() - start) / 1e6;
  }
}

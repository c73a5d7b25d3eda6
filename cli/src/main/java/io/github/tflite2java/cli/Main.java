package io.github.tflite2java.cli;

import io.github.tflite2java.buildcore.GenerationException;
import io.github.tflite2java.buildcore.GenerationRequest;
import io.github.tflite2java.buildcore.GenerationResult;
import io.github.tflite2java.buildcore.IncrementalGenerator;
import io.github.tflite2java.buildcore.ModelSpec;
import io.github.tflite2java.buildcore.OutOfMemory;
import io.github.tflite2java.buildcore.ToolFingerprint;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Command-line front end over the same build core as the Maven plugin: compiles one .tflite
 * model into one Java source file, with the plugin's labels, image helpers, report, checksum and
 * up-to-date check.
 *
 * <pre>
 * java -jar tflite2java-VERSION-cli.jar \
 *     --model mobilenet_v1_1.0_224_quant.tflite --class com.example.MobilenetV1 --out src/gen
 * </pre>
 *
 * <p>Exit status: {@value #OK} on success, {@value #MODEL_ERROR} when the model cannot be
 * compiled (corrupt or unsupported, or not the configured checksum; the problems are printed) or
 * a file cannot be read or written, {@value #USAGE_ERROR} for a wrong command line (including a
 * missing model or labels file), {@value #INTERNAL_ERROR} for a bug in tflite2java (with a stack
 * trace to report).
 */
public final class Main {

  static final int OK = 0;
  static final int MODEL_ERROR = 1;
  static final int USAGE_ERROR = 2;
  static final int INTERNAL_ERROR = 3;

  private static final String PROGRAM = "tflite2java";

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The full help text. */
  static String help() {
    return String.join("\n",
        usageLine(),
        "",
        "Compiles a quantized TensorFlow Lite model into one dependency-free Java source file.",
        "",
        "Options:",
        "  --model FILE   the .tflite model to compile",
        "  --class NAME   fully qualified name of the class to generate,",
        "                 e.g. com.example.MobilenetV1",
        "  --out DIR      source root to write to; the class goes to",
        "                 DIR/com/example/MobilenetV1.java (rewritten only if it changed)",
        "  --labels FILE  class labels, UTF-8, one per output element: the class gets",
        "                 LABELS and topK(output, k)",
        "  --image-helpers",
        "                 generate inputFromArgb, inputFromRgb and Awt.inputFromImage",
        "                 (ImageMagick's resize, quantized for the model); the resizer",
        "                 is written once per package, as Tflite2javaImageResizer.java",
        "  --report DIR   write DIR/<class>/report.html and report.json (layers, MACs,",
        "                 weights, activation memory)",
        "  --sha256 HEX   the SHA-256 the model file must have; exit 1 when it differs",
        "  --tflite-version V",
        "                 the TFLite build whose output bytes to reproduce: 2.9 (default)",
        "                 or 2.6",
        "  --batch N      compile a model with a dynamic batch (-1 in dimension 0 of its",
        "                 shape signatures) for batch N, as TFLite's ResizeInputTensor",
        "                 would (default: the batch the model stores, normally 1)",
        "  --state FILE   where the up-to-date state is kept (default",
        "                 DIR/.tflite2java/<class>.state); when the model, options and",
        "                 tool are unchanged since the last run, nothing is compiled",
        "  --max-tensor-elements N, --max-weight-bytes N, --max-arena-bytes N,",
        "  --max-source-bytes N",
        "                 raise (or lower) the limits that protect against hostile or",
        "                 mistaken models: elements of the largest tensor (default 64m),",
        "                 bytes of weights (1g), bytes of one instance's activations",
        "                 (256m), characters of generated source (1g); N is a whole",
        "                 number with an optional k, m or g suffix (powers of 1024)",
        "  --weights MODE where the class keeps its weights: embedded (string constants in",
        "                 the class; up to 64m of weights), resource (a binary resource",
        "                 <Class>.weights beside the class, read at class initialization),",
        "                 or auto (default: embedded up to 256k of weights, else resource)",
        "  --resources-out DIR",
        "                 resource root for <Class>.weights (default: the --out directory);",
        "                 it must end up on the class path beside the class",
        "  --kernels scalar|vector",
        "                 vector also writes <class>Vector.java, kernels on",
        "                 jdk.incubator.vector, to DIR-vector (compile it with javac",
        "                 --release 17 --add-modules jdk.incubator.vector); the model",
        "                 class runs it when the JVM has that module (default scalar)",
        "  --row-kernel-channels N",
        "                 advanced, for experiments: CONV_2D layers with fewer output",
        "                 channels use the output-row kernel (default 32; 0 never)",
        "  -h, --help     print this help and exit",
        "  --version      print the version and exit",
        "",
        "Exit status: 0 success, 1 the model cannot be compiled (corrupt, unsupported, wrong",
        "checksum) or a file cannot be read or written, 2 wrong command line, 3 internal error.",
        "");
  }

  private static String usageLine() {
    return "Usage: java -jar tflite2java-" + version()
        + "-cli.jar --model FILE --class NAME --out DIR [--labels FILE] [--image-helpers]"
        + " [--report DIR] [--sha256 HEX] [--tflite-version V] [--batch N] [--weights MODE]"
        + " [--resources-out DIR] [--kernels K] [--max-... N]";
  }
  /** Runs the CLI and returns the exit status instead of exiting. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    CliArguments arguments;
    try {
      arguments = CliArguments.parse(args);
    } catch (UsageException e) {
      return usageError(err, e.getMessage());
    }
    switch (arguments.action()) {
      case HELP:
        out.print(help());
        return OK;
      case VERSION:
        out.println(PROGRAM + " " + version());
        return OK;
      default:
        return compile(arguments, out, err);
    }
  }

  private static int compile(CliArguments arguments, PrintStream out, PrintStream err) {
    Path model = Path.of(arguments.model());
    if (!Files.exists(model)) {
      return usageError(err, arguments.model() + ": model file not found");
    }
    if (!Files.isRegularFile(model)) {
      return usageError(err, arguments.model() + ": model file is not a regular file");
    }
    ModelSpec spec = new ModelSpec(null, model, arguments.model(), arguments.className(),
        arguments.sha256(), arguments.labels(), arguments.imageHelpers());
    try {
      GenerationRequest request = new GenerationRequest(List.of(spec),
          arguments.outputDirectory(), arguments.stateFile(), arguments.options(),
          ToolFingerprint.of(PROGRAM + "-cli", version(), Main.class,
              Tflite2JavaCompiler.class),
          arguments.reportDirectory(), arguments.resourceDirectory());
      GenerationResult result =
          new IncrementalGenerator(OutOfMemory.Tool.CLI).generate(request);
      Path file = request.outputDirectory().resolve(
          arguments.className().replace('.', '/') + ".java");
      if (result.outputs().isEmpty()) {
        out.println(arguments.className() + " is up to date: " + file);
      }
      for (Path deleted : result.deleted()) {
        out.println("Deleted " + deleted);
      }
      for (GenerationResult.Output o : result.outputs()) {
        out.println(o.source().summary());
        out.println((o.changed() ? "Wrote " : "Unchanged ") + o.file());
        for (GenerationResult.Companion c : o.companions()) {
          out.println((c.changed() ? "Wrote " : "Unchanged ") + c.file());
        }
        if (o.weights() != null) {
          out.println((o.weights().changed() ? "Wrote " : "Unchanged ") + o.weights().file());
        }
        if (o.source().vectorClass() != null) {
          out.println("Vector class " + io.github.tflite2java.buildcore.VectorClasses.directory(
              request.outputDirectory()).resolve(o.source().vectorClass().relativePath())
              + " (javac --release 17 --add-modules jdk.incubator.vector)");
          if (o.source().vectorClass().weights() != null) {
            out.println("Vector weights " + request.resourceDirectory().resolve(
                o.source().vectorClass().weights().relativePath()));
          }
        }
        if (o.report() != null) {
          out.println("Report " + o.report());
        }
      }
      return OK;
    } catch (GenerationException e) {
      err.println(PROGRAM + ": " + e.getMessage());
      return e.kind() == GenerationException.Kind.CONFIGURATION ? USAGE_ERROR : MODEL_ERROR;
    } catch (IOException e) {
      err.println(PROGRAM + ": I/O error: " + describe(e));
      return MODEL_ERROR;
    } catch (OutOfMemoryError e) {
      err.println(PROGRAM + ": " + OutOfMemory.message(model, e, OutOfMemory.Tool.CLI));
      return MODEL_ERROR;
    } catch (RuntimeException | Error e) {
      err.println(PROGRAM + ": internal error compiling " + model
          + "; please report it with the model and this output:");
      e.printStackTrace(err);
      return INTERNAL_ERROR;
    }
  }

  private static int usageError(PrintStream err, String message) {
    err.println(PROGRAM + ": " + message);
    err.println(usageLine());
    err.println("Try --help for more information.");
    return USAGE_ERROR;
  }

  /** "NoSuchFileException: x" is clearer than just "x". */
  private static String describe(IOException e) {
    String simpleName = e.getClass().getSimpleName();
    return e.getMessage() == null ? simpleName : simpleName + ": " + e.getMessage();
  }

  /** The compiler's version, e.g. {@code 0.1.0}. */
  static String version() {
    return Tflite2JavaCompiler.version();
  }
}

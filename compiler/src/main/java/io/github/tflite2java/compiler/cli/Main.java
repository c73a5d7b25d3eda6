package io.github.tflite2java.compiler.cli;

import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Command-line front end: compiles one .tflite model into one Java source file.
 *
 * <pre>
 * java -jar tflite2java-compiler-VERSION-cli.jar \
 *     --model mobilenet_v1_1.0_224_quant.tflite --class com.example.MobilenetV1 --out src/gen
 * </pre>
 *
 * <p>Exit status: {@value #OK} on success, {@value #MODEL_ERROR} when the model cannot be
 * compiled (corrupt or unsupported; the problems are printed) or a file cannot be read or
 * written, {@value #USAGE_ERROR} for a wrong command line, {@value #INTERNAL_ERROR} for a bug in
 * tflite2java (with a stack trace to report).
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
        "  --tflite-version V",
        "                 the TFLite build whose output bytes to reproduce: 2.9 (default)",
        "                 or 2.6",
        "  --max-tensor-elements N, --max-weight-bytes N, --max-arena-bytes N,",
        "  --max-source-bytes N",
        "                 raise (or lower) the limits that protect against hostile or",
        "                 mistaken models: elements of the largest tensor (default 64m),",
        "                 bytes of weights (256m), bytes of one instance's activations",
        "                 (256m), characters of generated source (1g); N is a whole",
        "                 number with an optional k, m or g suffix (powers of 1024)",
        "  -h, --help     print this help and exit",
        "  --version      print the version and exit",
        "",
        "Exit status: 0 success, 1 the model cannot be compiled (corrupt or unsupported) or a",
        "file cannot be read or written, 2 wrong command line, 3 internal error.",
        "");
  }

  private static String usageLine() {
    return "Usage: java -jar tflite2java-compiler-" + version()
        + "-cli.jar --model FILE --class NAME --out DIR [--tflite-version V] [--max-... N]";
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
    Path model = arguments.model();
    if (!Files.exists(model)) {
      return usageError(err, "model file not found: " + model);
    }
    if (!Files.isRegularFile(model)) {
      return usageError(err, "model is not a regular file: " + model);
    }
    try {
      GeneratedSource generated =
          Tflite2JavaCompiler.compile(
              new CompileRequest(model, arguments.className(), arguments.options()));
      Path target = arguments.outputDirectory().resolve(generated.relativePath());
      boolean unchanged = Files.isRegularFile(target) && Arrays.equals(
          Files.readAllBytes(target), generated.source().getBytes(StandardCharsets.UTF_8));
      Path file = generated.writeTo(arguments.outputDirectory());
      out.println(generated.summary());
      out.println((unchanged ? "Unchanged " : "Wrote ") + file);
      return OK;
    } catch (ModelCompileException e) {
      err.println(PROGRAM + ": " + e.getMessage());
      return MODEL_ERROR;
    } catch (IOException e) {
      err.println(PROGRAM + ": I/O error: " + describe(e));
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

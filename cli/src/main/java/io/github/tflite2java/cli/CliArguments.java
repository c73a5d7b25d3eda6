package io.github.tflite2java.cli;

import io.github.tflite2java.buildcore.ClassNames;
import io.github.tflite2java.compiler.CompileLimits;
import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.KernelTuning;
import io.github.tflite2java.compiler.TfliteVersion;
import io.github.tflite2java.compiler.WeightStorage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed command line: either a request for help or the version, or one model to compile.
 * Options take their value as the next argument or after {@code =}: {@code --out DIR} or
 * {@code --out=DIR}; {@code --image-helpers} takes none.
 *
 * @param action what to do
 * @param model the .tflite file as given (for {@link Action#COMPILE})
 * @param className fully qualified class to generate (for {@link Action#COMPILE})
 * @param outputDirectory source root to write to (for {@link Action#COMPILE})
 * @param options compiler settings (for {@link Action#COMPILE})
 * @param labels the labels file, or null
 * @param imageHelpers whether to generate the image input helpers
 * @param reportDirectory where the HTML and JSON report go, or null for none
 * @param sha256 the SHA-256 the model file must have, or null
 * @param stateFile where the up-to-date state is kept
 * @param resourceDirectory where weights resources go ({@code --resources-out}), or null for
 *     the output directory
 */
record CliArguments(Action action, String model, String className, Path outputDirectory,
    CompileOptions options, Path labels, boolean imageHelpers, Path reportDirectory,
    String sha256, Path stateFile, Path resourceDirectory) {

  /** What the command line asks for. */
  enum Action { HELP, VERSION, COMPILE }

  private static final List<String> REQUIRED_OPTIONS = List.of("--model", "--class", "--out");
  /** The limit options, {@code --max-tensor-elements} etc., by {@link CompileLimits} name. */
  private static final List<String> LIMITS =
      List.of("maxTensorElements", "maxWeightBytes", "maxArenaBytes", "maxSourceBytes");
  private static final List<String> VALUE_OPTIONS = List.of("--model", "--class", "--out",
      "--tflite-version", "--labels", "--report", "--sha256", "--state", "--batch",
      "--row-kernel-channels", "--kernels", "--max-tensor-elements", "--max-weight-bytes",
      "--max-arena-bytes", "--max-source-bytes", "--weights", "--resources-out");
  private static final List<String> FLAGS = List.of("--image-helpers");

  private static CliArguments only(Action action) {
    return new CliArguments(action, null, null, null, null, null, false, null, null, null,
        null);
  }

  /** Parses the arguments; help and version win over everything else. */
  static CliArguments parse(String[] args) throws UsageException {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        return only(Action.HELP);
      }
    }
    for (String arg : args) {
      if (arg.equals("--version")) {
        return only(Action.VERSION);
      }
    }
    if (args.length == 0) {
      throw new UsageException("no arguments");
    }
    Map<String, String> values = new LinkedHashMap<>();
    boolean imageHelpers = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (FLAGS.contains(name)) {
        if (value != null) {
          throw new UsageException("option " + name + " takes no value");
        }
        if (imageHelpers) {
          throw new UsageException("option " + name + " given more than once");
        }
        imageHelpers = true;
        continue;
      }
      if (!VALUE_OPTIONS.contains(name)) {
        throw new UsageException(arg.startsWith("-")
            ? "unknown option " + name
            : "unexpected argument '" + arg + "'; options are " + String.join(", ", VALUE_OPTIONS)
                + ", " + String.join(", ", FLAGS));
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException("option " + name + " needs a value");
        }
        value = args[++i];
      }
      if (value.isBlank()) {
        throw new UsageException("option " + name + " needs a non-empty value");
      }
      if (values.putIfAbsent(name, value) != null) {
        throw new UsageException("option " + name + " given more than once");
      }
    }
    for (String option : REQUIRED_OPTIONS) {
      if (!values.containsKey(option)) {
        throw new UsageException("missing required option " + option);
      }
    }
    String className = values.get("--class");
    Optional<String> invalid = ClassNames.message(className);
    if (invalid.isPresent()) {
      throw new UsageException("--class " + invalid.get());
    }
    String sha256 = values.get("--sha256");
    if (sha256 != null && !sha256.trim().matches("[0-9a-fA-F]{64}")) {
      throw new UsageException("--sha256 '" + sha256 + "' is not a SHA-256; expected 64"
          + " hexadecimal digits, as printed by sha256sum");
    }
    CompileOptions options = CompileOptions.defaults();
    if (values.containsKey("--tflite-version")) {
      try {
        options = options.withTfliteVersion(TfliteVersion.parse(values.get("--tflite-version")));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    if (values.containsKey("--kernels")) {
      try {
        options = options.withKernels(
            io.github.tflite2java.compiler.KernelBackend.parse(values.get("--kernels")));
      } catch (IllegalArgumentException e) {
        throw new UsageException("option --kernels: " + e.getMessage());
      }
    }
    if (values.containsKey("--row-kernel-channels")) {
      String v = values.get("--row-kernel-channels");
      try {
        options = options.withKernelTuning(new KernelTuning(Integer.parseInt(v.trim())));
      } catch (IllegalArgumentException e) {
        throw new UsageException("option --row-kernel-channels: '" + v + "' is not a whole"
            + " number of 0 or more");
      }
    }
    if (values.containsKey("--batch")) {
      String v = values.get("--batch");
      int batch;
      try {
        batch = Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        batch = 0;
      }
      if (batch < 1) {
        throw new UsageException("option --batch: '" + v + "' is not a whole number of 1 or"
            + " more");
      }
      options = options.withBatch(batch);
    }
    if (values.containsKey("--weights")) {
      try {
        options = options.withWeights(WeightStorage.parse(values.get("--weights")));
      } catch (IllegalArgumentException e) {
        throw new UsageException("option --weights: " + e.getMessage());
      }
    }
    CompileLimits limits = options.limits();
    for (String limit : LIMITS) {
      String option = "--" + CompileLimits.optionName(limit);
      if (values.containsKey(option)) {
        try {
          limits = limits.with(limit, CompileLimits.parseSize(values.get(option)));
        } catch (IllegalArgumentException e) {
          throw new UsageException("option " + option + ": " + e.getMessage());
        }
      }
    }
    options = options.withLimits(limits);
    Path out = Path.of(values.get("--out"));
    Path state = values.containsKey("--state") ? Path.of(values.get("--state"))
        : out.resolve(".tflite2java").resolve(className + ".state");
    return new CliArguments(Action.COMPILE, values.get("--model"), className, out, options,
        values.containsKey("--labels") ? Path.of(values.get("--labels")) : null, imageHelpers,
        values.containsKey("--report") ? Path.of(values.get("--report")) : null, sha256, state,
        values.containsKey("--resources-out") ? Path.of(values.get("--resources-out")) : null);
  }
}

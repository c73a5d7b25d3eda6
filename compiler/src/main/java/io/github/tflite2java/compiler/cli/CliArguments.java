package io.github.tflite2java.compiler.cli;

import io.github.tflite2java.compiler.CompileLimits;
import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.TfliteVersion;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * The parsed command line: either a request for help or the version, or one model to compile.
 * Options take their value as the next argument or after {@code =}: {@code --out DIR} or
 * {@code --out=DIR}.
 *
 * @param action what to do
 * @param model the .tflite file (for {@link Action#COMPILE})
 * @param className fully qualified class to generate (for {@link Action#COMPILE})
 * @param outputDirectory source root to write to (for {@link Action#COMPILE})
 * @param options compiler settings (for {@link Action#COMPILE})
 */
record CliArguments(
    Action action, Path model, String className, Path outputDirectory, CompileOptions options) {

  /** What the command line asks for. */
  enum Action { HELP, VERSION, COMPILE }

  private static final List<String> REQUIRED_OPTIONS = List.of("--model", "--class", "--out");
  /** The limit options, {@code --max-tensor-elements} etc., by {@link CompileLimits} name. */
  private static final List<String> LIMITS =
      List.of("maxTensorElements", "maxWeightBytes", "maxArenaBytes", "maxSourceBytes");
  private static final List<String> VALUE_OPTIONS = List.of("--model", "--class", "--out",
      "--tflite-version", "--max-tensor-elements", "--max-weight-bytes", "--max-arena-bytes",
      "--max-source-bytes");

  /** Contextual keywords that are valid identifiers but cannot name a class (JLS 3.8). */
  private static final Set<String> RESTRICTED_TYPE_NAMES =
      Set.of("var", "yield", "record", "sealed", "permits");

  /** Parses the arguments; help and version win over everything else. */
  static CliArguments parse(String[] args) throws UsageException {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        return new CliArguments(Action.HELP, null, null, null, null);
      }
    }
    for (String arg : args) {
      if (arg.equals("--version")) {
        return new CliArguments(Action.VERSION, null, null, null, null);
      }
    }
    if (args.length == 0) {
      throw new UsageException("no arguments");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!VALUE_OPTIONS.contains(name)) {
        throw new UsageException(arg.startsWith("-")
            ? "unknown option " + name
            : "unexpected argument '" + arg + "'; options are " + String.join(", ", VALUE_OPTIONS));
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
    if (!isValidClassName(className)) {
      throw new UsageException("'" + className + "' is not a valid fully qualified Java class"
          + " name, e.g. com.example.MobilenetV1");
    }
    CompileOptions options = CompileOptions.defaults();
    if (values.containsKey("--tflite-version")) {
      try {
        options = options.withTfliteVersion(TfliteVersion.parse(values.get("--tflite-version")));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
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
    return new CliArguments(Action.COMPILE, Path.of(values.get("--model")), className,
        Path.of(values.get("--out")), options);
  }

  /** True for a syntactically valid, keyword-free qualified name that can name a class. */
  static boolean isValidClassName(String className) {
    // Identifier-ignorable characters (NUL, other controls) are legal in Java names but not in
    // file names.
    return SourceVersion.isName(className)
        && className.chars().noneMatch(Character::isIdentifierIgnorable)
        && !RESTRICTED_TYPE_NAMES.contains(className.substring(className.lastIndexOf('.') + 1));
  }
}

package io.github.tflite2java.buildtool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Checks a model list before anything is compiled: every entry has a readable file and a valid,
 * unique class name whose source file stays inside the output directory. Reports every problem
 * found, not just the first.
 */
final class ModelSpecValidator {

  /** Contextual keywords that are valid identifiers but cannot name a class (JLS 3.8). */
  private static final Set<String> RESTRICTED_TYPE_NAMES =
      Set.of("var", "yield", "record", "sealed", "permits");

  private ModelSpecValidator() {}

  /** Returns one message per problem, empty when the list is valid. */
  static List<String> validate(List<ModelSpec> models, Path outputDirectory) {
    List<String> problems = new ArrayList<>();
    Map<String, ModelSpec> byFileName = new HashMap<>();
    for (ModelSpec model : models) {
      checkFile(model, problems);
      checkExtras(model, problems);
      String className = model.className();
      if (className == null || className.isBlank()) {
        problems.add(model.label() + ": <className> is missing; set it to the fully qualified"
            + " name of the class to generate, e.g. com.example.MobilenetV1");
        continue;
      }
      if (!isValidClassName(className)) {
        problems.add(model.describe() + ": '" + className + "' is not a valid fully qualified"
            + " Java class name, e.g. com.example.MobilenetV1");
        continue;
      }
      Path target = outputDirectory.resolve(SourcePaths.relativePath(className)).normalize();
      if (!target.startsWith(outputDirectory)) {
        problems.add(model.describe() + ": class " + className + " would be written outside the"
            + " output directory " + outputDirectory);
        continue;
      }
      // Two names that differ only in case are the same file on macOS and Windows.
      ModelSpec earlier = byFileName.putIfAbsent(className.toLowerCase(Locale.ROOT), model);
      if (earlier != null) {
        problems.add(earlier.className().equals(className)
            ? "Duplicate className " + className + ": used by " + earlier.label() + " and "
                + model.label() + "; each model needs its own class"
            : "Class names " + earlier.className() + " (" + earlier.label() + ") and " + className
                + " (" + model.label() + ") differ only in case and would overwrite each other"
                + " on case-insensitive file systems");
      }
    }
    return problems;
  }

  /** True for a syntactically valid, keyword-free qualified name that can name a class. */
  static boolean isValidClassName(String className) {
    // Identifier-ignorable characters (NUL, other controls) are legal in Java names but not in
    // file names.
    if (!SourceVersion.isName(className)
        || className.chars().anyMatch(Character::isIdentifierIgnorable)) {
      return false;
    }
    String simpleName = className.substring(className.lastIndexOf('.') + 1);
    return !RESTRICTED_TYPE_NAMES.contains(simpleName);
  }

  private static void checkExtras(ModelSpec model, List<String> problems) {
    String sha = model.sha256();
    if (sha != null && !sha.trim().matches("[0-9a-fA-F]{64}")) {
      problems.add(model.describe() + ": <sha256> '" + sha + "' is not a SHA-256; expected 64"
          + " hexadecimal digits, as printed by sha256sum");
    }
    Path labels = model.labelsFile();
    if (labels != null) {
      if (!Files.exists(labels)) {
        problems.add("Labels file not found: " + labels + " (" + model.describe() + ")");
      } else if (!Files.isRegularFile(labels) || !Files.isReadable(labels)) {
        problems.add("Labels file is not a readable file: " + labels + " (" + model.describe()
            + ")");
      }
    }
  }

  private static void checkFile(ModelSpec model, List<String> problems) {
    Path file = model.file();
    if (file == null) {
      problems.add(model.describe() + ": <file> is missing; set it to the .tflite model to"
          + " compile, e.g. src/main/tflite/model.tflite (or give the model's <artifact>)");
    } else if (!Files.exists(file)) {
      problems.add("Model file not found: " + file + " (" + model.describe() + ")");
    } else if (!Files.isRegularFile(file)) {
      problems.add("Model file is not a regular file: " + file + " (" + model.describe() + ")");
    } else if (!Files.isReadable(file)) {
      problems.add("Model file is not readable: " + file + " (" + model.describe() + ")");
    }
  }
}

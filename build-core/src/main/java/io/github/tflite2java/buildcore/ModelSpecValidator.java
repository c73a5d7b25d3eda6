package io.github.tflite2java.buildcore;

import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a model list before anything is read or compiled: every entry has a readable file and a
 * valid, unique class name whose source file stays inside the output directory. Reports every
 * problem found, not just the first.
 */
final class ModelSpecValidator {

  static final String MISSING_FILE = "tflite2java/MissingModelFile";
  static final String MISSING_CLASS_NAME = "tflite2java/MissingClassName";
  static final String INVALID_CLASS_NAME = "tflite2java/InvalidClassName";
  static final String DUPLICATE_CLASS_NAME = "tflite2java/DuplicateClassName";
  static final String INVALID_SHA256 = "tflite2java/InvalidSha256";
  static final String MISSING_LABELS = "tflite2java/MissingLabelsFile";

  private ModelSpecValidator() {}

  /** Returns the problems, empty when the list is valid. */
  static List<BuildProblem> validate(List<ModelSpec> models, Path outputDirectory) {
    List<BuildProblem> problems = new ArrayList<>();
    Map<String, ModelSpec> byFileName = new HashMap<>();
    for (ModelSpec model : models) {
      checkFile(model, problems);
      checkExtras(model, problems);
      String className = model.className();
      if (className == null || className.isBlank()) {
        problems.add(problem(model, MISSING_CLASS_NAME, "<className> is missing; set it to the"
            + " fully qualified name of the class to generate, e.g. com.example.MobilenetV1"
            + model.context()));
        continue;
      }
      Optional<String> invalid = ClassNames.message(className);
      if (invalid.isPresent()) {
        problems.add(problem(model, INVALID_CLASS_NAME, "className " + invalid.get()
            + model.context()));
        continue;
      }
      if (Tflite2JavaCompiler.isReservedClassName(className)) {
        problems.add(problem(model, INVALID_CLASS_NAME, "class name " + className + " is"
            + " reserved: tflite2java generates Tflite2javaImageResizer itself, beside model"
            + " classes with image helpers; choose another name" + model.context()));
        continue;
      }
      Path target = outputDirectory.resolve(SourcePaths.relativePath(className)).normalize();
      if (!target.startsWith(outputDirectory)) {
        problems.add(problem(model, INVALID_CLASS_NAME, "class " + className + " would be"
            + " written outside the output directory " + outputDirectory + model.context()));
        continue;
      }
      // Two names that differ only in case are the same file on macOS and Windows.
      ModelSpec earlier = byFileName.putIfAbsent(className.toLowerCase(Locale.ROOT), model);
      if (earlier != null) {
        problems.add(problem(model, DUPLICATE_CLASS_NAME, earlier.className().equals(className)
            ? "duplicate className " + className + ": used by " + earlier.label() + " and "
                + model.label() + "; each model needs its own class"
            : "class names " + earlier.className() + " (" + earlier.label() + ") and "
                + className + " (" + model.label() + ") differ only in case and would overwrite"
                + " each other on case-insensitive file systems"));
      }
    }
    return problems;
  }

  private static BuildProblem problem(ModelSpec model, String id, String message) {
    Path file = model.file() != null && Files.isRegularFile(model.file()) ? model.file() : null;
    return new BuildProblem(file, model.subject(), id, message);
  }

  private static void checkExtras(ModelSpec model, List<BuildProblem> problems) {
    String sha = model.sha256();
    if (sha != null && !sha.trim().matches("[0-9a-fA-F]{64}")) {
      problems.add(problem(model, INVALID_SHA256, "sha256 '" + sha + "' is not a SHA-256;"
          + " expected 64 hexadecimal digits, as printed by sha256sum" + model.context()));
    }
    Path labels = model.labelsFile();
    if (labels != null) {
      if (!Files.exists(labels)) {
        problems.add(problem(model, MISSING_LABELS, "labels file not found: " + labels
            + model.context()));
      } else if (!Files.isRegularFile(labels) || !Files.isReadable(labels)) {
        problems.add(problem(model, MISSING_LABELS, "labels file is not a readable file: "
            + labels + model.context()));
      }
    }
  }

  private static void checkFile(ModelSpec model, List<BuildProblem> problems) {
    Path file = model.file();
    String why;
    if (file == null) {
      why = "<file> is missing; set it to the .tflite model to compile, e.g."
          + " src/main/tflite/model.tflite (or give the model's <artifact>)";
    } else if (!Files.exists(file)) {
      why = "model file not found";
    } else if (!Files.isRegularFile(file)) {
      why = "model file is not a regular file";
    } else if (!Files.isReadable(file)) {
      why = "model file is not readable";
    } else {
      return;
    }
    problems.add(problem(model, MISSING_FILE, file == null ? why : why + model.context()));
  }
}

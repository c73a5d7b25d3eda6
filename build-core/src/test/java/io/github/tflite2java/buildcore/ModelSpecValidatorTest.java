package io.github.tflite2java.buildcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelSpecValidatorTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"Model", "com.example.Model", "a.b.c.Model_1", "com.example.$Model",
      "com.example.Ünïcode", "javafx.Model", "com.java.Model", "myjava.Model"})
  void acceptsQualifiedClassNames(String name) {
    assertTrue(ClassNames.isValid(name), name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "com.example.", ".Model", "com..Model", "1Model", "com.example.class",
      "com.int.Model", "com/example/Model", "../Model", "..",
      "com-example.Model", "com.example.var", "com.example.record", "Model ", "com.example.Mo del",
      "java.lang.Foo", "javax.swing.Foo", "java.Foo"})
  void rejectsInvalidClassNames(String name) {
    assertFalse(ClassNames.isValid(name), name);
  }

  /** Each refusal says why: the reason a user needs to fix the name. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "com.int.Model      | 'int' is a Java keyword",
      "com.example.class  | 'class' is a Java keyword",
      "com.example.true   | 'true' is a Java keyword",
      "com.example.1A     | '1A' is not a Java identifier (letters, digits, _ and $, not starting"
          + " with a digit)",
      "com-example.Model  | 'com-example' is not a Java identifier",
      "com/example/Model  | 'com/example/Model' is not a Java identifier",
      "com..Model         | it has an empty package segment (a leading, trailing or doubled dot)",
      ".Model             | it has an empty package segment",
      "com.example.       | it has an empty package segment",
      "com.example.var    | 'var' is a restricted identifier that cannot name a class",
      "java.lang.Foo      | package java.lang belongs to the Java platform (java.* and javax.*);"
          + " javac refuses to compile a class into it",
      "javax.swing.Foo    | package javax.swing belongs to the Java platform",
  })
  void saysWhyANameIsRefused(String name, String reason) {
    Optional<String> problem = ClassNames.problem(name);
    assertTrue(problem.isPresent(), name);
    assertTrue(problem.get().startsWith(reason), name + ": " + problem.get());
  }

  @Test
  void invisibleCharactersAreNamed() {
    assertEquals(Optional.of("it contains the invisible or control character U+200B"),
        ClassNames.problem("com.exa\u200bmple.Evil"));
    assertEquals(Optional.of("it is empty"), ClassNames.problem(""));
  }

  @Test
  void theValidatorReportsTheReasonOnTheModelsSubject() throws Exception {
    Path file = Files.createFile(dir.resolve("m.tflite"));
    List<BuildProblem> problems = ModelSpecValidator.validate(List.of(
        new ModelSpec("<model> #1", file, "models/m.tflite", "java.lang.Model", null, null,
            false)), dir.resolve("out"));

    assertEquals(1, problems.size());
    assertEquals(new BuildProblem(file, "models/m.tflite", ModelSpecValidator.INVALID_CLASS_NAME,
        "className 'java.lang.Model' is not a valid fully qualified Java class name: package"
            + " java.lang belongs to the Java platform (java.* and javax.*); javac refuses to"
            + " compile a class into it; e.g. com.example.MobilenetV1 (<model> #1 with className"
            + " java.lang.Model)"), problems.get(0));
  }

  @Test
  void reportsMissingFieldsAndDirectories() throws Exception {
    Path out = dir.resolve("out");
    List<String> problems = ModelSpecValidator.validate(List.of(
        new ModelSpec("<model> #1", null, "com.example.A"),
        new ModelSpec("<model> #2", dir, null),
        new ModelSpec("<model> #3", dir, "../Escape")), out).stream()
        .map(BuildProblem::toString).toList();

    assertEquals(List.of(
        "<model> #1 with className com.example.A: <file> is missing; set it to the .tflite"
            + " model to compile, e.g. src/main/tflite/model.tflite (or give the model's"
            + " <artifact>)",
        dir + ": model file is not a regular file (<model> #2)",
        dir + ": <className> is missing; set it to the fully qualified name of the class"
            + " to generate, e.g. com.example.MobilenetV1 (<model> #2)",
        dir + ": model file is not a regular file (<model> #3 with className ../Escape)",
        dir + ": className '../Escape' is not a valid fully qualified Java class name: it has"
            + " an empty package segment (a leading, trailing or doubled dot); e.g."
            + " com.example.MobilenetV1 (<model> #3 with className ../Escape)"),
        problems);
  }

  @Test
  void namesDifferingOnlyInCaseCollide() throws Exception {
    Path file = Files.createFile(dir.resolve("m.tflite"));
    List<BuildProblem> problems = ModelSpecValidator.validate(List.of(
        new ModelSpec("<model> #1", file, "com.example.Model"),
        new ModelSpec("<model> #2", file, "com.example.MODEL")), dir.resolve("out"));

    assertEquals(1, problems.size());
    assertTrue(problems.get(0).message().contains("differ only in case"), problems.get(0).message());
  }
}

package io.github.tflite2java.buildtool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelSpecValidatorTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"Model", "com.example.Model", "a.b.c.Model_1", "com.example.$Model",
      "com.example.Ünïcode"})
  void acceptsQualifiedClassNames(String name) {
    assertTrue(ModelSpecValidator.isValidClassName(name), name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "com.example.", ".Model", "com..Model", "1Model", "com.example.class",
      "com.int.Model", "com/example/Model", "../Model", "..",
      "com-example.Model", "com.example.var", "com.example.record", "Model ", "com.example.Mo del"})
  void rejectsInvalidClassNames(String name) {
    assertFalse(ModelSpecValidator.isValidClassName(name), name);
  }

  @Test
  void reportsMissingFieldsAndDirectories() throws Exception {
    Path out = dir.resolve("out");
    List<String> problems = ModelSpecValidator.validate(List.of(
        new ModelSpec("<model> #1", null, "com.example.A"),
        new ModelSpec("<model> #2", dir, null),
        new ModelSpec("<model> #3", dir, "../Escape")), out);

    assertEquals(List.of(
        "<model> #1 with className com.example.A: <file> is missing; set it to the .tflite"
            + " model to compile, e.g. src/main/tflite/model.tflite (or give the model's"
            + " <artifact>)",
        "Model file is not a regular file: " + dir + " (<model> #2)",
        "<model> #2: <className> is missing; set it to the fully qualified name of the class"
            + " to generate, e.g. com.example.MobilenetV1",
        "Model file is not a regular file: " + dir + " (<model> #3 with className ../Escape)",
        "<model> #3 with className ../Escape: '../Escape' is not a valid fully qualified Java"
            + " class name, e.g. com.example.MobilenetV1"),
        problems);
  }

  @Test
  void namesDifferingOnlyInCaseCollide() throws Exception {
    Path file = Files.createFile(dir.resolve("m.tflite"));
    List<String> problems = ModelSpecValidator.validate(List.of(
        new ModelSpec("<model> #1", file, "com.example.Model"),
        new ModelSpec("<model> #2", file, "com.example.MODEL")), dir.resolve("out"));

    assertEquals(1, problems.size());
    assertTrue(problems.get(0).contains("differ only in case"), problems.get(0));
  }
}

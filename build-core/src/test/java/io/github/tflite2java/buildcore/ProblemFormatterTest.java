package io.github.tflite2java.buildcore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemFormatterTest {

  private static BuildProblem p(String subject, String message) {
    return new BuildProblem(Path.of("/abs/" + subject), subject, "test/Id", message);
  }

  @Test
  void oneProblemIsOneLineNamingTheSubjectOnce() {
    assertEquals("m.tflite: operator 0 (CUSTOM:X): not supported",
        ProblemFormatter.format("heading", List.of(p("m.tflite", "operator 0 (CUSTOM:X): not"
            + " supported"))));
  }

  @Test
  void theSupportedListIsPrintedOncePerSubject() {
    String list = "supported operators: ADD, CONV_2D";
    BuildProblem a = new BuildProblem(null, "m.tflite", "id", "operator 0 (SIN): not supported",
        list);
    BuildProblem b = new BuildProblem(null, "m.tflite", "id", "operator 1 (COS): not supported",
        list);
    assertEquals("m.tflite: 2 problems:\n  - operator 0 (SIN): not supported\n"
        + "  - operator 1 (COS): not supported\n  supported operators: ADD, CONV_2D",
        ProblemFormatter.format("h", List.of(a, b)));
    assertEquals("m.tflite: operator 0 (SIN): not supported; supported operators: ADD, CONV_2D",
        ProblemFormatter.format("h", List.of(a)));
  }

  @Test
  void problemsOfOneSubjectAreListedUnderIt() {
    assertEquals("m.tflite: 2 problems:\n  - a\n  - b",
        ProblemFormatter.format("heading", List.of(p("m.tflite", "a"), p("m.tflite", "b"))));
  }

  @Test
  void severalSubjectsGetTheHeadingAndKeepTheirOrder() {
    assertEquals("2 of 2 models could not be compiled:\nb.tflite: 2 problems:\n  - x\n  - z\n"
        + "a.tflite: y",
        ProblemFormatter.format("2 of 2 models could not be compiled:", List.of(
            p("b.tflite", "x"), p("a.tflite", "y"), p("b.tflite", "z"))));
  }

  @Test
  void theAbsoluteFileIsForMarkersOnlyNeverPrinted() {
    String text = ProblemFormatter.format("h", List.of(p("src/m.tflite", "bad")));
    assertEquals("src/m.tflite: bad", text);
  }
}

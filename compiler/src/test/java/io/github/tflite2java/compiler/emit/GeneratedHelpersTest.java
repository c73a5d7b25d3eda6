package io.github.tflite2java.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.squareup.javapoet.MethodSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratedHelpersTest {

  private static List<String> names(String code) {
    return GeneratedHelpers.used(code).stream().map(m -> m.name).toList();
  }

  @Test
  void onlyCalledHelpersAndWhatTheyCallAreKept() {
    assertEquals(List.of("multiplyByQuantizedMultiplier", "saturatingRoundingDoublingHighMul",
            "roundingDivideByPot"),
        names("acc[e] = multiplyByQuantizedMultiplier(acc[e], multiplier, shift);"));
    assertEquals(List.of("int32s", "float32s"), names("T = float32s(p, 0, 4, 7);"));
  }

  @Test
  void aNameInsideAnotherNameOrWithoutACallIsNotAUse() {
    assertEquals(List.of(), names("int32sTable = 1; // multiplyByQuantizedMultiplier is not used"));
    assertEquals(List.of("multiplyByQuantizedMultiplierRoundingUp"),
        names("q = multiplyByQuantizedMultiplierRoundingUp(x, m, s);"));
  }

  @Test
  void everyHelperIsKeptWhenEveryOneIsCalled() {
    StringBuilder all = new StringBuilder();
    for (MethodSpec m : GeneratedHelpers.all()) {
      all.append(m.name).append("();\n");
    }
    assertEquals(GeneratedHelpers.all().size(), names(all.toString()).size());
  }
}

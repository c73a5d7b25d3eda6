package io.github.tflite2java.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.helpers.HelperSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Generated classes carry exactly the helpers asked for, copied from their one definition. */
class GeneratedHelpersTest {

  private static List<String> names(Set<Helper> requested) {
    return GeneratedHelpers.methods(requested).stream().map(m -> m.name).toList();
  }

  @Test
  void requestedHelpersComeWithWhatTheyCallInHelperOrder() {
    assertEquals(List.of("saturatingRoundingDoublingHighMul", "roundingDivideByPot",
            "multiplyByQuantizedMultiplier"),
        names(EnumSet.of(Helper.MULTIPLY_BY_QUANTIZED_MULTIPLIER)));
    assertEquals(List.of("int32s", "float32s"), names(EnumSet.of(Helper.FLOAT32S)));
    assertEquals(List.of(), names(EnumSet.noneOf(Helper.class)));
  }

  /**
   * The dependencies each helper declares are the helpers its definition's body calls: read from
   * the source, so a new call without a declared dependency fails here, not in a user's javac.
   */
  @Test
  void declaredCallsMatchTheDefinitions() {
    for (Helper h : Helper.values()) {
      String body = HelperSource.of(h).body();
      Set<Helper> called = EnumSet.noneOf(Helper.class);
      for (Helper other : Helper.values()) {
        Matcher m = Pattern.compile("\\b" + other.methodName() + "\\(").matcher(body);
        if (other != h && m.find()) {
          called.add(other);
        }
      }
      assertEquals(called, h.calls(), h + " calls");
    }
  }

  @Test
  void everyHelperIsCopiedAsAPrivateStaticMethodWithItsJavadoc() {
    for (Helper h : Helper.values()) {
      MethodSpec m = GeneratedHelpers.method(h);
      assertEquals(h.methodName(), m.name);
      assertTrue(m.modifiers.contains(javax.lang.model.element.Modifier.PRIVATE), h.name());
      assertTrue(m.modifiers.contains(javax.lang.model.element.Modifier.STATIC), h.name());
      assertTrue(!m.javadoc.isEmpty(), h + " has Javadoc");
    }
    String src = GeneratedHelpers.method(Helper.CENTERED_ROWS).toString();
    assertTrue(src.contains("private static int[][] centeredRows(byte[] p, int offset, int rows,"), src);
    assertTrue(src.contains("int zeroPoint, boolean signed)"), src);
    assertTrue(src.contains("System.arraycopy(row, 0, row, i * cols, cols);"), src);
    assertTrue(GeneratedHelpers.method(Helper.APPEND).toString()
        .contains("SuppressWarnings(\"deprecation\")"));
  }
}

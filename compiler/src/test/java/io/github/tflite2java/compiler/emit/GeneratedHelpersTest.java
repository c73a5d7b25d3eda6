package io.github.tflite2java.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.helpers.HelperSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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
   * The dependencies each helper declares are the helpers its definition calls (a method's body)
   * or refers to (a class's source, by the simple name of another helper class): read from the
   * source, so a new call without a declared dependency fails here, not in a user's javac.
   */
  @Test
  void declaredCallsMatchTheDefinitions() {
    for (Helper h : Helper.values()) {
      // Code only: a class's comments may mention a sibling it does not use.
      String body = h.isClass()
          ? HelperSource.nestedClass(h).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "")
          : HelperSource.of(h).body();
      Set<Helper> called = EnumSet.noneOf(Helper.class);
      for (Helper other : Helper.values()) {
        if (other == h || (h.isClass() && !other.isClass())) {
          // A nested class's definition compiles on its own: it cannot call the methods.
          continue;
        }
        String pattern = other.isClass() ? "\\b" + other.simpleName() + "\\b"
            : "\\b" + other.methodName() + "\\(";
        if (Pattern.compile(pattern).matcher(body).find()) {
          called.add(other);
        }
      }
      assertEquals(called, h.calls(), h + " calls");
    }
  }

  /**
   * One definition each: no two helpers name the same method or class, a class helper's
   * definition holds no helper method, and every helper's source is in the compiler jar.
   */
  @Test
  void everyHelperHasOneDefinitionAndItsSource() {
    Set<String> seen = new java.util.HashSet<>();
    Set<Class<?>> classes = new java.util.HashSet<>();
    for (Helper h : Helper.values()) {
      if (h.isClass()) {
        classes.add(h.owner());
        assertTrue(seen.add(h.owner().getName()), h + " names a class another helper names");
        String nested = HelperSource.nestedClass(h);
        assertTrue(nested.contains((h.isPublic() ? "public" : "private") + " static final class "
            + h.simpleName() + " {"), h + ": " + nested.substring(0, 200));
        assertEquals(h.simpleName(), h.javaName());
      } else {
        assertTrue(seen.add(h.owner().getName() + "#" + h.methodName()),
            h + " names a method another helper names");
        assertEquals(h.methodName(), h.javaName());
        assertTrue(!h.isPublic(), h.name());
        assertEquals(0, h.nestedMethodCount());
      }
    }
    for (Helper h : Helper.values()) {
      if (!h.isClass()) {
        assertTrue(!classes.contains(h.owner()), h + " is a method of a nested helper class");
      }
    }
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> Helper.PARALLEL_LAYERS.methodName());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> HelperSource.of(Helper.GLIBC_EXP));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> HelperSource.nestedClass(Helper.APPEND));
  }

  @Test
  void classesAreNestedMethodsCopiedFromOneRequestSet() {
    Set<Helper> requested = EnumSet.of(Helper.FLOAT32S, Helper.EIGEN_LOGISTIC_26);
    assertEquals(List.of("int32s", "float32s"), names(requested));
    assertEquals(List.of(Helper.GLIBC_EXPF, Helper.EIGEN_LOGISTIC, Helper.EIGEN_LOGISTIC_26),
        GeneratedHelpers.classes(requested));
    String nested = GeneratedHelpers.nestedClasses(requested);
    assertTrue(nested.contains("\n  private static final class GlibcExpf {"), nested);
    assertTrue(nested.contains("\n  private static final class EigenLogistic26 {"), nested);
    assertEquals("", GeneratedHelpers.nestedClasses(EnumSet.of(Helper.FLOAT32S)));
  }

  @Test
  void everyHelperIsCopiedAsAPrivateStaticMethodWithItsJavadoc() {
    for (Helper h : Helper.values()) {
      if (h.isClass()) {
        continue;
      }
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

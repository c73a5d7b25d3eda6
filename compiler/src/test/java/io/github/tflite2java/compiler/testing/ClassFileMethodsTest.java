package io.github.tflite2java.compiler.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassFileMethodsTest {

  /** A class whose method {@code big} has {@code statements} times {@code x += x * k;}. */
  private static InMemoryJavac.Compiled withBigMethod(int statements) {
    StringBuilder s = new StringBuilder("package t; public class Big { static int big(int x) {");
    for (int k = 0; k < statements; k++) {
      s.append("x += x * ").append(k + 1000).append(";\n");
    }
    return InMemoryJavac.compile("t.Big", s.append("return x; } }").toString());
  }

  @Test
  void aMethodOf8000BytecodeBytesOrMoreFailsNamingIt() {
    // About 8 bytes per statement (iload, iload, sipush, imul, iadd, istore).
    InMemoryJavac.Compiled big = withBigMethod(1200);
    AssertionError e = assertThrows(AssertionError.class,
        () -> ClassFileMethods.assertUnderJitLimit(big.classFiles(), "model X"));
    assertTrue(e.getMessage().startsWith("model X: t.Big.big(I)I has "), e.getMessage());
  }

  @Test
  void smallerMethodsPass() {
    ClassFileMethods.assertUnderJitLimit(withBigMethod(100).classFiles(), "model X");
  }
}

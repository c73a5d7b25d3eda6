package io.github.tflite2java.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.testing.InMemoryJavac;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConstantPoolTest {

  /** Every byte value, and tricky neighbours (an escape followed by digits, quotes, u). */
  @Test
  void literalsRoundTripEveryByteThroughJavac() throws Exception {
    byte[] bytes = new byte[256 + 64];
    for (int i = 0; i < 256; i++) {
      bytes[i] = (byte) i;
    }
    String t = "\0" + "7" + "\\u000a" + "\"" + "*/" + "\\\\u0041" + "\u0001" + "1" + "$" + "\r\n";
    byte[] tb = t.getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(tb, 0, bytes, 256, tb.length);
    List<String> lines = ConstantPool.literalLines(bytes);
    for (String line : lines) {
      assertTrue(line.length() <= ConstantPool.LINE_CHARS, line);
      for (char c : line.toCharArray()) {
        assertTrue(c >= 0x20 && c < 0x7f, "source must be printable ASCII: " + (int) c);
      }
    }
    String source = "package t; public class L { public static byte[] get() { return ("
        + String.join("\n + ", lines) + ").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);"
        + " } }";
    Class<?> c = InMemoryJavac.compile("t.L", source).load("t.L");
    assertArrayEquals(bytes, (byte[]) c.getMethod("get").invoke(null));
  }

  @Test
  void bestShiftMakesClusteredWeightsPrintable() {
    SplittableRandom r = new SplittableRandom(5);
    byte[] weights = new byte[10_000];
    for (int i = 0; i < weights.length; i++) {
      // uint8 weights around a zero point of 128, mostly within +-40.
      weights[i] = (byte) Math.max(0, Math.min(255, 128 + (int) (r.nextGaussian() * 15)));
    }
    int shift = ConstantPool.bestShift(weights);
    int plain = 0;
    for (byte w : weights) {
      plain += ConstantPool.isPlain((w + shift) & 0xFF) ? 1 : 0;
    }
    // 93 of the 95 printable chars are usable (not '"' or '\\'): about 98.5% expected.
    assertTrue(plain > 9_700, plain + " of 10000 printable with shift " + shift);
  }
}

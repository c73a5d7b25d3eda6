package io.github.tflite2java.compiler.emit;

import com.squareup.javapoet.MethodSpec;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Small static methods every generated class carries, so that it depends on nothing but the
 * JDK: TFLite's fixed-point arithmetic (the same as {@code quant.FixedPoint}) and the decoding
 * of the weights blob.
 */
final class GeneratedHelpers {

  private GeneratedHelpers() {}

  /**
   * The helpers {@code code} calls, with the helpers those call in turn, in {@link #all()}
   * order: a generated class carries no unused method.
   */
  static List<MethodSpec> used(String code) {
    List<MethodSpec> all = all();
    java.util.Set<String> needed = new java.util.HashSet<>();
    StringBuilder callers = new StringBuilder(code);
    boolean added = true;
    while (added) {
      added = false;
      for (MethodSpec m : all) {
        if (!needed.contains(m.name)
            && java.util.regex.Pattern.compile("\\b" + m.name + "\\(").matcher(callers).find()) {
          needed.add(m.name);
          callers.append(m.code);
          added = true;
        }
      }
    }
    List<MethodSpec> used = new java.util.ArrayList<>();
    for (MethodSpec m : all) {
      if (needed.contains(m.name)) {
        used.add(m);
      }
    }
    return used;
  }

  static List<MethodSpec> all() {
    return List.of(
        method("multiplyByQuantizedMultiplier", int.class,
            "TFLite's MultiplyByQuantizedMultiplier: x * multiplier * 2^(shift - 31), rounding"
                + " twice as gemmlowp does.",
            "int x, int multiplier, int shift",
            "final int left = shift > 0 ? shift : 0;\n"
                + "final int right = shift > 0 ? 0 : -shift;\n"
                + "return roundingDivideByPot("
                + "saturatingRoundingDoublingHighMul(x * (1 << left), multiplier), right);\n"),
        method("multiplyByQuantizedMultiplierRoundingUp", int.class,
            "ruy's x86 output stage (TFLite 2.9 CONV_2D / FULLY_CONNECTED): the rounded high"
                + " half, then a shift rounding halves toward +infinity.",
            "int x, int multiplier, int shift",
            "final int left = shift > 0 ? shift : 0;\n"
                + "final int right = shift > 0 ? 0 : -shift;\n"
                + "final long p = ((long) (x << left) * multiplier + (1L << 30)) >> 31;\n"
                + "return (int) (right == 0 ? p : (p + (1L << (right - 1))) >> right);\n"),
        method("multiplyByQuantizedMultiplierSingleRounding", int.class,
            "ruy's portable output stage (TFLite 2.6 int8 CONV_2D): one rounding, halves toward"
                + " +infinity.",
            "int x, int multiplier, int shift",
            "final int totalShift = 31 - shift;\n"
                + "return (int) (((long) x * multiplier + (1L << (totalShift - 1))) >> totalShift);\n"),
        method("saturatingRoundingDoublingHighMul", int.class,
            "gemmlowp's SaturatingRoundingDoublingHighMul: the rounded high half of 2 * a * b.",
            "int a, int b",
            "if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {\n"
                + "  return Integer.MAX_VALUE;\n"
                + "}\n"
                + "final long ab = (long) a * b;\n"
                + "final long nudge = ab >= 0 ? (1L << 30) : (1L - (1L << 30));\n"
                + "// Division truncates toward zero, as in C++; a shift would not.\n"
                + "return (int) ((ab + nudge) / (1L << 31));\n"),
        method("roundingDivideByPot", int.class,
            "gemmlowp's RoundingDivideByPOT: x / 2^exponent, halves away from zero.",
            "int x, int exponent",
            "final int mask = (int) ((1L << exponent) - 1);\n"
                + "final int remainder = x & mask;\n"
                + "final int threshold = (mask >> 1) + (x < 0 ? 1 : 0);\n"
                + "return (x >> exponent) + (remainder > threshold ? 1 : 0);\n"),
        method("roundHalfAwayFromZero", float.class,
            "C's roundf: nearest integer, halves away from zero.",
            "float f",
            "final double d = f;\n"
                + "return (float) (d < 0 ? -Math.floor(-d + 0.5) : Math.floor(d + 0.5));\n"),
        method("append", int.class,
            "Copies a string constant into the weights, one byte per char; returns the next"
                + " position.",
            "byte[] p, int at, String piece",
            "piece.getBytes(0, piece.length(), p, at);\n"
                + "return at + piece.length();\n"),
        method("centeredUint8", int[].class,
            "uint8 weights (stored plus shift) widened to int, minus their zero point.",
            "byte[] p, int offset, int length, int shift, int zeroPoint",
            "final int[] a = new int[length];\n"
                + "for (int i = 0; i < length; i++) {\n"
                + "  a[i] = ((p[offset + i] - shift) & 0xFF) - zeroPoint;\n"
                + "}\n"
                + "return a;\n"),
        method("centeredInt8", int[].class,
            "int8 weights (stored plus shift) widened to int, minus their zero point.",
            "byte[] p, int offset, int length, int shift, int zeroPoint",
            "final int[] a = new int[length];\n"
                + "for (int i = 0; i < length; i++) {\n"
                + "  a[i] = (byte) (p[offset + i] - shift) - zeroPoint;\n"
                + "}\n"
                + "return a;\n"),
        method("centeredRows", int[][].class,
            "8-bit weights (stored plus shift; int8 if signed, else uint8) minus their zero"
                + " point, as rows of cols values, each row repeated end to end times times.",
            "byte[] p, int offset, int rows, int cols, int times, int shift, int zeroPoint,"
                + " boolean signed",
            "final int[][] a = new int[rows][];\n"
                + "for (int r = 0, at = offset; r < rows; r++, at += cols) {\n"
                + "  final int[] row = a[r] = new int[cols * times];\n"
                + "  for (int i = 0; i < cols; i++) {\n"
                + "    final int q = p[at + i] - shift;\n"
                + "    row[i] = (signed ? (byte) q : q & 0xFF) - zeroPoint;\n"
                + "  }\n"
                + "  for (int i = 1; i < times; i++) {\n"
                + "    System.arraycopy(row, 0, row, i * cols, cols);\n"
                + "  }\n"
                + "}\n"
                + "return a;\n"),
        method("repeat", int[].class,
            "The values repeated end to end.",
            "int[] values, int times",
            "final int[] a = new int[values.length * times];\n"
                + "for (int i = 0; i < times; i++) {\n"
                + "  System.arraycopy(values, 0, a, i * values.length, values.length);\n"
                + "}\n"
                + "return a;\n"),
        method("int32s", int[].class,
            "Little-endian int32 values (each byte stored plus shift).",
            "byte[] p, int offset, int length, int shift",
            "final int[] a = new int[length];\n"
                + "for (int i = 0, j = offset; i < length; i++, j += 4) {\n"
                + "  a[i] = (p[j] - shift & 0xFF) | (p[j + 1] - shift & 0xFF) << 8"
                + " | (p[j + 2] - shift & 0xFF) << 16 | (p[j + 3] - shift) << 24;\n"
                + "}\n"
                + "return a;\n"),
        method("float32s", float[].class,
            "Little-endian float32 values (each byte stored plus shift), bit for bit.",
            "byte[] p, int offset, int length, int shift",
            "final int[] bits = int32s(p, offset, length, shift);\n"
                + "final float[] a = new float[length];\n"
                + "for (int i = 0; i < length; i++) {\n"
                + "  a[i] = Float.intBitsToFloat(bits[i]);\n"
                + "}\n"
                + "return a;\n"),
        method("checkLength", void.class,
            "Rejects a missing or wrong-sized array with a message naming the expected size.",
            "byte[] array, int expected, String what",
            "if (array == null) {\n"
                + "  throw new NullPointerException(what + \" is null\");\n"
                + "}\n"
                + "if (array.length != expected) {\n"
                + "  throw new IllegalArgumentException(what + \" has \" + array.length"
                + " + \" bytes; expected \" + expected);\n"
                + "}\n"));
  }

  private static MethodSpec method(
      String name, Class<?> returns, String doc, String params, String body) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(name);
    if (name.equals("append")) {
      // String.getBytes(int, int, byte[], int): exactly the low byte of each char, no copy of
      // the string; deprecated only because it ignores charsets, which is what we want.
      m.addAnnotation(com.squareup.javapoet.AnnotationSpec.builder(SuppressWarnings.class)
          .addMember("value", "$S", "deprecation").build());
    }
    m.addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(returns)
        .addJavadoc("$L\n", doc);
    for (String param : params.split(", ")) {
      String[] typeAndName = param.split(" ");
      m.addParameter(typeFor(typeAndName[0]), typeAndName[1]);
    }
    return m.addCode(body).build();
  }

  private static Class<?> typeFor(String t) {
    switch (t) {
      case "int": return int.class;
      case "float": return float.class;
      case "boolean": return boolean.class;
      case "byte[]": return byte[].class;
      case "int[]": return int[].class;
      case "int[][]": return int[][].class;
      case "String": return String.class;
      default: throw new IllegalArgumentException(t);
    }
  }
}

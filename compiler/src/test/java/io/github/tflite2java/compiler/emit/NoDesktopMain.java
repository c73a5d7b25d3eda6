package io.github.tflite2java.compiler.emit;

import java.util.Arrays;

/**
 * Run by {@link HelperEmittersTest} in a JVM limited to {@code java.base}: loads a generated class
 * with image helpers, fills its input with the ARGB helper and runs {@code infer}. It names no
 * {@code java.awt} type itself, and prints what the parent JVM compares with its own results.
 */
final class NoDesktopMain {

  private NoDesktopMain() {}

  public static void main(String[] args) throws Exception {
    try {
      Class.forName("java.awt.image.BufferedImage");
      System.out.println("java.awt is present");
      System.exit(2);
    } catch (ClassNotFoundException expected) {
      System.out.println("no java.awt");
    }
    Class<?> model = Class.forName(args[0]);
    int[] argb = argb();
    byte[] input = (byte[]) model.getMethod("inputFromArgb", int[].class, int.class, int.class)
        .invoke(null, argb, WIDTH, HEIGHT);
    byte[] output = (byte[]) model.getMethod("infer", byte[].class).invoke(null, (Object) input);
    System.out.println("input " + Arrays.hashCode(input) + " output " + Arrays.hashCode(output));
  }

  static final int WIDTH = 61;
  static final int HEIGHT = 47;

  /** A deterministic test picture. */
  static int[] argb() {
    int[] argb = new int[WIDTH * HEIGHT];
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        argb[y * WIDTH + x] = 0xFF000000 | (x * 4) << 16 | (y * 5) << 8 | ((x * y) & 0xFF);
      }
    }
    return argb;
  }
}

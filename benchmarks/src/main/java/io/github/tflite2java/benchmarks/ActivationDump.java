package io.github.tflite2java.benchmarks;

import io.github.tflite2java.benchmarks.vec.MobilenetV1QuantVk;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * The real inputs of the flagship's pointwise layers for {@link VectorSkipStudy}: runs the
 * flagship (compiled with {@code kernels=vector}, run scalar) on grace_hopper layer by layer,
 * prints per pointwise layer the share of zero inputs and of channels whose activations are zero
 * in all of a group of 1, 2, 3, 4 or 6 consecutive pixels, and writes the inputs of the layers
 * asked for to {@code DIR/x<op>.bin} ({@code int pixels, int inC, int[pixels * inC]}).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Dtflite2java.kernels=scalar \
 *   -cp benchmarks/target/benchmarks.jar io.github.tflite2java.benchmarks.ActivationDump \
 *   /tmp/vsp 4 10 14 26
 * </pre>
 */
public final class ActivationDump {
  private ActivationDump() {}

  public static void main(String[] args) throws Exception {
    // {operator, inC, pixels, arena offset of its input} of the flagship's pointwise layers.
    int[][] layers = {{2, 32, 12544, 802816}, {4, 64, 3136, 802816}, {6, 128, 3136, 401408},
        {8, 128, 784, 401408}, {10, 256, 784, 200704}, {12, 256, 196, 200704},
        {14, 512, 196, 100352}, {16, 512, 196, 100352}, {18, 512, 196, 100352},
        {20, 512, 196, 100352}, {22, 512, 196, 100352}, {24, 512, 49, 100352},
        {26, 1024, 49, 50176}};
    java.util.Set<Integer> dump = new java.util.HashSet<>();
    for (int i = 1; i < args.length; i++) {
      dump.add(Integer.parseInt(args[i]));
    }
    MobilenetV1QuantVk model = new MobilenetV1QuantVk();
    Method load = MobilenetV1QuantVk.class.getDeclaredMethod("load0", byte[].class);
    load.setAccessible(true);
    load.invoke(model, (Object) Shared.read(Shared.input("mobilenet_v1_1.0_224_quant")));
    Field f = MobilenetV1QuantVk.class.getDeclaredField("arena");
    f.setAccessible(true);
    int[] t = (int[]) f.get(model);
    int next = 0;
    for (int op = 0; op <= 26; op++) {
      if (next < layers.length && layers[next][0] == op) {
        int inC = layers[next][1];
        int pixels = layers[next][2];
        int off = layers[next][3];
        StringBuilder line = new StringBuilder(String.format("op%02d %4d channels %5d pixels;"
            + " all zero in groups of", op, inC, pixels));
        for (int g : new int[] {1, 2, 3, 4, 6}) {
          long zero = 0;
          long all = 0;
          for (int p = 0; p + g <= pixels; p += g) {
            for (int c = 0; c < inC; c++) {
              boolean z = true;
              for (int k = 0; k < g; k++) {
                z &= t[off + (p + k) * inC + c] == 0;
              }
              zero += z ? 1 : 0;
              all++;
            }
          }
          line.append(String.format(" %d: %.3f", g, zero / (double) all));
        }
        System.out.println(line);
        if (dump.contains(op)) {
          try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(
              new FileOutputStream(args[0] + "/x" + op + ".bin")))) {
            o.writeInt(pixels);
            o.writeInt(inC);
            for (int i = 0; i < pixels * inC; i++) {
              o.writeInt(t[off + i]);
            }
          }
        }
        next++;
      }
      Method m = null;
      for (Method c : MobilenetV1QuantVk.class.getDeclaredMethods()) {
        if (c.getName().startsWith(String.format("op%02d", op)) && c.getParameterCount() == 2) {
          m = c;
        }
      }
      m.setAccessible(true);
      m.invoke(model, 0, LayerPaired.extent(op));
    }
  }
}

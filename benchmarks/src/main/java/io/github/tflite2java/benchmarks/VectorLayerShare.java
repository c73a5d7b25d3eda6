package io.github.tflite2java.benchmarks;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rough per-layer shares of one {@code benchmarks.vec} model class with its vector kernels
 * ready: 500 whole inferences on grace_hopper (the vector kernels warm up), then every layer
 * method that the class's {@code run()} calls (parsed from its generated source), in order,
 * {@code ROUNDS} times, each call timed; prints each layer's median, its share of the sum of the
 * medians, and the sums by operator kind. A loaded machine moves the absolute times; the shares
 * say where the time goes.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *   io.github.tflite2java.benchmarks.VectorLayerShare Tf2MobilenetV2PtqVk \
 *   benchmarks/target/generated-sources/tflite2java-vk/io/github/tflite2java/benchmarks/vec/Tf2MobilenetV2PtqVk.java \
 *   200 tf2_mobilenet_v2_1.0_224_ptq
 * </pre>
 */
public final class VectorLayerShare {
  private VectorLayerShare() {}

  public static void main(String[] a) throws Exception {
    Class<?> type = Class.forName("io.github.tflite2java.benchmarks.vec." + a[0]);
    String src = Files.readString(Path.of(a[1]));
    int rounds = Integer.parseInt(a[2]);
    Object model = type.getConstructor().newInstance();
    Method load = type.getDeclaredMethod("load0", byte[].class);
    load.setAccessible(true);
    byte[] bytes = Shared.read(Shared.input(a[3]));
    load.invoke(model, (Object) bytes);
    Method run = type.getDeclaredMethod("run");
    run.setAccessible(true);
    // warm up until vector kernels are ready
    for (int i = 0; i < 500; i++) {
      load.invoke(model, (Object) bytes);
      run.invoke(model);
      if (i == 400) {
        Thread.sleep(2000);
      }
    }
    Matcher m = Pattern.compile("\\n {4,6}(op(\\d\\d)[A-Za-z0-9]+)\\((0, (\\d+))?\\);").matcher(src.substring(src.indexOf("void run()")));
    List<Object[]> calls = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (m.find()) {
      if (m.group(1).endsWith("WidenWeights") || !seen.add(m.group(1))) continue;
      Method me = m.group(3) != null ? type.getDeclaredMethod(m.group(1), int.class, int.class) : type.getDeclaredMethod(m.group(1));
      me.setAccessible(true);
      calls.add(new Object[] {m.group(1), me, m.group(3) != null ? new Object[] {0, Integer.parseInt(m.group(4))} : new Object[0]});
    }
    long[][] t = new long[calls.size()][rounds];
    for (int r = 0; r < rounds; r++) {
      load.invoke(model, (Object) bytes);
      for (int i = 0; i < calls.size(); i++) {
        Object[] c = calls.get(i);
        long t0 = System.nanoTime();
        ((Method) c[1]).invoke(model, (Object[]) c[2]);
        t[i][r] = System.nanoTime() - t0;
      }
    }
    double total = 0;
    double[] med = new double[calls.size()];
    Map<String, Double> byKind = new TreeMap<>();
    for (int i = 0; i < calls.size(); i++) {
      Arrays.sort(t[i]);
      med[i] = t[i][rounds / 2] / 1e6;
      total += med[i];
      String kind = ((String) calls.get(i)[0]).substring(4);
      byKind.merge(kind, med[i], Double::sum);
    }
    for (int i = 0; i < calls.size(); i++) System.out.printf("%-28s %8.3f ms %5.1f%%%n", calls.get(i)[0], med[i], 100 * med[i] / total);
    System.out.printf("total (sum of medians) %.3f ms%n", total);
    for (Map.Entry<String, Double> e : byKind.entrySet()) System.out.printf("  %-22s %8.3f ms %5.1f%%%n", e.getKey(), e.getValue(), 100 * e.getValue() / total);
  }
}

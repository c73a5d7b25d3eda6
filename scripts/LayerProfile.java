import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-layer profile of one or more generated model classes in one JVM (run by
 * scripts/layer-profile.sh, which generates and compiles the classes). For every class: its
 * layer methods in the order and with the arguments its {@code run()} calls them (read from
 * the generated source; the single-thread branch), each call timed with the thread's CPU time.
 * Rounds alternate the classes (A B, B A, ...) so that the machine's load hits them alike; each
 * round is one whole inference (load0, then every layer in order, so every layer sees the real
 * activations of the golden input). Prints the median per layer and class, and for two or more
 * classes the ratio of each class to the first, layer by layer (layers paired by their position
 * among the timed layers, so two models of one architecture line up).
 *
 * <p>Arguments: {@code ROUNDS WARMUP (CLASS SOURCE GOLDEN_PREFIX)...}; the classes must be on
 * the class path. Checks each class's output against {@code GOLDEN_PREFIX.tflite-2.9.out}
 * first and last.
 */
public final class LayerProfile {
  private static final Pattern CALL =
      Pattern.compile("^\\s+(op\\d+[A-Za-z0-9]+)\\((?:(\\d+), (\\d+))?\\);\\s*$");
  private static final Pattern HEADER = Pattern.compile("Operator \\d+: ([^,.]*)");
  private static final Pattern SHAPE = Pattern.compile("\\[[0-9,]+\\]");

  record Layer(String name, Method method, int from, int to, String label) {}

  record Model(String className, Object instance, Method load, Method run, List<Layer> layers,
      byte[] input, byte[] golden) {}

  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    int warmup = Integer.parseInt(args[1]);
    List<Model> models = new ArrayList<>();
    for (int i = 2; i + 2 < args.length; i += 3) {
      models.add(model(args[i], Paths.get(args[i + 1]), args[i + 2]));
    }
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    int n = models.size();
    long[][][] times = new long[n][][];
    for (int k = 0; k < n; k++) {
      check(models.get(k));
      times[k] = new long[models.get(k).layers().size()][rounds];
    }
    for (int w = 0; w < warmup; w++) {
      for (Model m : models) {
        once(m, null, 0, tm);
      }
    }
    for (int r = 0; r < rounds; r++) {
      for (int kk = 0; kk < n; kk++) {
        int k = r % 2 == 0 ? kk : n - 1 - kk;
        once(models.get(k), times[k], r, tm);
      }
    }
    for (Model m : models) {
      check(m);
    }
    print(models, times, rounds);
  }

  private static void once(Model m, long[][] times, int round, ThreadMXBean tm)
      throws Exception {
    m.load().invoke(m.instance(), (Object) m.input());
    List<Layer> layers = m.layers();
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      long t0 = tm.getCurrentThreadCpuTime();
      if (l.to() < 0) {
        l.method().invoke(m.instance());
      } else {
        l.method().invoke(m.instance(), l.from(), l.to());
      }
      long t1 = tm.getCurrentThreadCpuTime();
      if (times != null) {
        times[i][round] = t1 - t0;
      }
    }
  }

  private static void check(Model m) throws Exception {
    byte[] out = new byte[m.golden().length];
    Method infer = m.instance().getClass().getMethod("infer", byte[].class, byte[].class);
    infer.invoke(m.instance(), m.input(), out);
    if (!Arrays.equals(out, m.golden())) {
      throw new AssertionError(m.className() + ": output differs from the golden");
    }
  }

  private static double median(long[] xs) {
    long[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
  }

  /** The part of a label that two models of one architecture share: operator, window, shapes. */
  private static String key(Layer l) {
    String s = l.label();
    int comma = s.indexOf(", ");
    return comma < 0 ? s : s.substring(0, comma);
  }

  /**
   * For every layer of model 0, the index of the same layer in {@code other} (-1: none): a
   * longest common subsequence of the layers' keys, so that an extra QUANTIZE or a MEAN in place
   * of an AVERAGE_POOL_2D leaves the rest paired.
   */
  private static int[] align(List<Layer> base, List<Layer> other) {
    int a = base.size();
    int b = other.size();
    int[][] lcs = new int[a + 1][b + 1];
    for (int i = a - 1; i >= 0; i--) {
      for (int j = b - 1; j >= 0; j--) {
        lcs[i][j] = key(base.get(i)).equals(key(other.get(j))) ? lcs[i + 1][j + 1] + 1
            : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int[] match = new int[a];
    Arrays.fill(match, -1);
    for (int i = 0, j = 0; i < a && j < b; ) {
      if (key(base.get(i)).equals(key(other.get(j)))) {
        match[i++] = j++;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
        i++;
      } else {
        j++;
      }
    }
    return match;
  }

  private static void print(List<Model> models, long[][][] times, int rounds) {
    int n = models.size();
    List<Layer> base = models.get(0).layers();
    int[][] match = new int[n][];
    for (int k = 0; k < n; k++) {
      match[k] = align(base, models.get(k).layers());
    }
    StringBuilder head = new StringBuilder("| # | layer |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (int k = 0; k < n; k++) {
      head.append(" [").append(k).append("] us |");
      rule.append("---:|");
      if (k > 0) {
        head.append(" [").append(k).append("] / [0] |");
        rule.append("---:|");
      }
    }
    for (int k = 0; k < n; k++) {
      System.out.printf("[%d] %s%n", k, models.get(k).className());
    }
    System.out.println();
    System.out.println(head);
    System.out.println(rule);
    double[] totals = new double[n];
    for (int k = 0; k < n; k++) {
      for (long[] t : times[k]) {
        totals[k] += median(t);
      }
    }
    for (int i = 0; i < base.size(); i++) {
      StringBuilder row = new StringBuilder();
      row.append("| ").append(base.get(i).name()).append(" | ").append(base.get(i).label())
          .append(" |");
      double t0 = median(times[0][i]);
      for (int k = 0; k < n; k++) {
        int j = match[k][i];
        if (j < 0) {
          row.append(k == 0 ? " - |" : " - | - |");
          continue;
        }
        double t = median(times[k][j]);
        row.append(String.format(Locale.ROOT, " %.1f |", t / 1e3));
        if (k > 0) {
          row.append(String.format(Locale.ROOT, " %.2f |", t / t0));
        }
      }
      System.out.println(row);
    }
    for (int k = 1; k < n; k++) {
      List<Layer> ls = models.get(k).layers();
      for (int j = 0; j < ls.size(); j++) {
        boolean matched = false;
        for (int m : match[k]) {
          matched |= m == j;
        }
        if (!matched) {
          System.out.printf(Locale.ROOT, "| [%d] %s | %s | %.1f us, unpaired |%n", k,
              ls.get(j).name(), ls.get(j).label(), median(times[k][j]) / 1e3);
        }
      }
    }
    StringBuilder sum = new StringBuilder("| | sum of all medians |");
    for (int k = 0; k < n; k++) {
      sum.append(String.format(Locale.ROOT, " %.1f |", totals[k] / 1e3));
      if (k > 0) {
        sum.append(String.format(Locale.ROOT, " %.2f |", totals[k] / totals[0]));
      }
    }
    System.out.println(sum);
    System.out.println();
    // Whole inferences: the median of the per-round ratios of the sums.
    for (int k = 1; k < n; k++) {
      double[] ratios = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        long a = 0;
        long b = 0;
        for (long[] t : times[0]) {
          a += t[r];
        }
        for (long[] t : times[k]) {
          b += t[r];
        }
        ratios[r] = (double) b / a;
      }
      Arrays.sort(ratios);
      System.out.printf(Locale.ROOT, "[%d] / [0], median of %d per-round ratios of whole"
          + " inferences: %.3f (min %.3f, max %.3f)%n", k, rounds, ratios[rounds / 2],
          ratios[0], ratios[rounds - 1]);
    }
    System.out.printf("JDK %s, %d rounds, medians of thread CPU time per call%n",
        System.getProperty("java.version"), rounds);
  }

  private static Model model(String className, Path source, String golden) throws Exception {
    List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
    Class<?> c = Class.forName(className);
    Object instance = c.getConstructor().newInstance();
    Method load = c.getDeclaredMethod("load0", byte[].class);
    load.setAccessible(true);
    Method run = c.getDeclaredMethod("run");
    run.setAccessible(true);
    List<Layer> layers = new ArrayList<>();
    boolean inRun = false;
    boolean elseBranch = false;
    for (String line : lines) {
      if (line.equals("  private void run() {")) {
        inRun = true;
        continue;
      }
      if (!inRun) {
        continue;
      }
      if (line.equals("  }")) {
        break;
      }
      if (line.contains("} else {")) {
        elseBranch = true;
      } else if (line.trim().equals("}")) {
        elseBranch = false;
      }
      Matcher m = CALL.matcher(line);
      if (elseBranch || !m.matches()) {
        continue;
      }
      String name = m.group(1);
      Method method;
      int from = -1;
      int to = -1;
      if (m.group(2) == null) {
        method = c.getDeclaredMethod(name);
      } else {
        from = Integer.parseInt(m.group(2));
        to = Integer.parseInt(m.group(3));
        method = c.getDeclaredMethod(name, int.class, int.class);
      }
      method.setAccessible(true);
      layers.add(new Layer(name, method, from, to, label(lines, name)));
    }
    byte[] input = Files.readAllBytes(Paths.get(golden + ".in"));
    byte[] out = Files.readAllBytes(Paths.get(golden + ".tflite-2.9.out"));
    return new Model(className, instance, load, run, layers, input, out);
  }

  /** "CONV_2D 1x1 stride 1x1 [1,56,56,24] -> [1,56,56,144], per-pixel kernel" from the javadoc. */
  private static String label(List<String> lines, String method) {
    int at = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("  private void " + method + "(")) {
        at = i;
        break;
      }
    }
    int start = at;
    while (start > 0 && !lines.get(start).contains("/**")) {
      start--;
    }
    String doc = String.join("\n", lines.subList(start, Math.max(start, at)));
    StringBuilder b = new StringBuilder();
    Matcher h = HEADER.matcher(doc);
    b.append(h.find() ? h.group(1).replace(" dilation 1x1", "") : method);
    int inAt = doc.indexOf("In:");
    int outAt = doc.indexOf("Out:");
    if (inAt >= 0 && outAt > inAt) {
      Matcher s = SHAPE.matcher(doc.substring(inAt, outAt));
      Matcher o = SHAPE.matcher(doc.substring(outAt));
      if (s.find() && o.find()) {
        b.append(' ').append(s.group()).append(" -> ").append(o.group());
      }
    }
    int kernel = doc.lastIndexOf("], ");
    int filter = doc.indexOf("Filter ");
    if (filter >= 0 && kernel > filter) {
      String k = doc.substring(kernel + 3);
      b.append(", ").append(k.substring(0, k.indexOf('.') < 0 ? k.length() : k.indexOf('.')));
    }
    return b.toString().replace('|', '/');
  }
}

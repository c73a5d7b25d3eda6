import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The harness of scripts/first-result.sh: in a fresh JVM, loads a generated class, runs one
 * inference on a golden input, checks the output against TFLite 2.9.0's golden bytes, and prints
 * one line of timings (key=value, ms):
 *
 * <pre>
 * java -cp classes:harness FirstResult CLASS INPUT.in GOLDEN [--warm-up] [--series N] [--kernels]
 *     [--fast N]
 * </pre>
 *
 * <p>{@code result_epoch} is the wall clock (epoch ms) when the first output was checked, for the
 * script to subtract the launch time from; {@code since_jvm_start} the same from the JVM's own start
 * time; {@code warm_up} the time of {@code X.warmUp()} (with {@code --warm-up}, before the first
 * inference); {@code first} the first inference alone; with {@code --series N}, N more inferences
 * are timed and printed (to see how fast inference reaches its steady state). GOLDEN is a file, or
 * a prefix completed with 0, 1, ... for several outputs. {@code --fast N}: how long until the
 * inferences are fast, see {@link #fast}.
 */
public final class FirstResult {
  /**
   * Fast mode: at most this long (ms) of inferences after the first result (the warm-up decides
   * within 1,000 rounds; JDK 17's flagship at load 5 took about 2 minutes to give up).
   */
  private static final long FAST_CAP_MS = 360_000;

  /**
   * {@code --fast N}: after the first result, inferences back to back until {@code kernels()}
   * no longer says "warming up" (at once for a class without vector kernels), then N more; then
   * {@code ready_epoch} (epoch ms at the end of the first inference after which kernels() said
   * the vector kernels run, -1 if they never did), {@code steady} (median ms of the last
   * min(N, 20) inferences), {@code fast_epoch} (epoch ms at the end of the first inference from
   * which 5 in a row took at most 1.2x steady), {@code decided_epoch} (epoch ms at the end of
   * the first inference after which kernels() no longer said "warming up", switched or not; -1
   * if it still did), {@code after} (inferences after the first), {@code final_kernels} (what
   * kernels() said then) and {@code times} (each inference's ms, to plot).
   */
  private static String fast(Class<?> c, Object model, Method raw, byte[][] in, byte[][] out,
      int tail, long resultEpoch) throws Throwable {
    Method kernels = null;
    try {
      kernels = c.getMethod("kernels");
    } catch (NoSuchMethodException e) {
      // a class compiled without kernels=vector: no warm-up to wait for
    }
    List<Double> times = new ArrayList<>();
    List<Long> ends = new ArrayList<>();
    long readyEpoch = -1;
    long decidedEpoch = -1;
    int after = -1;
    long deadline = System.currentTimeMillis() + FAST_CAP_MS;
    String which = kernels == null ? "scalar" : String.valueOf(kernels.invoke(null));
    boolean waiting = which.startsWith("vector:") && which.contains("warming up");
    if (!waiting) {
      after = 0;
    }
    while (System.currentTimeMillis() < deadline && (after < 0 || times.size() < after + tail)) {
      long s = System.nanoTime();
      raw.invoke(model, in, out);
      times.add((System.nanoTime() - s) / 1e6);
      ends.add(System.currentTimeMillis());
      if (waiting) {
        which = String.valueOf(kernels.invoke(null));
        if (!which.contains("warming up")) {
          waiting = false;
          after = times.size();
          decidedEpoch = ends.get(ends.size() - 1);
          readyEpoch = which.startsWith("vector:") ? decidedEpoch : -1;
        }
      }
    }
    int n = times.size();
    List<Double> last = new ArrayList<>(times.subList(Math.max(0, n - Math.min(tail, 20)), n));
    java.util.Collections.sort(last);
    double steady = last.isEmpty() ? 0 : last.get(last.size() / 2);
    long fastEpoch = -1;
    for (int i = 0; i + 5 <= n && fastEpoch < 0; i++) {
      boolean ok = true;
      for (int j = i; j < i + 5; j++) {
        ok &= times.get(j) <= 1.2 * steady;
      }
      if (ok) {
        // fast from the start of inference i: the end of the one before (or of the first result)
        fastEpoch = i == 0 ? resultEpoch : ends.get(i - 1);
      }
    }
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        " ready_epoch=%d decided_epoch=%d fast_epoch=%d steady=%.1f after=%d final_kernels=\"%s\""
            + " times=", readyEpoch, decidedEpoch, fastEpoch, steady, n,
        kernels == null ? "scalar (no kernels())" : kernels.invoke(null)));
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.1f", times.get(i)));
    }
    return b.toString();
  }

  public static void main(String[] args) throws Throwable {
    long main = System.currentTimeMillis();
    String className = args[0];
    byte[][] in = {Files.readAllBytes(Paths.get(args[1]))};
    List<byte[]> golden = new ArrayList<>();
    Path single = Paths.get(args[2]);
    if (Files.isRegularFile(single)) {
      golden.add(Files.readAllBytes(single));
    } else {
      for (int k = 0; Files.isRegularFile(Paths.get(args[2] + k)); k++) {
        golden.add(Files.readAllBytes(Paths.get(args[2] + k)));
      }
    }
    boolean warmUp = false;
    int series = 0;
    boolean kernels = false;
    int fastTail = 0;
    for (int i = 3; i < args.length; i++) {
      switch (args[i]) {
        case "--warm-up": warmUp = true; break;
        case "--series": series = Integer.parseInt(args[++i]); break;
        case "--kernels": kernels = true; break;
        case "--fast": fastTail = Integer.parseInt(args[++i]); break;
        default: throw new IllegalArgumentException(args[i]);
      }
    }
    long t0 = System.nanoTime();
    Class<?> c = Class.forName(className);
    Object model = c.getConstructor().newInstance();
    long t1 = System.nanoTime();
    Method raw = c.getMethod("inferRaw", byte[][].class, byte[][].class);
    byte[][] out = new byte[golden.size()][];
    for (int k = 0; k < out.length; k++) {
      out[k] = new byte[golden.get(k).length];
    }
    double warm = 0;
    if (warmUp) {
      long w0 = System.nanoTime();
      c.getMethod("warmUp").invoke(null);
      warm = (System.nanoTime() - w0) / 1e6;
    }
    long t2 = System.nanoTime();
    raw.invoke(model, in, out);
    long t3 = System.nanoTime();
    for (int k = 0; k < out.length; k++) {
      if (!Arrays.equals(golden.get(k), out[k])) {
        System.out.println("error=output " + k + " differs from the golden bytes");
        System.exit(1);
      }
    }
    long result = System.currentTimeMillis();
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "result_epoch=%d since_jvm_start=%d main=%d load_init=%.1f warm_up=%.1f first=%.1f",
        result, result - jvmStart, main - jvmStart, (t1 - t0) / 1e6, warm, (t3 - t2) / 1e6));
    if (kernels) {
      try {
        line.append(" kernels=\"").append(c.getMethod("kernels").invoke(null)).append('"');
      } catch (NoSuchMethodException e) {
        line.append(" kernels=\"scalar (no kernels())\"");
      }
    }
    if (series > 0) {
      line.append(" series=");
      for (int i = 0; i < series; i++) {
        long s = System.nanoTime();
        raw.invoke(model, in, out);
        line.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.1f",
            (System.nanoTime() - s) / 1e6));
      }
    }
    if (fastTail > 0) {
      line.append(fast(c, model, raw, in, out, fastTail, result));
    }
    System.out.println(line);
    System.exit(0);
  }
}

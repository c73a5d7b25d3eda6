#!/usr/bin/env bash
# Paired comparison of two builds of the command-line jar on one model (issue 16, compact
# weights): heap retained after class initialization, main-thread CPU time of class loading +
# initialization, and inference thread-CPU time of the two generated classes alternating in one
# JVM (robust to a loaded machine, unlike wall time).
# Usage: scripts/weights-ab.sh A-cli.jar B-cli.jar [MODEL] [GOLDEN_PREFIX] [ROUNDS] [PER_ROUND] [JVMS]
#   MODEL          default ../shared/models/mobilenet_v1_1.0_224_quant.tflite
#   GOLDEN_PREFIX  input/golden pair PREFIX.in, PREFIX.tflite-2.9.out (default grace_hopper of the
#                  flagship); both classes must reproduce the golden bytes
#   ROUNDS, PER_ROUND  rounds of PER_ROUND inferences per class (default 8 and 8)
#   JVMS           how many JVMs run the paired loop (default 2; C2 compiles differ per JVM)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
a_jar=${1:?usage: $0 A-cli.jar B-cli.jar [MODEL] [GOLDEN_PREFIX] [ROUNDS] [PER_ROUND] [JVMS]}
b_jar=${2:?B-cli.jar}
model=${3:-$root/../shared/models/mobilenet_v1_1.0_224_quant.tflite}
golden=${4:-$root/../shared/golden/mobilenet_v1_1.0_224_quant/grace_hopper}
rounds=${5:-8}
per=${6:-8}
jvms=${7:-2}
work=$root/target/weights-ab
rm -rf "$work" && mkdir -p "$work/src" "$work/classes" "$work/h"
java -jar "$a_jar" --model "$model" --class a.M --weights resource --out "$work/src" >/dev/null
java -jar "$b_jar" --model "$model" --class b.M --weights resource --out "$work/src" >/dev/null
javac --release 8 -nowarn -d "$work/classes" "$work/src/a/M.java" "$work/src/b/M.java"
cp "$work/src/a/M.weights" "$work/classes/a/"
cp "$work/src/b/M.weights" "$work/classes/b/"
cat > "$work/h/Check.java" <<'JAVA'
public class Check {
  public static void main(String[] a) throws Exception {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) System.gc();
    long heap0 = rt.totalMemory() - rt.freeMemory();
    java.lang.management.ThreadMXBean tm =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long c0 = tm.getCurrentThreadCpuTime(), t0 = System.nanoTime();
    Class.forName(a[0], true, Check.class.getClassLoader());
    long t1 = System.nanoTime(), c1 = tm.getCurrentThreadCpuTime();
    for (int i = 0; i < 3; i++) System.gc();
    long heap = rt.totalMemory() - rt.freeMemory();
    System.out.printf("%s: load + init %.1f ms CPU (main thread), %.1f ms wall;"
        + " heap retained after class init %.2f MiB%n", a[0], (c1 - c0) / 1e6, (t1 - t0) / 1e6,
        (heap - heap0) / 1048576.0);
  }
}
JAVA
cat > "$work/h/Pair.java" <<'JAVA'
import java.lang.reflect.Method;
import java.nio.file.*;
import java.util.Arrays;
public class Pair {
  public static void main(String[] a) throws Exception {
    java.lang.management.ThreadMXBean tm =
        java.lang.management.ManagementFactory.getThreadMXBean();
    byte[] x = Files.readAllBytes(Paths.get(a[2] + ".in"));
    byte[] g = Files.readAllBytes(Paths.get(a[2] + ".tflite-2.9.out"));
    int rounds = Integer.parseInt(a[3]), per = Integer.parseInt(a[4]);
    Object[] inst = new Object[2];
    Method[] inf = new Method[2];
    byte[] out = new byte[g.length];
    for (int k = 0; k < 2; k++) {
      Class<?> c = Class.forName(a[k]);
      inst[k] = c.getConstructor().newInstance();
      inf[k] = c.getMethod("infer", byte[].class, byte[].class);
      inf[k].invoke(inst[k], x, out);
      if (!Arrays.equals(out, g)) throw new AssertionError(a[k] + ": output differs from the golden");
    }
    for (int w = 0; w < 3; w++) for (int k = 0; k < 2; k++) for (int i = 0; i < per; i++) inf[k].invoke(inst[k], x, out);
    double[][] cpu = new double[2][rounds];
    double[] ratio = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      for (int kk = 0; kk < 2; kk++) {
        int k = r % 2 == 0 ? kk : 1 - kk;
        long c0 = tm.getCurrentThreadCpuTime();
        for (int i = 0; i < per; i++) inf[k].invoke(inst[k], x, out);
        cpu[k][r] = (tm.getCurrentThreadCpuTime() - c0) / 1e6 / per;
      }
      ratio[r] = cpu[1][r] / cpu[0][r];
    }
    System.out.printf("inference CPU ms (median): A %.2f, B %.2f; B/A median %.3f (min %.3f, max %.3f), %d rounds of %d%n",
        med(cpu[0]), med(cpu[1]), med(ratio), Arrays.stream(ratio).min().getAsDouble(),
        Arrays.stream(ratio).max().getAsDouble(), rounds, per);
  }
  static double med(double[] v) { double[] s = v.clone(); Arrays.sort(s); return s[s.length / 2]; }
}
JAVA
javac -d "$work/h" "$work/h/Check.java" "$work/h/Pair.java"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; java: $(java -version 2>&1 | head -1)"
echo "model: $model ($(stat -c %s "$model") bytes)"
for i in 1 2 3; do
  for c in a.M b.M; do java -XX:+UseSerialGC -cp "$work/h:$work/classes" Check $c; done
done
for ((j = 1; j <= jvms; j++)); do
  java -cp "$work/h:$work/classes" Pair a.M b.M "$golden" "$rounds" "$per"
done

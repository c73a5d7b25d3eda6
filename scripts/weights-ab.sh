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
. "$root/scripts/lib-ab.sh"
ab_prepare_jars "$work" "$a_jar" "$b_jar" "$model"
ab_golden_java "$work"
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
    int rounds = Integer.parseInt(a[3]), per = Integer.parseInt(a[4]);
    Object[] inst = new Object[2];
    Method[] inf = new Method[2];
    for (int k = 0; k < 2; k++) {
      inst[k] = AbGolden.instance(a[k], a[2]);
      inf[k] = inst[k].getClass().getMethod("infer", byte[].class, byte[].class);
    }
    byte[] out = new byte[Files.readAllBytes(Paths.get(a[2] + ".tflite-2.9.out")).length];
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
        AbGolden.median(cpu[0]), AbGolden.median(cpu[1]), AbGolden.median(ratio), Arrays.stream(ratio).min().getAsDouble(),
        Arrays.stream(ratio).max().getAsDouble(), rounds, per);
  }
}
JAVA
javac -d "$work/h" "$work/h/AbGolden.java" "$work/h/Check.java" "$work/h/Pair.java"
ab_machine_line
echo "model: $model ($(stat -c %s "$model") bytes)"
for i in 1 2 3; do
  for c in a.M b.M; do java -XX:+UseSerialGC -cp "$work/h:$work/classes" Check $c; done
done
for ((j = 1; j <= jvms; j++)); do
  java -cp "$work/h:$work/classes" Pair a.M b.M "$golden" "$rounds" "$per"
done

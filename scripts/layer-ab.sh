#!/usr/bin/env bash
# Paired per-layer comparison of two builds of the command-line jar on one model: runs one
# inference per class (so the arena holds the layer's real input), then calls one layer method
# (private, by reflection) repeatedly, alternating the two classes in one JVM, and prints the
# median thread-CPU time per call of each and the median of the per-round ratios B/A.
# Usage: scripts/layer-ab.sh A-cli.jar B-cli.jar MODEL GOLDEN_PREFIX LAYER:EXTENT_A:EXTENT_B [REPS]
#   LAYER  the generated method, e.g. op24Conv2d; EXTENT_A/B the "to" of its (from, to) call in
#          each class (see run(): e.g. op24Conv2d(0, 49) pixels, or (0, 1024) output channels).
#   Give one layer per run: calling a layer again overwrites the arena, so later layers of the
#   same JVM could see another input.
# Example (the flagship's first 7x7 pointwise layer, few-pixel kernel vs per-pixel kernel):
#   scripts/layer-ab.sh main-cli.jar cli/target/tflite2java-0.1.0-SNAPSHOT-cli.jar \
#     ../shared/models/mobilenet_v1_1.0_224_quant.tflite \
#     ../shared/golden/mobilenet_v1_1.0_224_quant/grace_hopper op24Conv2d:49:1024
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
a_jar=${1:?usage: $0 A-cli.jar B-cli.jar MODEL GOLDEN_PREFIX LAYER:EXTENT_A:EXTENT_B [REPS]}
b_jar=${2:?B-cli.jar}
model=${3:?MODEL}
golden=${4:?GOLDEN_PREFIX}
layer=${5:?LAYER:EXTENT_A:EXTENT_B}
reps=${6:-20}
work=$root/target/layer-ab
. "$root/scripts/lib-ab.sh"
ab_prepare_jars "$work" "$a_jar" "$b_jar" "$model"
ab_golden_java "$work"
cat > "$work/h/Layer.java" <<'JAVA'
import java.lang.reflect.Method;
import java.nio.file.*;
import java.util.Arrays;
public class Layer {
  public static void main(String[] a) throws Exception {
    java.lang.management.ThreadMXBean tm =
        java.lang.management.ManagementFactory.getThreadMXBean();
    int reps = Integer.parseInt(a[3]);
    String[] ne = a[4].split(":");
    Object[] inst = new Object[2];
    Method[] m = new Method[2];
    int[] ext = {Integer.parseInt(ne[1]), Integer.parseInt(ne[2])};
    for (int k = 0; k < 2; k++) {
      inst[k] = AbGolden.instance(a[k], a[2]);
      m[k] = inst[k].getClass().getDeclaredMethod(ne[0], int.class, int.class);
      m[k].setAccessible(true);
    }
    for (int w = 0; w < 200; w++) for (int k = 0; k < 2; k++) m[k].invoke(inst[k], 0, ext[k]);
    int rounds = 9;
    double[] r = new double[rounds];
    double[][] t = new double[2][rounds];
    for (int i = 0; i < rounds; i++) {
      for (int kk = 0; kk < 2; kk++) {
        int k = i % 2 == 0 ? kk : 1 - kk;
        long c0 = tm.getCurrentThreadCpuTime();
        for (int j = 0; j < reps; j++) m[k].invoke(inst[k], 0, ext[k]);
        t[k][i] = (tm.getCurrentThreadCpuTime() - c0) / 1e6 / reps;
      }
      r[i] = t[1][i] / t[0][i];
    }
    Arrays.sort(r); Arrays.sort(t[0]); Arrays.sort(t[1]);
    System.out.printf("%s: A %.3f ms, B %.3f ms per call (medians); B/A median %.3f (min %.3f, max %.3f)%n",
        ne[0], t[0][rounds / 2], t[1][rounds / 2], r[rounds / 2], r[0], r[rounds - 1]);
  }
}
JAVA
javac -d "$work/h" "$work/h/AbGolden.java" "$work/h/Layer.java"
ab_machine_line
java -cp "$work/h:$work/classes" Layer a.M b.M "$golden" "$reps" "$layer"

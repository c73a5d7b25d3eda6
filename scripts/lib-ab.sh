# Shared by scripts/weights-ab.sh and scripts/layer-ab.sh (sourced, not run): two builds of the
# command-line jar compile one model into classes a.M and b.M, which the scripts then compare in
# one JVM.
#
#   ab_prepare_jars WORK A_JAR B_JAR MODEL
#       empties WORK and makes WORK/src (the generated sources), WORK/classes (a/M.class,
#       b/M.class and their weights resources, compiled with --release 8) and WORK/h (for the
#       script's own harness classes).
#   ab_golden_java WORK
#       writes WORK/h/AbGolden.java: AbGolden.instance(className, prefix) makes an instance of
#       a generated class and checks that infer(PREFIX.in) returns the golden bytes
#       PREFIX.tflite-2.9.out (AssertionError naming the class if not); AbGolden.median(v).
#   ab_machine_line
#       prints the load average, the core count and the java version (the numbers' context).

ab_prepare_jars() {
  local work=$1 a_jar=$2 b_jar=$3 model=$4
  rm -rf "$work" && mkdir -p "$work/src" "$work/classes" "$work/h"
  java -jar "$a_jar" --model "$model" --class a.M --weights resource --out "$work/src" >/dev/null
  java -jar "$b_jar" --model "$model" --class b.M --weights resource --out "$work/src" >/dev/null
  javac --release 8 -nowarn -d "$work/classes" "$work/src/a/M.java" "$work/src/b/M.java"
  cp "$work/src/a/M.weights" "$work/classes/a/"
  cp "$work/src/b/M.weights" "$work/classes/b/"
}

ab_golden_java() {
  cat > "$1/h/AbGolden.java" <<'JAVA'
import java.nio.file.*;
import java.util.Arrays;
public class AbGolden {
  /** An instance of generated class c whose infer(PREFIX.in) returns PREFIX.tflite-2.9.out. */
  public static Object instance(String c, String prefix) throws Exception {
    byte[] x = Files.readAllBytes(Paths.get(prefix + ".in"));
    byte[] g = Files.readAllBytes(Paths.get(prefix + ".tflite-2.9.out"));
    Class<?> k = Class.forName(c);
    Object o = k.getConstructor().newInstance();
    byte[] out = new byte[g.length];
    k.getMethod("infer", byte[].class, byte[].class).invoke(o, x, out);
    if (!Arrays.equals(out, g)) throw new AssertionError(c + ": output differs from the golden");
    return o;
  }
  public static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
JAVA
}

ab_machine_line() {
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; java: $(java -version 2>&1 | head -1)"
}

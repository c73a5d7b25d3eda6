# Shared by scripts/weights-ab.sh, scripts/layer-ab.sh and scripts/layer-profile.sh (sourced, not
# run): builds of the command-line jar compile a model into classes, which the scripts then
# compare in one JVM.
#
#   ab_compile CLI_JAR MODEL CLASS WORK [KERNELS]
#       generates CLASS (a qualified name) from the .tflite file MODEL with CLI_JAR (its weights
#       in a resource) into WORK/src (the vector companion into WORK/src-vector) and compiles it
#       into WORK/classes beside its weights: --release 8, or for KERNELS=vector --release 17
#       with jdk.incubator.vector. Prints javac's messages and fails when javac does.
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

ab_compile() {
  local jar=$1 model=$2 cls=$3 work=$4 kernels=${5:-scalar}
  local path=${cls//.//}
  local sources=("$work/src/$path.java")
  local javac_args=(--release 8)
  local cli_args=()
  if [[ $kernels == vector ]]; then
    cli_args=(--kernels vector)
    sources+=("$work/src-vector/${path}Vector.java")
    javac_args=(--release 17 --add-modules jdk.incubator.vector)
  fi
  mkdir -p "$work/src" "$work/classes"
  java -jar "$jar" --model "$model" --class "$cls" --weights resource --out "$work/src" \
    --resources-out "$work/classes" "${cli_args[@]}" >/dev/null
  # javac's incubator-module warning is noise unless the compilation fails.
  javac "${javac_args[@]}" -nowarn -d "$work/classes" "${sources[@]}" 2>"$work/javac.log" \
    || { cat "$work/javac.log" >&2; return 1; }
}

ab_prepare_jars() {
  local work=$1 a_jar=$2 b_jar=$3 model=$4
  rm -rf "$work" && mkdir -p "$work/h"
  ab_compile "$a_jar" "$model" a.M "$work"
  ab_compile "$b_jar" "$model" b.M "$work"
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

#!/usr/bin/env bash
# Builds a synthetic uint8 FULLY_CONNECTED stack of about SIZE_MB megabytes of weights, compiles
# it with the command-line jar and javac, and prints the columns of issue 16's table:
#   CLI wall / max RSS, whether it compiles with -Xmx = model size + 256 MB, .java / .weights /
#   .class size, javac wall / max RSS, heap after class initialization, load + initialization.
# Usage: scripts/large-model-bench.sh SIZE_MB [WIDTH] [WORKDIR]   (needs: mvn -DskipTests package)
# The model builder needs about 3x SIZE_MB of heap; the 1 GB run about 4 GB.
set -euo pipefail
size_mb=${1:?usage: $0 SIZE_MB [WIDTH] [WORKDIR]}
width=${2:-4096}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${3:-$root/target/large-model-bench/${size_mb}mb}
jar=$(ls "$root"/cli/target/tflite2java-*-cli.jar | head -1)
layers=$(( (size_mb * 1000000 + width * width - 1) / (width * width) ))
rm -rf "$work" && mkdir -p "$work"
model=$work/fc.tflite
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; java: $(java -version 2>&1 | head -1)"
java -Xmx$(( size_mb * 4 + 512 ))m -cp "$jar" io.github.tflite2java.compiler.modelbuilder.SyntheticModels \
  fc "$width" "$layers" 1 "$model"
model_bytes=$(stat -c %s "$model")
echo "model: $model_bytes bytes ($layers FULLY_CONNECTED layers of ${width}x${width} uint8)"

timed() { # label, command...: prints wall and max RSS from /usr/bin/time -v
  local label=$1; shift
  /usr/bin/time -v "$@" > "$work/$label.out" 2> "$work/$label.time" || { tail -5 "$work/$label.time"; return 1; }
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$work/$label.time" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$work/$label.time" | awk '{print $NF}')
  echo "$label: wall $wall, max RSS $(( rss / 1024 )) MB"
}

timed cli java -jar "$jar" --model "$model" --class bench.Big --out "$work/src" \
  --max-weight-bytes 2g --max-tensor-elements 256m
cat "$work/cli.out"
xmx=$(( model_bytes / 1048576 + 256 ))
if java -Xmx${xmx}m -jar "$jar" --model "$model" --class bench.Big2 --out "$work/src-xmx" \
    --max-weight-bytes 2g --max-tensor-elements 256m > "$work/xmx.out" 2>&1; then
  echo "compiles with -Xmx${xmx}m (model size + 256 MB): yes"
else
  echo "compiles with -Xmx${xmx}m (model size + 256 MB): NO"; tail -3 "$work/xmx.out"
fi
rm -rf "$work/src-xmx"
mkdir -p "$work/classes"
timed javac javac --release 8 -nowarn -d "$work/classes" "$work/src/bench/Big.java"
cp "$work/src/bench/Big.weights" "$work/classes/bench/"
echo ".java $(stat -c %s "$work/src/bench/Big.java") bytes, .weights $(stat -c %s "$work/src/bench/Big.weights") bytes, .class $(stat -c %s "$work/classes/bench/Big.class") bytes"
cat > "$work/LoadInit.java" <<'JAVA'
public class LoadInit {
  public static void main(String[] a) throws Exception {
    long t0 = System.nanoTime();
    Class<?> c = Class.forName(a[0], false, LoadInit.class.getClassLoader());
    long t1 = System.nanoTime();
    Class.forName(a[0], true, LoadInit.class.getClassLoader());
    long t2 = System.nanoTime();
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) System.gc();
    long heap = rt.totalMemory() - rt.freeMemory();
    System.out.printf("load %.1f ms, init %.1f ms, heap after init %.1f MiB (%s)%n",
        (t1 - t0) / 1e6, (t2 - t1) / 1e6, heap / 1048576.0, c.getSimpleName());
  }
}
JAVA
javac -d "$work" "$work/LoadInit.java"
for i in 1 2 3; do java -Xmx$(( size_mb * 6 + 1024 ))m -cp "$work:$work/classes" LoadInit bench.Big; done

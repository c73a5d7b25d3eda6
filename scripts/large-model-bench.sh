#!/usr/bin/env bash
# Issue 16's large-model table, one row per run: builds a synthetic model of about SIZE_MB
# megabytes of weights, compiles it with the command-line jar and javac, loads it in fresh JVMs
# and times it against TFLite 2.9.0's C library, then prints the columns and a markdown row:
#   CLI wall / max RSS, whether it compiles with -Xmx = model size + 256 MB, .java / .weights /
#   .class size, javac wall / max RSS, heap retained after class initialization (serial GC, heap
#   used after full collections after initialization minus before loading), load + init (ms and
#   ms per MB, 3 fresh JVMs), steady inference vs TFLite 2.9 C (outputs compared byte for byte
#   first, then interleaved rounds, median) and vs TFLite 2.21 with XNNPACK, one thread (the
#   fairer speed yardstick for FULLY_CONNECTED on hosts where TFLite 2.9 C's GEMV kernel is slow:
#   docs/compact-weights.md).
#
# Usage: scripts/large-model-bench.sh [options] SIZE_MB [WIDTH] [WORKDIR]
#   --kind fc|fc-int8|conv  fc: uint8 FULLY_CONNECTED WIDTH x WIDTH layers (default; weight zero
#                           points 124-132), fc-int8: the same in int8, conv: int8 per-channel
#                           3x3 SAME CONV_2D layers of WIDTH to WIDTH channels on a
#                           --conv-size square image (LargeModelBench model / conv)
#   --java PATH             a JDK home or its bin/java (javac from the same folder); default: PATH's
#   --rounds N              interleaved rounds of the steady comparison (default 7, 0.5 s each)
#   --conv-size S           conv image side (default 14: 196 output pixels per layer)
#   --no-tflite             skip the steady comparison (no TFLite C library needed)
#   WIDTH                   FC width (default 4096) or conv channels (default 512)
#   WORKDIR                 default target/large-model-bench/KIND-SIZE_MBmb
# Needs: mvn -B -DskipTests package (the CLI jar and benchmarks/target/benchmarks.jar) and, for the
# steady column, TFLite 2.9.0 C in target/tflite-c (scripts/fetch-tflite-c.sh).
# Heap: the model builder gets 4x SIZE_MB + 512 MB, the run JVMs 6x SIZE_MB + 1 GB (the 1 GB row
# needs about 10 GB of memory in all, TFLite's native copies included).
set -euo pipefail
kind=fc java=java javac=javac rounds=7 conv_size=14 tflite=yes
while [[ $# -gt 0 && $1 == --* ]]; do
  case $1 in
    --kind) kind=$2; shift 2 ;;
    --java)
      if [[ -d $2 ]]; then java=$2/bin/java; javac=$2/bin/javac
      else java=$2; javac=$(dirname "$2")/javac; fi
      shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --conv-size) conv_size=$2; shift 2 ;;
    --no-tflite) tflite=no; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
usage="usage: $0 [--kind fc|fc-int8|conv] [--java PATH] [--rounds N] [--conv-size S] [--no-tflite] SIZE_MB [WIDTH] [WORKDIR]"
size_mb=${1:?$usage}
root=$(cd "$(dirname "$0")/.." && pwd)
jar=$(ls "$root"/cli/target/tflite2java-*-cli.jar | head -1)
bench=$root/benchmarks/target/benchmarks.jar
[[ -f $bench ]] || { echo "$bench missing: run mvn -B -DskipTests package" >&2; exit 2; }
work=${3:-$root/target/large-model-bench/$kind-${size_mb}mb}
rm -rf "$work" && mkdir -p "$work"
builder_heap=$(( size_mb * 4 + 512 ))m
case $kind in
  fc|fc-int8)
    width=${2:-4096}
    layers=$(( (size_mb * 1000000 + width * width - 1) / (width * width) ))
    type=uint8; [[ $kind == fc-int8 ]] && type=int8
    label="$size_mb MB FC $type ($layers x ${width}x$width)"
    "$java" -Xmx$builder_heap -cp "$bench" io.github.tflite2java.benchmarks.LargeModelBench \
      model "$work" "$width" "$layers" "$type" ;;
  conv)
    channels=${2:-512}
    layers=$(( (size_mb * 1000000 + 9 * channels * channels - 1) / (9 * channels * channels) ))
    label="$size_mb MB conv int8 ($layers x 3x3x$channels on ${conv_size}x$conv_size)"
    "$java" -Xmx$builder_heap -cp "$bench" io.github.tflite2java.benchmarks.LargeModelBench \
      conv "$work" "$conv_size" "$channels" "$layers" ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
model=$work/model.tflite
model_bytes=$(stat -c %s "$model")
label="$(awk -v b="$model_bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB ${label#* MB }"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; java: $("$java" -version 2>&1 | head -1)"
echo "model: $label, $model_bytes bytes"

secs() { # m:ss.xx or h:mm:ss -> seconds
  awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.1f", s }' <<< "$1"
}
mb() { awk -v b="$1" 'BEGIN { if (b >= 1e6) printf "%.1f MB", b / 1e6; else printf "%.0f KB", b / 1e3 }'; }
timed() { # label, command...: sets $wall (s) and $rss (MB) from /usr/bin/time -v
  local label=$1; shift
  /usr/bin/time -v "$@" > "$work/$label.out" 2> "$work/$label.time" || { tail -5 "$work/$label.time"; return 1; }
  wall=$(secs "$(grep "Elapsed (wall clock)" "$work/$label.time" | awk '{print $NF}')")
  rss=$(( $(grep "Maximum resident set size" "$work/$label.time" | awk '{print $NF}') / 1024 ))
  echo "$label: wall $wall s, max RSS $rss MB"
}

timed cli "$java" -jar "$jar" --model "$model" --class bench.Large --out "$work/src" \
  --max-weight-bytes 2g --max-tensor-elements 256m
cat "$work/cli.out"
cli_col="$wall s / $rss MB"
xmx=$(( model_bytes / 1048576 + 256 ))
if "$java" -Xmx${xmx}m -jar "$jar" --model "$model" --class bench.Large2 --out "$work/src-xmx" \
    --max-weight-bytes 2g --max-tensor-elements 256m > "$work/xmx.out" 2>&1; then
  xmx_col="yes (${xmx} MB)"
else
  xmx_col="no (${xmx} MB)"; tail -3 "$work/xmx.out"
fi
echo "compiles with -Xmx${xmx}m (model size + 256 MB): $xmx_col"
rm -rf "$work/src-xmx"
mkdir -p "$work/classes"
timed javac "$javac" --release 8 -nowarn -d "$work/classes" "$work/src/bench/Large.java"
javac_col="$wall s / $rss MB"
weights=0
if [[ -f $work/src/bench/Large.weights ]]; then
  cp "$work/src/bench/Large.weights" "$work/classes/bench/"
  weights=$(stat -c %s "$work/src/bench/Large.weights")
fi
java_size=$(stat -c %s "$work/src/bench/Large.java")
class_size=$(stat -c %s "$work/classes/bench/Large.class")
echo ".java $java_size bytes, .weights $weights bytes, .class $class_size bytes"

run_heap=$(( size_mb * 6 + 1024 ))m
inits=()
for i in 1 2 3; do
  line=$("$java" -XX:+UseSerialGC -Xmx$run_heap -cp "$bench" \
    io.github.tflite2java.benchmarks.LargeModelBench init "$work" | grep '^init:')
  echo "$line"
  inits+=("$line")
done
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< "$2"; }
heap_col=$(printf '%s\n' "${inits[@]}" | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "=");
    if (kv[1] == "heap_retained_mib") h[NR] = kv[2]; if (kv[1] == "heap_x") x[NR] = kv[2] } }
  END { lo = h[1]; hi = h[1]; for (i in h) { if (h[i] < lo) lo = h[i]; if (h[i] > hi) hi = h[i] }
    if (lo == hi) printf "%s MiB (%sx)", lo, x[1]; else printf "%s-%s MiB (%sx)", lo, hi, x[1] }')
init_col=$(printf '%s\n' "${inits[@]}" | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "=");
    if (kv[1] == "load_ms") l[NR] = kv[2]; if (kv[1] == "init_ms") t[NR] = kv[2];
    if (kv[1] == "ms_per_mb") p[NR] = kv[2] } }
  END { for (i = 1; i <= NR; i++) { s = l[i] + t[i]; if (i == 1 || s < lo) lo = s; if (i == 1 || s > hi) hi = s;
      if (i == 1 || p[i] < plo) plo = p[i]; if (i == 1 || p[i] > phi) phi = p[i] }
    printf "%.0f-%.0f ms (%.2f-%.2f ms/MB)", lo, hi, plo, phi }')

steady_col="not measured (--no-tflite)" xnn_col=-
if [[ $tflite == yes ]]; then
  "$java" -XX:+UseSerialGC -Xmx$run_heap -cp "$bench" \
    io.github.tflite2java.benchmarks.LargeModelBench run "$work" "$rounds" | tee "$work/run.out"
  line=$(grep '^run:' "$work/run.out")
  steady_col="$(field gen_ms "$line") ms vs $(field tflite_ms "$line") ms ($(field ratio "$line")x)"
  xnn_col="$(field xnnpack_ms "$line") ms ($(field xnnpack_ratio "$line")x)"
fi

echo
echo "| model | CLI wall / max RSS | compiles with -Xmx size + 256 MB | .java | .weights / .class | javac wall / RSS | heap retained after class init | load + init | steady vs TFLite 2.9 C | TFLite 2.21 XNNPACK (generated / XNNPACK) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
echo "| $label | $cli_col | $xmx_col | $(mb "$java_size") | $(mb "$weights") / $(mb "$class_size") | $javac_col | $heap_col | $init_col | $steady_col | $xnn_col |"

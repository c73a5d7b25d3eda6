#!/usr/bin/env bash
# Runs the whole performance, memory and size measurement on one JDK and prints a markdown report.
#
# Usage: scripts/bench.sh [--java PATH] [--no-build] [--quick] [--out DIR] [--wait-idle S]
#   --java PATH   java binary (or JDK home) to measure with; default: $JAVA_HOME/bin/java, else java
#                 on PATH. The build always uses Maven's own JDK (17+); the jars run on 17 and 25.
#   --no-build    reuse benchmarks/target/benchmarks.jar and the Classify jar as they are
#   --quick       a smoke run (short JMH iterations, 2 JVMs per timing); numbers are rough
#   --out DIR     where the report goes; default target/bench/<java version>/ (report.md)
#   --wait-idle S before measuring, wait up to S seconds for the 1-minute load average to drop
#                 below 0.5 (other work on the machine skews every number)
# Examples:
#   scripts/bench.sh                                                    # JDK 17 (default java)
#   scripts/bench.sh --java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java  # JDK 25
#
# Steps (about 10 minutes on 2 vCPUs): build (`mvn -q -pl benchmarks -am package -DskipTests`);
# fetch TFLite 2.9.0's C library (scripts/fetch-tflite-c.sh; skipped, with a note, without npm);
# JMH inference benchmarks (generated class vs TFLite 2.6.2 Java vs TFLite 2.9.0 C vs TFLite 2.21 +
# XNNPACK vs ONNX Runtime, single thread, -f 1 -wi 5 -w 2s -i 10 -r 2s, GC profiler; ONNX Runtime
# runs the model converted by the benchmarks' TfliteToOnnx; see scripts/bench-peers.sh for the
# peers-only table on JDK 17 and 25); Footprint (arena vs lower bound, heap, jar size,
# class init time); InitExperiment (cheaper weight encodings, measured); time from `java` start to
# the first line Classify prints. Measure on an otherwise idle machine: the report records the
# load average before and after.
set -euo pipefail

die() { echo "bench: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
java_bin=""
build=true
quick=false
out=""
wait_idle=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --java) [[ $# -ge 2 ]] || die "--java needs a value"; java_bin=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    --quick) quick=true; shift ;;
    --out) [[ $# -ge 2 ]] || die "--out needs a value"; out=$2; shift 2 ;;
    --wait-idle) [[ $# -ge 2 ]] || die "--wait-idle needs seconds"; wait_idle=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
if [[ -z $java_bin ]]; then
  java_bin=${JAVA_HOME:+$JAVA_HOME/bin/java}
  java_bin=${java_bin:-java}
fi
[[ -d $java_bin ]] && java_bin=$java_bin/bin/java
command -v "$java_bin" >/dev/null || die "java not found: $java_bin"
java_bin=$(command -v "$java_bin")

cd "$repo_root"
shared=${TFLITE2JAVA_SHARED:-$repo_root/../shared}
[[ -d $shared/golden ]] || die "shared folder not found at $shared (set TFLITE2JAVA_SHARED)"
shared=$(cd "$shared" && pwd)
shared_prop="-Dtflite2java.shared=$shared"

if $build; then
  say "building (mvn -q -pl benchmarks -am package -DskipTests)"
  mvn -q -pl benchmarks -am package -DskipTests >&2 || die "build failed"
fi
bench_jar=$repo_root/benchmarks/target/benchmarks.jar
classify_jar=$(ls "$repo_root"/generated-examples/target/tflite2java-generated-examples-*-classify.jar 2>/dev/null | head -1 || true)
[[ -f $bench_jar ]] || die "$bench_jar missing (build first)"
[[ -n $classify_jar ]] || die "Classify jar missing in generated-examples/target (build first)"

if tflite_c=$("$repo_root/scripts/fetch-tflite-c.sh" 2>/dev/null); then
  export TFLITE2JAVA_TFLITE_C_DIR=${tflite_c%/*}
else
  say "TFLite 2.9.0 C library unavailable (scripts/fetch-tflite-c.sh failed); its benchmark is skipped"
fi

# ONNX Runtime runs each model converted in memory by the benchmarks' TfliteToOnnx (set
# TFLITE2JAVA_ONNX_DIR to a folder of <model>_qlinear.onnx files to use those instead).

java_version=$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')
[[ -n $java_version ]] || java_version=unknown
out=${out:-$repo_root/target/bench/jdk-$java_version}
mkdir -p "$out"
report=$out/report.md

if $quick; then
  jmh_args=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
  runs=2
  ttfc_runs=2
else
  jmh_args=(-f 1 -wi 5 -w 2s -i 10 -r 2s)
  runs=5
  ttfc_runs=5
fi

if ((wait_idle > 0)); then
  deadline=$((SECONDS + wait_idle))
  until awk '{ exit !($1 < 0.5) }' /proc/loadavg; do
    if ((SECONDS >= deadline)); then
      say "load average still $(cut -d' ' -f1 /proc/loadavg) after ${wait_idle}s; measuring anyway"
      break
    fi
    sleep 15
  done
fi

# Appends "(load average: 1m 5m 15m)" context to section headings.
load() { cut -d' ' -f1-3 /proc/loadavg; }

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
family=$(sed -n 's/^cpu family[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
model=$(sed -n 's/^model[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)

{
  echo "## tflite2java measurements on JDK $java_version"
  echo
  echo "* Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
  echo "* CPU: ${cpu:-unknown} (family $family, model $model), $(nproc) vCPUs; memory $(free -g | awk '/^Mem:/ {print $2}') GiB"
  echo "* Java: $("$java_bin" -version 2>&1 | tail -1) at $java_bin"
  echo "* Load average before: $load_before"
  echo
} >"$report"

say "JMH inference benchmarks (${jmh_args[*]})"
"$java_bin" "$shared_prop" -jar "$bench_jar" "${jmh_args[@]}" -t 1 \
  -rf json -rff "$out/jmh.json" --md "$out/jmh.md" >"$out/jmh.log" 2>&1 \
  || { tail -40 "$out/jmh.log" >&2; die "JMH failed (log: $out/jmh.log)"; }
{
  echo "### Inference time, single thread (JMH average time; load average after: $(load))"
  echo
  echo "Command: \`$java_bin -jar benchmarks/target/benchmarks.jar ${jmh_args[*]} -t 1\`"
  echo
  cat "$out/jmh.md"
  echo
  echo "gc.alloc.rate.norm is JMH's (all threads of the forked JVM, including JMH's own per-iteration"
  echo "bookkeeping, divided by the few operations per iteration); worker.alloc.norm counts the"
  echo "benchmark thread only. Footprint's 'Allocated per later infer' is the exact per-call figure."
  echo
} >>"$report"

say "Footprint (memory and size)"
"$java_bin" "$shared_prop" -cp "$bench_jar" io.github.tflite2java.benchmarks.Footprint \
  --runs "$runs" --md "$out/footprint.md" >"$out/footprint.log" 2>&1 \
  || { tail -40 "$out/footprint.log" >&2; die "Footprint failed (log: $out/footprint.log)"; }
cat "$out/footprint.md" >>"$report"

say "InitExperiment (cheaper weight encodings)"
if "$java_bin" "$shared_prop" -cp "$bench_jar" io.github.tflite2java.benchmarks.InitExperiment \
    --runs "$runs" --md "$out/init-experiment.md" >"$out/init-experiment.log" 2>&1; then
  cat "$out/init-experiment.md" >>"$report"
else
  tail -20 "$out/init-experiment.log" >&2
  printf '### Weights decoding experiment\n\nFailed; see %s\n\n' "$out/init-experiment.log" >>"$report"
fi

say "time to first classification (Classify)"
# One launch; $1: JVM options, $2: Classify arguments (each split on spaces).
# Prints "<ms to first output line> <ms to exit> <class init ms> <inference ms>".
ttfc_once() {
  local tmp t0 t1 t2 init infer
  local -a jvm_opts=() args=()
  read -r -a jvm_opts <<<"$1"
  read -r -a args <<<"$2"
  tmp=$(mktemp -d)
  t0=$(date +%s%N)
  "$java_bin" "$shared_prop" "${jvm_opts[@]}" -jar "$classify_jar" "${args[@]}" 2>"$tmp/err" \
    | { IFS= read -r first || true; date +%s%N >"$tmp/t1"; printf '%s\n' "$first" >"$tmp/out"; cat >>"$tmp/out"; }
  t2=$(date +%s%N)
  t1=$(cat "$tmp/t1")
  if ! grep -q 'inference' "$tmp/out"; then
    cat "$tmp/out" "$tmp/err" >&2
    rm -rf "$tmp"
    die "Classify printed no classification"
  fi
  head -1 "$tmp/out" >"$out/classify-first-line.txt" # this case's, for the table
  init=$(sed -n 's/.*class init \([0-9.]*\) ms.*/\1/p' "$tmp/out")
  infer=$(sed -n 's/.*inference \([0-9.]*\) ms.*/\1/p' "$tmp/out")
  rm -rf "$tmp"
  echo "$(( (t1 - t0) / 1000000 )) $(( (t2 - t0) / 1000000 )) $init $infer"
}
# Median, min and max of column $1 of the lines on stdin.
stats() {
  cut -d' ' -f"$1" | sort -n | awk '{ v[NR] = $1 } END {
    printf "%s|%s - %s", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[1], v[NR] }'
}
{
  echo "### Time from \`java\` start to the first classification printed by Classify (load average before: $(load))"
  echo
  echo "Command: \`java -jar generated-examples/target/$(basename "$classify_jar") [--model M]\`, run from the"
  echo "repository root (grace_hopper.bmp), $ttfc_runs timed launches after one untimed (warm file cache); wall"
  echo "clock from launch to the first output line (bash \`date +%s%N\`)."
  echo
  echo "| Model, JVM options | First line printed (median) | min - max | Process exit (median) | Classify's own: class init | Classify's own: first inference | First line |"
  echo "|---|---:|---:|---:|---:|---:|---|"
} >>"$report"
# $1: label, $2: JVM options, $3: Classify arguments.
ttfc_case() {
  local label=$1 lines="" i
  ttfc_once "$2" "$3" >/dev/null
  for ((i = 0; i < ttfc_runs; i++)); do
    lines+=$(ttfc_once "$2" "$3")$'\n'
  done
  printf '%s' "$lines" >"$out/ttfc-${label//[^A-Za-z0-9]/_}.txt"
  local first exit init infer
  first=$(printf '%s' "$lines" | stats 1)
  exit=$(printf '%s' "$lines" | stats 2)
  init=$(printf '%s' "$lines" | stats 3)
  infer=$(printf '%s' "$lines" | stats 4)
  echo "| $label | ${first%%|*} ms | ${first#*|} ms | ${exit%%|*} ms | ${init%%|*} ms | ${infer%%|*} ms | \`$(cat "$out/classify-first-line.txt")\` |" >>"$report"
}
ttfc_case "1.0_224 (default model), default options" "" ""
ttfc_case "1.0_224, -XX:TieredStopAtLevel=1 (C1 only)" "-XX:TieredStopAtLevel=1" ""
ttfc_case "0.25_128 (--model 0.25_128), default options" "" "--model 0.25_128"
# A class-data archive skips parsing the big class files at start-up: JDK 25's AOT cache (JEP 483
# and 514), else an AppCDS archive made at the exit of one training run (JDK 13+).
java_major=${java_version%%[.+-]*}
cds=$out/classify-cds
rm -f "$cds".*
if [[ $java_major =~ ^[0-9]+$ ]] && ((java_major >= 25)); then
  "$java_bin" "$shared_prop" -XX:AOTCacheOutput="$cds.aot" -jar "$classify_jar" >/dev/null 2>"$out/cds.log" || true
  [[ -f $cds.aot ]] && ttfc_case "1.0_224, -XX:AOTCache (made by one training run)" "-XX:AOTCache=$cds.aot" ""
else
  "$java_bin" "$shared_prop" -XX:ArchiveClassesAtExit="$cds.jsa" -jar "$classify_jar" >/dev/null 2>"$out/cds.log" || true
  [[ -f $cds.jsa ]] && ttfc_case "1.0_224, AppCDS (-XX:SharedArchiveFile, made by one training run)" "-XX:SharedArchiveFile=$cds.jsa" ""
fi
echo >>"$report"

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo "Load average after: $load_after; total $(( $(date +%s) - started )) s." >>"$report"
cat "$report"
say "report: $report"

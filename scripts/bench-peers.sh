#!/usr/bin/env bash
# Generated code against the fastest runtimes: one table of inference times and ratios
# (generated / TFLite 2.21 + XNNPACK, generated / ONNX Runtime, generated / TFLite 2.9.0 C) for
# MobileNet v1 1.0_224 (the flagship) and 0.25_128, on JDK 17 and JDK 25.
#
# Usage: scripts/bench-peers.sh [--jdk17 PATH] [--jdk25 PATH] [--no-build] [--quick] [--forks N] [--out DIR]
#   --jdk17 PATH  java binary (or JDK home) for the first column; default $JAVA_HOME/bin/java, else java
#   --jdk25 PATH  the second; default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java (column left out if absent)
#   --no-build    reuse benchmarks/target/benchmarks.jar
#   --quick       a smoke run (-wi 1 -w 1s -i 2 -r 1s); numbers are rough
#   --forks N     JMH forks per benchmark (default 1)
#   --out DIR     where the files go; default target/bench/peers/ (peers.md is the table)
#
# Every runtime's set-up checks its output against shared/golden (the generated class, TFLite 2.9 C:
# must be bit-exact; XNNPACK and ONNX Runtime: the difference is printed and shown in the table's last
# column). ONNX Runtime needs each model as QLinear ONNX: the flagship is shared/models/peers/; the
# others are converted here into target/peers/ with shared/tools/tflite2onnx_qlinear.py (Debian:
# apt-get install python3-onnx). Measure on an otherwise idle machine: the report records the load.
set -euo pipefail

# shellcheck source=lib-bench.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib-bench.sh"
bench_lib_init bench-peers 2,19 -wi 1 -w 1s -i 2 -r 1s
jmh_args=(-wi 5 -w 2s -i 10 -r 2s)
while [[ $# -gt 0 ]]; do
  bench_common_arg "$@"
  shift "$bench_shift"
done
bench_find_javas "its column is left out"

cd "$repo_root"
shared=${TFLITE2JAVA_SHARED:-$repo_root/../shared}
[[ -d $shared/golden ]] || die "shared folder not found at $shared (set TFLITE2JAVA_SHARED)"
shared=$(cd "$shared" && pwd)
out=${out:-$repo_root/target/bench/peers}
mkdir -p "$out" "$repo_root/target/peers"

if $build; then
  say "building (mvn -q -pl benchmarks -am package -DskipTests)"
  mvn -q -pl benchmarks -am package -DskipTests >&2 || die "build failed"
fi
bench_jar=$repo_root/benchmarks/target/benchmarks.jar
[[ -f $bench_jar ]] || die "$bench_jar missing (build first)"

if tflite_c=$("$repo_root/scripts/fetch-tflite-c.sh" 2>/dev/null); then
  export TFLITE2JAVA_TFLITE_C_DIR=${tflite_c%/*}
else
  say "TFLite 2.9.0 C library unavailable (scripts/fetch-tflite-c.sh failed); its rows are left out"
fi

models=(mobilenet_v1_1.0_224_quant mobilenet_v1_0.25_128_quant)
for m in "${models[@]}"; do
  onnx=$repo_root/target/peers/${m}_qlinear.onnx
  if [[ ! -f $shared/models/peers/${m}_qlinear.onnx && ! -f $onnx ]]; then
    say "converting $m to QLinear ONNX ($onnx)"
    /usr/bin/python3 "$shared/tools/tflite2onnx_qlinear.py" "$shared/models/$m.tflite" "$onnx" >&2 \
      || say "conversion of $m failed (apt-get install python3-onnx?): its ONNX Runtime row is left out"
  fi
done
export TFLITE2JAVA_ONNX_DIR=$repo_root/target/peers

model_list=$(IFS=,; echo "${models[*]}")
report=$out/peers.md
tsvs=()
{
  echo "## Generated code vs the fastest runtimes"
  echo
  echo "* Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
  echo "* CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) vCPUs"
  echo "* JMH: \`-f $forks ${jmh_args[*]} -t 1 -p model=$model_list 'generated|xnnpack221|onnxRuntime|tflite290C'\`"
} >"$report"
for java_bin in "${javas[@]}"; do
  version=$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')
  tag=jdk-${version:-unknown}
  say "JMH on $java_bin ($version), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "* $tag: \`$java_bin\`; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$report"
  "$java_bin" -Dtflite2java.shared="$shared" -jar "$bench_jar" -f "$forks" "${jmh_args[@]}" -t 1 \
    -p model="$model_list" 'generated|xnnpack221|onnxRuntime|tflite290C' \
    --md "$out/$tag.md" --tsv "$out/$tag.tsv" >"$out/$tag.log" 2>&1 \
    || { tail -40 "$out/$tag.log" >&2; die "JMH failed (log: $out/$tag.log)"; }
  grep -ohE '(TFLite|ONNX Runtime) [0-9][^ ]* .*output vs .*' "$out/$tag.log" | sort -u | sed 's/^/  * set-up: /' >>"$report" || true
  echo "  * load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$report"
  tsvs+=("$out/$tag.tsv")
done
{
  echo
  echo "Time per inference (JMH average, one thread); **generated / runtime** below 1 means the generated class is faster."
  echo
  "${javas[0]}" -cp "$bench_jar" io.github.tflite2java.benchmarks.PeerTable "${tsvs[@]}"
} >>"$report"
cat "$report"
say "report: $report"

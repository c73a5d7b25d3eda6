#!/usr/bin/env bash
# Generated code against the fastest runtimes: one table of inference times and ratios
# (generated / TFLite 2.21 + XNNPACK, generated / ONNX Runtime, generated / TFLite 2.9.0 C) for
# MobileNet v1 1.0_224 (the flagship) and 0.25_128, MobileNet v2 int8 per-channel and uint8, on
# JDK 17 and JDK 25.
#
# Usage: scripts/bench-peers.sh [--jdk17 PATH] [--jdk25 PATH] [--no-build] [--quick] [--forks N]
#                               [--models A,B] [--out DIR]
#   --jdk17 PATH  java binary (or JDK home) for the first column; default $JAVA_HOME/bin/java, else java
#   --jdk25 PATH  the second; default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java (column left out if absent)
#   --no-build    reuse benchmarks/target/benchmarks.jar
#   --quick       a smoke run (-wi 1 -w 1s -i 2 -r 1s); numbers are rough
#   --forks N     JMH forks per benchmark (default 1)
#   --models A,B  models (shared/models names); default the four above
#   --out DIR     where the files go; default target/bench/peers/ (peers.md is the table)
#
# Every runtime's set-up checks its output against shared/golden (the generated class, TFLite 2.9 C:
# must be bit-exact; XNNPACK and ONNX Runtime: the difference is printed and shown in the table's last
# column). ONNX Runtime runs each model converted in memory to ONNX quantized operators by the
# benchmarks' TfliteToOnnx (set TFLITE2JAVA_ONNX_DIR to a folder of <model>_qlinear.onnx files to
# use those instead). Measure on an otherwise idle machine: the report records the load.
set -euo pipefail

# shellcheck source=lib-bench.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib-bench.sh"
bench_lib_init bench-peers 2,21 -wi 1 -w 1s -i 2 -r 1s
jmh_args=(-wi 5 -w 2s -i 10 -r 2s)
models=(mobilenet_v1_1.0_224_quant mobilenet_v1_0.25_128_quant tf2_mobilenet_v2_1.0_224_ptq
  mobilenet_v2_1.0_224_quant)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --models) [[ $# -ge 2 ]] || die "--models needs a value"; IFS=, read -r -a models <<<"$2"; shift 2 ;;
    *) bench_common_arg "$@"; shift "$bench_shift" ;;
  esac
done
bench_find_javas "its column is left out"

bench_prepare golden "$repo_root/target/bench/peers"
if ! bench_tflite_c; then
  say "TFLite 2.9.0 C library unavailable (scripts/fetch-tflite-c.sh failed); its rows are left out"
fi

model_list=$(IFS=,; echo "${models[*]}")
# InferenceBenchmark's four runtimes only (not RealModelBenchmark's or LayerKernelBench's methods)
benchmarks='\.InferenceBenchmark\.(generated|xnnpack221|onnxRuntime|tflite290C)$'
report=$out/peers.md
tsvs=()
{
  echo "## Generated code vs the fastest runtimes"
  echo
  echo "* Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
  echo "* CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) vCPUs"
  echo "* JMH: \`-f $forks ${jmh_args[*]} -t 1 -p model=$model_list '$benchmarks'\`"
} >"$report"
for java_bin in "${javas[@]}"; do
  version=$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')
  tag=jdk-${version:-unknown}
  say "JMH on $java_bin ($version), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "* $tag: \`$java_bin\`; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$report"
  "$java_bin" -Dtflite2java.shared="$shared" -jar "$bench_jar" -f "$forks" "${jmh_args[@]}" -t 1 \
    -p model="$model_list" "$benchmarks" \
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

#!/usr/bin/env bash
# The real models (shared/models/real: LSTM keyword spotting, the PyTorch MobileNet v2, DeepLab v3,
# SSD with its post-processing, MoveNet) against TFLite 2.9.0's C library: one table
# with, per model and JDK, the generated class's time, TFLite 2.9 C's, generated / C (the bar is
# at most 1.0) and the load average while that JDK's run lasted.
#
# Usage: scripts/bench-real.sh [--jdk17 PATH] [--jdk25 PATH] [--no-build] [--quick]
#                              [--models a,b,...] [--forks N] [--out DIR] [--paired [--slice S] [--rounds N]]
#   --jdk17 PATH  java binary (or JDK home) for the first rows; default $JAVA_HOME/bin/java, else java
#   --jdk25 PATH  the second; default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java (left out if absent)
#   --no-build    reuse benchmarks/target/benchmarks.jar
#   --quick       a smoke run (-wi 2 -w 1s -i 3 -r 1s); numbers are rough
#   --models L    comma-separated .tflite names (default: the four of RealModelBenchmark)
#   --forks N     JMH forks per benchmark (default 1)
#   --out DIR     where the files go; default target/bench/real/ (real.md is the table)
#   --paired      instead of JMH, RealPaired: generated and C alternately in one JVM (slices of
#                 --slice S seconds, default 1; --rounds N pairs, default 10): on a machine shared
#                 with other work, both runtimes then see the same load, so the ratio holds better
#
# JMH: RealModelBenchmark, -f N -wi 5 -w 4s -i 10 -r 4s -t 1 (the big models take 0.1-0.8 s per
# inference). Each set-up checks its runtime against shared/golden/real (benchmark input on a fresh
# instance, the sequence/ steps on one instance) and refuses to time a wrong result. An iteration
# of the stateful LSTM is one call with the state carried over from the previous call (streaming).
# Numbers depend on what else runs: the table records the load average before and after each JDK.
set -euo pipefail

# shellcheck source=lib-bench.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib-bench.sh"
bench_lib_init bench-real 2,25 -wi 2 -w 1s -i 3 -r 1s
jmh_args=(-wi 5 -w 4s -i 10 -r 4s)
movenet=false
paired=false
slice=1
rounds=10
models=micro_speech_lstm,mobilenet_v2_quantized_1x3x224x224,deeplabv3_mnv2_dm05_pascal_quant,ssd_mobilenet_v2_coco_quant_postprocess,movenet_single_pose_lightning_ptq
while [[ $# -gt 0 ]]; do
  case "$1" in
    --models) [[ $# -ge 2 ]] || die "--models needs a list"; models=$2; shift 2 ;;
    --paired) paired=true; shift ;;
    --slice) [[ $# -ge 2 ]] || die "--slice needs seconds"; slice=$2; shift 2 ;;
    --rounds) [[ $# -ge 2 ]] || die "--rounds needs a number"; rounds=$2; shift 2 ;;
    *) bench_common_arg "$@"; shift "$bench_shift" ;;
  esac
done
bench_find_javas "its rows are left out"

bench_prepare golden/real "$repo_root/target/bench/real"
if ! bench_tflite_c; then
  die "TFLite 2.9.0 C library unavailable (scripts/fetch-tflite-c.sh failed): nothing to compare with"
fi

load() { cut -d' ' -f1-3 /proc/loadavg; }
report=$out/real.md
table_args=()
{
  echo "## Real models: generated code vs TFLite 2.9.0 C"
  echo
  echo "* Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
  echo "* CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) vCPUs"
  $paired || echo "* JMH: \`java -jar benchmarks/target/benchmarks.jar RealModelBenchmark -f $forks ${jmh_args[*]} -t 1 -p model=$models\`"
} >"$report"
if $paired; then
  echo "* RealPaired: \`java -cp benchmarks/target/benchmarks.jar io.github.tflite2java.benchmarks.RealPaired --models $models --rounds $rounds --slice $slice\`" >>"$report"
  first=true
  for java_bin in "${javas[@]}"; do
    version=$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')
    tag=jdk-${version:-unknown}
    say "RealPaired on $java_bin ($version), load average $(load)"
    "$java_bin" -Dtflite2java.shared="$shared" -cp "$bench_jar" io.github.tflite2java.benchmarks.RealPaired \
      --models "$models" --rounds "$rounds" --slice "$slice" --md "$out/$tag-paired.md" >"$out/$tag-paired.log" 2>&1 \
      || { tail -40 "$out/$tag-paired.log" >&2; die "RealPaired failed (log: $out/$tag-paired.log)"; }
    if $first; then
      { echo; echo "Time per inference (one thread, ms): medians and minima of the slices; **generated / C** at most 1.0 is the bar."; echo; } >>"$report"
      cat "$out/$tag-paired.md" >>"$report"
      first=false
    else
      tail -n +3 "$out/$tag-paired.md" >>"$report"
    fi
  done
  cat "$report"
  say "report: $report"
  exit 0
fi
for java_bin in "${javas[@]}"; do
  version=$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')
  tag=jdk-${version:-unknown}
  before=$(load)
  say "JMH on $java_bin ($version), load average $before"
  "$java_bin" -Dtflite2java.shared="$shared" -jar "$bench_jar" RealModelBenchmark -f "$forks" \
    "${jmh_args[@]}" -t 1 -p model="$models" --md "$out/$tag.md" --tsv "$out/$tag.tsv" \
    >"$out/$tag.log" 2>&1 || { tail -40 "$out/$tag.log" >&2; die "JMH failed (log: $out/$tag.log)"; }
  after=$(load)
  echo "* $tag: \`$java_bin\`; load average (1, 5, 15 min) before $before, after $after" >>"$report"
  table_args+=(--load "$before / $after" "$out/$tag.tsv")
done
{
  echo
  echo "Time per inference (JMH average, one thread, ms); **generated / C** at most 1.0 is the bar."
  echo "Load average: before / after the JDK's run (1, 5, 15 min; 2 vCPUs)."
  echo
  "${javas[0]}" -cp "$bench_jar" io.github.tflite2java.benchmarks.RealTable "${table_args[@]}"
} >>"$report"
cat "$report"
say "report: $report"

#!/usr/bin/env bash
# Interleaved A/B timing of one JMH benchmark in two builds of benchmarks.jar, e.g. before and after
# a compiler change: "the generated flagship's JMH time must not get worse".
#
# Usage: scripts/bench-ab.sh [--java PATH] [--rounds N] [--bench REGEX] [--model M] [--out DIR] A.jar B.jar
#   --java PATH   java binary; default $JAVA_HOME/bin/java, else java
#   --rounds N    rounds (default 3); each round runs one JMH fork of A, then one of B
#   --bench REGEX JMH benchmark (default 'InferenceBenchmark.generated$')
#   --model M     the model parameter (default mobilenet_v1_1.0_224_quant)
#   --jmh "ARGS"  JMH iteration settings (default "-wi 5 -w 2s -i 10 -r 2s")
#   --out DIR     JMH result files (default target/bench/ab/)
# A and B run with JMH's own main (org.openjdk.jmh.Main), identical settings, one thread, -f 1 per
# invocation, alternating A B A B ... so that slow drifts of the machine's load hit both alike.
# Prints every fork's score, then per jar the mean and the min - max of the forks, and B / A.
set -euo pipefail

# shellcheck source=lib-bench.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib-bench.sh"
bench_lib_init bench-ab 2,14
bench_accepts="--java --out"
rounds=3
bench='InferenceBenchmark.generated$'
model=mobilenet_v1_1.0_224_quant
jmh="-wi 5 -w 2s -i 10 -r 2s"
jars=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) [[ $# -ge 2 ]] || die "--rounds needs a number"; rounds=$2; shift 2 ;;
    --bench) [[ $# -ge 2 ]] || die "--bench needs a value"; bench=$2; shift 2 ;;
    --model) [[ $# -ge 2 ]] || die "--model needs a value"; model=$2; shift 2 ;;
    --jmh) [[ $# -ge 2 ]] || die "--jmh needs a value"; jmh=$2; shift 2 ;;
    -*) bench_common_arg "$@"; shift "$bench_shift" ;;
    *) jars+=("$1"); shift ;;
  esac
done
out=${out:-$repo_root/target/bench/ab}
((${#jars[@]} == 2)) || die "give two benchmarks.jar files, A then B (see --help)"
for j in "${jars[@]}"; do [[ -f $j ]] || die "not a file: $j"; done
command -v jq >/dev/null || die "jq is needed to read JMH's JSON results (apt-get install jq)"
shared=${TFLITE2JAVA_SHARED:-$repo_root/../shared}
shared=$(cd "$shared" && pwd)
mkdir -p "$out"
read -r -a jmh_args <<<"$jmh"

echo "java: $("$java_bin" -version 2>&1 | tail -1) ($java_bin)"
echo "A: ${jars[0]}"
echo "B: ${jars[1]}"
echo "JMH: org.openjdk.jmh.Main -f 1 ${jmh_args[*]} -t 1 -p model=$model '$bench', $rounds rounds of A then B"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -a score_a=() score_b=()
for ((r = 1; r <= rounds; r++)); do
  for side in A B; do
    jar=${jars[0]}
    [[ $side == B ]] && jar=${jars[1]}
    json=$out/round$r-$side.json
    "$java_bin" -Dtflite2java.shared="$shared" -cp "$jar" org.openjdk.jmh.Main -f 1 "${jmh_args[@]}" -t 1 \
      -p model="$model" -rf json -rff "$json" "$bench" >"$out/round$r-$side.log" 2>&1 \
      || { tail -30 "$out/round$r-$side.log" >&2; die "JMH failed (log: $out/round$r-$side.log)"; }
    s=$(jq -r '.[0].primaryMetric.score' "$json")
    e=$(jq -r '.[0].primaryMetric.scoreError' "$json")
    u=$(jq -r '.[0].primaryMetric.scoreUnit' "$json")
    printf 'round %d %s: %.3f ± %.3f %s (load %s)\n' "$r" "$side" "$s" "$e" "$u" "$(cut -d' ' -f1 /proc/loadavg)"
    if [[ $side == A ]]; then score_a+=("$s"); else score_b+=("$s"); fi
  done
done
summary() {
  printf '%s\n' "$@" | awk '{ v[NR] = $1; s += $1 } END {
    min = v[1]; max = v[1]; for (i = 2; i <= NR; i++) { if (v[i] < min) min = v[i]; if (v[i] > max) max = v[i] }
    printf "%.3f %.3f %.3f", s / NR, min, max }'
}
read -r mean_a min_a max_a <<<"$(summary "${score_a[@]}")"
read -r mean_b min_b max_b <<<"$(summary "${score_b[@]}")"
printf 'A: mean of %d forks %.3f (min %.3f, max %.3f)\n' "$rounds" "$mean_a" "$min_a" "$max_a"
printf 'B: mean of %d forks %.3f (min %.3f, max %.3f)\n' "$rounds" "$mean_b" "$min_b" "$max_b"
awk -v a="$mean_a" -v b="$mean_b" 'BEGIN { printf "B / A = %.3f\n", b / a }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

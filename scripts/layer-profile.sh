#!/usr/bin/env bash
# Where one inference's time goes, layer by layer: compiles each CLI_JAR:MODEL with that build of
# the command-line jar and runs benchmarks' LayerProfile on all the classes in one JVM (every
# class checked against TFLite 2.9.0's golden bytes before and after; each round times one whole
# inference and then every layer call of run() on real activations, the classes alternating).
# Prints a markdown table per layer (medians, share, G MAC/s, each class's ratio to the first;
# layers of two models paired by kind, window and shapes), the sums, the whole inferences and a
# table by operator kind.
#
# Usage: scripts/layer-profile.sh [--java PATH] [--kernels vector] [--scalar] [--cpu] [--rounds N]
#                                 [--warmup N] [--no-build] CLI_JAR:MODEL...
#   CLI_JAR        a build of the command-line jar (cli/target/tflite2java-0.1.0-SNAPSHOT-cli.jar)
#   MODEL          a model of ../shared/models without .tflite (e.g. mobilenet_v2_1.0_224_quant,
#                  real/movenet_single_pose_lightning_ptq); its golden/MODEL/grace_hopper.in is
#                  the input
#   --java PATH    java binary (or JDK home) that runs the profile; default $JAVA_HOME/bin/java,
#                  else java (with --kernels vector: JDK 25 at /usr/lib/jvm/temurin-25-jdk-amd64)
#   --kernels vector  compile with kernels=vector (the profile waits for the vector warm-up)
#   --scalar       one CLI_JAR:MODEL with --kernels vector: its scalar kernels [0] against its
#                  vector kernels [1], layer by layer
#   --cpu          time with the thread's CPU time instead of the wall clock
#   --rounds N     timed rounds (default 60) after --warmup N whole inferences per class
#                  (default 400; 2500 for 0.25_128)
#   --no-build     reuse benchmarks/target/benchmarks.jar
# Examples:
#   uint8 v2 against int8 per-channel v2, default kernels (what per-channel costs, per layer):
#     scripts/layer-profile.sh --cpu --rounds 30 --warmup 200 cli/target/tflite2java-0.1.0-SNAPSHOT-cli.jar:mobilenet_v2_1.0_224_quant \
#       cli/target/tflite2java-0.1.0-SNAPSHOT-cli.jar:tf2_mobilenet_v2_1.0_224_ptq
#   A/B of two compiler builds on one model, vector kernels: give the same MODEL with two jars:
#     scripts/layer-profile.sh --kernels vector --rounds 30 /tmp/cli-before.jar:mobilenet_v1_1.0_224_quant \
#       cli/target/tflite2java-0.1.0-SNAPSHOT-cli.jar:mobilenet_v1_1.0_224_quant
set -euo pipefail

# shellcheck source=lib-bench.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib-bench.sh"
# shellcheck source=lib-ab.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib-ab.sh"
bench_lib_init layer-profile 2,31
bench_accepts="--java --no-build"
java_set=false
kernels=scalar
profile_args=()
specs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --kernels) [[ $# -ge 2 ]] || die "--kernels needs a value"; kernels=$2; shift 2
      [[ $kernels == scalar || $kernels == vector ]] || die "--kernels: scalar or vector, not $kernels" ;;
    --rounds|--warmup) [[ $# -ge 2 ]] || die "$1 needs a number"; profile_args+=("$1" "$2"); shift 2 ;;
    --scalar|--cpu) profile_args+=("$1"); shift ;;
    --java) java_set=true; bench_common_arg "$@"; shift "$bench_shift" ;;
    -*) bench_common_arg "$@"; shift "$bench_shift" ;;
    *) specs+=("$1"); shift ;;
  esac
done
((${#specs[@]} >= 1)) || die "give CLI_JAR:MODEL (see --help)"
if [[ $kernels == vector ]] && ! $java_set; then
  java_bin=$jdk25
fi
bench_prepare golden "$repo_root/target/layer-profile"
work=$out
rm -rf "$work" && mkdir -p "$work"
run_args=()
i=0
for spec in "${specs[@]}"; do
  IFS=: read -r jar model <<<"$spec"
  [[ -f $jar ]] || die "not a file: $jar"
  [[ -f $shared/models/$model.tflite ]] || die "no model $shared/models/$model.tflite"
  cls=c$i.$(basename "$model" | sed 's/[^A-Za-z0-9]/_/g')
  ab_compile "$jar" "$shared/models/$model.tflite" "$cls" "$work" "$kernels" || die "$spec did not compile"
  run_args+=("$cls" "$model")
  i=$((i + 1))
done
java_opts=()
[[ $kernels == vector ]] && java_opts=(--add-modules jdk.incubator.vector)
"$java_bin" "${java_opts[@]}" -Dtflite2java.shared="$shared" -cp "$bench_jar:$work/classes" \
  io.github.tflite2java.benchmarks.LayerProfile "${profile_args[@]}" "${run_args[@]}" \
  2> >(grep -v 'WARNING: Using incubator' >&2)

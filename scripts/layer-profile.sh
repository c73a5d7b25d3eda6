#!/usr/bin/env bash
# Per-layer profile of generated classes in one JVM (scripts/LayerProfile.java): each class's
# layer methods called in run()'s order on the golden input, thread CPU time per call, rounds
# alternating the classes; prints a markdown table of per-layer medians and, from the second
# class on, the ratio to the first (layers paired by position: same architecture lines up).
# Usage: scripts/layer-profile.sh [--java PATH] [--rounds N] [--warmup N] [--kernels K] CLI_JAR:MODEL:GOLDEN_PREFIX...
#   CLI_JAR        a build of the command-line jar (cli/target/tflite2java-0.1.0-SNAPSHOT-cli.jar)
#   MODEL          the .tflite file;  GOLDEN_PREFIX  e.g. ../shared/golden/<model>/grace_hopper
#   --rounds N     timed rounds (default 40) after --warmup N whole inferences per class (default 60)
# Examples:
#   int8 per-channel v2 against uint8 v2 (what per-channel costs, layer by layer):
#   scripts/layer-profile.sh cli/target/tflite2java-0.1.0-SNAPSHOT-cli.jar:../shared/models/mobilenet_v2_1.0_224_quant.tflite:../shared/golden/mobilenet_v2_1.0_224_quant/grace_hopper \
#     cli/target/tflite2java-0.1.0-SNAPSHOT-cli.jar:../shared/models/tf2_mobilenet_v2_1.0_224_ptq.tflite:../shared/golden/tf2_mobilenet_v2_1.0_224_ptq/grace_hopper
#   A/B of two compiler builds on one model: give the same MODEL:GOLDEN_PREFIX with two jars.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/java}
java_bin=${java_bin:-java}
rounds=40
warmup=60
specs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --java) java_bin=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "layer-profile: unknown option $1" >&2; exit 2 ;;
    *) specs+=("$1"); shift ;;
  esac
done
[[ ${#specs[@]} -ge 1 ]] || { echo "layer-profile: give CLI_JAR:MODEL:GOLDEN_PREFIX (see --help)" >&2; exit 2; }
work=$root/target/layer-profile
rm -rf "$work" && mkdir -p "$work/src" "$work/classes"
args=()
i=0
for spec in "${specs[@]}"; do
  IFS=: read -r jar model golden <<<"$spec"
  name=$(basename "$model" .tflite | sed 's/[^A-Za-z0-9]/_/g')
  pkg=c$i
  java -jar "$jar" --model "$model" --class "$pkg.$name" --weights resource --out "$work/src" >/dev/null
  javac --release 8 -nowarn -d "$work/classes" "$work/src/$pkg/$name.java"
  cp "$work/src/$pkg/$name.weights" "$work/classes/$pkg/"
  args+=("$pkg.$name" "$work/src/$pkg/$name.java" "$golden")
  i=$((i + 1))
done
"$java_bin" -cp "$work/classes" "$root/scripts/LayerProfile.java" "$rounds" "$warmup" "${args[@]}"

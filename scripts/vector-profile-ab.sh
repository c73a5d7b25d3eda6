#!/usr/bin/env bash
# Paired A/B of two versions of the generated vector code for one model, in one JVM:
# compiles MODEL with two CLI jars (kernels=vector) into packages ab.before / ab.after and runs
# benchmarks' VectorLayerProfile on both classes in the same rounds (docs/vector-kernels.md,
# "Where the time goes").
#
# Usage: scripts/vector-profile-ab.sh BEFORE_CLI_JAR AFTER_CLI_JAR MODEL_NAME CLASS [profile options]
#   e.g. scripts/vector-profile-ab.sh /tmp/cli-before.jar cli/target/tflite2java-0.1.0-SNAPSHOT-cli.jar \
#          mobilenet_v1_1.0_224_quant MobilenetV1QuantVk --warmup 400 --rounds 30
# Needs benchmarks/target/benchmarks.jar (mvn -B -q -pl benchmarks -am package -DskipTests);
# JAVA (default: JDK 25 at /usr/lib/jvm/temurin-25-jdk-amd64/bin/java) runs the profile.
set -euo pipefail
before=$1 after=$2 model=$3 cls=$4
shift 4
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
java_bin=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
shared=${TFLITE2JAVA_SHARED:-$repo/../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build() { # CLI_JAR PACKAGE DIR
  mkdir -p "$3/src" "$3/res" "$3/classes"
  java -jar "$1" --model "$shared/models/$model.tflite" --class "$2.$cls" --out "$3/src" \
    --resources-out "$3/res" --kernels vector >/dev/null
  javac -nowarn -d "$3/classes" --release 17 --add-modules jdk.incubator.vector \
    $(find "$3/src" "$3/src-vector" -name '*.java') 2>&1 | grep -v 'warning\|incubat' || true
  cp -r "$3/res/." "$3/classes/"
}
build "$before" ab.before "$work/a"
build "$after" ab.after "$work/b"
"$java_bin" --add-modules jdk.incubator.vector \
  -cp "$repo/benchmarks/target/benchmarks.jar:$work/a/classes:$work/b/classes" \
  io.github.tflite2java.benchmarks.VectorLayerProfile "ab.after.$cls" "$model" \
  --vs "ab.before.$cls" "$@" 2>&1 | grep -v 'WARNING: Using incubator'

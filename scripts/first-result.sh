#!/usr/bin/env bash
# Time to first result: a fresh JVM's time from launch to the first inference's checked output,
# median of N launches, for the flagship and a real model, the scalar and the vector backend, and
# the start-up aids (warmUp(), JDK 25's AOT cache). Prints one markdown table.
#
# Usage: scripts/first-result.sh [--runs N] [--models a,b] [--jdk17 PATH] [--jdk25 PATH]
#                                [--no-build] [--out DIR] [--all] [--series N] [--fast N]
#                                [--cli JAR] [--compare-cli JAR] [--variants LIST]
#   --runs N     launches per variant (default 7); the variants' launches are interleaved
#   --models L   .tflite names (default mobilenet_v1_1.0_224_quant,mobilenet_v2_quantized_1x3x224x224,
#                the PyTorch export);
#                a name under ../shared/models/real/ is a real model
#   --jdk17 P    java binary for the JDK 17 rows (default $JAVA_HOME/bin/java, else java)
#   --jdk25 P    java binary for the JDK 25 rows (default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
#   --no-build   reuse cli/target/*-cli.jar and the classes under --out
#   --out DIR    work folder (default target/first-result)
#   --all        also the slow variants (marked below)
#   --series N   also print, once per model and backend, the first N+1 inference times of one JVM
#   --fast N     time to fast: every launch keeps inferring after its first result until kernels()
#                no longer says "warming up" (at once for scalar), then N more (at most 6 minutes);
#                adds the columns "launch to decision" (until kernels() no longer said "warming up":
#                switched, or scalar for good), "launch to vector" (until kernels() said the vector kernels run),
#                "launch to fast" (until the first of 5 inferences in a row within 1.2x steady
#                state, steady = median of the last min(N, 20)) and "steady ms"; the launches'
#                inference times are in DIR/<model>/launches.txt
#   --cli JAR    generate with this command-line jar (no Maven build)
#   --compare-cli JAR  also generate the vector classes with this jar (e.g. an older commit's) and
#                add the row "25 vector (B)", interleaved with the others: an A/B of generated code
#   --variants L only these rows (comma-separated names as in the table, e.g.
#                "25 scalar,25 vector,25 vector (B)")
#
# Variants (each row: median of the launches; "launch to result" is the wall clock from just before
# `java` to the moment the output was checked against TFLite 2.9.0's golden bytes):
#   17 scalar, 25 scalar            java -cp classes FirstResult ...
#   25 scalar + warmUp()            the same, X.warmUp() before the first inference (the first result
#                                   comes later; the point is the first inference's own time)
#   25 scalar + AOT cache           -XX:AOTCache=scalar.aot, made once by a training run
#                                   (-XX:AOTCacheOutput=scalar.aot, JDK 25's one-step form) that ran
#                                   warmUp() and one inference
#   25 vector                       --add-modules jdk.incubator.vector (the layers run scalar kernels
#                                   until the background warm-up switches them; kernels() is printed)
#   25 vector, no background warm-up  (--all) -Dtflite2java.vectorWarmUp=false: vector kernels from the start
#   25 vector + AOT cache           as for scalar, with the vector classes
#   25 scalar + AOT cache + warmUp(), 25 vector + warmUp()  (--all)
#   25 vector, 30 warm-up rounds  (--variants only) -Dtflite2java.vectorWarmUpRounds=30: switch after
#                                   30 rounds without comparing with the scalar kernels
#   17 vector                       (--variants only) as 25 vector, on the JDK 17 of --jdk17
#   25 scalar + incubator module    (--variants only) the scalar classes with --add-modules
#                                   jdk.incubator.vector (the module's own start-up cost)
#   25 scalar + incubator module + AOT cache  (--variants only) the same with a cache trained so:
#                                   what the incubator module does to the AOT cache
#                                   (docs/start-up.md, "The AOT cache with the vector backend")
#   25 vector + AOT cache, one-inference training  (--variants only) the vector cache trained with
#                                   one inference, no warmUp() (seconds, not a wait for the switch)
#   25 vector classes, kernels=scalar, no incubator module + AOT cache  (--variants only) the vector
#                                   classes launched (and trained) without --add-modules, with
#                                   -Dtflite2java.kernels=scalar: the AOT cache's full effect, no vector kernels
#   25 vector (B)                   (--compare-cli) as 25 vector, classes from the other jar
# Each training run's log (DIR/<model>/<backend>-aot-training.log, -Xlog:aot=info) ends with what
# the JDK archived; the script prints it: full module graph, aot-linked app classes, method profiles.
set -euo pipefail

die() { echo "first-result: $*" >&2; exit 1; }
say() { echo "first-result: $*" >&2; }

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=7
models=mobilenet_v1_1.0_224_quant,mobilenet_v2_quantized_1x3x224x224
jdk17=${JAVA_HOME:+$JAVA_HOME/bin/java}
jdk17=${jdk17:-java}
jdk25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
build=true
out=$repo_root/target/first-result
series=0
all=false
fast=0
cli=
compare_cli=
variants=
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) [[ $# -ge 2 ]] || die "--runs needs a number"; runs=$2; shift 2 ;;
    --models) [[ $# -ge 2 ]] || die "--models needs a list"; models=$2; shift 2 ;;
    --jdk17) [[ $# -ge 2 ]] || die "--jdk17 needs a value"; jdk17=$2; shift 2 ;;
    --jdk25) [[ $# -ge 2 ]] || die "--jdk25 needs a value"; jdk25=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    --out) [[ $# -ge 2 ]] || die "--out needs a value"; out=$2; shift 2 ;;
    --all) all=true; shift ;;
    --series) [[ $# -ge 2 ]] || die "--series needs a number"; series=$2; shift 2 ;;
    --fast) [[ $# -ge 2 ]] || die "--fast needs a number"; fast=$2; shift 2 ;;
    --cli) [[ $# -ge 2 ]] || die "--cli needs a jar"; cli=$(realpath "$2"); shift 2 ;;
    --compare-cli) [[ $# -ge 2 ]] || die "--compare-cli needs a jar"; compare_cli=$(realpath "$2"); shift 2 ;;
    --variants) [[ $# -ge 2 ]] || die "--variants needs a list"; variants=$2; shift 2 ;;
    -h|--help) sed -n '2,59p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
[[ -x $jdk25 ]] || die "JDK 25 not found at $jdk25 (--jdk25)"
javac25=$(dirname "$jdk25")/javac
shared=$(cd "$repo_root/../shared" 2>/dev/null && pwd) || die "../shared not found"

cli_jar=$(ls "$repo_root"/cli/target/tflite2java-*-cli.jar 2>/dev/null | head -1 || true)
if [[ -n $cli ]]; then
  cli_jar=$cli
elif $build || [[ -z $cli_jar ]]; then
  say "building the command-line jar (mvn -B -q -pl cli -am package -DskipTests)"
  (cd "$repo_root" && mvn -B -q -pl cli -am package -DskipTests)
  cli_jar=$(ls "$repo_root"/cli/target/tflite2java-*-cli.jar | head -1)
fi
mkdir -p "$out/harness"
"$javac25" --release 8 -nowarn -d "$out/harness" "$repo_root/scripts/first-result/FirstResult.java" 2>/dev/null
jar25=$(dirname "$jdk25")/jar
# Jars, not folders: the AOT cache (like CDS) takes classes from jars only.
"$jar25" cf "$out/harness.jar" -C "$out/harness" .

simple_name() { # mobilenet_v1_1.0_224_quant -> M_mobilenet_v1_1_0_224_quant
  echo "M_$1" | tr -c 'A-Za-z0-9_\n' '_'
}

model_file() {
  if [[ -f $shared/models/real/$1.tflite ]]; then echo "$shared/models/real/$1.tflite"; else echo "$shared/models/$1.tflite"; fi
}
golden_dir() {
  if [[ -d $shared/golden/real/$1 ]]; then echo "$shared/golden/real/$1"; else echo "$shared/golden/$1"; fi
}

# Generates and compiles one model for one backend into $out/<model>/<backend>/classes
# (backend vector-B: the vector classes of --compare-cli's jar).
build_model() {
  local model=$1 backend=$2 dir=$out/$1/$2 jar=$cli_jar
  if ! $build && [[ -f $dir/model.jar ]]; then return; fi
  [[ $backend == vector-B ]] && { jar=$compare_cli; backend=vector; }
  rm -rf "$dir"; mkdir -p "$dir/src" "$dir/classes"
  local extra=()
  [[ $backend == vector ]] && extra=(--kernels vector)
  "$jdk25" -jar "$jar" --model "$(model_file "$model")" --class "first.$(simple_name "$model")" \
    --out "$dir/src" "${extra[@]}" >"$dir/generate.log" 2>&1 || { cat "$dir/generate.log" >&2; die "generation failed"; }
  "$javac25" --release 8 -nowarn -d "$dir/classes" $(find "$dir/src" -name '*.java') 2>"$dir/javac.log" \
    || { cat "$dir/javac.log" >&2; die "javac failed"; }
  find "$dir/src" -name '*.weights' -exec cp {} "$dir/classes/first/" \;
  if [[ $backend == vector ]]; then
    "$javac25" --release 17 --add-modules jdk.incubator.vector -nowarn -cp "$dir/classes" -d "$dir/classes" \
      $(find "$dir/src-vector" -name '*.java') 2>"$dir/javac-vector.log" || { cat "$dir/javac-vector.log" >&2; die "javac (vector) failed"; }
  fi
  "$jar25" cf "$dir/model.jar" -C "$dir/classes" .
}

# One launch: prints the harness's line with launch_to_result=<ms> prepended.
launch() {
  local java=$1; shift
  local t0 line
  t0=$(date +%s%3N)
  line=$("$java" "$@" 2>/dev/null | grep 'result_epoch=' || true)
  [[ -n $line ]] || { "$java" "$@" >&2 || true; die "no result from: $java $*"; }
  local epoch=${line#result_epoch=}; epoch=${epoch%% *}
  echo "launch_to_result=$((epoch - t0)) $line"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) {print "-"} else if (NR%2) {print a[(NR+1)/2]} else {printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}}'; }
field() { { grep -o " $1=[^ ]*" || true; } | sed "s/ $1=//"; }

fast_args=()
if [[ $fast -gt 0 ]]; then
  fast_args=(--fast "$fast")
  table="| model | JDK, backend, aid | launch to result ms | first inference ms | warmUp() ms | class load + init ms | launch to decision ms | launch to vector ms | launch to fast ms | steady ms | runs | kernels at the end (first launch) |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
else
  table="| model | JDK, backend, aid | launch to result ms | first inference ms | warmUp() ms | class load + init ms | runs | kernels |
|---|---|---:|---:|---:|---:|---:|---|"
fi
wanted() { [[ -z $variants ]] || [[ ",$variants," == *",$1,"* ]]; }
IFS=, read -ra model_list <<<"$models"
for model in "${model_list[@]}"; do
  backends=(scalar vector)
  [[ -n $compare_cli ]] && backends+=(vector-B)
  for backend in "${backends[@]}"; do
    say "$model: generating and compiling ($backend)"
    build_model "$model" "$backend"
  done
  gdir=$(golden_dir "$model")
  name=grace_hopper
  [[ -f $gdir/$name.in ]] || name=random_1
  input=$gdir/$name.in
  golden=$gdir/$name.tflite-2.9.out
  cls=first.$(simple_name "$model")
  sc=$out/$model/scalar/model.jar:$out/harness.jar
  vc=$out/$model/vector/model.jar:$out/harness.jar
  vcb=$out/$model/vector-B/model.jar:$out/harness.jar
  vm=(--add-modules jdk.incubator.vector)
  # AOT caches: one training run each (JDK 25 one-step -XX:AOTCacheOutput). scalar-incubator: the
  # scalar classes with the incubator module in the boot layer; vector-short: the vector classes
  # trained with one inference (no warmUp(), so no wait for the switch); vector-scalar: the vector
  # classes without the incubator module, -Dtflite2java.kernels=scalar.
  for backend in scalar vector scalar-incubator vector-short vector-scalar; do
    aot=$out/$model/$backend.aot
    case $backend in
      scalar) wanted "25 scalar + AOT cache" || wanted "25 scalar + AOT cache + warmUp()" || continue ;;
      vector) wanted "25 vector + AOT cache" || continue ;;
      scalar-incubator) wanted "25 scalar + incubator module + AOT cache" || continue ;;
      vector-short) wanted "25 vector + AOT cache, one-inference training" || continue ;;
      vector-scalar) wanted "25 vector classes, kernels=scalar, no incubator module + AOT cache" || continue ;;
    esac
    if $build || [[ ! -f $aot ]]; then
      rm -f "$aot"
      cp=$sc; mods=(); train=(--warm-up)
      [[ $backend == vector* ]] && { cp=$vc; mods=("${vm[@]}"); }
      [[ $backend == scalar-incubator ]] && mods=("${vm[@]}")
      [[ $backend == vector-short ]] && train=()
      [[ $backend == vector-scalar ]] && mods=(-Dtflite2java.kernels=scalar)
      log=$out/$model/$backend-aot-training.log
      say "$model: AOT training run ($backend)"
      # -Xlog:aot=info: the JDK's own account of what the cache holds (also in the assembly child).
      "$jdk25" "${mods[@]}" -Xlog:aot=info -XX:AOTCacheOutput="$aot" -cp "$cp" FirstResult "$cls" "$input" "$golden" "${train[@]}" \
        >"$log" 2>&1 \
        || { cat "$log" >&2; rm -f "$aot"; die "AOT training failed"; }
      grep -q 'result_epoch=' "$log" || { rm -f "$aot"; die "AOT training run gave no result"; }
      # The last lines are the assembly's (what the cache holds); the first ones the training run's.
      fmg=$(grep -o 'Full module graph = [a-z]*' "$log" | tail -1 | sed 's/.*= //')
      mtd=$(grep -o 'MethodTrainingData *= *[0-9]*' "$log" | sed 's/.*= *//' | tr '\n' ' ')
      linked=$(grep -E 'app +=.*aot-linked' "$log" | tail -1 | grep -o 'aot-linked = *[0-9]*' | sed 's/.*= *//')
      say "$model: $backend.aot: full module graph ${fmg:-?}, app classes aot-linked ${linked:-?}, method profiles recorded/archived: ${mtd:-?}"
    fi
  done
  declare -A args=(
    [17 scalar]="$jdk17|-cp $sc FirstResult $cls $input $golden"
    [25 scalar]="$jdk25|-cp $sc FirstResult $cls $input $golden"
    [25 scalar + warmUp()]="$jdk25|-cp $sc FirstResult $cls $input $golden --warm-up"
    [25 scalar + AOT cache]="$jdk25|-XX:AOTCache=$out/$model/scalar.aot -cp $sc FirstResult $cls $input $golden"
    [25 scalar + AOT cache + warmUp()]="$jdk25|-XX:AOTCache=$out/$model/scalar.aot -cp $sc FirstResult $cls $input $golden --warm-up"
    [25 vector]="$jdk25|${vm[*]} -cp $vc FirstResult $cls $input $golden --kernels"
    [25 vector, no background warm-up]="$jdk25|${vm[*]} -Dtflite2java.vectorWarmUp=false -cp $vc FirstResult $cls $input $golden --kernels"
    [25 vector + warmUp()]="$jdk25|${vm[*]} -cp $vc FirstResult $cls $input $golden --warm-up --kernels"
    [25 vector + AOT cache]="$jdk25|${vm[*]} -XX:AOTCache=$out/$model/vector.aot -cp $vc FirstResult $cls $input $golden --kernels"
    [25 vector + AOT cache, one-inference training]="$jdk25|${vm[*]} -XX:AOTCache=$out/$model/vector-short.aot -cp $vc FirstResult $cls $input $golden --kernels"
    [25 vector classes, kernels=scalar, no incubator module + AOT cache]="$jdk25|-Dtflite2java.kernels=scalar -XX:AOTCache=$out/$model/vector-scalar.aot -cp $vc FirstResult $cls $input $golden --kernels"
    [25 scalar + incubator module]="$jdk25|${vm[*]} -cp $sc FirstResult $cls $input $golden"
    [25 scalar + incubator module + AOT cache]="$jdk25|${vm[*]} -XX:AOTCache=$out/$model/scalar-incubator.aot -cp $sc FirstResult $cls $input $golden"
    [17 vector]="$jdk17|${vm[*]} -cp $vc FirstResult $cls $input $golden --kernels"
    [25 vector, 30 warm-up rounds]="$jdk25|${vm[*]} -Dtflite2java.vectorWarmUpRounds=30 -cp $vc FirstResult $cls $input $golden --kernels"
    [25 vector (B)]="$jdk25|${vm[*]} -cp $vcb FirstResult $cls $input $golden --kernels"
  )
  order=("17 scalar" "25 scalar" "25 scalar + warmUp()" "25 scalar + AOT cache" "25 vector" "25 vector + AOT cache")
  # --all: also the slow ones (each launch waits for, or runs without, the vector warm-up).
  $all && order+=("25 scalar + AOT cache + warmUp()" "25 vector, no background warm-up" "25 vector + warmUp()")
  [[ -n $compare_cli ]] && order+=("25 vector (B)")
  if [[ -n $variants ]]; then
    kept=()
    declare -A seen=()
    for v in "${order[@]}" "25 scalar + AOT cache + warmUp()" "25 vector, no background warm-up" "25 vector + warmUp()" "25 vector, 30 warm-up rounds" "17 vector" \
        "25 scalar + incubator module" "25 scalar + incubator module + AOT cache" "25 vector + AOT cache, one-inference training" \
        "25 vector classes, kernels=scalar, no incubator module + AOT cache"; do
      if wanted "$v" && [[ -z ${seen[$v]:-} ]]; then kept+=("$v"); seen[$v]=1; fi
    done
    unset seen
    order=("${kept[@]}")
  fi
  declare -A results=()
  : >"$out/$model/launches.txt"
  for ((r = 1; r <= runs; r++)); do
    say "$model: round $r of $runs"
    for v in "${order[@]}"; do
      IFS='|' read -r java rest <<<"${args[$v]}"
      # shellcheck disable=SC2086
      line=$(launch "$java" $rest "${fast_args[@]}")
      echo "$v: $line" >>"$out/$model/launches.txt"
      results[$v]+="$line"$'\n'
    done
  done
  for v in "${order[@]}"; do
    lines=${results[$v]}
    l2r=$(echo "$lines" | grep -o '^launch_to_result=[0-9]*' | sed 's/.*=//' | median)
    first=$(echo "$lines" | field first | median)
    warm=$(echo "$lines" | field warm_up | median)
    init=$(echo "$lines" | field load_init | median)
    k=$(echo "$lines" | { grep -o 'kernels="[^"]*"' || true; } | head -1 | sed 's/kernels=//; s/"//g')
    [[ $v == *warmUp* ]] || warm="-"
    if [[ $fast -gt 0 ]]; then
      # epochs minus the launch's start: launch_to_result - (result_epoch - epoch)
      l2v=$(echo "$lines" | awk '{for(i=1;i<=NF;i++){split($i,a,"=");f[a[1]]=a[2]}; if (f["ready_epoch"]>0) print f["launch_to_result"]-(f["result_epoch"]-f["ready_epoch"])}' | median)
      l2f=$(echo "$lines" | awk '{for(i=1;i<=NF;i++){split($i,a,"=");f[a[1]]=a[2]}; if (f["fast_epoch"]>0) print f["launch_to_result"]-(f["result_epoch"]-f["fast_epoch"])}' | median)
      l2d=$(echo "$lines" | awk '{for(i=1;i<=NF;i++){split($i,a,"=");f[a[1]]=a[2]}; if (f["decided_epoch"]>0) print f["launch_to_result"]-(f["result_epoch"]-f["decided_epoch"])}' | median)
      st=$(echo "$lines" | field steady | median)
      fk=$(echo "$lines" | { grep -o 'final_kernels="[^"]*"' || true; } | head -1 | sed 's/final_kernels=//; s/"//g')
      table+=$'\n'"| $model | $v | $l2r | $first | $warm | $init | $l2d | $l2v | $l2f | $st | $runs | ${fk:-${k:--}} |"
    else
      table+=$'\n'"| $model | $v | $l2r | $first | $warm | $init | $runs | ${k:--} |"
    fi
  done
  if [[ $series -gt 0 ]]; then
    for backend in scalar vector; do
      cp=$sc; mods=()
      [[ $backend == vector ]] && { cp=$vc; mods=("${vm[@]}"); }
      for java in "$jdk17" "$jdk25"; do
        [[ $backend == vector && $java == "$jdk17" ]] && continue
        say "$model $backend $("$java" -version 2>&1 | head -1): $(launch "$java" "${mods[@]}" -cp "$cp" FirstResult "$cls" "$input" "$golden" --series "$series" | field series)"
      done
    done
  fi
  unset args results
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "$table"

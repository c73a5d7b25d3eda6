# Shared by scripts/bench-peers.sh, scripts/bench-real.sh, scripts/bench-ab.sh and
# scripts/layer-profile.sh (sourced, not run): their common options and the JDKs they measure on.
#
#   bench_lib_init NAME HELP_LINES QUICK_ARGS...
#       die/say prefixed "NAME: "; the defaults of the common options; --help prints lines
#       HELP_LINES (sed range, e.g. 2,19) of the script; --quick sets jmh_args to QUICK_ARGS.
#       A script that takes only some of the common options lists them in bench_accepts
#       (e.g. bench_accepts="--java --out") after the init; the others are then unknown to it.
#   bench_common_arg "$@"
#       handles one common option at $1 (--java, --jdk17, --jdk25, --no-build, --quick, --forks,
#       --out, -h/--help), else dies naming the unknown argument; sets bench_shift to the number
#       of arguments used. Call it from the script's own `case` for anything it does not handle.
#       --java PATH sets java_bin, the java of scripts that run one JDK (a JDK home is taken as
#       its bin/java), and for scripts on two JDKs the first (--jdk17).
#   bench_find_javas WHAT_IS_LEFT_OUT
#       fills javas with the java binaries found for --jdk17 and --jdk25 (a JDK home is taken as
#       its bin/java); says "java not found: X (WHAT_IS_LEFT_OUT)" for a missing one, dies when
#       none is found.
#   bench_prepare SHARED_SUBDIR DEFAULT_OUT
#       cd to the repository; shared = $TFLITE2JAVA_SHARED or ../shared (absolute), dying unless
#       it holds SHARED_SUBDIR; out defaults to DEFAULT_OUT (made); builds the benchmarks jar
#       unless --no-build, and sets bench_jar, dying when it is missing.
#   bench_tflite_c
#       exports TFLITE2JAVA_TFLITE_C_DIR (scripts/fetch-tflite-c.sh); fails (status 1) when
#       TFLite 2.9.0's C library is unavailable, for the script to say what it leaves out.
#
# Sets: repo_root, java_bin, jdk17, jdk25, build, jmh_args (the script sets its default after init),
# forks, out, javas, shared, bench_jar.

bench_lib_init() {
  bench_name=$1
  bench_help_lines=$2
  shift 2
  bench_quick_args=("$@")
  repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  java_bin=${JAVA_HOME:+$JAVA_HOME/bin/java}
  java_bin=${java_bin:-java}
  jdk17=$java_bin
  jdk25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  bench_accepts=""
  build=true
  forks=1
  out=""
}

die() { echo "$bench_name: $*" >&2; exit 1; }
say() { echo "$bench_name: $*" >&2; }

bench_common_arg() {
  if [[ -n $bench_accepts && $1 != -h && $1 != --help && " $bench_accepts " != *" $1 "* ]]; then
    die "unknown argument: $1 (see --help)"
  fi
  case "$1" in
    --java) [[ $# -ge 2 ]] || die "--java needs a value"; java_bin=$2; jdk17=$2; bench_shift=2
      if [[ -d $java_bin ]]; then java_bin=$java_bin/bin/java; fi ;;
    --jdk17) [[ $# -ge 2 ]] || die "--jdk17 needs a value"; jdk17=$2; bench_shift=2 ;;
    --jdk25) [[ $# -ge 2 ]] || die "--jdk25 needs a value"; jdk25=$2; bench_shift=2 ;;
    --no-build) build=false; bench_shift=1 ;;
    --quick) jmh_args=("${bench_quick_args[@]}"); bench_shift=1 ;;
    --forks) [[ $# -ge 2 ]] || die "--forks needs a number"; forks=$2; bench_shift=2 ;;
    --out) [[ $# -ge 2 ]] || die "--out needs a value"; out=$2; bench_shift=2 ;;
    -h|--help) sed -n "${bench_help_lines}p" "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
}

bench_find_javas() {
  javas=()
  local j
  for j in "$jdk17" "$jdk25"; do
    [[ -d $j ]] && j=$j/bin/java
    if command -v "$j" >/dev/null; then
      javas+=("$(command -v "$j")")
    else
      say "java not found: $j ($1)"
    fi
  done
  ((${#javas[@]} > 0)) || die "no java to measure with"
}

bench_prepare() {
  cd "$repo_root"
  shared=${TFLITE2JAVA_SHARED:-$repo_root/../shared}
  [[ -d $shared/$1 ]] || die "shared folder with $1 not found at $shared (set TFLITE2JAVA_SHARED)"
  shared=$(cd "$shared" && pwd)
  out=${out:-$2}
  mkdir -p "$out"
  if $build; then
    say "building (mvn -q -pl benchmarks -am package -DskipTests)"
    mvn -q -pl benchmarks -am package -DskipTests >&2 || die "build failed"
  fi
  bench_jar=$repo_root/benchmarks/target/benchmarks.jar
  [[ -f $bench_jar ]] || die "$bench_jar missing (build first)"
}

bench_tflite_c() {
  local lib
  lib=$("$repo_root/scripts/fetch-tflite-c.sh" 2>/dev/null) || return 1
  export TFLITE2JAVA_TFLITE_C_DIR=${lib%/*}
}

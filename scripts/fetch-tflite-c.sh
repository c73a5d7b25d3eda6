#!/usr/bin/env bash
# Fetches TFLite 2.9.0's C library, the second reference runtime of the conformance tests.
#
# The library is the one the golden files `<input>.tflite-2.9.out` were made with:
# `package/cc_deps/linux_amd64/libtensorflowlite_c.so` of the npm package tfjs-tflite-node@0.0.2.
# It needs only system libraries (libc, libm, libdl, librt, libpthread, libstdc++, libgcc_s);
# the package's libexternal_delegate_obj.so is not needed.
#
# Usage: scripts/fetch-tflite-c.sh [--force]
#   Cache folder: $TFLITE2JAVA_TFLITE_C_DIR, default <repo>/target/tflite-c
#   (note: `mvn clean` at the repository root deletes the default folder).
#   Prints the absolute path of libtensorflowlite_c.so on stdout (messages go to stderr), e.g.
#     lib=$(scripts/fetch-tflite-c.sh)
#   The it-tests find the library in that folder by walking up from the module directory, or via
#   -Dtflite2java.tfliteC=/path/to/libtensorflowlite_c.so (or its folder).
#   Needs npm and access to the npm registry, once; later runs use the cached file.
set -euo pipefail

PACKAGE="tfjs-tflite-node@0.0.2"
TARBALL="tfjs-tflite-node-0.0.2.tgz"
MEMBER="package/cc_deps/linux_amd64/libtensorflowlite_c.so"
LIB="libtensorflowlite_c.so"
SHA256="dc89b4cd86d956516570bd483668e6dd98907f49901d0567dedc69a29a56b7f7"

die() { echo "fetch-tflite-c: $*" >&2; exit 1; }
say() { echo "fetch-tflite-c: $*" >&2; }

force=false
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
    *) die "unknown argument: $arg (usage: $0 [--force])" ;;
  esac
done

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${TFLITE2JAVA_TFLITE_C_DIR:-$repo_root/target/tflite-c}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
lib="$dir/$LIB"

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -f "$lib" && $force == false ]]; then
  if [[ $(sha_of "$lib") == "$SHA256" ]]; then
    echo "$lib"
    exit 0
  fi
  say "cached $lib has an unexpected sha256; fetching again"
fi

[[ $(uname -s) == Linux && $(uname -m) == x86_64 ]] \
  || say "warning: this library is for Linux x86-64; this machine is $(uname -s) $(uname -m)"
command -v npm >/dev/null || die "npm is needed (it downloads $PACKAGE from the npm registry)"

work=$(mktemp -d "$dir/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT

say "downloading $PACKAGE with npm pack into $dir"
(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null) || die "npm pack $PACKAGE failed"
[[ -f "$work/$TARBALL" ]] || die "npm pack did not produce $TARBALL"
tar -xzf "$work/$TARBALL" -C "$work" "$MEMBER" package/cc_deps/include package/package.json \
  || die "$TARBALL does not contain $MEMBER"

actual=$(sha_of "$work/$MEMBER")
[[ $actual == "$SHA256" ]] || die "sha256 of $MEMBER is $actual, expected $SHA256"

if command -v ldd >/dev/null; then
  missing=$(ldd "$work/$MEMBER" 2>&1 | grep 'not found' || true)
  [[ -z $missing ]] || die "$LIB needs libraries this system lacks:"$'\n'"$missing"
fi

rm -rf "$dir/include"
mv "$work/package/cc_deps/include" "$dir/include"
mv "$work/package/package.json" "$dir/package.json"
chmod 755 "$work/$MEMBER"
mv -f "$work/$MEMBER" "$lib"
say "TFLite 2.9.0 C library ready (C headers in $dir/include)"
echo "$lib"

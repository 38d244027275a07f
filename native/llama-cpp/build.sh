#!/usr/bin/env bash
# Builds llama.cpp's own llama-bench, llama-batched-bench, llama-server and llama-finetune and their shared libraries.
# The harness fine-tunes on these libraries (its training worker; LLamaSharp 0.30.0's natives abort in the backward
# pass), `harness bench generate` runs llama-bench and llama-batched-bench beside the harness, the `server` tests and
# `harness bench remote` start llama-server, and the training comparison runs llama-finetune.
# Two CPU variants (docs/cpu-variants.md):
#   portable (default): GGML_NATIVE=OFF with AVX, AVX2, FMA, F16C and BMI2 named, into .cache/native/llama-cpp/bin/:
#                       the same kernels, so the same numbers, on every x86-64-v3 machine;
#   native:             GGML_NATIVE=ON (the fastest this CPU runs, AVX-512 where present), into .cache/native/llama-cpp-native/bin/.
# A bootstrap stage with --optional: a machine without the tools gets a warning (training then says
# what to install) instead of a failed build. The source is the llama.cpp git bundle shipped inside npm
# node-llama-cpp@3.22.1 (reachable offline through the npm registry); it is a nearby llama.cpp release,
# not the exact commit LLamaSharp 0.30.0 was built from (815a2a5). Needs npm, git, cmake and a C++ compiler; ~7-10 min on 2 cores.
# Usage: native/llama-cpp/build.sh [--variant portable|native] [--rebuild | --optional]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

variant=portable mode=""
while [ $# -gt 0 ]; do
  case $1 in
    --variant) variant=${2:-}; shift 2 ;;
    --rebuild|--optional) mode=$1; shift ;;
    *) die "native/llama-cpp/build.sh: unknown argument '$1' - use [--variant portable|native] [--rebuild | --optional]" ;;
  esac
done
case $variant in
  portable) dest="$harness_cache/native/llama-cpp"
            cpu_flags=(-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AVX512=OFF) ;;
  native)   dest="$harness_cache/native/llama-cpp-native"
            cpu_flags=(-DGGML_NATIVE=ON) ;;
  *) die "native/llama-cpp/build.sh: --variant is '$variant' - use portable or native" ;;
esac
tools=(llama-bench llama-batched-bench llama-server llama-finetune)
built() { for t in "${tools[@]}"; do [ -x "$dest/bin/$t" ] || return 1; done; }
if built && [ "$mode" != "--rebuild" ]; then
  [ "$mode" = "--optional" ] || say "llama.cpp's $variant tools are already built in $dest (pass --rebuild to build them again)"
  exit 0
fi
# With --optional a failure is a warning: the build goes on, and training says what is missing.
fail() { if [ "${1:-}" = "--optional" ]; then say "warning: $2"; exit 0; fi; die "$2"; }
for tool in npm git cmake c++; do
  command -v "$tool" >/dev/null \
    || fail "$mode" "$tool is needed to build llama.cpp (the libraries fine-tuning runs on, and its tools) - install it (apt-get install -y npm git cmake g++), then run native/llama-cpp/build.sh"
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say "building llama.cpp's tools, $variant CPU variant (once; usually 7-10 min on 2 cores, cached in $dest)"
fetch_source() {
  cd "$work" && npm pack --silent node-llama-cpp@3.22.1 >/dev/null 2>"$work/npm.log" \
    && tar -xzf node-llama-cpp-3.22.1.tgz package/llama/gitRelease.bundle \
    && git -c advice.detachedHead=false clone -q package/llama/gitRelease.bundle llama.cpp
}
configure() {
  cmake -S "$work/llama.cpp" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON "${cpu_flags[@]}" \
    -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=ON -DLLAMA_BUILD_SERVER=ON \
    -DLLAMA_BUILD_TOOLS=ON -DCMAKE_BUILD_RPATH_USE_ORIGIN=ON >"$work/cmake.log" 2>&1
}
compile() { cmake --build "$work/build" --target "${tools[@]}" -j "$(nproc)" >"$work/build.log" 2>&1; }
with_heartbeat "fetching the llama.cpp source bundled in npm node-llama-cpp@3.22.1" "under a minute" "" fetch_source \
  || fail "$mode" "could not get the llama.cpp source bundle from node-llama-cpp@3.22.1 ($(tail -n 1 "$work/npm.log" 2>/dev/null)) - check npm's registry settings and git"
with_heartbeat "configuring llama.cpp with cmake" "under a minute" "" configure \
  || fail "$mode" "cmake could not configure llama.cpp (see the end of its log: $(tail -n 1 "$work/cmake.log"))"
# cmake's own percent, read from its log, goes into the heartbeat lines.
with_heartbeat "compiling ${tools[*]}" "7-10 min on 2 cores" \
  "grep -o '^\\[ *[0-9]*%\\]' '$work/build.log' | tail -n 1 | tr -d '[] ' | sed 's/^/cmake at /'" \
  compile \
  || fail "$mode" "llama.cpp's tools did not build: $(grep -m1 -i error "$work/build.log" || tail -n 1 "$work/build.log")"
rm -rf "$dest"
mkdir -p "$dest/bin"
for t in "${tools[@]}"; do cp "$work/build/bin/$t" "$dest/bin/"; done
cp "$work"/build/bin/*.so* "$dest/bin/"
git -C "$work/llama.cpp" rev-parse HEAD > "$dest/llama.cpp-commit"
echo "$variant" > "$dest/cpu-variant"
say "llama.cpp's tools ready in $dest/bin (llama.cpp $(cut -c1-8 "$dest/llama.cpp-commit"), $variant CPU variant)"

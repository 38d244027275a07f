#!/usr/bin/env bash
# Prints the struct sizes/offsets (layout.c) and ggml type block sizes (types.c) of the llama.cpp
# release the harness binds, from its own header. The binding's layout tests and the GGUF size
# table (src/Harness.Llama) hold these numbers; rerun this after changing the native version.
# Not a bootstrap stage: needs npm, git and gcc, and the libraries fetched by native/llama/fetch.sh.
set -euo pipefail
source "$(dirname "$0")/../../lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent node-llama-cpp@3.22.1 >/dev/null && tar -xzf node-llama-cpp-3.22.1.tgz package/llama/gitRelease.bundle \
  && git clone -q package/llama/gitRelease.bundle llama.cpp 2>/dev/null) || die "could not fetch the llama.cpp source bundle from node-llama-cpp@3.22.1 - check npm and git"
inc="-I $work/llama.cpp/include -I $work/llama.cpp/ggml/include"
libs="$harness_cache/native/llama-cpu"
here=$(dirname "$0")
# shellcheck disable=SC2086 # $inc holds two flags on purpose
gcc -std=c11 $inc "$here/layout.c" -o "$work/layout" && "$work/layout"
# shellcheck disable=SC2086
gcc -std=c11 $inc "$here/types.c" -L"$libs" -lggml-base -Wl,-rpath,"$libs" -o "$work/types" && "$work/types"

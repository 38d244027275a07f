#!/usr/bin/env bash
# For a GPU machine, not a bootstrap stage: builds llama.cpp with CUDA (-DGGML_CUDA=ON) from the commit
# LLamaSharp 0.30.0 was built against, into .cache/native/llama-cuda/, where HARNESS_BACKEND=cuda loads
# it through LLamaSharp's NativeLibraryConfig when the LLamaSharp.Backend.Cuda12 package is not referenced.
# Needs the CUDA toolkit (nvcc), cmake, git and a C++ compiler. The source comes from LLAMA_CPP_SOURCE (a
# llama.cpp checkout, which is switched to the pinned commit) or is cloned from LLAMA_CPP_REPO.
# CUDA architectures: CMAKE_CUDA_ARCHITECTURES (default: the GPUs of this machine).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

commit=815a2a5915f22ce6a760c676389c5dfe8535c08f # llama.cpp commit of LLamaSharp 0.30.0 (its README's version map)
repo=${LLAMA_CPP_REPO:-https://github.com/ggml-org/llama.cpp}
dest="$harness_cache/native/llama-cuda"
if [ -f "$dest/libllama.so" ] && [ "$(cat "$dest/llama.cpp-commit" 2>/dev/null)" = "$commit" ] && [ "${1:-}" != "--rebuild" ]; then
  say "the CUDA build of llama.cpp $commit is already in $dest (pass --rebuild to build it again)"
  exit 0
fi
for tool in git cmake c++ nvcc; do
  command -v "$tool" >/dev/null || die "$tool is needed for the CUDA build - install the CUDA toolkit, cmake, git and g++ (nvcc must be on PATH)"
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=${LLAMA_CPP_SOURCE:-$work/llama.cpp}
if [ -z "${LLAMA_CPP_SOURCE:-}" ]; then
  say "cloning llama.cpp from $repo"
  git clone -q "$repo" "$src" || die "could not clone $repo - set LLAMA_CPP_SOURCE to a llama.cpp checkout or LLAMA_CPP_REPO to a reachable mirror"
fi
git -C "$src" -c advice.detachedHead=false checkout -q "$commit" \
  || die "$src has no commit $commit - fetch it (git -C $src fetch origin $commit) or point LLAMA_CPP_SOURCE at a checkout that has it"
say "building llama.cpp $commit with CUDA (this takes a while)"
cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON -DGGML_CUDA=ON \
  -DCMAKE_CUDA_ARCHITECTURES="${CMAKE_CUDA_ARCHITECTURES:-native}" -DGGML_NATIVE=OFF \
  -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_TOOLS=OFF \
  -DCMAKE_BUILD_RPATH_USE_ORIGIN=ON >"$work/cmake.log" 2>&1 \
  || die "cmake could not configure the CUDA build: $(grep -m1 -i error "$work/cmake.log" || tail -n 1 "$work/cmake.log")"
cmake --build "$work/build" --target llama -j "$(nproc)" >"$work/build.log" 2>&1 \
  || die "the CUDA build failed: $(grep -m1 -i error "$work/build.log" || tail -n 1 "$work/build.log")"
rm -rf "$dest"
mkdir -p "$dest"
# libllama and the ggml libraries side by side ($ORIGIN run paths): LLamaSharp loads libggml-base,
# libggml and libllama from this folder; libggml pulls in its CPU and CUDA backends.
cp "$work"/build/bin/*.so* "$dest/"
[ -f "$dest/libggml-cuda.so" ] || die "the build produced no libggml-cuda.so - check that cmake found the CUDA toolkit"
echo "$commit" > "$dest/llama.cpp-commit"
say "CUDA llama.cpp ready in $dest - run with HARNESS_BACKEND=cuda"

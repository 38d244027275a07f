#!/usr/bin/env bash
# Bootstrap stage: compiles the FAISS shim (shim.cpp) against Debian's static FAISS into
# .cache/native/faiss/libharness_faiss.so. Skipped when the library is newer than its source.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
src="$harness_root/native/faiss/shim.cpp"
out_dir="$harness_cache/native/faiss"
out="$out_dir/libharness_faiss.so"
[ -f "$out" ] && [ "$out" -nt "$src" ] && [ "$out" -nt "$0" ] && exit 0

require_debian_packages libfaiss-dev libopenblas-dev liblapack-dev g++
faiss_lib=$(dpkg -L libfaiss-dev | grep '/libfaiss\.a$' | head -n1)
[ -n "$faiss_lib" ] && [ -f "$faiss_lib" ] || die "libfaiss-dev is installed but ships no libfaiss.a - reinstall it: apt-get install --reinstall libfaiss-dev"

mkdir -p "$out_dir"
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
# --whole-archive: the shim's few calls reach only part of FAISS, but index_factory and read_index
# pick index classes at run time, so every object of the archive must be linked in.
compile() {
  g++ -O2 -std=c++17 -shared -fPIC "$src" -o "$tmp" \
    -Wl,--whole-archive "$faiss_lib" -Wl,--no-whole-archive \
    -lopenblas -llapack -fopenmp -Wl,--no-undefined
}
with_heartbeat "compiling the FAISS shim into $out" "10-20 s" "" compile \
    || die "compiling native/faiss/shim.cpp failed (see above) - check that libfaiss-dev, libopenblas-dev and g++ are installed"
mv -f "$tmp" "$out"

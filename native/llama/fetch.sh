#!/usr/bin/env bash
# Bootstrap stage: puts llama.cpp's prebuilt shared libraries (release v0.5.0, as shipped by
# node-llama-cpp 3.22.1) into .cache/native/llama-<backend>/, verified against pinned sha512s.
# HARNESS_BACKEND=cpu (default) or cuda picks the package. Skips all work when the stamp matches.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

version=3.22.1
backend=${HARNESS_BACKEND:-cpu}
case "$backend" in
  cpu)  package=@node-llama-cpp/linux-x64
        integrity=sha512-5uCCDNqWCNfaAm8aR/Uzxbo4HBpKgNF91kCHPepKhgMgV2OAmatoefbOlMihsqCiH2Od35E/eUHQCFbfRBJuOg== ;;
  cuda) package=@node-llama-cpp/linux-x64-cuda
        integrity=sha512-8rQCjyNNLZJUFit+YpjwlC4hwkKgOMIkB2wuycKBf8NU2O3ySKbiWZQ8aw9ku2nUTXjSnUIrE6KB88itduTBuA== ;;
  *)    die "HARNESS_BACKEND='$backend' is not a llama.cpp backend - set it to cpu or cuda" ;;
esac

dest="$harness_cache/native/llama-$backend"
stamp="$dest/.fetched"
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$package@$version $integrity" ] && exit 0

command -v npm >/dev/null || die "npm is needed to fetch $package@$version - install Node.js and npm (apt-get install -y npm)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say "fetching $package@$version (llama.cpp shared libraries, backend $backend)"
tarball=$(cd "$work" && npm pack --silent "$package@$version" 2>"$work/npm.log" | tail -n 1) \
  || die "npm pack $package@$version failed ($(tail -n 1 "$work/npm.log")) - check the npm registry settings (npm config get registry)"
[ -f "$work/$tarball" ] || die "npm pack $package@$version produced no tarball - check the npm registry settings (npm config get registry)"

# npm's integrity string is "sha512-" + base64 of the tarball's SHA-512 digest.
actual="sha512-$(openssl dgst -sha512 -binary "$work/$tarball" | base64 -w0)"
[ "$actual" = "$integrity" ] \
  || die "integrity mismatch for $package@$version: expected $integrity, got $actual - the registry served a different tarball; do not use it, check the registry"

mkdir -p "$work/unpacked"
tar -xzf "$work/$tarball" -C "$work/unpacked"
libs="$work/unpacked/package/bins"
[ -d "$libs" ] || die "$package@$version has no bins/ folder - the package layout changed; update native/llama/fetch.sh"
rm -rf "$dest"
mkdir -p "$dest"
# The libraries sit in one folder below bins/ (e.g. bins/linux-x64/); flatten it so the loader and
# ggml_backend_load_all_from_path see them side by side.
find "$libs" -type f \( -name '*.so' -o -name '*.so.*' \) -exec cp {} "$dest/" \;
ls "$dest"/libllama*.so >/dev/null 2>&1 || die "$package@$version holds no libllama*.so - the package layout changed; update native/llama/fetch.sh"
echo "$package@$version $integrity" > "$stamp"
say "llama.cpp libraries ready in $dest"

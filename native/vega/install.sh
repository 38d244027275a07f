#!/usr/bin/env bash
# Bootstrap stage: the pinned chart renderer (vega, vega-lite, vega-embed, @resvg/resvg-js) in
# $harness_cache/npm/vega, from the committed package.json + package-lock.json (npm ci), plus
# render.mjs beside its node_modules. Without npm the build goes on: reports then have CSV and
# HTML but no SVG/PNG charts, and say which command installs the renderer.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
src="$harness_root/native/vega"
dest="$harness_cache/npm/vega"
stamp="$dest/.package-lock.sha256"
want=$(sha256_of "$src/package-lock.json")

# render.mjs is copied on every bootstrap (cheap), so an edited script is used by the next run.
install_script() { mkdir -p "$dest" && cp "$src/render.mjs" "$dest/render.mjs"; }

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$dest/node_modules/vega" ]; then
  install_script
  exit 0
fi
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  say "chart renderer skipped: Node.js 20+ with npm is not installed (apt-get install -y nodejs npm), then run: bash native/vega/install.sh"
  exit 0
fi
install_script
cp "$src/package.json" "$src/package-lock.json" "$dest/"
say "installing the chart renderer: npm ci --prefix $dest"
# --ignore-scripts: every package here ships prebuilt files; nothing needs an install script.
if ! npm ci --prefix "$dest" --no-audit --no-fund --ignore-scripts --loglevel=error >"$dest/npm-ci.log" 2>&1; then
  say "chart renderer not installed: npm ci failed (see $dest/npm-ci.log) - fix it, then run: bash native/vega/install.sh"
  exit 0
fi
echo "$want" >"$stamp"

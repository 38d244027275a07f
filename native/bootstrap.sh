#!/usr/bin/env bash
# The one set-up entry point, called by the build (build/Bootstrap.targets) and safe to run by hand.
# Each stage is idempotent and skips its work when its output is already in the cache.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
mkdir -p "$harness_cache"
exec 9>"$harness_cache/.bootstrap.lock"
flock 9
for stage in faiss/build.sh cards/link.sh; do
  [ -f "$harness_root/native/$stage" ] && bash "$harness_root/native/$stage"
done
# The llama.cpp that fine-tuning runs on (minutes, once); without npm/cmake a warning, not a failure. The variant
# is the one runs will use (docs/cpu-variants.md): portable unless HARNESS_CPU_VARIANT=native.
variant=portable
[ "${HARNESS_CPU_VARIANT:-}" = native ] && variant=native
bash "$harness_root/native/llama-cpp/build.sh" --variant "$variant" --optional
exit 0

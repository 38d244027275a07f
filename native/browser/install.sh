#!/usr/bin/env bash
# Test-only set-up stage: Debian's Chromium for the report's browser test (run by the build of
# tests/Harness.Reporting.Tests, not by every build). Without root it says what to install and
# goes on; the browser test then skips with that reason.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -ne 0 ]; then
  say "chromium is not installed - the report's browser test will be skipped; install it with: sudo apt-get install -y chromium"
  exit 0
fi
exec 9>"$harness_cache/.browser.lock"
flock 9
require_debian_packages chromium

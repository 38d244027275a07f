# Shared helpers for the bootstrap stages (sourced, not run).
# Every failure is one line: what is wrong and how to fix it.
harness_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
harness_cache=${HARNESS_CACHE:-$harness_root/.cache}

die() { echo "harness bootstrap: error: $*" >&2; exit 1; }
say() { [ -n "${HARNESS_QUIET_BOOTSTRAP:-}" ] || echo "harness bootstrap: $*" >&2; }

# The mirror directory that holds the models and datasets the cards name (../shared here).
harness_mirror() {
  if [ -n "${HARNESS_MIRROR:-}" ]; then
    [ "$HARNESS_MIRROR" = none ] || echo "$HARNESS_MIRROR"
  elif [ -d "$harness_root/../shared" ]; then
    (cd "$harness_root/../shared" && pwd)
  fi
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# Succeeds when path $2 lies strictly inside folder $1, judged on the names alone: the cache's own
# links into the mirror point outside by design, so links are not followed. The one containment check
# of the bootstrap; every path a card names goes through it before anything is written or deleted.
path_inside() {
  local folder path
  folder=$(realpath -ms -- "$1") path=$(realpath -ms -- "$2")
  [ "$path" != "$folder" ] && [[ "$path" == "$folder"/* ]]
}

# The verified-stamp key of a file (following links): its size and modification time in seconds.
# Harness.Core's VerifiedFiles reads the same "<sha256> <size> <mtime>" stamps.
file_key() { stat -L -c '%s %Y' -- "$1"; }

# Installs Debian packages when missing; only root can, others get the command to run.
require_debian_packages() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages: ${missing[*]} - run: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  fi
  say "installing Debian packages: ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
      || die "apt-get could not install ${missing[*]} - check the Debian package sources, then run: apt-get install -y ${missing[*]}"
  fi
}

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

# Runs a long set-up step so that the terminal never goes quiet: one line when it starts (with its usual
# duration), then one every 20 s while it runs, naming how long it has taken and, when a progress command
# is given (e.g. the last percent cmake printed), where it is. Usage:
#   with_heartbeat "<what>" "<usual duration>" "<progress command or ''>" <command...>
# The command's own output goes where the caller sent it; its exit status is returned.
with_heartbeat() {
  local what=$1 usual=$2 progress=$3; shift 3
  say "$what (usually $usual; a line every 20 s until it is done)"
  local started=$SECONDS
  "$@" &
  local pid=$! status=0 where
  while kill -0 "$pid" 2>/dev/null; do
    local waited=0
    while [ $waited -lt 20 ] && kill -0 "$pid" 2>/dev/null; do sleep 1; waited=$((waited + 1)); done
    if kill -0 "$pid" 2>/dev/null; then
      where=""
      [ -n "$progress" ] && where=$(eval "$progress" 2>/dev/null || true)
      say "  ... $what: $((SECONDS - started)) s${where:+, $where}"
    fi
  done
  wait "$pid" || status=$?
  [ $status -eq 0 ] && say "  done: $what in $((SECONDS - started)) s"
  return $status
}

# Succeeds when path $2 lies strictly inside folder $1, judged on the names alone: the cache's own
# links into the mirror point outside by design, so links are not followed. The one containment check
# of the bootstrap; every path a card names goes through it before anything is written or deleted.
path_inside() {
  local folder path
  folder=$(realpath -ms -- "$1") path=$(realpath -ms -- "$2")
  [ "$path" != "$folder" ] && [[ "$path" == "$folder"/* ]]
}

# The verified-stamp key of a file (following links): its size and modification time in seconds.
# Harness.Core's Hashing.OfStampedFile reads the same "<sha256> <size> <mtime>" stamps.
file_key() { stat -L -c '%s %Y' -- "$1"; }

# Installs Debian packages when missing; only root can, others get the command to run.
require_debian_packages() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages: ${missing[*]} - run: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  fi
  install() {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 && return 0
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  }
  with_heartbeat "installing Debian packages: ${missing[*]}" "under a minute" "" install "${missing[@]}" \
    || die "apt-get could not install ${missing[*]} - check the Debian package sources, then run: apt-get install -y ${missing[*]}"
}

#!/usr/bin/env bash
# Makes every file named by a model or dataset card available in the cache, verified by sha256:
# linked from the mirror directory (HARNESS_MIRROR, default ../shared) or else downloaded from the card's url.
# Cards are YAML; this stage reads only their file entries, each a block of
#   path: <name in the cache>   sha256: <hex>   url: <public source>   mirror: <path inside the mirror>
# (models use `file:` for `path:`). Files marked `local:` live in the repository and need no fetching, and a model
# card with a `synthetic:` block names a file the harness makes (`./harness model synth <name>`), so it is skipped.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
mirror=$(harness_mirror)
# The folder whose models/ and datasets/ hold the cards: the repository (tests point it elsewhere).
cards_root=${HARNESS_CARDS_ROOT:-$harness_root}

# Prints "name|path|sha256|url|mirror" for each file entry of a card.
card_entries() {
  awk '
    function flush() { if (path != "") print name "|" path "|" sha "|" url "|" mir; path=""; sha=""; url=""; mir="" }
    /^name:/ { name=$2 }
    /^[ -]*(file|path):/ { flush(); sub(/^[ -]*(file|path):[ ]*/, ""); path=$0 }
    /^[ -]*sha256:/ { sha=$2 }
    /^[ -]*url:/ { url=$2 }
    /^[ -]*mirror:/ { mir=$2 }
    END { flush() }' "$1"
}

fetch_entry() { # kind name path sha url mirror
  local kind=$1 name=$2 path=$3 sha=$4 url=$5 mir=$6 dest
  [ -n "$sha" ] || die "card $kind/$name.yaml: file '$path' has no sha256 - add the file's sha256 to the card"
  local folder
  if [ "$kind" = models ]; then
    folder="$harness_cache/models"
  else
    [[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] \
      || die "card $kind/$name.yaml: the name '$name' may hold only letters, digits, '-', '_' and '.' - it names the dataset's cache folder"
    folder="$harness_cache/datasets/$name"
  fi
  dest="$folder/$path"
  path_inside "$folder" "$dest" \
    || die "card $kind/$name.yaml: '$path' leaves the cache folder $folder - give a relative path without '..'"
  # The stamp holds "<sha256> <size> <mtime>": a file changed since it was verified is fetched and verified again.
  local stamp="$dest.sha256-ok"
  if [ -e "$dest" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sha $(file_key "$dest")" ]; then return 0; fi
  mkdir -p "$(dirname "$dest")"
  rm -f "$dest" "$stamp"
  if [ -n "$mirror" ] && [ -n "$mir" ] && [ -f "$mirror/$mir" ]; then
    ln -s "$mirror/$mir" "$dest"
  elif [ -n "$url" ]; then
    command -v curl >/dev/null || die "curl is needed to download $url for card $kind/$name.yaml - install curl or set HARNESS_MIRROR to a folder holding '$mir'"
    say "downloading $url"
    curl -fsSL --retry 2 -o "$dest.part" "$url" \
      || die "could not download $url for card $kind/$name.yaml - check the network or set HARNESS_MIRROR to a folder holding '$mir'"
    mv "$dest.part" "$dest"
  else
    # Nothing can fetch it (a set joined by hand, with no public file): warn, and let whatever needs it say so.
    say "warning: card $kind/$name.yaml: '$path' is not in the mirror (${mirror:-none}) and the card has no url - set HARNESS_MIRROR to a folder holding '$mir'"
    return 0
  fi
  local actual; actual=$(sha256_of "$dest")
  if [ "$actual" != "$sha" ]; then
    rm -f "$dest"
    die "sha256 mismatch for $path (card $kind/$name.yaml): expected $sha, got $actual - the source file changed or is corrupt; fix the source or the card"
  fi
  echo "$sha $(file_key "$dest")" > "$stamp"
}

# Test fixture cards (datasets/fixtures/) may name mirrored files too.
for kind in models datasets; do
  for card in "$cards_root/$kind"/*.yaml "$cards_root/$kind"/fixtures/*.yaml; do
    [ -f "$card" ] || continue
    grep -q '^synthetic:' "$card" && continue
    while IFS='|' read -r name path sha url mir; do
      fetch_entry "$kind" "$name" "$path" "$sha" "$url" "$mir"
    done < <(card_entries "$card")
  done
done

#!/usr/bin/env bash
# The frames a user gets are the frames the tests check. `make run` builds in
# release, compiled for this machine's CPU (Package.swift: -target-cpu
# native), while the tests run the debug build at the x86-64 baseline. Both
# binaries export six short films covering every painter family (land, sea,
# city, snow, fog, an interior; sunset, night and noon; rain, snow, a storm;
# a pan and a zoom; a car, a dog, a ball, a boat), and the encoder input of
# every frame (`--framecrc`) must be the same bytes.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
debug=${AUTEUR_BIN:-$repo/.build/debug/auteur}
fail() { echo "release-frames.sh: FAIL: $*" >&2; exit 1; }
[ -x "$debug" ] || fail "$debug is missing: build it first (swift build)"
if [ -z "${AUTEUR_RELEASE_BIN:-}" ]; then
  # Fast when `make run` or `make build` already built it; a few minutes from scratch.
  log=$(mktemp)
  swift build -c release --product auteur >"$log" 2>&1 || { grep -E 'error:' "$log" | head -20; rm -f "$log"; fail "the release build failed"; }
  rm -f "$log"
fi
release=${AUTEUR_RELEASE_BIN:-$repo/.build/release/auteur}
[ -x "$release" ] || fail "$release is missing"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/auteur-release-frames.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/cache"

film() {  # name setting time-of-day weather camera-op object-ops
  local name=$1 setting=$2 tod=$3 weather=$4 camera=$5 objects=$6
  "$debug" new "$tmp/$name.auteur" --size 320x180 --fps 24 --seconds 1 --seed 7 >/dev/null
  cat >"$tmp/$name.json" <<JSON
[{"op":"setting","setting":"$setting"},{"op":"relight","time_of_day":"$tod"},
 {"op":"weather","weather":{"kind":"$weather"}}$objects$camera]
JSON
  "$debug" apply "$tmp/$name.auteur" "$tmp/$name.json" >/dev/null || fail "$name: auteur apply failed"
}
crossing() {  # id kind colour y
  printf ',{"op":"add","id":"%s","kind":"%s","color":"%s","path":[{"frame":0,"value":[0.1,%s]},{"frame":23,"value":[0.9,%s]}]}' "$1" "$2" "$3" "$4" "$4"
}
film desert desert sunset clear '' "$(crossing car car red 0.72)$(crossing ball ball blue 0.5)"
film city city night rain ',{"op":"camera","move":"pan-right","amount":0.2}' "$(crossing car car red 0.75)"
film ocean ocean noon storm ',{"op":"camera","move":"zoom-in","amount":1.5}' "$(crossing boat boat white 0.6)"
film snowfield snowfield morning snow '' "$(crossing dog dog brown 0.8)"
film forest forest noon fog ',{"op":"camera","move":"pan-left","amount":0.1}' "$(crossing ball ball red 0.7)"
film kitchen kitchen dusk clear '' "$(crossing dog dog black 0.8)"

for name in desert city ocean snowfield forest kitchen; do
  for build in debug release; do
    bin=$debug; [ "$build" = release ] && bin=$release
    "$bin" export "$tmp/$name.auteur" -o "$tmp/$name-$build.mkv" --quiet --no-cache \
      --framecrc "$tmp/$name-$build.crc" || fail "$name: the $build build's export failed"
  done
  frames=$(grep -vc '^#' "$tmp/$name-debug.crc")
  [ "$frames" -eq 24 ] || fail "$name: $frames frames logged, expected 24"
  if ! cmp -s "$tmp/$name-debug.crc" "$tmp/$name-release.crc"; then
    first=$(diff "$tmp/$name-debug.crc" "$tmp/$name-release.crc" | grep -m1 '^<' | cut -c3- || true)
    fail "$name: the release build fed the encoder other bytes than the debug build (first differing frame: $first)"
  fi
done
echo "release-frames.sh: ok (6 films, 144 frames: the release build's encoder input equals the debug build's)"

#!/usr/bin/env bash
# Content credentials checked by the independent C2PA reader (c2pa-python
# 0.38.1, the reference library c2pa-rs underneath) and by `auteur verify`:
#   1. a project with two turns, exported to .mp4 and .mov with the keys
#      made on first use (a fresh XDG_CONFIG_HOME: credentials are made at
#      test time, never committed);
#   2. c2pa-python: Valid with signingCredential.untrusted as the only
#      failure; Trusted with our root as trust anchor; the c2pa.created
#      action by auteur with algorithmicMedia;
#   3. the credentialed film decodes to the same frames and samples
#      (framecrc) as a --no-credentials export;
#   4. one flipped byte in mdat: assertion.bmffHash.mismatch for both readers;
#   5. `auteur verify` exit codes: 0 valid, 1 tampered, 3 no credentials
#      (also .mkv), 4 unreadable, 5 valid but not under --trust, 2 usage;
#   6. --sign-cert/--sign-key from another key folder, and keys init refusing
#      to overwrite without --force.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
bin=${AUTEUR_BIN:-$repo/.build/debug/auteur}
check="$repo/Tests/integration/c2pa_check.py"
[ -x "$bin" ] || { echo "c2pa.sh: $bin is missing: build it first (swift build)" >&2; exit 1; }
python3 -c 'import c2pa' 2>/dev/null || { echo "c2pa.sh: c2pa-python is not installed (scripts/setup.sh installs c2pa-python==0.38.1)" >&2; exit 1; }
command -v ffmpeg >/dev/null || { echo "c2pa.sh: ffmpeg is not installed" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/auteur-c2pa.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config"
fail() { echo "c2pa.sh: FAIL: $*" >&2; exit 1; }
# Runs a command and prints its exit code, whatever it is.
code() { local c=0; "$@" >"$tmp/out" 2>"$tmp/err" || c=$?; echo "$c"; }
field() { python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)[sys.argv[1]], sort_keys=True))' "$1"; }

film="$tmp/film.auteur"
cat >"$tmp/scene.json" <<'JSON'
[{"op":"setting","setting":"desert"},
 {"op":"add","id":"car","kind":"car","color":"red","path":[{"frame":0,"value":[0.2,0.7]},{"frame":23,"value":[0.8,0.7]}]}]
JSON
"$bin" new "$film" --size 320x180 --seconds 1 --seed 42 >/dev/null
"$bin" apply "$film" "$tmp/scene.json" >/dev/null
"$bin" say "$film" "make it night" >/dev/null

# 1. Exports; the keys are made once, on the first.
"$bin" export "$film" -o "$tmp/film.mp4" --quiet 2>"$tmp/first.err"
grep -q "made signing keys" "$tmp/first.err" || fail "the first export did not say it made signing keys: $(cat "$tmp/first.err")"
keys="$XDG_CONFIG_HOME/auteur/keys"
for f in root.pem signer.pem signer.key; do
  [ "$(stat -c %a "$keys/$f")" = 600 ] || fail "$keys/$f is not mode 0600"
done
[ "$(stat -c %a "$keys")" = 700 ] || fail "$keys is not mode 0700"
"$bin" export "$film" -o "$tmp/film.mov" --quiet 2>"$tmp/second.err"
[ ! -s "$tmp/second.err" ] || fail "the second export said: $(cat "$tmp/second.err")"
"$bin" export "$film" -o "$tmp/plain.mp4" --quiet --no-credentials
"$bin" export "$film" -o "$tmp/film.mkv" --quiet

# 2. The independent reader.
for f in film.mp4 film.mov; do
  out=$(python3 "$check" "$tmp/$f")
  [ "$(field state <<<"$out")" = '"Valid"' ] || fail "$f: c2pa-python says $out"
  [ "$(field failures <<<"$out")" = '["signingCredential.untrusted"]' ] || fail "$f: failures other than untrusted: $out"
  field actions <<<"$out" | grep -q '"action": "c2pa.created"' || fail "$f: no c2pa.created action: $out"
  field actions <<<"$out" | grep -q 'digitalsourcetype/algorithmicMedia' || fail "$f: not algorithmicMedia: $out"
  field actions <<<"$out" | grep -q '"name": "auteur"' || fail "$f: the software agent is not auteur: $out"
  field assertions <<<"$out" | grep -q 'org.auteur.provenance' || fail "$f: no provenance assertion: $out"
  out=$(python3 "$check" "$tmp/$f" "$keys/root.pem")
  [ "$(field state <<<"$out")" = '"Trusted"' ] || fail "$f with our root: c2pa-python says $out"
done
[ "$(python3 "$check" "$tmp/plain.mp4" | field state)" = '"none"' ] || fail "--no-credentials wrote credentials"

# 3. Credentials change no frame or sample.
ffmpeg -v error -nostdin -i "$tmp/film.mp4" -f framecrc - >"$tmp/signed.crc"
ffmpeg -v error -nostdin -i "$tmp/plain.mp4" -f framecrc - >"$tmp/plain.crc"
[ -s "$tmp/plain.crc" ] && cmp -s "$tmp/signed.crc" "$tmp/plain.crc" || fail "the credentialed film decodes differently"

# 4. One flipped byte in mdat.
cp "$tmp/film.mp4" "$tmp/tampered.mp4"
python3 - "$tmp/tampered.mp4" <<'PY'
import struct, sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
at = 0
while at < len(data):
    size, kind = struct.unpack(">I4s", data[at:at + 8])
    if kind == b"mdat":
        data[at + size // 2] ^= 0x01
        break
    at += size
else:
    sys.exit("no mdat")
open(path, "wb").write(data)
PY
out=$(python3 "$check" "$tmp/tampered.mp4")
field failures <<<"$out" | grep -q 'assertion.bmffHash.mismatch' || fail "c2pa-python missed the flipped byte: $out"
[ "$(field state <<<"$out")" = '"Invalid"' ] || fail "the tampered film is not Invalid: $out"

# 5. auteur verify, with our own reader.
[ "$(code "$bin" verify "$tmp/film.mp4")" = 0 ] || fail "verify film.mp4: $(cat "$tmp/out" "$tmp/err")"
grep -q "valid" "$tmp/out" && grep -q "Auteur local signer" "$tmp/out" && grep -q "c2pa.created by auteur" "$tmp/out" \
  || fail "verify does not say who signed and what: $(cat "$tmp/out")"
[ "$(code "$bin" verify "$tmp/film.mov" --trust "$keys/root.pem")" = 0 ] && grep -q "trusted" "$tmp/out" || fail "verify --trust: $(cat "$tmp/out")"
[ "$(code "$bin" verify "$tmp/film.mp4" --json)" = 0 ] || fail "verify --json"
grep -q '"make it night"' "$tmp/out" || fail "the provenance lacks the chat turn: $(cat "$tmp/out")"
[ "$(code "$bin" verify "$tmp/tampered.mp4")" = 1 ] && grep -q "assertion.bmffHash.mismatch" "$tmp/out" || fail "verify tampered: $(cat "$tmp/out")"
[ "$(code "$bin" verify "$tmp/plain.mp4")" = 3 ] || fail "verify of a film without credentials"
[ "$(code "$bin" verify "$tmp/film.mkv")" = 3 ] || fail "verify of an mkv"
[ "$(code "$bin" verify "$tmp/missing.mp4")" = 4 ] || fail "verify of a missing file"
[ "$(code "$bin" verify)" = 2 ] || fail "verify without a file is a usage error"

# 6. Keys of one's own, and keys init refusing to overwrite.
[ "$(code "$bin" keys init)" = 1 ] && grep -q -- "--force" "$tmp/err" || fail "keys init overwrote existing keys"
XDG_CONFIG_HOME="$tmp/other" "$bin" keys init >/dev/null
other="$tmp/other/auteur/keys"
"$bin" export "$film" -o "$tmp/own.mp4" --quiet --sign-cert "$other/signer.pem" --sign-key "$other/signer.key"
[ "$(code "$bin" verify "$tmp/own.mp4" --trust "$other/root.pem")" = 0 ] || fail "--sign-cert film not trusted under its root"
[ "$(code "$bin" verify "$tmp/own.mp4" --trust "$keys/root.pem")" = 5 ] || fail "--sign-cert film trusted under another root"
[ "$(python3 "$check" "$tmp/own.mp4" "$other/root.pem" | field state)" = '"Trusted"' ] || fail "c2pa-python: --sign-cert film not Trusted"
[ "$(code "$bin" export "$film" -o "$tmp/bad.mp4" --sign-cert "$other/signer.pem" --sign-key "$keys/signer.key")" = 1 ] \
  && grep -q "does not belong" "$tmp/err" || fail "a mismatched key was accepted: $(cat "$tmp/err")"
[ ! -e "$tmp/bad.mp4" ] || fail "a film was written with a mismatched key"
exit 0

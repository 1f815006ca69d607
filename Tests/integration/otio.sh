#!/usr/bin/env bash
# Interchange with the real binary and the reference tools:
#   1. a project of two shots and a scoped edit said in words
#      (`auteur say P "..." --frames A-B`);
#   2. `auteur export P -o cut.otio`: opentimelineio reads it (otiostat,
#      otiotool, and its Python API): one video track, a clip per shot whose
#      media URL resolves, relative to the .otio, to the exported film, a
#      marker named by the turn with its revision, ops and seeds, and a length
#      equal to ffprobe's count of the film's frames; a second export is the
#      same bytes;
#   3. `auteur scene P --json > s.json && auteur import s.json P2`, then
#      `auteur scene P2 --json` is the same bytes; a broken s.json is refused
#      with one line naming the JSON path and exit 1, and creates nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
bin=${AUTEUR_BIN:-$repo/.build/debug/auteur}
fail() { echo "otio.sh: FAIL: $*" >&2; exit 1; }
[ -x "$bin" ] || fail "$bin is missing: build it first (swift build)"
for tool in otiostat otiotool python3 ffprobe; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (scripts/setup.sh installs it)"
done
python3 -c 'import opentimelineio' 2>/dev/null || fail "python3 cannot import opentimelineio (pip install opentimelineio==0.18.1)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/auteur-otio.XXXXXX")
export XDG_CONFIG_HOME="$tmp/config"   # export credentials: keys of this test, never the user's
trap 'rm -rf "$tmp"' EXIT
film="$tmp/film.auteur"

# 1. Two shots, then a scoped turn in words.
"$bin" new "$film" --size 320x180 --seconds 2 >/dev/null
cat >"$tmp/scene.json" <<'JSON'
[{"op":"setting","setting":"desert"},
 {"op":"add","id":"car","kind":"car","color":"red","path":[{"frame":0,"value":[0.1,0.75]},{"frame":47,"value":[0.9,0.75]}]},
 {"op":"add_shot","id":"night-street","frames":24,"setting":"city"}]
JSON
[ "$("$bin" apply "$film" "$tmp/scene.json")" = "revision 1" ] || fail "auteur apply did not make revision 1"
turn="make it night"
"$bin" say "$film" "$turn" --frames 10-30 >/dev/null || fail "auteur say \"$turn\" --frames 10-30 failed"

# 2. The timeline and its film.
mkdir "$tmp/out"
"$bin" export "$film" -o "$tmp/out/cut.otio" --quiet || fail "auteur export -o cut.otio failed"
[ -s "$tmp/out/cut.mp4" ] || fail "the film cut.mp4 was not written beside cut.otio"
stat=$(otiostat "$tmp/out/cut.otio") || fail "otiostat cannot read cut.otio"
grep -q "parsed: True" <<<"$stat" || fail "otiostat did not parse cut.otio: $stat"
grep -q "number of clips: 2" <<<"$stat" || fail "otiostat does not count 2 clips: $stat"
clips=$(otiotool -i "$tmp/out/cut.otio" --list-clips) || fail "otiotool --list-clips failed"
grep -q "shot-1 (desert)" <<<"$clips" && grep -q "night-street (city)" <<<"$clips" || fail "otiotool lists other clips: $clips"
markers=$(otiotool -i "$tmp/out/cut.otio" --list-markers) || fail "otiotool --list-markers failed"
grep -q "$turn" <<<"$markers" || fail "otiotool lists no marker named \"$turn\": $markers"
ranges=$(otiotool -i "$tmp/out/cut.otio" --verify-ranges 2>&1) || fail "otiotool --verify-ranges failed: $ranges"
grep -q "OUT OF BOUNDS" <<<"$ranges" && fail "a clip plays frames the film does not have: $ranges"
# otiotool looks the URL up as a path from the current folder: the .otio's.
found=$(cd "$tmp/out" && otiotool -i cut.otio --verify-media) || fail "otiotool --verify-media failed"
grep -q "NOT FOUND" <<<"$found" && fail "otiotool does not find the film: $found"

frames=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$tmp/out/cut.mp4")
shots=$("$bin" scene "$film" --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["shots"]))')
head=$("$bin" log "$film" --json | python3 -c 'import json, sys; print([e["id"] for e in json.load(sys.stdin) if e["head"]][0])')
python3 - "$tmp/out/cut.otio" "$shots" "$frames" "$turn" "$head" <<'PY' || fail "opentimelineio's reading of cut.otio does not match the project"
import os, sys, urllib.parse
import opentimelineio as otio

path, shots, frames, turn, head = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
t = otio.adapters.read_from_file(path)
def check(ok, what):
    if not ok:
        sys.exit("cut.otio: " + what)
check(len(t.tracks) == 1 and len(t.video_tracks()) == 1, "expected one video track, got %d tracks" % len(t.tracks))
clips = list(t.find_clips())
check(len(clips) == shots, "expected %d clips (one per shot), got %d" % (shots, len(clips)))
for c in clips:
    url = c.media_reference.target_url
    check(not urllib.parse.urlparse(url).scheme and not url.startswith("/"), "media URL %r is not relative" % url)
    media = os.path.join(os.path.dirname(path), urllib.parse.unquote(url))
    check(os.path.isfile(media), "media URL %r does not resolve to a file" % url)
total = t.duration().to_frames()
check(total == frames, "timeline is %d frames, ffprobe counts %d in the film" % (total, frames))
check(sum(c.source_range.duration.to_frames() for c in clips) == frames, "clip durations do not add up to the film")
markers = t.video_tracks()[0].markers
check(len(markers) == 1, "expected one marker (one scoped revision), got %d" % len(markers))
m = markers[0]
check(m.name == turn, "marker is named %r, not the turn %r" % (m.name, turn))
check(m.marked_range.start_time.to_frames() == 10 and m.marked_range.duration.to_frames() == 21,
      "marker covers %s, not frames 10-30" % m.marked_range)
meta = m.metadata["auteur"]
check(meta["revision"] == head, "marker revision %s, head is %d" % (meta["revision"], head))
check(len(meta["ops"]) >= 1 and all(op["scope"]["frames"] == "10-30" for op in meta["ops"]), "ops lack their scope: %s" % meta["ops"])
check("project" in meta["seeds"] and "car" in meta["seeds"]["objects"], "seeds missing: %s" % meta["seeds"])
PY
# The same project is the same bytes (the second export reuses the segments).
mkdir "$tmp/again"
"$bin" export "$film" -o "$tmp/again/cut.otio" --quiet || fail "a second export -o cut.otio failed"
cmp -s "$tmp/out/cut.otio" "$tmp/again/cut.otio" || fail "two exports of the same revision wrote different .otio files"

# A film at another rate than the project's would not line up with the
# timeline: refused in one line, before anything is written.
set +e
"$bin" export "$film" -o "$tmp/fps.otio" --fps 30 >/dev/null 2>"$tmp/fps-err.txt"
status=$?
set -e
[ "$status" -eq 1 ] || fail "export -o .otio --fps 30 exited $status, not 1"
[ "$(wc -l <"$tmp/fps-err.txt")" -eq 1 ] && grep -q "24 fps" "$tmp/fps-err.txt" || fail "export -o .otio --fps 30 did not say why in one line: $(cat "$tmp/fps-err.txt")"
[ ! -e "$tmp/fps.otio" ] && [ ! -e "$tmp/fps.mp4" ] || fail "a refused .otio export left files behind"

# 3. Scene JSON round trip, and a broken scene.
"$bin" scene "$film" --json >"$tmp/s.json"
"$bin" import "$tmp/s.json" "$tmp/copy.auteur" >/dev/null || fail "auteur import s.json failed"
"$bin" scene "$tmp/copy.auteur" --json >"$tmp/s2.json"
cmp -s "$tmp/s.json" "$tmp/s2.json" || fail "the imported scene differs: $(diff "$tmp/s.json" "$tmp/s2.json" | head -5)"
if "$bin" import "$tmp/s.json" "$tmp/copy.auteur" 2>/dev/null; then fail "import over an existing project without --force succeeded"; fi
"$bin" import "$tmp/s.json" "$tmp/copy.auteur" --force >/dev/null || fail "import --force did not replace the copy"
"$bin" import - "$tmp/piped.auteur" <"$tmp/s.json" >/dev/null || fail "import - (standard input) failed"

python3 - "$tmp/s.json" "$tmp/broken.json" <<'PY'
import json, sys
scene = json.load(open(sys.argv[1]))
scene["shots"][0]["environment"]["setting"] = "the moon"
json.dump(scene, open(sys.argv[2], "w"))
PY
set +e
"$bin" import "$tmp/broken.json" "$tmp/broken.auteur" >"$tmp/out.txt" 2>"$tmp/err.txt"
status=$?
set -e
[ "$status" -eq 1 ] || fail "a broken scene exited $status, not 1"
[ "$(wc -l <"$tmp/err.txt")" -eq 1 ] || fail "a broken scene gave more than one line: $(cat "$tmp/err.txt")"
grep -q 'shots\[0\]\.environment\.setting' "$tmp/err.txt" || fail "the error does not name the JSON path: $(cat "$tmp/err.txt")"
[ ! -e "$tmp/broken.auteur" ] || fail "a broken scene left a project behind"
echo "otio.sh: ok ($shots clips, $frames frames, marker \"$turn\"; scene round trip byte-identical)"

#!/usr/bin/env bash
# In `xterm -ti vt340` the timeline shows sixel thumbnails (issue 6):
#   1. a virtual X display (Xvfb picks a free one with -displayfd), and on
#      it xterm as a VT340 with 256 colour registers, logging everything
#      written to it, running the real `auteur` on a small project;
#   2. once the interface has drawn its thumbnails, a screenshot of the
#      display (xwd, then ImageMagick to PNG);
#   3. checks: auteur chose sixel by itself (its welcome line in xterm's log
#      says "sixel pictures (the terminal reports sixel)", and the log holds
#      a sixel sequence for each thumbnail); the thumbnail strip of the screenshot holds picture
#      pixels (scores of distinct colours, where the status line below it,
#      text only, has a handful);
#   4. SIGTERM: auteur leaves, and the project is intact.
# The screenshot is kept and its path printed (AUTEUR_SHOT sets it). Every
# wait is bounded; what the script started is stopped by its process id.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
bin=${AUTEUR_BIN:-$repo/.build/debug/auteur}
shot=${AUTEUR_SHOT:-${TMPDIR:-/tmp}/auteur-xterm-sixel.png}
[ -x "$bin" ] || { echo "xterm-sixel.sh: $bin is missing: build it first (swift build)" >&2; exit 1; }
for tool in Xvfb xterm xwd xwininfo convert; do
  command -v "$tool" >/dev/null || { echo "xterm-sixel.sh: $tool is missing (apt-get install xvfb xterm x11-apps x11-utils imagemagick)" >&2; exit 1; }
done

started=$(date +%s)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/auteur-xterm.XXXXXX")
xvfb_pid=""; xterm_pid=""
cleanup() {
  [ -z "$xterm_pid" ] || kill "$xterm_pid" 2>/dev/null || true
  [ -z "$xvfb_pid" ] || kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "xterm-sixel.sh: FAIL: $*" >&2; exit 1; }
# Polls until `$1` (a shell condition) holds, for at most $2 seconds.
wait_for() {
  local deadline=$(( $(date +%s) + $2 ))
  until eval "$1"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# 1. The project: a red car in the desert at dusk, made on the command line.
film="$tmp/film.auteur"
"$bin" new "$film" --size 640x360 --seconds 2 >/dev/null
printf '%s' '[{"op":"setting","setting":"desert"},{"op":"relight","time_of_day":"dusk"},{"op":"add","id":"car","kind":"car","color":"red"}]' \
  >"$tmp/scene.json"
"$bin" apply "$film" "$tmp/scene.json" | grep -q "^revision 1$" || fail "auteur apply did not make revision 1"

Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
wait_for '[ -s "$tmp/display" ]' 15 || fail "Xvfb did not start: $(tail -n 3 "$tmp/xvfb.log")"
export DISPLAY=":$(head -n 1 "$tmp/display")"

# xterm's VT340 has 16 colour registers unless told otherwise; no inner
# border, so that the window is exactly 120x40 cells. Everything else is as
# xterm comes: it answers no window operations (allowWindowOps is false),
# so auteur learns the cell size from the pty, and sixels scroll the screen
# if one is drawn past the bottom (which would show in the screenshot).
xterm -ti vt340 -xrm 'XTerm*decTerminalID: vt340' -xrm 'XTerm*numColorRegisters: 256' \
  -b 0 -geometry 120x40+0+0 -title auteur-xterm-test \
  -l -lf "$tmp/xterm.log" \
  -e env -i PATH=/usr/bin:/bin HOME="$tmp" TERM=xterm LANG=C.UTF-8 LC_ALL=C.UTF-8 "$bin" "$film" &
xterm_pid=$!

# 2. Wait for the welcome line, then for the thumbnails (a sixel each, and
# one for the preview) and a quiet moment.
sixels() { grep -a -o $'\eP0;1;0q' "$tmp/xterm.log" 2>/dev/null | wc -l; }
wait_for 'grep -a -q "pictures (" "$tmp/xterm.log" 2>/dev/null' 30 || fail "auteur did not start in xterm (no welcome line in its log)"
wait_for '[ "$(sixels)" -ge 6 ]' 60 || fail "no sixel thumbnails were sent: $(sixels) sixel sequences; $(grep -a -o 'pictures ([^)]*)' "$tmp/xterm.log" | head -n 1)"
settled=0
for _ in $(seq 40); do
  before=$(stat -c %s "$tmp/xterm.log"); sleep 0.5
  if [ "$(stat -c %s "$tmp/xterm.log")" = "$before" ]; then settled=1; break; fi
done
[ "$settled" = 1 ] || fail "the screen never settled"
xwd -root -silent | convert xwd:- "$shot"

# 3. Auteur's own choice, and the pixels.
# The welcome line wraps in the chat, so only its start is looked for:
# "(the" is how detection words its reason, never an explicit option.
grep -a -q "sixel pictures (the" "$tmp/xterm.log" \
  || fail "auteur did not choose sixel in xterm: $(grep -a -o '[a-z]* pictures ([a-zA-Z-]*' "$tmp/xterm.log" | head -n 1)"
geometry=$(xwininfo -name auteur-xterm-test)
x=$(awk '/Absolute upper-left X/ {print $NF}' <<<"$geometry"); y=$(awk '/Absolute upper-left Y/ {print $NF}' <<<"$geometry")
w=$(awk '/Width:/ {print $NF}' <<<"$geometry"); h=$(awk '/Height:/ {print $NF}' <<<"$geometry")
cw=$((w / 120)); ch=$((h / 40))
[ "$cw" -gt 0 ] && [ "$ch" -gt 0 ] || fail "cannot read the xterm window's size: $geometry"
# At 120x40 the timeline's five thumbnail rows are rows 32-36, inside its
# border (columns 1-118); the status line is row 39.
colours() { convert "$shot" -crop "$1x$2+$3+$4" +repage -unique-colors -format '%w' info:; }
strip=$(colours $((118 * cw)) $((5 * ch)) $((x + cw)) $((y + 32 * ch)))
status=$(colours $((120 * cw)) "$ch" "$x" $((y + 39 * ch)))
# Pictures stay in their cells: the row of marks under the thumbnails and
# the chat pane beside the preview (columns 73-118, rows 1-28) hold text only.
marks=$(colours $((118 * cw)) "$ch" $((x + cw)) $((y + 37 * ch)))
chat=$(colours $((46 * cw)) $((28 * ch)) $((x + 73 * cw)) $((y + ch)))
[ "$strip" -ge 64 ] || fail "the thumbnail strip has only $strip colours: no pictures (screenshot: $shot)"
[ "$status" -le 16 ] || fail "the status line has $status colours: the count does not tell text from pictures"
[ "$marks" -le 16 ] && [ "$chat" -le 16 ] \
  || fail "pictures spill out of their cells: $marks colours under the thumbnails, $chat in the chat (screenshot: $shot)"

# 4. SIGTERM restores the terminal and leaves the project whole.
auteur=$(pgrep -P "$xterm_pid" | head -n 1)
[ -n "$auteur" ] || fail "cannot find auteur under xterm"
kill -TERM "$auteur"
wait_for '! kill -0 "$xterm_pid" 2>/dev/null' 15 || fail "auteur did not leave on SIGTERM"
xterm_pid=""
"$bin" log "$film" | grep -q '^\* *1 ' || fail "the project is not at revision 1 after SIGTERM"

echo "xterm-sixel.sh: $(sixels) sixel images sent; thumbnail strip $strip colours; status line $status, marks $marks, chat $chat; cell ${cw}x${ch} px"
echo "xterm-sixel.sh: screenshot $shot"
echo "xterm-sixel.sh: passed in $(( $(date +%s) - started )) s"

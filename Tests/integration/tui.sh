#!/usr/bin/env bash
# The terminal interface, run for real in tmux (send-keys, capture-pane):
#   1. a project with a first scene made by `auteur new` and `auteur apply`;
#   2. `auteur P`: a turn typed in the chat, its reply awaited, the status
#      line and every thumbnail checked to have moved to the new revision;
#   3. frames 10-20 selected on the timeline with Tab and Shift+Right, a
#      scoped edit typed: only the thumbnails and marks of those frames change;
#   4. `:quit`, then `auteur log` must hold both new revisions;
#   5. reopened: the conversation is still there; Ctrl-C leaves, and the
#      shell prompt is back, out of the alternate screen;
#   6. reopened: SIGTSTP from outside gives the shell back, `fg` repaints
#      everything; a resize storm ends in the right layout (and below
#      80x24 the interface says so); a turn typed, then SIGHUP (a dropped
#      SSH link): the terminal is restored and the turn is in the project;
#   7. LANG=C (no UTF-8): ASCII frames and pictures, Ctrl-C restores; and
#      TERM=dumb: the chat in line mode, :quit leaves.
# Also prints keystroke-to-screen times and the bytes written per
# navigation key. Every wait is bounded; the tmux server and the temporary
# folder are removed however the script ends.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
bin=${AUTEUR_BIN:-$repo/.build/debug/auteur}
[ -x "$bin" ] || { echo "tui.sh: $bin is missing: build it first (swift build)" >&2; exit 1; }
command -v tmux >/dev/null || { echo "tui.sh: tmux is not installed (apt-get install tmux)" >&2; exit 1; }
command -v perl >/dev/null || { echo "tui.sh: perl is needed to read the captured colours" >&2; exit 1; }

started=$(date +%s)
sock="auteur-test-$$"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/auteur-tui.XXXXXX")
cleanup() { tmux -L "$sock" kill-server >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
T() { tmux -L "$sock" "$@"; }
fail() {
  echo "tui.sh: FAIL: $*" >&2
  echo "--- screen ---" >&2
  T capture-pane -p -t main 2>/dev/null >&2 || true
  exit 1
}

film="$tmp/film.auteur"
cat >"$tmp/scene.json" <<'JSON'
[{"op":"setting","setting":"desert"},{"op":"relight","time_of_day":"noon"},
 {"op":"add","id":"car","kind":"car","color":"red",
  "path":[{"frame":0,"value":[0.1,0.75]},{"frame":47,"value":[0.9,0.75]}]}]
JSON
"$bin" new "$film" --size 640x360 --seconds 2 >/dev/null
[ "$("$bin" apply "$film" "$tmp/scene.json")" = "revision 1" ] || fail "auteur apply did not make revision 1"

# Reads the thumbnails' colours from `capture-pane -e`: "ready N sig..." once
# every thumbnail is drawn, "waiting" while any shows its placeholder.
cat >"$tmp/thumbs.pl" <<'PERL'
use strict; use warnings;
binmode STDIN, ':encoding(UTF-8)'; binmode STDOUT, ':encoding(UTF-8)';
my @rows;
for my $line (<STDIN>) {
    chomp $line;
    my ($fg, $bg) = ('', '');
    my @cells;
    while (length $line) {
        if ($line =~ s/^\e\[([0-9;]*)m//) {
            my @p = split /;/, $1; @p = (0) unless @p;
            while (@p) {
                my $c = shift @p;
                if ($c == 38 || $c == 48) {
                    my $v = shift(@p) // '';
                    $v .= ':' . join(',', splice(@p, 0, $v eq '2' ? 3 : 1));
                    if ($c == 38) { $fg = $v } else { $bg = $v }
                } elsif ($c == 0) { ($fg, $bg) = ('', '') }
                elsif ($c == 39) { $fg = '' } elsif ($c == 49) { $bg = '' }
                elsif (($c >= 30 && $c <= 37) || ($c >= 90 && $c <= 97)) { $fg = $c }
                elsif (($c >= 40 && $c <= 47) || ($c >= 100 && $c <= 107)) { $bg = $c }
            }
        } elsif ($line =~ s/^\e[^a-zA-Z]*[a-zA-Z]//) {
        } else {
            push @cells, [substr($line, 0, 1), "$fg/$bg"]; $line = substr($line, 1);
        }
    }
    push @rows, \@cells;
}
my ($top) = grep { join('', map { $_->[0] } @{$rows[$_]}) =~ /Timeline/ } 0..$#rows;
if (!defined $top) { print "waiting\n"; exit 0 }
my @thumbs;
for (my $r = $top + 2; $r <= $#rows; $r++) {
    my $text = join '', map { $_->[0] } @{$rows[$r]};
    last unless $text =~ /\x{2580}| \d+ /;
    push @thumbs, $rows[$r];
}
if (!@thumbs || grep { join('', map { $_->[0] } @$_) =~ /\d/ } @thumbs) { print "waiting\n"; exit 0 }
my $first = join '', map { $_->[0] } @{$thumbs[0]};
my @runs;
while ($first =~ /(\x{2580}+)/g) { push @runs, [$-[1], $+[1]] }
my @sigs;
for my $run (@runs) {
    my $h = 0;
    for my $row (@thumbs) { for my $x ($run->[0] .. $run->[1] - 1) { $h = ($h * 33 + ord) % 4294967296 for split //, $row->[$x][1] . ';' } }
    push @sigs, sprintf '%08x', $h;
}
print "ready ", scalar(@sigs), " @sigs\n";
PERL

screen() { T capture-pane -p -t main; }
status() { screen | tail -n 1; }
thumbs() { T capture-pane -p -e -t main | perl "$tmp/thumbs.pl"; }

# Polls until `$1` (a shell condition) holds, for at most $2 seconds.
wait_for() {
  local what=$1 limit=$2 deadline=$(( $(date +%s) + $2 ))
  until eval "$what"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}
# Every thumbnail drawn, the analysis finished, at revision $1.
settled() { status | grep -q "rev $1 " && ! status | grep -q "render " && thumbs | grep -q '^ready'; }
shell_back() { screen | grep -q '^tui-test\$ *$' && [ "$(T display -p -t main '#{alternate_on}')" = 0 ]; }
auteur_pid() { pgrep -P "$(T display -p -t main '#{pane_pid}')" | head -n 1; }

# A 120x40 terminal claiming to be xterm, running a plain shell.
T -f /dev/null new-session -d -s main -x 120 -y 40 \
  "env -i PATH=/usr/bin:/bin HOME=$tmp HISTFILE=/dev/null TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 AUTEUR_KEY_TIMING=$tmp/keys.txt PS1='tui-test\$ ' bash --norc --noprofile"
T set -g status off
T set -s escape-time 10
wait_for 'screen | grep -q "^tui-test"' 10 || fail "the shell in tmux did not start"

# 2. A turn in the chat.
T send-keys -t main "$bin $film" Enter
wait_for 'settled 1' 30 || fail "the interface did not show revision 1 with its thumbnails"
status | grep -q 'film │ rev 1 │ frame 0/47 │ blocks' || fail "status line: $(status)"
before=$(thumbs)
T send-keys -t main -l '[{"op":"relight","time_of_day":"night"}]'
T send-keys -t main Enter
wait_for 'screen | grep -q "Applied: night light."' 30 || fail "no reply to the first turn"
wait_for 'settled 2 && [ "$(thumbs)" != "$before" ]' 30 || fail "the thumbnails did not change after the night turn"
night=$(thumbs)
# Night changes every frame: every thumbnail is new, and every frame is marked.
read -r -a b <<<"$before"; read -r -a n <<<"$night"
[ "${#b[@]}" -eq "${#n[@]}" ] && [ "${#n[@]}" -ge 5 ] || fail "thumbnail count changed: $before / $night"
for ((i = 2; i < ${#n[@]}; i++)); do [ "${b[$i]}" != "${n[$i]}" ] || fail "thumbnail $((i - 1)) did not change at night"; done

# 3. Frames 10-20 selected with the keyboard; a scoped edit.
T send-keys -t main Tab
T pipe-pane -t main -o "cat >> $tmp/bytes"
for _ in $(seq 10); do T send-keys -t main Right; done
wait_for 'status | grep -q "frame 10/47"' 10 || fail "Right did not move the frame cursor"
sleep 1
T pipe-pane -t main
for _ in $(seq 10); do T send-keys -t main S-Right; done
wait_for 'status | grep -q "frame 20/47 │ sel 10-20"' 10 || fail "Shift+Right did not select frames 10-20: $(status)"
T send-keys -t main BTab
wait_for 'screen | grep -q "scope: frames 10-20"' 10 || fail "the chat does not show the scope of the next turn"
T send-keys -t main -l '[{"op":"relight","time_of_day":"dawn"}]'
T send-keys -t main Enter
wait_for 'screen | grep -q "Applied: dawn light (frames 10-20)."' 30 || fail "no reply to the scoped turn"
wait_for 'settled 3 && [ "$(thumbs)" != "$night" ]' 30 || fail "no thumbnail changed after the scoped turn"
dawn=$(thumbs)
read -r -a d <<<"$dawn"
changed=0; kept=0
for ((i = 2; i < ${#d[@]}; i++)); do if [ "${d[$i]}" != "${n[$i]}" ]; then changed=$((changed + 1)); else kept=$((kept + 1)); fi; done
[ "$changed" -ge 1 ] && [ "$kept" -ge 3 ] || fail "the scoped edit changed $changed thumbnails and kept $kept"
status | grep -q "rev 3 │ frame 20/47 │ sel 10-20" || fail "status line after the scoped turn: $(status)"
# The marks of changed frames lie under frames 10-20 only (about columns 25-52 of 118).
marks=$(screen | grep -n '▲' | tail -n 1 | cut -d: -f2-)
cols=$(perl -CS -ne 'while (/\x{2022}/g) { print pos() - 1, "\n" }' <<<"$marks")
[ -n "$cols" ] || fail "no changed-frame marks after the scoped turn"
for c in $cols; do [ "$c" -ge 22 ] && [ "$c" -le 56 ] || fail "a changed-frame mark at column $c, outside frames 10-20"; done
screen | grep -q "Applied: night light." || fail "the first reply left the transcript"

# 4. :quit, and the project holds both revisions.
T send-keys -t main ':quit' Enter
wait_for shell_back 15 || fail ":quit did not give the shell back"
screen | grep -q "is at revision 3; every turn is saved." || fail "no farewell line after :quit"
log=$("$bin" log "$film")
grep -q '^\* *3 <- 2 .*dawn light (frames 10-20)' <<<"$log" || fail "auteur log lacks the scoped revision: $log"
grep -q '^  *2 <- 1 .*night light' <<<"$log" || fail "auteur log lacks the night revision: $log"
keys=$(head -n 1 "$tmp/keys.txt")
steps=$(awk '$1 == "right" || $1 == "Shift-right" { n++; s += $2; if ($2 > m) m = $2 } END { if (n) printf "%d frame steps, mean %.2f ms, max %.2f ms", n, s / n, m }' "$tmp/keys.txt")
bytes=$(wc -c <"$tmp/bytes")

# 5. Reopened: the conversation is back; Ctrl-C restores the terminal.
T send-keys -t main "clear; $bin $film" Enter
wait_for 'settled 3' 30 || fail "reopening did not show revision 3"
screen | grep -q "Applied: dawn light (frames 10-20)." || fail "the transcript did not come back on reopening"
T send-keys -t main C-c
wait_for shell_back 15 || fail "Ctrl-C did not give the shell back"

# 6. Suspended from outside and continued; a resize storm; a turn, then
# SIGHUP: the terminal is restored and nothing is lost.
T send-keys -t main "clear; $bin $film" Enter
wait_for 'settled 3' 30 || fail "reopening for the hang-up did not show revision 3"
pid=$(auteur_pid)
[ -n "$pid" ] || fail "cannot find the interface's process"
kill -TSTP "$pid"
wait_for 'screen | grep -q "Stopped" && [ "$(T display -p -t main "#{alternate_on}")" = 0 ]' 15 \
  || fail "SIGTSTP did not give the shell back"
[ "$(ps -o stat= -p "$pid" | cut -c1)" = T ] || fail "the interface is not stopped after SIGTSTP"
T send-keys -t main "fg" Enter
wait_for 'settled 3 && screen | grep -q "Timeline"' 15 || fail "fg did not repaint the interface"
for size in 100x30 60x20 200x60 81x25 120x40; do T resize-window -t main -x "${size%x*}" -y "${size#*x}"; done
wait_for 'settled 3 && [ "$(screen | wc -l)" -eq 40 ] && status | grep -q "? help *$"' 15 \
  || fail "the interface did not settle after a resize storm"
T resize-window -t main -x 70 -y 20
wait_for 'screen | grep -q "Auteur needs at least 80x24."' 10 || fail "below 80x24 the interface does not say so"
T resize-window -t main -x 80 -y 24
wait_for 'settled 3 && status | grep -q "rev 3 │ frame 0/47"' 15 || fail "the interface does not work at 80x24: $(status)"
T resize-window -t main -x 120 -y 40
wait_for 'settled 3' 15 || fail "the interface did not come back to 120x40"
T send-keys -t main -l '[{"op":"weather","weather":{"kind":"rain"}}]'
T send-keys -t main Enter
wait_for 'screen | grep -q "Applied: rain weather."' 30 || fail "no reply to the turn before the hang-up"
pid=$(auteur_pid)
[ -n "$pid" ] || fail "cannot find the interface's process"
kill -HUP "$pid"
wait_for shell_back 15 || fail "SIGHUP did not restore the terminal"
"$bin" log "$film" | grep -q '^\* *4 <- 3 .*rain weather' || fail "the turn before the hang-up is not in the project"

# 7. No UTF-8: ASCII frames; then TERM=dumb: line mode.
T send-keys -t main "clear; LANG=C LC_ALL=C $bin $film" Enter
wait_for 'screen | grep -q "+- Timeline" && status | grep -q "rev 4 | .* | ascii"' 30 \
  || fail "with LANG=C the interface is not drawn in ASCII: $(status)"
T send-keys -t main C-c
wait_for shell_back 15 || fail "Ctrl-C did not give the shell back under LANG=C"
T send-keys -t main "clear; TERM=dumb $bin $film" Enter
wait_for 'screen | grep -q ":quit (or Ctrl-D)"' 30 || fail "TERM=dumb did not start the line mode"
T send-keys -t main ":quit" Enter
wait_for 'screen | grep -v "^$" | tail -n 1 | grep -q "^tui-test\$ *$"' 15 || fail "the line mode did not leave on :quit"

echo "tui.sh: keystroke to screen (update, view, diff, write): all $keys; timeline $steps"
echo "tui.sh: 10 frame steps on the timeline wrote $bytes bytes ($((bytes / 10)) per key, preview pictures included)"
echo "tui.sh: passed in $(( $(date +%s) - started )) s"

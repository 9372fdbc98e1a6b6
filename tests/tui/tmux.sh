# tmux.sh - drive the real terminal UI in a private tmux server: start it,
# type keys, read the screen. Sourced by tests/tui/lib.sh and by the sync
# tests that use the TUI (tests/sync/tui.sh). Needs $SALESTERM, $WORK (a
# private directory), $DB, and the TAP functions pass and fail. Every check
# polls capture-pane until the text appears (never a fixed sleep), so a
# loaded machine only makes the tests slower.

SOCK="st$$"
SESSION="tui"
TUI_TIMEOUT=${TUI_TIMEOUT:-15}

# tui_stop - kill the tmux server (and the program in it).
tui_stop() {
	tmux -L "$SOCK" kill-server >/dev/null 2>&1
}

# tui_start [COLS ROWS [ARGS...]] - start salesterm on $DB in a new tmux server
# and wait for the first screen. Its stderr and exit status are kept.
# $TUI_ENV (NAME=VALUE ...) is added to its environment.
tui_start() {
	cols=${1:-100}
	rows=${2:-30}
	[ $# -ge 2 ] && shift 2
	tmux -L "$SOCK" kill-server >/dev/null 2>&1
	rm -f "$WORK/exit" "$WORK/stderr"
	tmux_session "$SESSION" "$cols" "$rows" \
		"env ${TUI_ENV:-} '$SALESTERM' --db '$DB' $* 2>'$WORK/stderr'; echo \$? >'$WORK/exit'; sleep 600"
	tmux -L "$SOCK" set-option -t "$SESSION" status off >/dev/null 2>&1
	wait_for "1 Today"
}

# tmux_session NAME COLS ROWS COMMAND - a new session on the private server.
# A server whose kill is still under way refuses new sessions: retry.
tmux_session() {
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		if tmux -L "$SOCK" -f /dev/null new-session -d -s "$1" -x "$2" -y "$3" "$4" \
			2>/dev/null; then
			return 0
		fi
		sleep 0.2
	done
	return 1
}

# screen - the text on the terminal now; screen_attrs - with its attributes
# and colours as escape sequences.
screen() { tmux -L "$SOCK" capture-pane -p -t "$SESSION" 2>/dev/null; }
screen_attrs() { tmux -L "$SOCK" capture-pane -p -e -t "$SESSION" 2>/dev/null; }

# keys KEY... - tmux key names (Enter Escape Tab BTab Up Down C-s ...) or text.
keys() { tmux -L "$SOCK" send-keys -t "$SESSION" "$@"; }
# typed TEXT - literal text, any script.
typed() { tmux -L "$SOCK" send-keys -t "$SESSION" -l "$1"; }

# wait_for TEXT [SECONDS] - true once TEXT (fixed string) is on the screen.
wait_for() {
	deadline=$(($(date +%s) + ${2:-$TUI_TIMEOUT}))
	while :; do
		if screen | grep -qF -- "$1"; then return 0; fi
		[ "$(date +%s)" -ge "$deadline" ] && return 1
		sleep 0.05
	done
}

# wait_gone TEXT [SECONDS] - true once TEXT is no longer on the screen.
wait_gone() {
	deadline=$(($(date +%s) + ${2:-$TUI_TIMEOUT}))
	while :; do
		if ! screen | grep -qF -- "$1"; then return 0; fi
		[ "$(date +%s)" -ge "$deadline" ] && return 1
		sleep 0.05
	done
}

# expect TEXT DESCRIPTION - a check that TEXT appears.
expect() {
	if wait_for "$1"; then pass "$2"; else fail "$2" "never saw: $1" "screen:" "$(screen)"; fi
}
# expect_gone TEXT DESCRIPTION - a check that TEXT goes away.
expect_gone() {
	if wait_gone "$1"; then pass "$2"; else fail "$2" "still see: $1" "screen:" "$(screen)"; fi
}
# expect_line PATTERN DESCRIPTION - some line matches the grep -E PATTERN.
expect_line() {
	deadline=$(($(date +%s) + TUI_TIMEOUT))
	while :; do
		if screen | grep -qE -- "$1"; then pass "$2"; return; fi
		if [ "$(date +%s)" -ge "$deadline" ]; then
			fail "$2" "no line matches /$1/" "screen:" "$(screen)"
			return
		fi
		sleep 0.05
	done
}

# status_line - the last line of the screen.
status_line() { screen | tail -n 1; }

# tui_quit DESCRIPTION - quit with q; the program exits 0 with nothing on
# stderr (under the sanitizers: no leak and no error report).
tui_quit() {
	keys q
	deadline=$(($(date +%s) + TUI_TIMEOUT))
	while [ ! -s "$WORK/exit" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done
	code=$(cat "$WORK/exit" 2>/dev/null)
	errors=$(cat "$WORK/stderr" 2>/dev/null)
	if [ "$code" = 0 ] && [ -z "$errors" ]; then
		pass "$1"
	else
		fail "$1" "exit status: ${code:-none}" "stderr:" "$errors" "screen:" "$(screen)"
	fi
	tmux -L "$SOCK" kill-server >/dev/null 2>&1
}

# dcol LINE-MARK NEEDLE - the display column (CJK counts 2) where NEEDLE starts
# on the first screen line containing LINE-MARK; -1 if none.
dcol() {
	screen | python3 -S -c '
import sys, unicodedata
mark, needle = sys.argv[1], sys.argv[2]
for line in sys.stdin.read().split("\n"):
    i = line.find(mark)
    if i < 0:
        continue
    j = line.find(needle, i)
    if j < 0:
        continue
    print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line[:j]))
    sys.exit(0)
print(-1)' "$1" "$2"
}

# width_ok - every line of the screen fits the terminal (display columns).
screen_width() {
	screen | python3 -S -c '
import sys, unicodedata
print(max([sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l)
           for l in sys.stdin.read().split("\n")] or [0]))'
}


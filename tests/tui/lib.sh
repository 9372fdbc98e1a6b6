# lib.sh - black-box tests of the terminal UI in a real terminal (tmux).
#
# Each test script sources this, then starts the real binary in a private
# tmux server of a fixed size, types keys and checks what the screen shows
# (the tmux part is tests/tui/tmux.sh). Every check is one counted TAP
# result. $SALESTERM is the binary under test (set by make check).

set -u
: "${SALESTERM:?SALESTERM must point at the salesterm binary}"
command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }
tap_n=0
tap_failed=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/salesterm-tui.XXXXXX")
export HOME="$WORK/home" XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config"
export SALESTERM_NOW="2026-11-23T01:00:00Z" TZ="Asia/Shanghai" LANG="C.UTF-8"
export EDITOR=false
unset SALESTERM_DB NO_COLOR SALESTERM_TRACE VISUAL
mkdir -p "$HOME" "$XDG_CONFIG_HOME/salesterm"
DB="$WORK/test.db"

. "$(dirname "$0")/tmux.sh"

tui_cleanup() {
	tui_stop
	rm -rf "$WORK"
}
trap tui_cleanup EXIT

pass() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
fail() {
	tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	shift
	for line in "$@"; do printf '%s\n' "$line" | sed 's/^/#   /'; done
}
done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# st ARGS... - the CLI on $DB: output in $out, errors in $err, status in $rc.
st() {
	out=$("$SALESTERM" --db "$DB" "$@" 2>"$WORK/cli.err")
	rc=$?
	err=$(cat "$WORK/cli.err")
}

# like TEXT PATTERN DESCRIPTION / is GOT WANT DESCRIPTION - plain checks.
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then pass "$3"; else fail "$3" "no match for /$2/ in:" "$1"; fi
}
is() {
	if [ "$1" = "$2" ]; then pass "$3"; else fail "$3" "got:  $1" "want: $2"; fi
}

# A small demo database (deterministic for the pinned time).
make_demo() {
	"$SALESTERM" --db "$DB" demo --size "${1:-300}" >/dev/null 2>&1
}

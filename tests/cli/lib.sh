# lib.sh - TAP helpers for the CLI tests: run the real binary, check output.
#
# Each test script sources this, then calls the checks; every check is one
# counted TAP result. $SALESTERM is the binary under test (set by make check).

set -u
: "${SALESTERM:?SALESTERM must point at the salesterm binary}"
tap_n=0
tap_failed=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/salesterm-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home" XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config"
export SALESTERM_NOW="2026-11-23T01:00:00Z" TZ="Asia/Shanghai" LANG="C.UTF-8"
unset SALESTERM_DB
mkdir -p "$HOME"
DB="$WORK/test.db"

# st ARGS... - run salesterm on $DB; output in $out, errors in $err, status in $rc.
st() {
	out=$("$SALESTERM" --db "$DB" "$@" 2>"$WORK/stderr")
	rc=$?
	err=$(cat "$WORK/stderr")
}

pass() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
fail() {
	tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	shift
	for line in "$@"; do printf '#   %s\n' "$line"; done
}

# ok_rc WANT DESCRIPTION - the last st exited with WANT.
ok_rc() {
	if [ "$rc" -eq "$1" ]; then pass "$2"; else fail "$2" "exit $rc, want $1" "stdout: $out" "stderr: $err"; fi
}
# like TEXT PATTERN DESCRIPTION - TEXT matches the grep -E PATTERN.
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then pass "$3"; else fail "$3" "no match for /$2/ in:" "$1"; fi
}
unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then fail "$3" "unexpected /$2/ in:" "$1"; else pass "$3"; fi
}
# is GOT WANT DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then pass "$3"; else fail "$3" "got:  $1" "want: $2"; fi
}
# dbsum - a digest of every table's content, to prove a failed write changed nothing.
dbsum() {
	sqlite3 "$DB" ".dump" 2>/dev/null | md5sum | cut -d' ' -f1
}
# one line per error: stderr has exactly one line starting "salesterm: ".
one_line_error() {
	if [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && printf '%s' "$err" | grep -q '^salesterm: '; then
		pass "$1"
	else
		fail "$1" "stderr: $err"
	fi
}
done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# ---- more helpers ----

# The real interpreter, found once (a version-manager shim costs ~100 ms a call).
PYTHON=$(python3 -c 'import sys; print(sys.executable)')

# skip DESCRIPTION REASON - a check that cannot run here: counted, reported
# as "ok N - DESCRIPTION # SKIP REASON".
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1 # SKIP $2"; }

# run COMMAND ARGS... - like st, for any command: salesterm without --db (the
# database then comes from the environment), or under env(1) and the like.
run() {
	out=$("$@" 2>"$WORK/stderr")
	rc=$?
	err=$(cat "$WORK/stderr")
}

# json_ok TEXT DESCRIPTION - TEXT parses as JSON.
json_ok() {
	if printf '%s' "$1" | "$PYTHON" -S -c 'import json,sys; json.load(sys.stdin)' 2>/dev/null; then
		pass "$2"
	else
		fail "$2" "not JSON:" "$1"
	fi
}

# jget TEXT EXPR - evaluate the Python expression EXPR with d = the JSON TEXT;
# a string prints as it is, anything else as JSON (true, null, 3, [...]).
# Prints "<error>" if TEXT is not JSON or EXPR fails.
jget() {
	printf '%s' "$1" | "$PYTHON" -S -c '
import json, sys
try:
    d = json.load(sys.stdin)
    v = eval(sys.argv[1])
except Exception as e:
    print("<error: %s>" % e)
    sys.exit(0)
print(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))' "$2"
}

# dcol TEXT LINE NEEDLE - the display column (wide CJK characters count 2) at
# which NEEDLE starts, after the start of LINE, in the first line of TEXT that
# contains LINE; -1 if there is none.
dcol() {
	printf '%s\n' "$1" | "$PYTHON" -S -c '
import sys, unicodedata
line_m, needle = sys.argv[1], sys.argv[2]
for line in sys.stdin.read().split("\n"):
    i = line.find(line_m)
    if i < 0:
        continue
    j = line.find(needle, i)
    if j < 0:
        continue
    print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line[:j]))
    sys.exit(0)
print(-1)' "$2" "$3"
}

# now_ms - milliseconds since the epoch (GNU date).
now_ms() { echo $(($(date +%s%N) / 1000000)); }

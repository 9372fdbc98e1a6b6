# lib.sh - the sync tests' harness: TAP checks, salesterm clients, and a real
# CouchDB-protocol server (PouchDB Server from the npm registry) on 127.0.0.1.
#
# Each test script sources this file. PouchDB Server is installed once per
# build tree with 'npm ci' from tests/sync/package-lock.json into
# $builddir/tests/sync/node_modules (never globally), under a lock because the
# tests run in parallel. Each script starts its own servers on free ports with
# throw-away data directories under $WORK and stops them on exit. Every wait
# is bounded in tries and time.

set -u
: "${SALESTERM:?SALESTERM must point at the salesterm binary}"
: "${top_srcdir:?top_srcdir must be set}"
BUILDDIR=${SALESTERM%/src/salesterm}
SYNCDIR=$top_srcdir/tests/sync
_cache=${SALESTERM_TEST_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/salesterm-tests}
NODE_DIR=$_cache/pouchdb-server-$(cat "$SYNCDIR/package.json" "$SYNCDIR/package-lock.json" |
	md5sum | cut -c1-12)
COUCHJS="$SYNCDIR/couch.js"
tap_n=0
tap_failed=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/salesterm-sync.XXXXXX")
SERVERS=""

sync_cleanup() {
	for s in $SERVERS; do
		[ -f "$WORK/$s/pid" ] && kill -9 "$(cat "$WORK/$s/pid")" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$WORK"
}
trap sync_cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

export HOME="$WORK/home" XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config"
export TZ="Asia/Shanghai" LANG="C.UTF-8"
# Retries in tests wait milliseconds, not seconds.
export SALESTERM_SYNC_BACKOFF_MS=20
unset SALESTERM_DB SALESTERM_NOW SALESTERM_SYNC_BATCH
mkdir -p "$HOME" "$XDG_CONFIG_HOME/salesterm"

# ---- TAP ----

pass() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
fail() {
	tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	shift
	for line in "$@"; do printf '%s\n' "$line" | sed 's/^/#   /'; done
}
ok_rc() {
	if [ "$rc" -eq "$1" ]; then pass "$2"; else fail "$2" "exit $rc, want $1" "stdout: $out" "stderr: $err"; fi
}
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then pass "$3"; else fail "$3" "no match for /$2/ in:" "$1"; fi
}
unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then fail "$3" "unexpected /$2/ in:" "$1"; else pass "$3"; fi
}
is() {
	if [ "$1" = "$2" ]; then pass "$3"; else fail "$3" "got:  $1" "want: $2"; fi
}
done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
# bail MESSAGE - the harness itself failed: stop with a TAP error.
bail() {
	echo "Bail out! $1"
	exit 99
}

# ---- clients ----

# cli NAME ARGS... - run salesterm on client NAME's database ($WORK/NAME.db);
# stdout in $out, stderr in $err, exit status in $rc.
cli() {
	_db="$WORK/$1.db"
	shift
	out=$("$SALESTERM" --db "$_db" "$@" 2>"$WORK/stderr")
	rc=$?
	err=$(cat "$WORK/stderr")
	sanitizer_check "salesterm $*"
}

# sanitizer_check WHAT - a failed check if $err has a sanitizer's report.
sanitizer_check() {
	case "$err" in
	*Sanitizer* | *"runtime error"*) fail "no sanitizer report from $1" "$err" ;;
	esac
}

# new_id NAME ARGS... - like cli for an 'add'; the new id in $id.
new_id() {
	cli "$@"
	id=$out
}

# records NAME - every record of client NAME, one sorted line each, without
# the columns that are local to one database (n, seq, dirty, and a history
# entry's prev_at: of two entries of one deal at the same second, each
# client orders them as it wrote them, by n).
records() {
	_db="$WORK/$1.db"
	for t in user account contact campaign lead stage opportunity stage_change approval \
		product activity followup opportunity_history forecast_snapshot forecast_adjustment consent; do
		cols=$(sqlite3 "$_db" "SELECT group_concat('\"' || name || '\"', ', ') FROM \
			pragma_table_info('$t') WHERE name NOT IN ('n', 'seq', 'dirty', 'prev_at')")
		sqlite3 -cmd '.mode quote' "$_db" "SELECT '$t', $cols FROM \"$t\" ORDER BY id"
	done
}

# revs NAME - "id rev" of every revisioned record of client NAME, sorted.
revs() {
	_db="$WORK/$1.db"
	for t in user account contact campaign lead stage opportunity stage_change approval \
		product activity followup opportunity_history forecast_snapshot forecast_adjustment consent; do
		sqlite3 -separator ' ' "$_db" "SELECT id, rev FROM \"$t\" WHERE rev <> ''"
	done | sort
}

# server_revs URL - "id rev" of every document of a database (winners,
# tombstones included), sorted.
server_revs() {
	node "$COUCHJS" revs "$1"
}

# dbsum NAME - a digest of client NAME's whole database.
dbsum() {
	sqlite3 "$WORK/$1.db" .dump | md5sum | cut -d' ' -f1
}

# sql NAME QUERY - run a query on client NAME's database.
sql() {
	sqlite3 "$WORK/$1.db" "$2"
}

# http METHOD URL [BODY] - a request to a server; body in $out, 0/1 in $rc.
http() {
	out=$(node "$COUCHJS" req "$@" 2>"$WORK/stderr")
	rc=$?
	err=$(cat "$WORK/stderr")
}

# ---- the server ----

# sync_skip REASON - no server can be had here: skip the whole script, or
# fail it where the sync tests are required.
sync_skip() {
	[ "${SALESTERM_REQUIRE_SYNC_TESTS:-0}" = 1 ] && bail "$1"
	echo "1..0 # SKIP $1"
	exit 0
}

# sync_install - PouchDB Server into $NODE_DIR, once per machine.
sync_install() {
	want=$(cat "$SYNCDIR/package.json" "$SYNCDIR/package-lock.json" | md5sum | cut -d' ' -f1)
	stamp="$NODE_DIR/node_modules/.salesterm-stamp"
	[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
	command -v node >/dev/null && command -v npm >/dev/null ||
		sync_skip "node and npm are needed for the sync tests (build-aux/deps installs them)"
	mkdir -p "$NODE_DIR"
	lock="$NODE_DIR/.install-lock"
	tries=0
	until mkdir "$lock" 2>/dev/null; do
		tries=$((tries + 1))
		[ "$tries" -gt 900 ] && bail "waited 450 s for another test installing PouchDB Server ($lock)"
		sleep 0.5
	done
	if ! { [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; }; then
		[ "$(cd "$SYNCDIR" && pwd)" = "$(cd "$NODE_DIR" && pwd)" ] ||
			cp "$SYNCDIR/package.json" "$SYNCDIR/package-lock.json" "$NODE_DIR/"
		echo "# installing PouchDB Server with npm ci into $NODE_DIR (once per machine)"
		# npm's download cache stays beside it (HOME is a temporary one).
		# npm now and then fails on its own cache (EEXIST under load): try again
		# from scratch, at most three times.
		_ok=no
		for _try in 1 2 3; do
			if (cd "$NODE_DIR" && npm_config_cache="$NODE_DIR/npm-cache" timeout 600 \
				npm ci --ignore-scripts --no-audit --no-fund \
				--cache "$NODE_DIR/npm-cache" --loglevel=error) >"$NODE_DIR/npm-ci.log" 2>&1; then
				_ok=yes
				break
			fi
			cp "$NODE_DIR/npm-ci.log" "$NODE_DIR/npm-ci.$_try.log"
			rm -rf "$NODE_DIR/node_modules" "$NODE_DIR/npm-cache"
			sleep 2
		done
		if [ "$_ok" = yes ]; then
			echo "$want" >"$stamp"
		else
			rmdir "$lock"
			sed 's/^/# /' "$NODE_DIR/npm-ci.log" | tail -20
			sync_skip "npm ci of PouchDB Server failed: no access to the npm registry? (see $NODE_DIR/npm-ci.log)"
		fi
	fi
	rmdir "$lock"
}

# couch_start NAME [PORT] - start PouchDB Server NAME with its own data
# directory, on PORT or a free port; $NAME's URL is in $URL.
couch_start() {
	_name=$1
	_dir="$WORK/$_name"
	mkdir -p "$_dir"
	for _try in 1 2 3; do
		_port=${2:-$(node "$COUCHJS" port)}
		(cd "$_dir" && exec node "$NODE_DIR/node_modules/pouchdb-server/bin/pouchdb-server" \
			--host 127.0.0.1 --port "$_port" --dir "$_dir" --config "$_dir/config.json" \
			--no-stdout-logs --no-color >>"$_dir/server.out" 2>&1) &
		echo $! >"$_dir/pid"
		echo "$_port" >"$_dir/port"
		case " $SERVERS " in *" $_name "*) ;; *) SERVERS="$SERVERS $_name" ;; esac
		if node "$COUCHJS" wait "http://127.0.0.1:$_port/" 30 2>/dev/null &&
			kill -0 "$(cat "$_dir/pid")" 2>/dev/null; then
			URL="http://127.0.0.1:$_port"
			return 0
		fi
		kill -9 "$(cat "$_dir/pid")" 2>/dev/null
		[ -n "${2:-}" ] && sleep 1
	done
	sed 's/^/# /' "$_dir/server.out" | tail -20
	bail "PouchDB Server $_name did not start"
}

# couch_url NAME - the URL of server NAME.
couch_url() { echo "http://127.0.0.1:$(cat "$WORK/$1/port")"; }

# couch_kill NAME - SIGKILL server NAME (its data stays for a restart).
couch_kill() {
	kill -9 "$(cat "$WORK/$1/pid")" 2>/dev/null
	wait "$(cat "$WORK/$1/pid")" 2>/dev/null
	return 0
}

# couch_restart NAME - start server NAME again on its port with its data.
couch_restart() {
	couch_start "$1" "$(cat "$WORK/$1/port")"
}

# proxy_start NAME UPSTREAM_URL [--tls] - the fault-injecting proxy in front of
# a server; its URL in $PURL.
proxy_start() {
	_name=$1
	_up=${2##*:}
	shift 2
	_dir="$WORK/$_name"
	mkdir -p "$_dir"
	_port=$(node "$COUCHJS" port)
	if [ "${1:-}" = "--tls" ]; then
		node "$SYNCDIR/faultproxy.js" "$_port" "$_up" --tls "$SYNCDIR/tls/server.crt" \
			"$SYNCDIR/tls/server.key" >"$_dir/proxy.out" 2>&1 &
		_scheme=https
	else
		node "$SYNCDIR/faultproxy.js" "$_port" "$_up" >"$_dir/proxy.out" 2>&1 &
		_scheme=http
	fi
	echo $! >"$_dir/pid"
	echo "$_port" >"$_dir/port"
	SERVERS="$SERVERS $_name"
	_tries=0
	until grep -q listening "$_dir/proxy.out" 2>/dev/null; do
		_tries=$((_tries + 1))
		[ "$_tries" -gt 200 ] && bail "the fault proxy did not start"
		sleep 0.05
	done
	PURL="$_scheme://127.0.0.1:$_port"
}

# fault PROXY_URL RULES_JSON - set the proxy's rules.
fault() {
	node "$COUCHJS" req PUT "$1/__fault" "$2" >/dev/null || bail "cannot set fault rules"
}

sync_install

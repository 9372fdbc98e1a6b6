#!/bin/sh
# tui_sync.sh - does a sync hold up typing? Key latency in the terminal UI
# while its worker thread pulls a large database, against the same keys
# with nothing to sync. Run on purpose, not by `make check`.
#
# Builds an optimised salesterm (no sanitizers) and installs PouchDB Server
# under tests/bench/out/ (as sync.sh does), starts the server on a free
# 127.0.0.1 port and fills a database on it with a demo of about RECORDS
# records (default 50000). Then, in a private tmux server of 100x30:
#   idle   the TUI on a client that already holds everything: keys only;
#   sync   the TUI on an empty client with the remote: its worker pulls
#          everything while the same keys are sent;
# for each key, from the key read to the screen written (SALESTERM_TRACE),
# p50, p99 and max; and how long the worker's first pull took.
#   tests/bench/tui_sync.sh [RECORDS]
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${SALESTERM_BENCH_OUT:-"$top/tests/bench/out"}
want=${1:-50000}
command -v tmux >/dev/null || { echo "tmux is needed" >&2; exit 1; }
mkdir -p "$out/build" "$out/node"
[ -x "$top/configure" ] || (cd "$top" && ./bootstrap)
cd "$out/build"
[ -f Makefile ] || "$top/configure" -q CFLAGS="-O2 -g"
make -s -j2 src/salesterm src/salesterm-tui >/dev/null
bin="$out/build/src/salesterm"
export TZ="Asia/Shanghai" LANG=C.UTF-8
unset SALESTERM_DB SALESTERM_SYNC_BATCH SALESTERM_NOW

if [ ! -d "$out/node/node_modules/pouchdb-server" ]; then
	echo "installing pouchdb-server 4.2.0 into $out/node (once)"
	(cd "$out/node" && npm install --no-save --no-package-lock --ignore-scripts --no-audit \
		--no-fund --loglevel=error pouchdb-server@4.2.0 >/dev/null)
fi
couchjs="$top/tests/sync/couch.js"
work=$(mktemp -d "${TMPDIR:-/tmp}/salesterm-bench.XXXXXX")
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
mkdir -p "$HOME"
sock="stsync$$"
port=$(node "$couchjs" port)
(cd "$work" && exec node "$out/node/node_modules/pouchdb-server/bin/pouchdb-server" --host 127.0.0.1 \
	--port "$port" --dir "$work" --config "$work/config.json" --no-stdout-logs --no-color \
	>"$work/server.out" 2>&1) &
server=$!
trap 'tmux -L "$sock" kill-server >/dev/null 2>&1 || true; kill $server 2>/dev/null || true; rm -rf "$work"' \
	EXIT INT TERM
node "$couchjs" wait "http://127.0.0.1:$port/" 30
url="http://127.0.0.1:$port/team"
node "$couchjs" req PUT "$url" >/dev/null

# About 7.4 records per demo contact.
echo "== a server database of about $want records"
"$bin" --db "$work/a.db" demo --size $((want * 10 / 74)) >/dev/null
"$bin" --db "$work/a.db" remote add "$url" >/dev/null
"$bin" --db "$work/a.db" sync --push-only 2>/dev/null
"$bin" --db "$work/full.db" remote add "$url" >/dev/null
"$bin" --db "$work/full.db" sync --pull-only 2>/dev/null
"$bin" --db "$work/empty.db" remote add "$url" >/dev/null

TUITRACE_DIR="$top/tests/bench" python3 -S - "$bin" "$work" "$sock" <<'PY'
import os, subprocess, sys, time
sys.path.insert(0, os.environ["TUITRACE_DIR"])
import tuitrace as tt
from tuitrace import tmux, lines, wait_line, stats

bin, work, sock = sys.argv[1:4]
tt.sock = sock
tt.trace = trace = os.path.join(work, "trace")

def runs_done(db):
    r = subprocess.run(["sqlite3", db, "SELECT count(*) FROM sync_run WHERE ended_at IS NOT NULL"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode().strip()
    return int(r or 0)

KEYS = (["2"] + ["j"] * 20 + ["C-f"] * 5 + ["G", "g", "Tab"] + ["j"] * 10 + ["Tab", "/"] +
        ["张", "伟"] + ["Enter", "F", "3", "4", "1", "6"] + ["j"] * 10 + ["5", "l", "l", "2"])

def session(db, until_synced):
    tmux("kill-server")
    time.sleep(0.2)
    if os.path.exists(trace):
        os.remove(trace)
    t0 = time.time()
    tmux("-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30",
         "SALESTERM_TRACE='%s' exec '%s' --db '%s'" % (trace, bin, db))
    tmux("set-option", "status", "off")
    wait_line("first ", 0, 60)
    lat, rounds = [], 0
    while True:
        for k in KEYS:
            n = len(lines())
            tmux("send-keys", *(["-l"] if len(k) == 1 and ord(k) > 127 else []), k)
            l = wait_line("key ", n, 60)
            _, read, drawn = l.split()
            lat.append((int(drawn) - int(read)) / 1e6)
            time.sleep(0.02)
        rounds += 1
        if not until_synced or runs_done(db) > 0:
            break
    took = time.time() - t0
    tmux("send-keys", "q")
    time.sleep(0.3)
    return lat, rounds, took

idle, _, _ = session(os.path.join(work, "full.db"), False)
print("== keys, key read to screen written")
print("idle (nothing to sync)      n=%3d  %s" % (len(idle), stats(idle)))
busy, rounds, took = session(os.path.join(work, "empty.db"), True)
print("during the first pull       n=%3d  %s  (%d rounds of keys; pull done within %.1f s)"
      % (len(busy), stats(busy), rounds, took))
PY
"$bin" --db "$work/empty.db" sync log | head -3
echo "records on the client after the TUI's pull: $(sqlite3 "$work/empty.db" \
	"SELECT (SELECT count(*) FROM contact) + (SELECT count(*) FROM account) + \
	(SELECT count(*) FROM activity) + (SELECT count(*) FROM followup)") (contacts, accounts, activities, logs)"

#!/bin/sh
# sync.sh - salesterm's sync against PouchDB's own replicator, on this machine.
# Run on purpose, not by `make check`.
#
# Builds an optimised salesterm (no sanitizers) under tests/bench/out/,
# installs PouchDB Server and the `pouchdb` package there with npm, starts the
# server on a free 127.0.0.1 port, generates a demo database of about N
# records (default 100000) and measures, in records per second:
#   push   salesterm sync --push-only into an empty database
#   pull   salesterm sync --pull-only of that database into an empty client
#   noop   a whole `salesterm sync` process with nothing to do (milliseconds)
# and the same with PouchDB's replicator (batch sizes 100 and 1000): a pull
# into a local LevelDB PouchDB, a push of it into an empty database, and a
# replication with nothing to do.
#   tests/bench/sync.sh [RECORDS]
# SALESTERM_BENCH_OUT puts the build and the npm packages elsewhere.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${SALESTERM_BENCH_OUT:-"$top/tests/bench/out"}
want=${1:-100000}
mkdir -p "$out/build" "$out/node"
[ -x "$top/configure" ] || (cd "$top" && ./bootstrap)
cd "$out/build"
[ -f Makefile ] || "$top/configure" -q CFLAGS="-O2 -g"
make -s -j2 src/salesterm >/dev/null
bin="$out/build/src/salesterm"
export TZ="Asia/Shanghai" LANG=C.UTF-8
unset SALESTERM_DB SALESTERM_SYNC_BATCH

if [ ! -d "$out/node/node_modules/pouchdb" ] || [ ! -d "$out/node/node_modules/pouchdb-server" ]; then
	echo "installing pouchdb-server 4.2.0 and pouchdb 9.0.0 into $out/node (once)"
	(cd "$out/node" && npm install --no-save --no-package-lock --ignore-scripts --no-audit \
		--no-fund --loglevel=error pouchdb-server@4.2.0 pouchdb@9.0.0 >/dev/null)
fi
NODE_PATH="$out/node/node_modules"
export NODE_PATH
couchjs="$top/tests/sync/couch.js"

work=$(mktemp -d "${TMPDIR:-/tmp}/salesterm-bench.XXXXXX")
port=$(node "$couchjs" port)
(cd "$work" && exec node "$out/node/node_modules/pouchdb-server/bin/pouchdb-server" --host 127.0.0.1 \
	--port "$port" --dir "$work" --config "$work/config.json" --no-stdout-logs --no-color \
	>"$work/server.out" 2>&1) &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT INT TERM
node "$couchjs" wait "http://127.0.0.1:$port/" 30
url="http://127.0.0.1:$port"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
rate() { awk -v n="$1" -v ms="$2" 'BEGIN { printf "%.0f", n * 1000 / ms }'; }

# About 7.4 records per demo contact.
size=$((want * 10 / 74))
echo "== generating a demo database of about $want records"
"$bin" --db "$work/a.db" demo --size "$size" >/dev/null
records=0
for t in user account contact campaign lead stage opportunity stage_change approval product \
	activity followup; do
	records=$((records + $(sqlite3 "$work/a.db" "SELECT count(*) FROM \"$t\" WHERE rev <> ''")))
done
echo "$records records"

echo "== salesterm (batch 1000)"
node "$couchjs" req PUT "$url/st" >/dev/null
"$bin" --db "$work/a.db" remote add "$url/st" >/dev/null
s=$(now_ms)
"$bin" --db "$work/a.db" sync --push-only >/dev/null 2>&1
e=$(now_ms)
push_ms=$((e - s))
echo "push: $records records in $push_ms ms = $(rate "$records" "$push_ms") records/s"
"$bin" --db "$work/b.db" remote add "$url/st" >/dev/null
s=$(now_ms)
"$bin" --db "$work/b.db" sync --pull-only >/dev/null 2>&1
e=$(now_ms)
pull_ms=$((e - s))
echo "pull: $records records in $pull_ms ms = $(rate "$records" "$pull_ms") records/s"
"$bin" --db "$work/b.db" sync >/dev/null 2>&1
all=""
for i in 1 2 3 4 5 6 7 8 9 10; do
	s=$(date +%s%N)
	"$bin" --db "$work/b.db" sync >/dev/null 2>&1
	e=$(date +%s%N)
	all="$all $(((e - s) / 1000))"
done
echo "$all" | tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END {
	printf "noop: a whole sync process with nothing to do: median %.1f ms, min %.1f ms\n",
		a[int((NR + 1) / 2)] / 1000, a[1] / 1000 }'

for batch in 100 1000; do
	echo "== PouchDB replicator (pouchdb 9.0.0, batch_size $batch)"
	rm -rf "$work/pouch-$batch"
	r=$(node "$top/tests/bench/sync_pouchdb.js" "$url/st" "$work/pouch-$batch" "$batch")
	echo "pull: $r"
	node "$couchjs" req PUT "$url/pp$batch" >/dev/null
	r=$(node "$top/tests/bench/sync_pouchdb.js" "$work/pouch-$batch" "$url/pp$batch" "$batch")
	echo "push: $r"
	r=$(node "$top/tests/bench/sync_pouchdb.js" "$url/st" "$work/pouch-$batch" "$batch")
	echo "noop (replication only, without starting node): $r"
done

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
# with the peak memory of each salesterm process, and the same with PouchDB's
# replicator (batch sizes 100 and 1000): a pull into a local LevelDB PouchDB,
# a push of it into an empty database, and a replication with nothing to do.
# Then the same pull and push of documents that PouchDB itself wrote, as
# another client would (tests/bench/sync_foreign.js: PouchDB's own ids, no
# salesterm-only fields), by salesterm and by PouchDB's replicator. Last, each
# salesterm rate as a multiple of PouchDB's best batch size on the same row.
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
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM
node "$couchjs" wait "http://127.0.0.1:$port/" 30
url="http://127.0.0.1:$port"

rate() { awk -v n="$1" -v ms="$2" 'BEGIN { printf "%.0f", n * 1000 / ms }'; }
# timed LABEL RECORDS CMD... - run a salesterm command; print its rate and
# peak memory (tests/bench/peakmem.py). A failed command stops the benchmark.
timed() {
	label=$1 n=$2
	shift 2
	if ! python3 "$top/tests/bench/peakmem.py" "$@" >/dev/null 2>"$work/pm"; then
		echo "$label: FAILED"
		cat "$work/pm"
		exit 1
	fi
	ms=$(sed -n 's/^ms=\([0-9]*\) .*/\1/p' "$work/pm" | tail -1)
	mb=$(sed -n 's/.*maxrss_mb=\([0-9.]*\)$/\1/p' "$work/pm" | tail -1)
	last=$(rate "$n" "$ms")
	echo "$label: $n records in $ms ms = $last records/s, peak memory $mb MB"
}
# pouch_rate JSON - the rate of a sync_pouchdb.js line.
pouch_rate() { printf '%s' "$1" | sed -n 's/.*"rate":\([0-9]*\).*/\1/p'; }
# best A B - the larger of two rates.
best() { if [ "${1:-0}" -gt "${2:-0}" ]; then echo "${1:-0}"; else echo "${2:-0}"; fi; }
# ratio LABEL OURS THEIRS - one row of the summary.
ratio() {
	awk -v l="$1" -v a="$2" -v b="$3" 'BEGIN {
		printf "%-32s %7d  %7d  %5.2fx\n", l, a, b, (b > 0 ? a / b : 0) }'
}

# About 8.6 records per demo contact (7.4 before deals kept a history).
size=$((want * 10 / 86))
echo "== generating a demo database of about $want records"
"$bin" --db "$work/a.db" demo --size "$size" >/dev/null
records=0
for t in user account contact campaign lead stage opportunity stage_change approval product \
	activity followup opportunity_history consent; do
	records=$((records + $(sqlite3 "$work/a.db" "SELECT count(*) FROM \"$t\" WHERE rev <> ''")))
done
echo "$records records"

echo "== salesterm (batch 1000)"
node "$couchjs" req PUT "$url/st" >/dev/null
"$bin" --db "$work/a.db" remote add "$url/st" >/dev/null
timed push "$records" "$bin" --db "$work/a.db" sync --push-only
st_push=$last
"$bin" --db "$work/b.db" remote add "$url/st" >/dev/null
timed pull "$records" "$bin" --db "$work/b.db" sync --pull-only
st_pull=$last
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
	pd_pull=$(best "${pd_pull:-0}" "$(pouch_rate "$r")")
	node "$couchjs" req PUT "$url/pp$batch" >/dev/null
	r=$(node "$top/tests/bench/sync_pouchdb.js" "$work/pouch-$batch" "$url/pp$batch" "$batch")
	echo "push: $r"
	pd_push=$(best "${pd_push:-0}" "$(pouch_rate "$r")")
	r=$(node "$top/tests/bench/sync_pouchdb.js" "$url/st" "$work/pouch-$batch" "$batch")
	echo "noop (replication only, without starting node): $r"
done

echo "== documents written by PouchDB (its own ids, no salesterm-only fields)"
node "$couchjs" req PUT "$url/pd" >/dev/null
nforeign=$((want * 10 / 11))
r=$(node "$top/tests/bench/sync_foreign.js" "$url/pd" "$nforeign")
echo "written: $r"
frecords=$(node "$couchjs" req GET "$url/pd" | sed -n 's/.*"doc_count":\([0-9]*\).*/\1/p')
"$bin" --db "$work/f.db" remote add "$url/pd" >/dev/null
timed "salesterm pull" "$frecords" "$bin" --db "$work/f.db" sync --pull-only
st_fpull=$last
# The same records pushed into an empty database by a client that has them.
"$bin" --db "$work/f.db" db backup "$work/g.db" >/dev/null
"$bin" --db "$work/g.db" remote remove pd >/dev/null
node "$couchjs" req PUT "$url/pd2" >/dev/null
"$bin" --db "$work/g.db" remote add "$url/pd2" >/dev/null
timed "salesterm push" "$frecords" "$bin" --db "$work/g.db" sync --push-only
st_fpush=$last
for batch in 100 1000; do
	echo "== PouchDB replicator on PouchDB's documents (batch_size $batch)"
	rm -rf "$work/fpouch-$batch"
	r=$(node "$top/tests/bench/sync_pouchdb.js" "$url/pd" "$work/fpouch-$batch" "$batch")
	echo "pull: $r"
	pf_pull=$(best "${pf_pull:-0}" "$(pouch_rate "$r")")
	node "$couchjs" req PUT "$url/fp$batch" >/dev/null
	r=$(node "$top/tests/bench/sync_pouchdb.js" "$work/fpouch-$batch" "$url/fp$batch" "$batch")
	echo "push: $r"
	pf_push=$(best "${pf_push:-0}" "$(pouch_rate "$r")")
done

echo "== salesterm against PouchDB's best batch size (records/s; the target is 1.3x)"
echo "                                 salesterm  PouchDB  ratio"
ratio "push, demo records" "$st_push" "$pd_push"
ratio "pull, demo records" "$st_pull" "$pd_pull"
ratio "push, PouchDB's documents" "$st_fpush" "$pf_push"
ratio "pull, PouchDB's documents" "$st_fpull" "$pf_pull"

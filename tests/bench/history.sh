#!/bin/sh
# history.sh - the history reports as whole processes on a demo database.
# Run on purpose, not by `make check`.
#
#   tests/bench/history.sh [DB [USER]]
# RUNS (default 7): runs of each command. SALESTERM_BIN: time that binary
# instead of building one (to compare two builds on copies of one database).
# USER (a name or id of DB's users): the reports as that user sees them
# (`user use`; a rep: their own figures), else as the current user.
# SALESTERM_NOW pins "now" (default 2026-11-23T01:00:00Z, the demo's of
# history-1000000.db); the dates a week, a month, a quarter and a year back
# follow it (the demo holds a year of history; a year back is all of it).
# Without DB: builds an optimised salesterm under tests/bench/out/ (as run.sh
# does) and generates the 1M-contact demo there (about 255k deals and 1.2M
# history entries), printing the generation rate. Then each command runs 7
# times; printed: the first run (cold), the median and the minimum of the
# wall clock, and the median CPU time (user + system) - on a shared, loaded
# machine the wall clock mostly measures waiting for a core. The target is
# 300 ms a report as a whole process.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/tests/bench/out"
export SALESTERM_NOW=${SALESTERM_NOW:-"2026-11-23T01:00:00Z"} TZ="Asia/Shanghai" LANG=C.UTF-8
day=${SALESTERM_NOW%%T*}
week=$(date -u -d "$day - 7 days" +%F)
month=$(date -u -d "$day - 1 month" +%F)
quarter=$(date -u -d "$day - 3 months" +%F)
year=$(date -u -d "$day - 1 year" +%F)
# A custom range: from the first of the month five months back to today.
range="$(date -u -d "${day%-*}-01 - 5 months" +%F)..$day"
mkdir -p "$out/build"
if [ -n "${SALESTERM_BIN:-}" ]; then
	bin=$SALESTERM_BIN
else
	[ -x "$top/configure" ] || (cd "$top" && ./bootstrap)
	cd "$out/build"
	[ -f Makefile ] || "$top/configure" -q CFLAGS="-O2 -g"
	make -s -j2 src/salesterm >/dev/null
	bin="$out/build/src/salesterm"
fi
db=${1:-}
if [ -z "$db" ]; then
	db="$out/history-1000000.db"
	if [ ! -f "$db" ]; then
		echo "== generating the 1M-contact demo"
		s=$(date +%s.%N)
		"$bin" --db "$db" demo --size 1000000 >/dev/null
		e=$(date +%s.%N)
		# Every record: the rows of each table of synced documents (a rev
		# column), not the sync bookkeeping (sync_*) nor derived tables
		# (search indexes, summaries), which have none.
		records=$(sqlite3 "$db" "SELECT group_concat('(SELECT count(*) FROM ' || m.name || ')', '+')
			FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sync\\_%' ESCAPE '\\'
			AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'rev')")
		records=$(sqlite3 "$db" "SELECT $records")
		awk -v r="$records" -v s="$s" -v e="$e" 'BEGIN {
			printf "generation: %d records in %.1f s = %.0f records/s\n", r, e - s, r / (e - s) }'
	fi
fi
echo "== $(sqlite3 "$db" "SELECT count(*) FROM opportunity") deals, $(sqlite3 "$db" \
	"SELECT count(*) FROM opportunity_history") history entries, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin" --db "$db" forecast_snapshot count >/dev/null
[ -z "${2:-}" ] || "$bin" --db "$db" user use "$2" >/dev/null
echo "== as $("$bin" --db "$db" user whoami), now $SALESTERM_NOW, YEAR ${day%%-*}, FROM..TO $range"
snap=$("$bin" --db "$db" forecast snapshot --name "bench $$")

# time LABEL ARGS... - run salesterm ARGS 7 times.
time_it() {
	label=$1
	shift
	walls="" cpus=""
	for i in $(seq "${RUNS:-7}"); do
		s=$(date +%s%N)
		/usr/bin/time -o "$out/time.txt" -f "%U %S" "$bin" --db "$db" "$@" >/dev/null 2>&1
		cpu=$(tail -1 "$out/time.txt")
		e=$(date +%s%N)
		walls="$walls $(( (e - s) / 1000 ))"
		cpus="$cpus $(echo "$cpu" | awk '{ printf "%d", ($1 + $2) * 1000000 }')"
	done
	first=$(echo "$walls" | awk '{ print $1 }')
	cpu=$(echo "$cpus" | tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	echo "$walls" | tr ' ' '\n' | grep . | sort -n | awk -v l="$label" -v f="$first" -v c="$cpu" '
		{ a[NR] = $1 } END {
		printf "%-52s first %6.1f ms  median %6.1f ms  min %6.1f ms  cpu %6.1f ms\n",
			l, f / 1000, a[int((NR + 1) / 2)] / 1000, a[1] / 1000, c / 1000 }'
}

time_it "report forecast (today, for reference)" report forecast
time_it "report forecast --as-of a week back" report forecast --as-of "$week"
time_it "report forecast --as-of a month back" report forecast --as-of "$month"
time_it "report forecast --as-of a quarter back" report forecast --as-of "$quarter"
time_it "report forecast --as-of a year back" report forecast --as-of "$year"
time_it "report forecast --period YEAR --as-of a quarter" report forecast --period "${day%%-*}" \
	--as-of "$quarter"
time_it "report forecast --period FROM..TO --as-of a quarter" report forecast --period "$range" \
	--as-of "$quarter"
time_it "report changes (a week)" report changes
time_it "report changes --since a month back" report changes --since "$month"
time_it "report changes --since a quarter back" report changes --since "$quarter"
time_it "report changes --since a year back" report changes --since "$year"
time_it "report changes --period YEAR --since a quarter" report changes --period "${day%%-*}" \
	--since "$quarter"
time_it "forecast compare (a snapshot and today)" forecast compare "$snap"
time_it "report funnel" report funnel
time_it "report funnel --period YEAR" report funnel --period "${day%%-*}"
time_it "report reps" report reps
time_it "report reps --period YEAR" report reps --period "${day%%-*}"
time_it "report funnel --as-of a week back" report funnel --as-of "$week"
time_it "report funnel --as-of a month back" report funnel --as-of "$month"
time_it "report funnel --as-of a quarter back" report funnel --as-of "$quarter"
time_it "report funnel --as-of a year back" report funnel --as-of "$year"
time_it "report funnel --period FROM..TO --as-of a quarter" report funnel --period "$range" \
	--as-of "$quarter"

#!/bin/sh
# run.sh - salesterm's core benchmarks. Run on purpose, not by `make check`.
#
# Builds an optimised salesterm (no sanitizers) under tests/bench/out/, then for
# 100k and 1M contacts: generates a demo database and prints the generation
# rate, the database size, the open-to-first-page time of a whole process,
# search latency (p50/p99, Latin prefix and CJK substring) and the time to
# fetch a 40-row page at the start, middle and end of the contact list.
#   tests/bench/run.sh [SIZE ...]      default: 100000 1000000
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/tests/bench/out"
mkdir -p "$out/build"
[ -x "$top/configure" ] || (cd "$top" && ./bootstrap)
cd "$out/build"
[ -f Makefile ] || "$top/configure" -q CFLAGS="-O2 -g"
make -s -j2 src/salesterm tests/bench/bench_query >/dev/null
bin="$out/build/src/salesterm"
export SALESTERM_NOW="2026-11-23T01:00:00Z" TZ="Asia/Shanghai" LANG=C.UTF-8

sizes=${*:-"100000 1000000"}
for n in $sizes; do
	db="$out/demo-$n.db"
	rm -f "$db" "$db-wal" "$db-shm"
	echo "== $n contacts"
	start=$(date +%s.%N)
	summary=$("$bin" --db "$db" demo --size "$n" 2>/dev/null)
	end=$(date +%s.%N)
	echo "$summary"
	records=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM user)+(SELECT count(*) FROM account)+
		(SELECT count(*) FROM contact)+(SELECT count(*) FROM lead)+(SELECT count(*) FROM opportunity)+
		(SELECT count(*) FROM stage_change)+(SELECT count(*) FROM approval)+(SELECT count(*) FROM activity)+
		(SELECT count(*) FROM followup)+(SELECT count(*) FROM campaign)+(SELECT count(*) FROM product)+
		(SELECT count(*) FROM opportunity_history)+(SELECT count(*) FROM forecast_snapshot)+
		(SELECT count(*) FROM forecast_adjustment)+(SELECT count(*) FROM consent)")
	sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
	awk -v r="$records" -v n="$n" -v s="$start" -v e="$end" 'BEGIN {
		t = e - s; printf "generation: %d records in %.1f s = %.0f records/s (%.0f contacts/s)\n", r, t, r / t, n / t }'
	echo "size: $(du -m "$db" | cut -f1) MB ($(stat -c %s "$db") bytes)"
	# A whole process: open, read a 40-row page sorted by name, print it, exit.
	best=""; all=""
	for i in 1 2 3 4 5 6 7 8 9 10; do
		s=$(date +%s%N)
		"$bin" --db "$db" contact list --limit 40 >/dev/null 2>&1
		e=$(date +%s%N)
		ms=$(( (e - s) / 1000 ))
		all="$all $ms"
	done
	echo "$all" | tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END {
		printf "process open to first page (salesterm contact list --limit 40): median %.1f ms, min %.1f ms\n", a[int((NR + 1) / 2)] / 1000, a[1] / 1000 }'
	"$out/build/tests/bench/bench_query" "$db"
done

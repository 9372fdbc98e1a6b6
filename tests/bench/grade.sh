#!/bin/sh
# grade.sh - customer value on a demo database: `report abc`, `report clv`
# and `account grade` as whole processes. Run on purpose, not by `make
# check`.
#
# Builds an optimised salesterm under tests/bench/out/ (as report.sh does),
# generates the demo database if it is missing (SIZE contacts, default
# 1,000,000: 250,000 accounts; a few minutes) and grades a copy of it as its
# manager:
#   - report abc and report clv, RUNS times each (default 5): the median and
#     largest wall-clock time and the median user+system CPU time;
#   - account grade --dry-run (ranks and compares every account);
#   - account grade after every segment was cleared, so it writes the grade
#     of every account in its one transaction (the worst case), then once
#     more with nothing left to change.
#   tests/bench/grade.sh [RUNS] [SIZE]
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${SALESTERM_BENCH_OUT:-"$top/tests/bench/out"}
runs=${1:-5}
size=${2:-1000000}
mkdir -p "$out/build"
[ -x "$top/configure" ] || (cd "$top" && ./bootstrap)
cd "$out/build"
[ -f Makefile ] || "$top/configure" -q CFLAGS="-O2 -g"
make -s -j2 src/salesterm >/dev/null
bin="$out/build/src/salesterm"
export TZ="Asia/Shanghai" LANG=C.UTF-8 SALESTERM_NOW="2026-11-23T01:00:00Z"
unset SALESTERM_DB
src="$out/report-$size.db"
if [ ! -f "$src" ]; then
	echo "generating a $size-contact demo database (once)..."
	"$bin" --db "$src" demo --size "$size" >/dev/null
fi
db="$out/grade-$size.db"
rm -f "$db" "$db-wal" "$db-shm"
sqlite3 "$src" ".backup '$db'"
manager=$("$bin" --db "$db" user list role=manager --json |
	sed -n 's/^[[:space:]]*"id":[[:space:]]*"\(.*\)",*$/\1/p' | head -1)
"$bin" --db "$db" user use "$manager" >/dev/null
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "accounts: $("$bin" --db "$db" account count)"
# timed NAME RUNS COMMAND... - median and max wall clock, median CPU, in ms.
timed() {
	name=$1 n=$2
	shift 2
	: >"$out/times"
	i=0
	while [ "$i" -lt "$n" ]; do
		/usr/bin/time -f "%e %U %S" -a -o "$out/times" "$@" >/dev/null
		i=$((i + 1))
	done
	awk -v n="$name" '{ w[NR] = $1 * 1000; c[NR] = ($2 + $3) * 1000 }
		END {
			for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) {
				if (w[j] < w[i]) { t = w[i]; w[i] = w[j]; w[j] = t }
				if (c[j] < c[i]) { t = c[i]; c[i] = c[j]; c[j] = t }
			}
			m = int((NR + 1) / 2)
			printf "%-28s %10.0f %10.0f %10.0f\n", n, w[m], w[NR], c[m]
		}' "$out/times"
}
printf '%-28s %10s %10s %10s   (whole processes, team scope)\n' what "median ms" "max ms" \
	"cpu ms"
timed "report abc" "$runs" "$bin" --db "$db" report abc
timed "report clv" "$runs" "$bin" --db "$db" report clv
timed "account grade --dry-run" "$runs" "$bin" --db "$db" account grade --dry-run
sqlite3 "$db" "UPDATE account SET segment = NULL, segment_by_hand = 0"
timed "account grade (every one)" 1 "$bin" --db "$db" account grade
timed "account grade (none left)" 1 "$bin" --db "$db" account grade
"$bin" --db "$db" account grade --dry-run | tail -1
rm -f "$db" "$db-wal" "$db-shm"

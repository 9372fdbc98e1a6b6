#!/bin/sh
# report.sh - every report of `salesterm report` on the 1M-contact demo
# database (about 255k deals), as whole processes and in-process. Run on
# purpose, not by `make check`.
#
# Builds an optimised salesterm and tests/bench/bench_report under
# tests/bench/out/ (as run.sh does), generates the demo database if it is
# missing (SIZE contacts, default 1,000,000; a few minutes), makes its
# manager the current user (the team's figures, the largest scope), then:
#   - for each report, RUNS whole `salesterm report NAME` processes (default
#     5) for this quarter: the median and the largest wall-clock time, and the
#     median user+system CPU time (on a shared, loaded machine the wall clock
#     mostly measures waiting for a core);
#   - bench_report: the same reports computed and rendered in-process.
#   tests/bench/report.sh [RUNS] [SIZE]
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${SALESTERM_BENCH_OUT:-"$top/tests/bench/out"}
runs=${1:-5}
size=${2:-1000000}
mkdir -p "$out/build"
[ -x "$top/configure" ] || (cd "$top" && ./bootstrap)
cd "$out/build"
[ -f Makefile ] || "$top/configure" -q CFLAGS="-O2 -g"
make -s -j2 src/salesterm tests/bench/bench_report >/dev/null
bin="$out/build/src/salesterm"
export TZ="Asia/Shanghai" LANG=C.UTF-8 SALESTERM_NOW="2026-11-23T01:00:00Z"
unset SALESTERM_DB
db="$out/report-$size.db"
if [ ! -f "$db" ]; then
	echo "generating a $size-contact demo database (once)..."
	"$bin" --db "$db" demo --size "$size" >/dev/null
fi
manager=$("$bin" --db "$db" user list role=manager --json |
	sed -n 's/^[[:space:]]*"id":[[:space:]]*"\(.*\)",*$/\1/p' | head -1)
"$bin" --db "$db" user use "$manager" >/dev/null
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %10s %10s %10s   (whole processes, team scope, this quarter, %s runs)\n' \
	report "median ms" "max ms" "cpu ms" "$runs"
for name in $("$bin" --db "$db" report | awk 'NR > 1 { print $1 }'); do
	: >"$out/times"
	i=0
	while [ "$i" -lt "$runs" ]; do
		/usr/bin/time -f "%e %U %S" -a -o "$out/times" "$bin" --db "$db" report "$name" \
			>/dev/null
		i=$((i + 1))
	done
	awk -v n="$name" '{ w[NR] = $1 * 1000; c[NR] = ($2 + $3) * 1000 }
		END {
			for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) {
				if (w[j] < w[i]) { t = w[i]; w[i] = w[j]; w[j] = t }
				if (c[j] < c[i]) { t = c[i]; c[i] = c[j]; c[j] = t }
			}
			m = int((NR + 1) / 2)
			printf "%-10s %10.0f %10.0f %10.0f\n", n, w[m], w[NR], c[m]
		}' "$out/times"
done
"$out/build/tests/bench/bench_report" "$db" "$runs"

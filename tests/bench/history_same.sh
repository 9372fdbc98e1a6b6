#!/bin/sh
# history_same.sh - the md5 of every history report's output (table, csv and
# json) for several periods, scopes and dates, one line each, to compare the
# figures of two builds on the same database: a speed-up must leave them
# byte-identical. Run on purpose, not by `make check`.
#
#   tests/bench/history_same.sh SALESTERM DB MANAGER REP > sums.txt
# MANAGER and REP name users of DB (the demo's: `user list`); the reports
# run as the manager (team, territory and owner scopes) and as the rep. The
# dates suit the demo made on 2026-12-03 (SALESTERM_NOW pins "now"); the
# current user is left as MANAGER. Compare two runs with diff.
set -eu
bin=$1 db=$2 manager=$3 rep=$4
export SALESTERM_NOW=${SALESTERM_NOW:-"2026-12-03T18:00:00Z"} TZ="Asia/Shanghai" LANG=C.UTF-8
unset SALESTERM_DB

# sums LABEL ARGS... - the md5 of salesterm ARGS in the three formats.
sums() {
	label=$1
	shift
	for f in table csv json; do
		s=$("$bin" --db "$db" "$@" --format "$f" 2>&1 | md5sum | cut -c1-32)
		echo "$label [$f] $s"
	done
}

run_all() {
	who=$1
	shift
	for since in 2026-11-26 2026-09-03; do
		sums "$who changes --since $since" report changes --since "$since" "$@"
	done
	sums "$who changes 2027Q1 --since 2026-11-03" report changes --period 2027Q1 \
		--since 2026-11-03 "$@"
	for asof in 2026-11-26 2026-09-03; do
		sums "$who forecast --as-of $asof" report forecast --as-of "$asof" "$@"
		sums "$who funnel 2026-08 --as-of $asof" report funnel --period 2026-08 \
			--as-of "$asof" "$@"
	done
	sums "$who forecast 2026Q3 --as-of 2026-06-15" report forecast --period 2026Q3 \
		--as-of 2026-06-15 "$@"
	for period in 2026Q4 2026-11; do
		sums "$who forecast $period" report forecast --period "$period" "$@"
		sums "$who funnel $period" report funnel --period "$period" "$@"
		sums "$who reps $period" report reps --period "$period" "$@"
	done
}

"$bin" --db "$db" user use "$manager" >/dev/null
run_all manager
run_all "manager --owner $rep" --owner "$rep"
territory=$("$bin" --db "$db" user show "$rep" | awk '$1 == "territory" { print $2 }')
[ -z "$territory" ] || run_all "manager --territory $territory" --territory "$territory"
for snap in $("$bin" --db "$db" --json forecast_snapshot list |
	sed -n 's/^[[:space:]]*"id":[[:space:]]*"\(.*\)",*$/\1/p'); do
	for f in table csv json; do
		echo "manager compare $snap [$f] $("$bin" --db "$db" forecast compare "$snap" \
			--format "$f" 2>&1 | md5sum | cut -c1-32)"
	done
done
"$bin" --db "$db" user use "$rep" >/dev/null
run_all rep
"$bin" --db "$db" user use "$manager" >/dev/null

#!/bin/sh
# unix.sh - `salesterm agenda`, `salesterm query --mutt` and `salesterm log
# --mail --dry-run` on a demo database, as whole processes (what a login
# script, mutt's completion and a mutt macro wait for). Run on purpose, not
# by `make check`.
#
# Builds an optimised salesterm under tests/bench/out/ (as run.sh does),
# generates the demo database if it is missing (SIZE contacts, default
# 100,000), makes one of its reps the current user, then runs each command
# RUNS times (default 5): the median and largest wall-clock time and the
# median user+system CPU time.
#   tests/bench/unix.sh [RUNS] [SIZE]
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${SALESTERM_BENCH_OUT:-"$top/tests/bench/out"}
runs=${1:-5}
size=${2:-100000}
mkdir -p "$out/build"
[ -x "$top/configure" ] || (cd "$top" && ./bootstrap)
cd "$out/build"
[ -f Makefile ] || "$top/configure" -q CFLAGS="-O2 -g"
make -s -j2 src/salesterm >/dev/null
bin="$out/build/src/salesterm"
export TZ="Asia/Shanghai" LANG=C.UTF-8 SALESTERM_NOW="2026-11-23T01:00:00Z"
unset SALESTERM_DB
db="$out/unix-$size.db"
if [ ! -f "$db" ]; then
	echo "generating a $size-contact demo database (once)..."
	"$bin" --db "$db" demo --size "$size" >/dev/null
fi
rep=$("$bin" --db "$db" user list role=rep --json |
	sed -n 's/^[[:space:]]*"id":[[:space:]]*"\(.*\)",*$/\1/p' | head -1)
"$bin" --db "$db" user use "$rep" >/dev/null
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-28s %10s %10s %10s %8s   (%s contacts, %s runs)\n' command "median ms" "max ms" \
	"cpu ms" lines "$size" "$runs"
bench() {
	label=$1
	shift
	: >"$out/times"
	i=0
	while [ "$i" -lt "$runs" ]; do
		/usr/bin/time -f "%e %U %S" -a -o "$out/times" "$bin" --db "$db" "$@" \
			<"${bench_in:-/dev/null}" >"$out/lines" || true
		i=$((i + 1))
	done
	# GNU time adds "Command exited with non-zero status 1" (no match): skipped.
	awk -v n="$label" -v l="$(wc -l <"$out/lines")" '/^[0-9]/ { k++; w[k] = $1 * 1000; c[k] = ($2 + $3) * 1000 }
		END {
			for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) {
				if (w[j] < w[i]) { t = w[i]; w[i] = w[j]; w[j] = t }
				if (c[j] < c[i]) { t = c[i]; c[i] = c[j]; c[j] = t }
			}
			m = int((k + 1) / 2)
			printf "%-28s %10.0f %10.0f %10.0f %8d\n", n, w[m], w[k], c[m], l
		}' "$out/times"
}
bench "agenda" agenda
bench "agenda --days 7" agenda --days 7
bench "query --mutt 张" query --mutt 张
bench "query --mutt zhang" query --mutt zhang
bench "query --mutt nobody-here" query --mutt nobody-here

# a mail from a contact (one scan of the contacts' emails), and one from a
# stranger to three addresses of which the last is a contact's (four scans)
email=$("$bin" --db "$db" contact list --limit 2000 --json |
	sed -n 's/^[[:space:]]*"email":[[:space:]]*"\(.*\)",*$/\1/p' | tail -1)
printf 'From: <%s>\nTo: me@example.com\nSubject: =?UTF-8?B?5oql5Lu3?=\nDate: Mon, 23 Nov 2026 09:00:00 +0800\n\nhello\n' \
	"$email" >"$out/from-contact.eml"
printf 'From: x@nowhere.example\nTo: a@nowhere.example, b@nowhere.example, <%s>\nSubject: hi\n\nhello\n' \
	"$email" >"$out/to-contact.eml"
bench_in="$out/from-contact.eml" bench "log --mail (sender)" log --mail --dry-run
bench_in="$out/to-contact.eml" bench "log --mail (4th address)" log --mail --dry-run

#!/bin/sh
# io.sh - import and export speed. Run on purpose, not by `make check`.
#
# Builds an optimised salesterm (no sanitizers) under tests/bench/out/, writes
# N contact rows (default 1,000,000) as a spreadsheet would (Chinese headers,
# CRLF; tests/bench/gen_contacts.py) in UTF-8 and in GB18030, then for each:
#   - salesterm import into a new database: wall time, rows/s, peak memory
#     (tests/bench/peakmem.py), search indexes and duplicate checks included;
#   - the reference: sqlite3's own .import of the same UTF-8 file into one
#     plain table (no checks, no index, no search);
# and salesterm export of every contact to CSV (and JSON lines, and vCard 3.0),
# and the import of that vCard file, and of those JSON lines (documents, as
# a pull applies them), into a new database.
#   tests/bench/io.sh [N]
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out="${SALESTERM_BENCH_OUT:-$top/tests/bench/out}"
mkdir -p "$out/build"
[ -x "$top/configure" ] || (cd "$top" && ./bootstrap)
cd "$out/build"
[ -f Makefile ] || "$top/configure" -q CFLAGS="-O2 -g"
make -s -j2 src/salesterm >/dev/null
bin="$out/build/src/salesterm"
export SALESTERM_NOW="2026-11-23T01:00:00Z" TZ="Asia/Shanghai" LANG=C.UTF-8
n=${1:-1000000}
csv="$out/contacts-$n.csv"
gb="$out/contacts-$n-gb18030.csv"
[ -f "$csv" ] || python3 "$top/tests/bench/gen_contacts.py" "$n" "$csv"
[ -f "$gb" ] || python3 "$top/tests/bench/gen_contacts.py" "$n" "$gb" gb18030
echo "== $n contact rows ($(du -m "$csv" | cut -f1) MB UTF-8, $(du -m "$gb" | cut -f1) MB GB18030)"

rate() { awk -v n="$n" -v ms="$1" 'BEGIN { printf "%.1f s, %.0f rows/s", ms / 1000, n / (ms / 1000) }'; }

for f in "$csv" "$gb"; do
	db="$out/import.db"
	rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
	"$bin" --db "$db" db info >/dev/null
	res=$(python3 "$top/tests/bench/peakmem.py" "$bin" --db "$db" import "$f" 2>&1 >/dev/null |
		tail -1)
	ms=${res#ms=}; ms=${ms%% *}; mb=${res#*maxrss_mb=}
	echo "salesterm import $(basename "$f"): $(rate "$ms"), peak $mb MB" \
		"($("$bin" --db "$db" contact count) contacts)"
done

ref="$out/sqlite-import.db"
rm -f "$ref"
s=$(date +%s%N)
sqlite3 "$ref" ".import --csv '$csv' t"
e=$(date +%s%N)
echo "sqlite3 .import --csv (reference, one plain table): $(rate $(( (e - s) / 1000000 )))"

for fmt in csv jsonl vcard; do
	s=$(date +%s%N)
	"$bin" --db "$out/import.db" export contact --format "$fmt" -o "$out/export.$fmt" 2>/dev/null
	e=$(date +%s%N)
	echo "salesterm export contact --format $fmt: $(rate $(( (e - s) / 1000000 ))), $(du -m "$out/export.$fmt" | cut -f1) MB"
done

db="$out/import-vcard.db"
rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
"$bin" --db "$db" db info >/dev/null
res=$(python3 "$top/tests/bench/peakmem.py" "$bin" --db "$db" import "$out/export.vcard" \
	--format vcard 2>&1 >/dev/null | tail -1)
ms=${res#ms=}; ms=${ms%% *}; mb=${res#*maxrss_mb=}
echo "salesterm import export.vcard ($(du -m "$out/export.vcard" | cut -f1) MB): $(rate "$ms"), peak $mb MB" \
	"($("$bin" --db "$db" contact count) contacts)"

db="$out/import-jsonl.db"
rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
"$bin" --db "$db" db info >/dev/null
res=$(python3 "$top/tests/bench/peakmem.py" "$bin" --db "$db" import "$out/export.jsonl" \
	2>&1 >/dev/null | tail -1)
ms=${res#ms=}; ms=${ms%% *}; mb=${res#*maxrss_mb=}
echo "salesterm import export.jsonl ($(du -m "$out/export.jsonl" | cut -f1) MB): $(rate "$ms"), peak $mb MB" \
	"($("$bin" --db "$db" contact count) contacts)"

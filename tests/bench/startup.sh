#!/bin/sh
# startup.sh - start-up of short commands, side by side with a program that
# links SQLite alone (tests/bench/bench_start.c). Run on purpose, not by
# `make check`.
#
# Builds an optimised salesterm under tests/bench/out/ (as run.sh does) and a
# small demo database, then times whole processes, RUNS times each (default
# 200), and prints the median and the 10th percentile in milliseconds:
#   salesterm --version        against  bench_start
#   salesterm help             against  bench_start
#   salesterm contact count    against  bench_start DB (open, count contacts)
# and the ratio of the medians, against the reference as it is and against
# the reference loading the user's locale first (bench_start -l), which
# salesterm and every translated program does. The shared libraries each one loads are
# counted with ldd.
#   tests/bench/startup.sh [RUNS]
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${SALESTERM_BENCH_OUT:-"$top/tests/bench/out"}
runs=${1:-200}
mkdir -p "$out/build"
[ -x "$top/configure" ] || (cd "$top" && ./bootstrap)
cd "$out/build"
[ -f Makefile ] || "$top/configure" -q CFLAGS="-O2 -g"
make -s -j2 src/salesterm tests/bench/bench_start >/dev/null
bin="$out/build/src/salesterm"
ref="$out/build/tests/bench/bench_start"
export TZ="Asia/Shanghai" LANG=C.UTF-8
unset SALESTERM_DB
db="$out/startup.db"
rm -f "$db" "$db-wal" "$db-shm"
"$bin" --db "$db" demo --size 2000 >/dev/null

echo "shared libraries: salesterm $(ldd "$bin" | wc -l), reference $(ldd "$ref" | wc -l)"
python3 - "$runs" "$bin" "$ref" "$db" <<'PY'
import subprocess, sys, time
runs, bin_, ref, db = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]

def timeit(cmd):
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        ts.append((time.perf_counter() - t) * 1000)
    ts.sort()
    return ts[len(ts) // 2], ts[len(ts) // 10]

pairs = [
    ("--version", [bin_, "--version"], []),
    ("help", [bin_, "help"], []),
    ("contact count", [bin_, "--db", db, "contact", "count"], [db]),
]
for name, a, args in pairs:
    ma, pa = timeit(a)
    mb, pb = timeit([ref] + args)
    ml, pl = timeit([ref, "-l"] + args)
    print(f"{name:14s} salesterm median {ma:.2f} ms (p10 {pa:.2f}) | SQLite alone "
          f"{mb:.2f} ms (p10 {pb:.2f}): {ma / mb:.2f}x | SQLite alone + setlocale "
          f"{ml:.2f} ms (p10 {pl:.2f}): {ma / ml:.2f}x")
PY

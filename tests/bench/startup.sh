#!/bin/sh
# startup.sh - start-up of short commands, side by side with a program that
# links SQLite alone (tests/bench/bench_start.c). Run on purpose, not by
# `make check`.
#
# Builds an optimised salesterm under tests/bench/out/ (as run.sh does) and a
# small demo database, then times whole processes, RUNS rounds (default
# 200) with the commands of a row taking turns, and prints the median and the
# 10th percentile of the wall clock and the median CPU time (user + system)
# in milliseconds:
#   salesterm --version        against  bench_start
#   salesterm help             against  bench_start
#   salesterm contact count    against  bench_start DB (open, count contacts)
# and the ratio of the CPU medians (on a shared machine the wall clock mostly
# measures waiting for a core), against the reference as it is and against
# the reference loading the user's locale first (bench_start -l), which
# salesterm and every translated program does. The shared libraries each one
# loads are counted with ldd.
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
import os, statistics, sys, time
runs, bin_, ref, db = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
null = os.open(os.devnull, os.O_WRONLY)

def timeit(cmds):
    """Run the commands in turn, RUNS rounds (so a busy minute weighs on
    each alike): per command the median wall clock, its 10th percentile and
    the median CPU time (user + system, from wait4) in milliseconds."""
    wall = [[] for _ in cmds]
    cpu = [[] for _ in cmds]
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            t = time.perf_counter()
            pid = os.posix_spawn(cmd[0], cmd, os.environ, file_actions=[
                (os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)])
            _, status, ru = os.wait4(pid, 0)
            wall[i].append((time.perf_counter() - t) * 1000)
            cpu[i].append((ru.ru_utime + ru.ru_stime) * 1000)
            if status != 0:
                sys.exit(f"{' '.join(cmd)}: exit status {status}")
    return [(statistics.median(w), sorted(w)[len(w) // 10], statistics.median(c))
            for w, c in zip(wall, cpu)]

pairs = [
    ("--version", [bin_, "--version"], []),
    ("help", [bin_, "help"], []),
    ("contact count", [bin_, "--db", db, "contact", "count"], [db]),
]
print(f"load {open('/proc/loadavg').read().split()[0]}; median wall ms (p10), median CPU ms; "
      "ratios of the CPU medians")
for name, a, args in pairs:
    (ma, pa, ca), (mb, pb, cb), (ml, pl, cl) = timeit([a, [ref] + args, [ref, "-l"] + args])
    print(f"{name:14s} salesterm {ma:.2f} ({pa:.2f}) cpu {ca:.2f} | SQLite alone "
          f"{mb:.2f} ({pb:.2f}) cpu {cb:.2f}: {ca / cb:.2f}x | SQLite alone + setlocale "
          f"{ml:.2f} ({pl:.2f}) cpu {cl:.2f}: {ca / cl:.2f}x")
PY

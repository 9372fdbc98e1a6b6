#!/bin/sh
# tui.sh - the terminal UI's speed, measured on the real binary in a terminal.
# Run on purpose, not by `make check`.
#
# Builds an optimised salesterm (no sanitizers) under tests/bench/out/ like
# run.sh, generates (or reuses) a demo database of SIZE contacts (default
# 1,000,000: about a minute), then in a private tmux server of 100x30:
#   - first screen: from just before exec to the first screen written
#     (SALESTERM_TRACE records when each paint is done), and until Today's
#     background sections are filled in; best and median of 5 starts;
#   - screens complete: from the key to the screen drawn with all its figures
#     (the Funnel's totals, the Schedule's month grid and year heat map,
#     Today's sections), 5 fresh starts each;
#   - keystrokes: scrolling, paging, jumping to the end, switching screens,
#     search-as-you-type characters, moving through the funnel and schedule,
#     opening the Sync screen (8: every record of a fresh demo is a change to
#     send) and paging through its changes:
#     for each key, from just before `tmux send-keys` to the screen written
#     (end to end through tmux), and from the key read to the screen written
#     (inside salesterm); p50, p99 and max per kind of key.
#   tests/bench/tui.sh [SIZE]        (BENCH_OUT=DIR puts the build and data elsewhere)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out="${BENCH_OUT:-$top/tests/bench/out}"
size=${1:-1000000}
mkdir -p "$out/build"
command -v tmux >/dev/null || { echo "tmux is needed" >&2; exit 1; }
[ -x "$top/configure" ] || (cd "$top" && ./bootstrap)
cd "$out/build"
[ -f Makefile ] || "$top/configure" -q CFLAGS="-O2 -g"
make -s -j2 src/salesterm src/salesterm-tui >/dev/null
bin="$out/build/src/salesterm"
export SALESTERM_NOW="2026-11-23T01:00:00Z" TZ="Asia/Shanghai" LANG=C.UTF-8
db="$out/demo-$size.db"
if [ ! -s "$db" ] || [ "$("$bin" --db "$db" contact count 2>/dev/null)" != "$size" ]; then
	rm -f "$db" "$db-wal" "$db-shm"
	echo "generating $size contacts into $db ..."
	"$bin" --db "$db" demo --size "$size" >/dev/null 2>&1
	sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null 2>&1 || true
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/salesterm-bench.XXXXXX")
sock="stbench$$"
trap 'tmux -L "$sock" kill-server >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
# Warm the page cache the way a previous run would have.
cat "$db" >/dev/null

TUITRACE_DIR="$top/tests/bench" python3 -S - "$bin" "$db" "$sock" "$work" <<'PY'
import os, sys, time
sys.path.insert(0, os.environ["TUITRACE_DIR"])
import tuitrace as tt
from tuitrace import tmux, lines, wait_line, stats

bin, db, sock, work = sys.argv[1:5]
tt.sock = sock
tt.trace = trace = os.path.join(work, "trace")

def start():
    tmux("kill-server")
    time.sleep(0.2)
    if os.path.exists(trace):
        os.remove(trace)
    t0 = os.path.join(work, "t0")
    cmd = ("date +%%s%%N >'%s'; SALESTERM_TRACE='%s' exec '%s' --db '%s'"
           % (t0, trace, bin, db))
    tmux("-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", cmd)
    tmux("set-option", "status", "off")
    first = int(wait_line("first ", 0).split()[1])
    idle = int(wait_line("idle-done ", 0).split()[1])
    with open(t0) as f:
        begin = int(f.read().strip())
    return (first - begin) / 1e6, (idle - begin) / 1e6

print("== first screen, %s" % db)
firsts, idles = [], []
for i in range(5):
    f, d = start()
    firsts.append(f)
    idles.append(d)
    tmux("send-keys", "q")
    time.sleep(0.3)
firsts.sort()
idles.sort()
print("first screen drawn (exec to first paint): best %.1f ms, median %.1f ms" % (firsts[0], firsts[2]))
print("Today complete (overdue, follow-ups due, rotting filled in between keys): best %.1f ms, median %.1f ms"
      % (idles[0], idles[2]))


def key(kind, *keys, literal=False, settle=0.0):
    n = len(lines())
    t = time.time_ns()
    tmux("send-keys", *(["-l"] if literal else []), *keys)
    l = wait_line("key ", n)
    _, read, drawn = l.split()
    results.setdefault(kind, ([], []))
    results[kind][0].append((int(drawn) - t) / 1e6)
    results[kind][1].append((int(drawn) - int(read)) / 1e6)
    # Let background work (counting, Today's sections) finish between keys.
    time.sleep(settle)

# Screens complete: from just before the key to the screen drawn with every
# figure in it (the "idle-done" trace line once its background work is done).
complete = {}

def screen_complete(kind, *keys):
    n = len(lines())
    t = time.time_ns()
    tmux("send-keys", *keys)
    wait_line("key ", n)
    deadline = time.time() + 30
    done = None
    while done is None and time.time() < deadline:
        ls = [l for l in lines()[n:] if l.startswith("idle-done ")]
        if ls:
            done = int(ls[0].split()[1])
        else:
            time.sleep(0.0005)
    if done is None:
        raise SystemExit("%s: never complete" % kind)
    complete.setdefault(kind, []).append((done - t) / 1e6)
    time.sleep(0.2)

for rnd in range(5):
    start()
    screen_complete("funnel (4), first visit", "4")
    # o opens the "Whose deals" picker: the next name, Enter.
    screen_complete("funnel: another owner (o)", "o", "Down", "Enter")
    screen_complete("schedule (5), first visit", "5")
    screen_complete("schedule month (M)", "M")
    screen_complete("schedule next month (])", "]")
    screen_complete("schedule year (Y)", "Y")
    screen_complete("schedule previous year ([)", "[")
print("== screens complete (key to every figure drawn, through tmux)")
for kind, xs in complete.items():
    print("%-30s n=%3d  %s" % (kind, len(xs), stats(xs)))

start()
results = {}
key("next screen", "2", settle=0.3)
for _ in range(60):
    key("scroll (j/k)", "j")
for _ in range(30):
    key("page (C-f/C-b)", "C-f")
key("jump (G/g)", "G")
for _ in range(30):
    key("page (C-f/C-b)", "C-b")
for _ in range(40):
    key("scroll (j/k)", "k")
key("jump (G/g)", "g")
for _ in range(5):
    key("scroll (j/k)", "j")
    key("360 view (Enter)", "Enter", settle=0.2)
    key("next screen", "2", settle=0.2)
key("next screen", "Tab", settle=0.3)
for _ in range(5):
    key("scroll (j/k)", "j")
    key("360 view (Enter)", "Enter", settle=0.2)
    key("next screen", "2", settle=0.2)
key("next screen", "Tab", settle=0.3)
for rnd in range(4):
    key("search-as-you-type char", "/")
    for ch in ["张", "伟"] if rnd % 2 == 0 else ["w", "a", "n", "g"]:
        key("search-as-you-type char", ch, literal=True)
    key("search-as-you-type char", "Enter")
    key("next screen", "F", settle=0.2)
names = {"1": "today", "2": "contacts", "3": "leads", "4": "funnel", "5": "schedule",
         "6": "follow-ups", "7": "forecast", "8": "sync"}
for rnd in range(3):
    for s in ["3", "4", "5", "6", "7", "8", "1", "2"]:
        # The first visit to a screen loads it; later ones reload what changed.
        key("screen %s %s" % (s, names[s]), s, settle=0.3)
key("next screen", "4", settle=0.2)
for _ in range(6):
    key("funnel (h/l/j)", "l")
    key("funnel (h/l/j)", "j")
key("next screen", "8", settle=0.2)
for _ in range(5):
    # The last selectable line is "next changes": Enter shows the next page.
    key("sync: jump (G)", "G")
    key("sync: next page (Enter)", "Enter")
key("next screen", "5", settle=0.2)
for k in ["W", "M", "Y", "D"]:
    key("schedule view (D/W/M/Y)", k)
for _ in range(10):
    key("schedule day (h/l)", "l")
tmux("send-keys", "q")

print("== keystrokes (end to end through tmux | inside salesterm)")
allx, alli = [], []
for kind, (ext, inside) in results.items():
    allx += ext
    alli += inside
    print("%-26s n=%3d  %s | %s" % (kind, len(ext), stats(ext), stats(inside)))
print("%-26s n=%3d  %s | %s" % ("all keys", len(allx), stats(allx), stats(alli)))
PY

# tuitrace.py - what the TUI benchmarks (tui.sh, tui_sync.sh) share: a private
# tmux server, salesterm's SALESTERM_TRACE file ("first T", "key READ DRAWN",
# "idle-done T" lines, times in ns) and latency figures.
import os, subprocess, time

sock = None   # the tmux server's socket name (tmux -L)
trace = None  # the trace file salesterm writes


def tmux(*args):
    return subprocess.run(["tmux", "-L", sock] + list(args), check=False,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode()


def lines():
    try:
        with open(trace) as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return []


def wait_line(prefix, after, timeout=30):
    """The first trace line starting with prefix after line number after."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        ls = [l for l in lines()[after:] if l.startswith(prefix)]
        if ls:
            return ls[0]
        time.sleep(0.0005)
    raise SystemExit("no '%s' in the trace after %d s" % (prefix, timeout))


def stats(xs):
    xs = sorted(xs)
    pick = lambda q: xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]
    return "p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms" % (pick(0.5), pick(0.99), xs[-1])

#!/usr/bin/env python3
"""peakmem.py CMD ARGS... - run CMD, then print its wall time and peak memory.

Prints one line "ms=N maxrss_mb=M" on stderr after the command ends (its
own output is left alone) and exits with the command's status. The peak is
the largest resident set of the command and any child it waited for
(getrusage RUSAGE_CHILDREN), as the kernel counted it.
"""
import resource
import subprocess
import sys
import time

t0 = time.monotonic()
rc = subprocess.call(sys.argv[1:])
ms = (time.monotonic() - t0) * 1000
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"ms={ms:.0f} maxrss_mb={kb / 1024:.1f}", file=sys.stderr)
sys.exit(rc)

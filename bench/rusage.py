#!/usr/bin/env python3
"""Runs a command (its output discarded) and prints its CPU time in seconds (user +
system, microsecond resolution) and its peak resident memory in KB, from wait4's
rusage of that one process: `rusage.py CMD ARGS…` → `0.084213 34112`.
GNU time rounds CPU time to 10 ms, too coarse for a 50 ms job."""
import os
import subprocess
import sys

child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit(f"{sys.argv[1]} failed")
print(f"{usage.ru_utime + usage.ru_stime:.6f} {usage.ru_maxrss}")

"""Run a command as a child and append its peak resident set size (KiB) and its wall time
(seconds) to $BENCH_RSS_LOG, one line per process.

The harness installs this, with a `#!<python> -S` line on top, as the Python interpreter
Ansible uses (ANSIBLE_PYTHON_INTERPRETER): each module process then runs as its child, and
the peak RSS of every module process of a run lands in the log. $BENCH_PYTHON is the real
interpreter. With no $BENCH_PYTHON the arguments are the command itself (the SDK script).
Only the standard library is used and `-S` skips site-packages, so it adds a few milliseconds
per process."""

import os
import resource
import subprocess
import sys
import time


def main():
    real = os.environ.get("BENCH_PYTHON")
    command = ([real] if real else []) + sys.argv[1:]
    started = time.monotonic()
    code = subprocess.call(command)
    elapsed = time.monotonic() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss   # KiB on Linux
    log = os.environ.get("BENCH_RSS_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write("%d %.4f\n" % (peak_kib, elapsed))
    return code


if __name__ == "__main__":
    sys.exit(main())

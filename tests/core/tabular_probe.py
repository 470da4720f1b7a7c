"""Reads one file with `read_table` in a process of its own and reports what it cost.

    python -m tests.core.tabular_probe FILE NAME MAX_ROWS

prints one JSON object: the refusal's message in Indonesian (or null), the rows read, the
seconds `read_table` took by the clock and in CPU, and how far the process's resident memory
rose above where it stood just before the call, in MB.

CPU time is what a file takes from a server worker; the clock adds whatever else the machine
is running (on a developer's shared machine, twice as much and more).

Resident memory is what exhausts a server, and it includes what tracemalloc cannot see:
expat's buffer for one huge tag, zlib's windows, the C lists of the csv module. A process of
its own makes the peak the read's alone; the kernel's high-water mark is reset just before
the call (/proc/self/clear_refs), so one-time costs of starting up do not hide in it. The
address space is capped 1 GB above the start so that a reader that fails the test fails it
with a MemoryError, not by taking the machine.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


def status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def main(path: str, name: str, max_rows: int) -> dict[str, object]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")
    django.setup()
    from django.utils import translation

    from zona.core.tabular import TabularError, read_table

    translation.activate("id")
    read_table(b"a;b\n1;2\n", "warm-up.csv", max_rows=1)  # the catalogue and lazy imports
    data = Path(path).read_bytes()
    limit = status_kb("VmSize") * 1024 + 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    Path("/proc/self/clear_refs").write_text("5")  # the high-water mark starts again here
    before = status_kb("VmHWM")
    started, started_cpu = time.perf_counter(), time.thread_time()
    error, rows = None, 0
    try:
        rows = len(read_table(data, name, max_rows=max_rows).rows)
    except TabularError as exc:
        error = str(exc)
    return {
        "error": error,
        "rows": rows,
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.thread_time() - started_cpu,
        "growth_mb": (status_kb("VmHWM") - before) / 1024,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], int(sys.argv[3]))))

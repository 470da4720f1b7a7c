"""Runs every benchmark with --smoke (tiny sizes), checking only that each runs to the end.

    python bench/smoke.py [--no-postgres]

Two at a time (each is mostly one busy process), the longest first; prints each one's time,
and the output of any that failed; exits 1 if any failed. --no-postgres leaves out those that
need PostgreSQL (ZONA_BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/).
scripts/test runs it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# Every kept benchmark, the longest first, and whether it needs PostgreSQL.
BENCHMARKS = {
    "bench_survey_results.py": True,
    "bench_demo.py": False,
    "bench_lke.py": False,
    "bench_package.py": False,
    "bench_home.py": False,
    "bench_register.py": False,
    "bench_survey_submit.py": True,
    "bench_upload.py": False,
    "bench_scoring.py": False,
}
LANES = 2
TIMEOUT = 300  # seconds: a smoke run that takes this long is broken


def smoke(script: str) -> tuple[str, float, subprocess.CompletedProcess[str] | None]:
    started = time.perf_counter()
    try:
        result = subprocess.run(
            [sys.executable, str(BENCH / script), "--smoke"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            cwd=BENCH.parent,
        )
    except subprocess.TimeoutExpired:
        return script, time.perf_counter() - started, None
    return script, time.perf_counter() - started, result


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.strip().split("\n")[0])
    options.add_argument("--no-postgres", action="store_true")
    args = options.parse_args()
    scripts = [name for name, postgres in BENCHMARKS.items() if not (postgres and args.no_postgres)]
    failed = []
    with ThreadPoolExecutor(LANES) as lanes:
        for script, seconds, result in lanes.map(smoke, scripts):
            ok = result is not None and result.returncode == 0
            print(f"{'ok' if ok else 'FAILED':<7}{script:<26}{seconds:6.1f} s", flush=True)
            if not ok:
                failed.append(script)
                print(result.stdout + result.stderr if result else f"timed out ({TIMEOUT} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

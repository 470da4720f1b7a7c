"""What a full garbage collection costs a server worker, with and without the freeze.

    python bench/bench_worker_gc.py [--rounds 5]

Each round starts a fresh Python process that loads Zona as a gunicorn worker does
(zona.wsgi: Django set up, the application built, zona.core.warmup.prepare_process), then
times a full collection (`gc.collect()`) with the start-up objects frozen, as they are in
production, and again after `gc.unfreeze()`: the baseline, what a collection walks in a warmed
worker without the freeze. It also reports the warm-up's own time. Not a test; it prints its
figures (medians over the rounds).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import gc, json, statistics, time
import django
django.setup(set_prefix=False)
from zona.core.handlers import dispatching_application
from zona.core.warmup import prepare_process
dispatching_application()
started = time.perf_counter()
prepare_process()
warmup = time.perf_counter() - started

def full_collection_ms():
    times = []
    for _ in range(5):
        started = time.perf_counter()
        gc.collect()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)

frozen_objects = gc.get_freeze_count()
frozen = full_collection_ms()
gc.unfreeze()
plain = full_collection_ms()
print(json.dumps({"warmup_ms": warmup * 1000, "objects": frozen_objects,
                  "frozen_ms": frozen, "plain_ms": plain}))
"""


def probe() -> dict[str, float]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zona.settings",
        "ZONA_SECRET_KEY": "bench-only",
        "ZONA_VAR_DIR": tempfile.mkdtemp(prefix="zona-bench-gc-"),
    }
    output = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=ROOT, check=True, capture_output=True
    ).stdout
    return dict(json.loads(output.decode().strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    rounds = [probe() for _ in range(options.rounds)]
    for number, found in enumerate(rounds, 1):
        print(
            f"round {number}: {found['objects']:,.0f} objects frozen after a warm-up of "
            f"{found['warmup_ms']:.0f} ms; full collection {found['frozen_ms']:.3f} ms frozen, "
            f"{found['plain_ms']:.1f} ms without the freeze"
        )

    def median(key: str) -> float:
        return statistics.median(found[key] for found in rounds)

    frozen, plain = median("frozen_ms"), median("plain_ms")
    print(
        f"full collection in a warmed worker (median of {options.rounds}): {frozen:.3f} ms "
        f"frozen against {plain:.1f} ms without the freeze; "
        f"warm-up at start {median('warmup_ms'):.0f} ms"
    )


if __name__ == "__main__":
    main()

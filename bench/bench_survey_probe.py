"""Where a submission's cost goes under gunicorn: CPU per request of each group of processes,
and the WAL each request writes, for the survey and the baselines.

    python bench/bench_survey_probe.py [--requests 4000] [--rounds 3] [--waldump]

Sets up the database and server as bench_survey_submit.py does (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/zona_bench_survey_probe; dropped at the end), then runs
closed loops of 64 clients of each kind in turn (baseline behind the staff middleware, survey
submissions, baseline behind the public middleware) and reads, around each, the CPU time of
the gunicorn processes and of every PostgreSQL process from /proc, the load generator's own,
and PostgreSQL's WAL position. With --waldump it also prints `pg_waldump --stats=record` of
each survey loop (this needs the server's pg_wal directory, readable on this machine as
root). Not a test; it prints its figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_survey_submit import (  # noqa: E402
    PUBLIC_BASELINE,
    baseline_requests,
    drop_database,
    prepare_database,
    seed,
    server_env,
    start_server,
    tickets,
)
from bench.loadgen import closed_loop, measured  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/zona_bench_survey_probe"
PG_BIN = Path("/usr/lib/postgresql")


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:  # ended in between
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def processes(name: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if name in (entry / "cmdline").read_bytes().decode(errors="ignore"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def wal_position() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")
        return int(cursor.fetchone()[0])


def waldump(start: int, end: int) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW data_directory")
        data = Path(cursor.fetchone()[0])
    tools = sorted(PG_BIN.glob("*/bin/pg_waldump"))
    if not tools:
        return "pg_waldump not found"
    command = [str(tools[-1]), "--stats=record", "-p", str(data / "pg_wal")]
    command += ["-s", f"{start >> 32:X}/{start & 0xFFFFFFFF:X}"]
    command += ["-e", f"{end >> 32:X}/{end & 0xFFFFFFFF:X}"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    return done.stdout or done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--waldump", action="store_true")
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    env = server_env(url)  # as bench_survey_submit.py: the health check off for both
    os.environ.update(env)
    prepare_database(url)
    import django

    django.setup()
    tokens = seed()
    server = start_server(env, options.workers)
    rng = random.Random(5)  # noqa: S311 - load, not security
    count = options.requests
    try:
        asyncio.run(closed_loop("warm-up", baseline_requests(1000, rng), 16))
        asyncio.run(closed_loop("warm-up", asyncio.run(tickets(tokens, 1000, rng)), 16))
        for number in range(1, options.rounds + 1):
            for kind in ("baseline", "survey", "public baseline"):
                if kind == "survey":
                    requests = asyncio.run(tickets(tokens, count, rng))
                elif kind == "baseline":
                    requests = baseline_requests(count, rng)
                else:
                    requests = baseline_requests(count, rng, PUBLIC_BASELINE)
                workers, database = processes("gunicorn"), processes("postgres")
                before = [sum(map(cpu_seconds, workers)), sum(map(cpu_seconds, database))]
                generator, wal, wall = time.process_time(), wal_position(), time.perf_counter()
                phase = measured(closed_loop(kind, requests, 64))
                wall = time.perf_counter() - wall
                database = processes("postgres")  # with any backend started meanwhile
                after = [sum(map(cpu_seconds, workers)), sum(map(cpu_seconds, database))]
                generator = time.process_time() - generator
                end = wal_position()
                per = [(a - b) / count * 1000 for a, b in zip(after, before, strict=True)]
                print(
                    f"round {number} {kind:<16} {count / wall:7.0f}/s  CPU per request: "
                    f"gunicorn {per[0]:.3f} ms, PostgreSQL {per[1]:.3f} ms, "
                    f"load generator {generator / count * 1000:.3f} ms; "
                    f"WAL {(end - wal) / count:.0f} B; stored {phase.ok}",
                    flush=True,
                )
                if options.waldump and kind == "survey":
                    print(waldump(wal, end), flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        drop_database(url)


if __name__ == "__main__":
    main()

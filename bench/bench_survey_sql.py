"""The database's own cost of a submission: pgbench runs the survey's one statement and the
baseline's INSERT at several client counts, with no Python in the way.

    python bench/bench_survey_sql.py [--clients 1,3,8] [--seconds 10] [--setup FILE.sql]

Seeds a fresh database as bench_survey_submit.py does (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/zona_bench_survey_sql; dropped at the end unless --keep),
writes intake_sql.submit_sql(9) as a pgbench script (a random code of the thousand, a random
device, address and answers), raises the period's rate limits so that nothing is refused,
then for each client count runs the baseline and the survey for --seconds each, in turn, for
--rounds rounds, and prints transactions per second, their ratio, PostgreSQL's CPU (the
machine's busy time less pgbench's), WAL bytes and full-page images per transaction
(pg_stat_wal) and what the backends were waiting on (pg_stat_activity sampled every 10 ms).
--setup runs an SQL file first: a quick way to try a schema change (an index dropped, say)
before it is written as a migration. Not a test; it prints its figures.

The statement's values that pgbench cannot hold as variables are written into the script: the
clock (now(), current_date), the constant profile, and the code's text, read by its id; the
ids, device, address, network, pattern and answers stay parameters, as in the intake, so the
plans are the same generic plans.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_survey_submit import drop_database, prepare_database, seed  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/zona_bench_survey_sql"

VALUES = {
    "survey": ":sid",
    "unit": ":uid",
    "token_id": ":tid",
    "device": ":dev",
    "key": "md5(:dev::text)::uuid",
    "now": "now()",
    "today": "current_date",
    "pattern": ":pat",
    "ip": ":ip",
    "net": ":net",
    "profile": '\'{"gender": "L"}\'::jsonb',
    "check_answer": "'tidak'",
    "duration_seconds": "90",
    "content_flags": "0",
    "weekday": "'3'",
    "local_micros": "36000000000",
    **{f"a{n:02d}": f":a{n}" for n in range(1, 10)},
}
RANDOM = (
    "\\set dev random(1, 1000000000000)\n"
    "\\set ip random(1, 5000000)\n"
    "\\set net :ip / 50\n"
    "\\set pat random(1, 1000000000000000)\n"
    + "".join(f"\\set a{n} random(1, 4)\n" for n in range(1, 10))
)
BASELINE = (
    "\\set v random(1, 4)\n"
    "INSERT INTO bench_baseline (name, value, created_at) VALUES ('r' || :v, :v, now());\n"
)


def survey_script(folder: Path) -> Path:
    """One script for all the codes: a random code by id; the seed numbers codes and units
    alike (checked), so the unit's id is the code's plus a constant, and the code's text is
    read by its id (an index lookup the intake does not make, a few microseconds)."""
    from django.db import connection

    from zona.surveys.intake_sql import submit_sql
    from zona.surveys.models import SurveyToken

    statement = submit_sql(9)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(id), max(id), count(*), min(unit_id - id), max(unit_id - id), "
            "min(survey_id), max(survey_id) FROM surveys_surveytoken WHERE revoked_at IS NULL"
        )
        first, last, count, offset, offset_max, survey, survey_max = cursor.fetchone()
    if count != last - first + 1 or offset != offset_max or survey != survey_max:
        raise SystemExit("the seeded codes are not numbered as their units are")
    token = f'(SELECT "token" FROM "{SurveyToken._meta.db_table}" WHERE "id" = :tid)'  # noqa: S608
    values = {**VALUES, "token": token}

    def value(match: re.Match[str]) -> str:
        return values[statement.names[int(match.group(1)) - 1]]

    sql = re.sub(r"\$(\d+)", value, statement.sql)
    path = folder / "survey.sql"
    path.write_text(
        f"\\set tid random({first}, {last})\n\\set sid {survey}\n"
        f"\\set uid :tid + {offset}\n{RANDOM}{sql};\n"
    )
    return path


def psql(url: str, sql: str) -> str:
    return subprocess.run(
        ["psql", "-XAtq", url, "-c", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


class WaitSampler(threading.Thread):
    """Counts the wait events of the active backends of the database, every 10 ms."""

    def __init__(self, url: str, database: str) -> None:
        super().__init__(daemon=True)
        self.url, self.database = url, database
        self.counts: collections.Counter[str] = collections.Counter()
        self.stop = threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            while not self.stop.is_set():
                rows = connection.execute(
                    "SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') "
                    "FROM pg_stat_activity WHERE datname = %s AND state = 'active' "
                    "AND pid <> pg_backend_pid()",
                    [self.database],
                ).fetchall()
                self.counts.update(row[0] for row in rows)
                time.sleep(0.01)


def run_pgbench(url: str, scripts: list[Path], clients: int, seconds: float) -> float:
    command = ["pgbench", "-n", "-M", "prepared", "-c", str(clients), "-j", str(min(clients, 2))]
    command += ["-T", str(int(seconds))]
    for script in scripts:
        command += ["-f", str(script)]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    failed = re.search(r"number of failed transactions: (\d+)", output)
    if failed and int(failed.group(1)):
        raise SystemExit(f"pgbench: {failed.group(1)} failed transactions\n{output}")
    found = re.search(r"tps = ([\d.]+)", output)
    if not found:
        raise SystemExit(output)
    return float(found.group(1))


def busy_seconds() -> float:
    """CPU time spent by the whole machine, from /proc/stat (all but idle and iowait)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:8]]
    user, nice, system, _idle, _iowait, irq, softirq = fields
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def children_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Run:
    tps: float
    cpu_ms: float  # PostgreSQL's CPU (all its processes) per transaction
    wal: float  # bytes per transaction
    fpi: float  # full-page images per transaction
    waits: collections.Counter[str]


def measured(url: str, database: str, scripts: list[Path], clients: int, seconds: float) -> Run:
    psql(url, "CHECKPOINT")  # every run starts a checkpoint cycle alike: FPIs comparable
    psql(url, "SELECT pg_stat_reset_shared('wal')")
    sampler = WaitSampler(url, database)
    sampler.start()
    busy, generator = busy_seconds(), children_seconds()
    tps = run_pgbench(url, scripts, clients, seconds)
    # The machine's busy time less pgbench's own: PostgreSQL's, give or take the sampler.
    cpu = busy_seconds() - busy - (children_seconds() - generator)
    sampler.stop.set()
    sampler.join()
    wal_bytes, fpi = map(float, psql(url, "SELECT wal_bytes, wal_fpi FROM pg_stat_wal").split("|"))
    transactions = tps * seconds
    return Run(
        tps, cpu / transactions * 1000, wal_bytes / transactions, fpi / transactions, sampler.counts
    )


def top_waits(counts: collections.Counter[str]) -> str:
    total = sum(counts.values()) or 1
    return ", ".join(f"{name} {count * 100 / total:.0f} %" for name, count in counts.most_common(5))


def seeded_database(url: str) -> str:
    """A fresh database at `url`, seeded as bench_survey_submit.py seeds it, Django set up on
    it, and the period's rate limits raised so that pgbench's clients are never refused."""
    os.environ.update(DATABASE_URL=url, ZONA_SECRET_KEY=os.environ.get("ZONA_SECRET_KEY", "b"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")
    prepare_database(url)
    import django

    django.setup()
    seed()
    psql(url, "UPDATE surveys_surveyperiod SET rate_token_limit = 30000, rate_ip_limit = 30000")
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", default="1,3,8")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--setup", type=Path, help="an SQL file run after seeding")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    options = parser.parse_args()
    if not shutil.which("pgbench"):
        raise SystemExit("pgbench is not installed (Debian: postgresql-client)")
    url = seeded_database(os.environ.get("DATABASE_URL", DEFAULT_DB))
    database = url.rsplit("/", 1)[1]
    if options.setup:
        subprocess.run(
            ["psql", "-Xq", "-v", "ON_ERROR_STOP=1", url, "-f", options.setup], check=True
        )
    try:
        with tempfile.TemporaryDirectory() as folder:
            scripts = [survey_script(Path(folder))]
            baseline = Path(folder) / "baseline.sql"
            baseline.write_text(BASELINE)
            run_pgbench(url, scripts, 2, 3)  # warm-up: the tables and indexes hold rows
            run_pgbench(url, [baseline], 2, 2)
            psql(url, "VACUUM ANALYZE surveys_response, surveys_unittally, bench_baseline")
            for clients in map(int, options.clients.split(",")):
                for number in range(1, options.rounds + 1):
                    base = measured(url, database, [baseline], clients, options.seconds)
                    survey = measured(url, database, scripts, clients, options.seconds)
                    print(
                        f"c={clients} round {number}: baseline {base.tps:7.0f} tps, "
                        f"survey {survey.tps:7.0f} tps ({survey.tps / base.tps * 100:.0f} %)",
                        flush=True,
                    )
                    for kind, run in (("baseline", base), ("survey", survey)):
                        print(
                            f"    {kind:<8} CPU {run.cpu_ms:.3f} ms, WAL {run.wal:.0f} B, "
                            f"FPI {run.fpi:.3f}, "
                            f"waits: {top_waits(run.waits)}",
                            flush=True,
                        )
    finally:
        from django.db import connections

        connections.close_all()
        if not options.keep:
            drop_database(url)


if __name__ == "__main__":
    main()

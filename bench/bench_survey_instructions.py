"""PostgreSQL's instructions per submission, counted by callgrind: a figure that does not move
with the machine's load, to compare two versions of the intake's statement or schema.

    python bench/bench_survey_instructions.py [--transactions 200] [--keep-cluster DIR]
        [--setup FILE.sql] [--parts]

Seeds a database on the main server as bench_survey_sql.py does (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/zona_bench_survey_instructions), sends it 2,000
submissions through pgbench so that its indexes hold rows, copies it (pg_dump) into a
throw-away cluster of its own (initdb in a temporary folder, port 5433, run as the
`postgres` user), restarts that cluster under `valgrind --tool=callgrind` and runs, over one
connection each, 20 and then 20 + --transactions transactions of the survey's statement and
of the baseline's INSERT. A backend's callgrind total at its exit, less the shorter run's, is
the instructions of --transactions transactions in user space (the kernel's work, the commit's
fsync above all, is not counted), without the connection's start and the first executions'
planning. `--setup FILE.sql` runs a schema change on the seeded database first, to count
a variant. `--parts` also counts three cut-down copies of the survey's statement: without
its three window counts (the pattern's, the address's and the network's, written as 0),
without its tally, and without its INSERT and tally (the reads alone). Prints each and the
survey's ratio to the baseline. Needs valgrind, pgbench and PostgreSQL's server binaries
(Debian: valgrind, postgresql-client, postgresql). Not a test; it prints its figures.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_survey_sql import (  # noqa: E402
    BASELINE,
    psql,
    run_pgbench,
    seeded_database,
    survey_script,
)
from bench.bench_survey_submit import drop_database  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/zona_bench_survey_instructions"
PORT = 5433
WARM_UP_RUNS = 20


def server_binaries() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    if not versions:
        raise SystemExit("PostgreSQL's server binaries are not installed")
    return versions[-1].parent


def as_postgres(command: list[str]) -> list[str]:
    """The server refuses to run as root: as root, run it as the `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def give_to_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres")


class Cluster:
    """A cluster of its own in `folder`: plain for loading, then under callgrind."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.bin = folder, server_binaries()
        self.data, self.out = folder / "data", folder / "callgrind"
        self.url = f"postgres://postgres@127.0.0.1:{PORT}/zona"
        self.server: subprocess.Popen[str] | None = None

    def create(self, dump: Path) -> None:
        give_to_postgres(self.folder)
        initdb = [str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"]
        subprocess.run(as_postgres(initdb), check=True, capture_output=True)
        self.start([])
        psql(f"postgres://postgres@127.0.0.1:{PORT}/postgres", "CREATE DATABASE zona")
        subprocess.run(["pg_restore", "-d", self.url, str(dump)], check=True)
        psql(self.url, "VACUUM ANALYZE")
        self.stop()

    def start(self, wrapper: list[str]) -> None:
        command = [*wrapper, str(self.bin / "postgres"), "-D", str(self.data), "-p", str(PORT)]
        command += ["-k", str(self.folder), "-c", "autovacuum=off"]
        self.server = subprocess.Popen(
            as_postgres(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True
        )
        for _ in range(120):
            ready = subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(PORT)])
            if ready.returncode == 0:
                return
            time.sleep(0.5)
        raise SystemExit("the benchmark's cluster did not start")

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()  # SIGTERM: a smart shutdown
            self.server.wait(timeout=120)
            self.server = None

    def instructions(self, script: Path, transactions: int) -> int:
        """The callgrind total of the backend that ran `transactions` of `script`."""
        before = set(self.out.iterdir())
        run_pgbench_count(self.url, script, transactions)
        # valgrind writes a backend's file as the backend exits, after pgbench has returned:
        # wait until no new file comes for a second and every one has its total
        files: set[Path] = set()
        settled = 0
        for _ in range(240):
            time.sleep(0.25)
            now = set(self.out.iterdir()) - before
            complete = all(_total(path) is not None for path in now)
            settled = settled + 1 if now == files and now and complete else 0
            files = now
            if settled >= 4:
                break
        if not files:
            raise SystemExit("callgrind wrote no file for the pgbench run")
        # pgbench opens a connection of its own before its client's: the client's backend is
        # the one started last (their start-up costs differ more than a few transactions)
        client = max(files, key=lambda path: int(path.name.rsplit(".", 1)[1]))
        return _total(client) or 0


def _total(path: Path) -> int | None:
    found = re.search(r"^totals: (\d+)", path.read_text(errors="replace"), re.M)
    return int(found.group(1)) if found else None


WINDOW_COUNT = re.compile(
    r'cardinality\(ARRAY\(SELECT 1 FROM "surveys_response" WHERE .*? '
    r"LIMIT (?:GREATEST\([^)]*\)|[^)]*)\)\) AS (same_\w+)"
)


def _from_cte(name: str) -> re.Pattern[str]:
    """The statement's CTEs from `name` on (each an INSERT), up to its final SELECT."""
    final = "SELECT is_open, same_key, same_device, limited FROM decided"
    return re.compile(rf", {name} AS \(INSERT .*\) ({final})", re.S)


TALLY, WRITES = _from_cte("tally"), _from_cte("new")


def part_scripts(survey: Path) -> dict[str, Path]:
    """The survey's script cut down (--parts): each cut must match, or the statement's shape
    has changed and the cut with it."""
    text = survey.read_text()
    no_windows, windows = WINDOW_COUNT.subn(r"0 AS \1", text)
    no_tally, tally = TALLY.subn(r" \1", text)
    reads, writes = WRITES.subn(r" \1", text)
    if (windows, tally, writes) != (3, 1, 1):
        raise SystemExit("the survey's statement no longer has the shape --parts cuts")
    parts = {
        "survey without window counts": no_windows,
        "survey without its tally": no_tally,
        "survey's reads alone": reads,
    }
    paths = {}
    for number, (name, script) in enumerate(parts.items()):
        paths[name] = survey.with_name(f"part{number}.sql")
        paths[name].write_text(script)
    return paths


def run_pgbench_count(url: str, script: Path, transactions: int) -> None:
    command = ["pgbench", "-n", "-M", "prepared", "-c", "1", "-t", str(transactions)]
    subprocess.run([*command, "-f", str(script), url], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--transactions", type=int, default=200)
    parser.add_argument("--keep-cluster", type=Path, help="leave the cluster's folder here")
    parser.add_argument("--setup", type=Path, help="an SQL file run after seeding")
    parser.add_argument("--parts", action="store_true", help="count cut-down statements too")
    options = parser.parse_args()
    for tool in ("valgrind", "pgbench", "pg_dump", "pg_restore"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not installed")
    url = seeded_database(os.environ.get("DATABASE_URL", DEFAULT_DB))
    if options.setup:
        psql(url, options.setup.read_text())
    folder = Path(tempfile.mkdtemp(prefix="zona-callgrind-"))
    cluster = Cluster(folder)
    try:
        survey, baseline = survey_script(folder), folder / "baseline.sql"
        baseline.write_text(BASELINE)
        run_pgbench(url, [survey], 2, 2)  # rows in the indexes, as in bench_survey_sql.py
        dump = folder / "seed.dump"
        subprocess.run(["pg_dump", "-Fc", "-f", str(dump), url], check=True)
        cluster.create(dump)
        cluster.out.mkdir()
        give_to_postgres(cluster.out)
        cluster.start(["valgrind", "--tool=callgrind", f"--callgrind-out-file={cluster.out}/cg.%p"])
        count = options.transactions
        figures = {}
        scripts = {"baseline": baseline, "survey": survey}
        if options.parts:
            scripts.update(part_scripts(survey))
        for kind, script in scripts.items():
            short = cluster.instructions(script, WARM_UP_RUNS)
            long = cluster.instructions(script, WARM_UP_RUNS + count)
            figures[kind] = (long - short) / count
            print(
                f"{kind:<29} {figures[kind] / 1000:8.1f} k instructions per transaction",
                flush=True,
            )
        print(f"survey / baseline: {figures['survey'] / figures['baseline']:.1f}")
    finally:
        cluster.stop()
        from django.db import connections

        connections.close_all()
        drop_database(url)
        if options.keep_cluster:
            shutil.move(str(folder), options.keep_cluster)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

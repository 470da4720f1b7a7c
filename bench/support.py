"""What the benchmarks share: Django on a scratch database, the demo ministry, PostgreSQL
scratch databases, and page timings reported against the site's empty page. Not a test."""

from __future__ import annotations

import argparse
import atexit
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

EMPTY_URL = "/_bench/empty/"  # bench/urls.py
EMPTY = "empty page (base template, logged in)"
# The server of the PostgreSQL benchmarks' scratch databases (named zona_bench_…).
PG_SERVER = os.environ.get("ZONA_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/")


def parser(doc: str | None) -> argparse.ArgumentParser:
    """The options every benchmark has: its description and --smoke."""
    options = argparse.ArgumentParser(
        description=(doc or "").strip().split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    options.add_argument(
        "--smoke", action="store_true", help="tiny sizes: only checks that it runs to the end"
    )
    return options


def setup_django(database_url: str | None = None) -> Path:
    """Django on the benchmarks' settings (bench/site.py), migrated, in a scratch folder that
    also holds the SQLite file unless `database_url` is given, removed at exit. Returns the
    folder."""
    folder = Path(tempfile.mkdtemp(prefix="zona-bench-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.site",
            "ZONA_VAR_DIR": str(folder),
            "ZONA_SECRET_KEY": "bench-only",
            "ZONA_LOG_LEVEL": "WARNING",
        }
    )
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return folder


def load_demo() -> None:
    """The demo ministry (~940 units, one user per role, the year and survey open), loaded as
    `zona demo` loads it."""
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())


@contextmanager
def scratch_postgres(name: str) -> Iterator[str]:
    """A fresh PostgreSQL database `zona_bench_<name>_<pid>`, dropped afterwards: its URL."""
    import psycopg

    database = f"zona_bench_{name}_{os.getpid()}"
    server = urllib.parse.urlparse(PG_SERVER)
    admin = server._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    try:
        yield server._replace(path=f"/{database}").geturl()
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def postgres_reachable() -> bool:
    import psycopg

    admin = urllib.parse.urlparse(PG_SERVER)._replace(path="/postgres").geturl()
    try:
        psycopg.connect(admin, connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def logged_in(user: Any) -> Any:
    """A test client (Django's full stack in process, no network) logged in as `user`."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def page(client: Any, url: str) -> Callable[[], None]:
    """One request of the page, which must answer 200."""

    def request() -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return request


def queries_of(client: Any, url: str) -> list[str]:
    """The SQL queries one view of the page runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        page(client, url)()
    return [query["sql"] for query in captured.captured_queries]


def interleaved(requests: dict[str, Callable[[], object]], rounds: int) -> dict[str, list[float]]:
    """Each request's times (seconds), the requests taken in turn round after round so that
    the machine's drift weighs on all alike. One untimed round first (caches, connections)."""
    for request in requests.values():
        request()
    times: dict[str, list[float]] = {label: [] for label in requests}
    for _ in range(rounds):
        for label, request in requests.items():
            started = time.perf_counter()
            request()
            times[label].append(time.perf_counter() - started)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def report_pages(times: dict[str, list[float]], queries: dict[str, int]) -> None:
    """Each page's median and p95, and both as ratios to the empty page's of the same run."""
    empty = times[EMPTY]
    empty_median, empty_p95 = statistics.median(empty), p95(empty)
    width = max(len(label) for label in times)
    for label, values in times.items():
        median, high = statistics.median(values), p95(values)
        ratio = (
            ""
            if label == EMPTY
            else f"  = {median / empty_median:5.1f}x / {high / empty_p95:5.1f}x the empty page"
        )
        print(
            f"{label:<{width}} median {median * 1000:7.2f} ms  p95 {high * 1000:7.2f} ms"
            f"{ratio}  ({queries.get(label, 0)} queries)"
        )

"""Home page of a ministry-wide role over the demo ministry: server time and queries.

Loads the demo ministry into a fresh SQLite file (or the database of DATABASE_URL, which
must then be empty), then renders the page through Django's full stack in-process (no
network), against /healthz as the baseline measured in the same run.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))


def timed(client, url: str) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return times


def main() -> None:
    folder = tempfile.mkdtemp(prefix="zona-bench-")
    os.environ.setdefault("ZONA_VAR_DIR", folder)
    os.environ.setdefault("ZONA_SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from zona.accounts.models import Role, User
    from zona.demo.ministry import load_demo
    from zona.organizations.models import Unit

    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        load_demo()
    user = User.objects.get(memberships__role=Role.PIMPINAN)
    client = Client()
    client.force_login(user)
    for url in ("/healthz", "/"):
        client.get(url)  # warm caches, templates, connections
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get("/")
    base = statistics.median(timed(client, "/healthz"))
    for label, url in [
        ("home, first page", "/"),
        ("home, page 20", "/?page=20"),
        ("home, search 'kelas'", "/?q=kelas"),
    ]:
        median = statistics.median(timed(client, url))
        print(f"{label:<24} median {median * 1000:6.2f} ms  ({median / base:5.1f}x /healthz)")
    print(f"/healthz (baseline)      median {base * 1000:6.2f} ms")
    print(f"units visible: {Unit.objects.count()}, queries per home page: {len(queries)}")
    print(f"database: {connection.vendor}, rounds: {ROUNDS}")


if __name__ == "__main__":
    main()

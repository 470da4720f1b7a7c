"""Where a survey submission's time goes: CPU per request of the Python process and of its
PostgreSQL backend, against the baseline view, in one process (no network, no gunicorn).

    python bench/bench_survey_cost.py [--requests 3000] [--rounds 3]

Creates its own PostgreSQL database (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/zona_bench_survey_cost; dropped at the end), seeds it as
bench_survey_submit.py does, fetches one form per simulated phone, then calls the WSGI
application that gunicorn serves (zona.wsgi: the public stack for /s/) for the baseline view
behind the public middleware (/s/bench-baseline/) and for the survey submissions, then the
survey submissions again through Django's public handler alone (without
zona.surveys.public_wsgi, which answers the usual post before Django), alternating, and reads
the backend's CPU time from /proc; --profile DIR adds a round of each under cProfile
(DIR/baseline.prof, DIR/survey.prof). Not a test; it prints its figures.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import random
import re
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/zona_bench_survey_cost"
TICKET = re.compile(rb'name="ticket" value="([^"]+)"')

Call = Callable[..., tuple[str, list[tuple[str, str]], bytes]]


def wsgi_caller(application: Any) -> Call:
    def call(method: str, path: str, body: bytes = b"", cookie: str = "", ip: str = "") -> Any:
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_X_FORWARDED_FOR": ip or "198.51.100.1",
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http",
        }
        if cookie:
            environ["HTTP_COOKIE"] = cookie
        answer: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> None:
            answer["status"], answer["headers"] = status, headers

        content = b"".join(application(environ, start_response))
        return answer["status"], answer["headers"], content

    return call


def backend_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--profile", type=Path, help="also profile a round of each under cProfile, into DIR"
    )
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "bench.bench_survey_site",
            "ZONA_SECRET_KEY": "bench-only",
            "ZONA_CONN_MAX_AGE": "600",
            # as bench_survey_submit.py: the survey's statements never run Django's check
            "ZONA_CONN_HEALTH_CHECKS": os.environ.get("ZONA_CONN_HEALTH_CHECKS", "0"),
            "ZONA_VAR_DIR": tempfile.mkdtemp(prefix="zona-bench-cost-"),
            "ZONA_ALLOWED_HOSTS": "127.0.0.1",
        }
    )
    from bench.bench_survey_submit import drop_database, prepare_database, random_ip, seed

    prepare_database(url)
    import django

    django.setup()
    from django.db import connection, connections

    from zona.core.handlers import PublicHandler, dispatching_application

    try:
        tokens = seed()
        call = wsgi_caller(dispatching_application())
        django_alone = wsgi_caller(PublicHandler())
        rng = random.Random(3)  # noqa: S311 - load, not security
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]

        def forms(count: int) -> list[tuple[str, bytes, str, str]]:
            ready = []
            for _ in range(count):
                token = rng.choice(tokens)
                _, headers, page = call("GET", f"/s/{token}/")
                cookie = next(v for k, v in headers if k == "Set-Cookie").split(";")[0]
                ticket = TICKET.search(page)
                assert ticket, "the survey page has no ticket"
                body = {
                    "ticket": ticket.group(1).decode(),
                    **{f"u{i}": str(rng.randint(1, 4)) for i in range(1, 10)},
                    "gender": rng.choice("LP"),
                    "directed": "tidak",
                }
                encoded = urllib.parse.urlencode(body).encode()
                ready.append((f"/s/{token}/", encoded, cookie, random_ip(rng)))
            return ready

        def measure(
            requests: list[tuple[str, bytes, str, str]], through: Call = call
        ) -> tuple[float, float, float]:
            wall, python, database = time.perf_counter(), time.process_time(), backend_cpu(pid)
            for path, body, cookie, ip in requests:
                status = through("POST", path, body, cookie, ip)[0]
                assert status.startswith("303"), status
            count = len(requests)
            return (
                (time.perf_counter() - wall) / count * 1000,
                (time.process_time() - python) / count * 1000,
                (backend_cpu(pid) - database) / count * 1000,
            )

        measure(forms(300))  # warm: caches, prepared statements
        for number in range(1, options.rounds + 1):
            baseline = [
                ("/s/bench-baseline/", f"name=r{i}&value=2".encode(), "", random_ip(rng))
                for i in range(options.requests)
            ]
            phases = (
                ("baseline, public stack", baseline, call),
                ("survey", forms(options.requests), call),
                ("survey, Django's handler", forms(options.requests), django_alone),
            )
            for name, requests, through in phases:
                wall, python, database = measure(requests, through)
                print(
                    f"round {number} {name:<26} per request: wall {wall:.3f} ms, "
                    f"Python CPU {python:.3f} ms, PostgreSQL CPU {database:.3f} ms"
                )
        if options.profile:
            options.profile.mkdir(parents=True, exist_ok=True)
            for name, requests in (("baseline", baseline), ("survey", forms(options.requests))):
                profiler = cProfile.Profile()
                profiler.runcall(measure, requests)
                profiler.dump_stats(options.profile / f"{name}.prof")
            print(f"profiles: {options.profile}/baseline.prof, survey.prof")
    finally:
        connections.close_all()
        drop_database(url)


if __name__ == "__main__":
    main()

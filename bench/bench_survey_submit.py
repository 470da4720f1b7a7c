"""Throughput and latency of the public survey submission, against a minimal baseline.

    python bench/bench_survey_submit.py [--connections 64] [--requests 4000] [--workers 3]

Target (issue 5): under gunicorn on PostgreSQL with persistent connections, the submission
endpoint (validation + integrity flags + incremental aggregates, one transaction) reaches
>= 75 % of the throughput of a minimal Django view that validates a form and inserts one row
(bench/bench_survey_site.py), measured in the same run; p99 <= 50 ms; every response sent is
stored exactly once.

What it does: creates a fresh PostgreSQL database (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/zona_bench_survey; dropped at the end unless --keep),
migrates it, opens a survey period for 1,000 units, starts gunicorn (sync workers, persistent
database connections), sends --warmup requests of each kind untimed, then for each round:
  1. fetches one survey page per simulated phone (device cookie + signed ticket), untimed;
  2. runs, timed, with --connections concurrent clients each (closed loop), the baseline,
     the survey submissions and the baseline view again behind the public pages' middleware
     (the survey's stack), each split into --blocks blocks run in turn (baseline 1, survey 1,
     public baseline 1, baseline 2, …), so that the machine's drift weighs on all three alike;
and finally open-loop runs of the baseline and the survey at 25, 50 and 75 % of the
baseline's rate over at most --connections connections, in blocks run in turn as above, for
the p99 at a steady load: in a closed loop of 64 clients every
request waits for the 63 before it (latency = 64 / throughput), so there even the baseline's
p99 is above 50 ms on two cores. The load generator is asyncio on raw sockets, against
127.0.0.1 only, bounded in the number of requests and in time. Not a test; it prints its
figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST, PORT = "127.0.0.1", 8321
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/zona_bench_survey"
PHASE_TIMEOUT = 300  # seconds: a phase never runs longer than this
PUBLIC_BASELINE = "/s/bench-baseline/"  # the baseline view behind the public middleware
UNITS = 1000  # about the ministry's surveyed units: the load is spread as it would be


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    wall: float = 0.0

    @property
    def ok(self) -> int:
        return self.statuses.get(303, 0)

    @property
    def throughput(self) -> float:
        return self.ok / self.wall if self.wall else 0.0

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


async def send(raw: bytes) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(HOST, PORT)
    writer.write(raw)
    await writer.drain()
    data = await reader.read()
    writer.close()
    elapsed = time.perf_counter() - started
    status = int(data[9:12]) if data[:5] == b"HTTP/" else 0
    return status, data, elapsed


def get(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode()


def post(path: str, body: dict[str, str], cookie: str = "", ip: str = "") -> bytes:
    encoded = urllib.parse.urlencode(body).encode()
    headers = [
        f"POST {path} HTTP/1.1",
        f"Host: {HOST}",
        "Connection: close",
        "Content-Type: application/x-www-form-urlencoded",
        f"Content-Length: {len(encoded)}",
    ]
    if cookie:
        headers.append(f"Cookie: {cookie}")
    if ip:
        headers.append(f"X-Forwarded-For: {ip}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + encoded


def random_ip(rng: random.Random) -> str:
    return (
        f"{rng.randint(11, 220)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    )


async def closed_loop(name: str, requests: list[bytes], connections: int) -> Phase:
    phase = Phase(name)
    queue = iter(requests)
    deadline = time.perf_counter() + PHASE_TIMEOUT

    async def client() -> None:
        for raw in queue:
            if time.perf_counter() > deadline:
                return
            status, _, elapsed = await send(raw)
            phase.statuses[status] = phase.statuses.get(status, 0) + 1
            phase.latencies.append(elapsed)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    phase.wall = time.perf_counter() - started
    return phase


async def open_loop(name: str, requests: list[bytes], rate: float, connections: int) -> Phase:
    """One request every 1/rate seconds over at most `connections` at once: latency at a
    steady load. Each latency runs from the moment the request was due, so time spent waiting
    for a free connection counts (no coordinated omission)."""
    phase = Phase(name)
    free = asyncio.Semaphore(connections)
    started = time.perf_counter()

    async def one(raw: bytes, due: float) -> None:
        async with free:
            status, _, _ = await send(raw)
        phase.statuses[status] = phase.statuses.get(status, 0) + 1
        phase.latencies.append(time.perf_counter() - due)

    tasks = []
    for index, raw in enumerate(requests):
        due = started + index / rate
        wait = due - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        tasks.append(asyncio.create_task(one(raw, due)))
    await asyncio.wait_for(asyncio.gather(*tasks), PHASE_TIMEOUT)
    phase.wall = time.perf_counter() - started
    return phase


TICKET = re.compile(rb'name="ticket" value="([^"]+)"')
COOKIE = re.compile(rb"Set-Cookie: (zona_survey_device=[^;]+);", re.IGNORECASE)


async def tickets(tokens: list[str], count: int, rng: random.Random) -> list[bytes]:
    """Survey submissions ready to send: one page fetched per simulated phone."""
    prepared: list[bytes] = []
    plan = [rng.choice(tokens) for _ in range(count)]
    semaphore = asyncio.Semaphore(32)

    async def fetch(token: str) -> None:
        async with semaphore:
            status, data, _ = await send(get(f"/s/{token}/"))
        ticket, cookie = TICKET.search(data), COOKIE.search(data)
        if status != 200 or not ticket or not cookie:
            raise RuntimeError(f"survey page answered {status}")
        answers = {f"u{i}": str(rng.randint(1, 4)) for i in range(1, 10)}
        body = {
            "ticket": ticket.group(1).decode(),
            **answers,
            "gender": rng.choice("LP"),
            "directed": "tidak",
        }
        prepared.append(post(f"/s/{token}/", body, cookie.group(1).decode(), random_ip(rng)))

    await asyncio.gather(*(fetch(token) for token in plan))
    return prepared


def baseline_requests(
    count: int, rng: random.Random, path: str = "/bench/baseline/"
) -> list[bytes]:
    return [
        post(
            path,
            {"name": f"r{i}", "value": str(rng.randint(1, 4))},
            ip=random_ip(rng),
        )
        for i in range(count)
    ]


def prepare_database(url: str) -> None:
    import psycopg

    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    parsed = urllib.parse.urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')


def seed() -> list[str]:
    """A small ministry, an open survey period, codes; the baseline's table. The IKM codes."""
    from datetime import time, timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from zona.cycles.services import create_year
    from zona.instruments.models import Instrument
    from zona.organizations.models import UnitKind, UptType
    from zona.organizations.services import create_unit
    from zona.surveys.models import PeriodSurvey, ServiceProfile, SurveyToken
    from zona.surveys.services import issue_tokens, open_period, shipped_questionnaires

    call_command("migrate", verbosity=0)
    call_command("load_instruments", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_baseline (id bigserial PRIMARY KEY, name varchar(100) NOT NULL, "
            "value integer NOT NULL, created_at timestamptz NOT NULL)"
        )
    ministry = create_unit(
        actor=None, code="KEMENTERIAN", name="Kementerian", kind=UnitKind.KEMENTERIAN
    )
    kanwil = create_unit(
        actor=None,
        code="KANWIL",
        name="Kanwil Bench",
        kind=UnitKind.KANWIL,
        parent=ministry,
        province="Jawa Timur",
    )
    units = [
        create_unit(
            actor=None,
            code=f"UPT{i:03d}",
            name=f"Kantor Imigrasi Bench {i}",
            kind=UnitKind.UPT,
            parent=kanwil,
            upt_type=UptType.KANIM,
            province="Jawa Timur",
        )
        for i in range(UNITS)
    ]
    year = create_year(
        actor=None, year=2099, instrument=Instrument.objects.get(code="permenkumham-29-2019")
    )
    today = timezone.localdate()
    period = open_period(
        actor=None,
        assessment_year=year,
        questionnaires=[q for q in shipped_questionnaires(actor=None) if q.code == "ikm"],
        service_from="ikm",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=1),
    )
    # Flags are computed as always; the limits are set so that the benchmark's clients are
    # neither refused nor held for review (review is the slower path's exception, not its rule):
    # about a thousand responses a second over a thousand codes is ~60 a minute per code, the
    # default limit, so it is raised; each address sends one or two.
    period.rate_ip_limit = 30000
    period.rate_token_limit = 1000
    period.off_hours_grace_minutes = 24 * 60
    period.save()
    PeriodSurvey.objects.filter(period=period).update(min_seconds=0)
    issue_tokens(actor=None, surveys=period.surveys.all(), units=units)
    # Every unit records its service users and hours, as the survey's pages ask it to.
    ServiceProfile.objects.bulk_create(
        ServiceProfile(
            period=period,
            unit=unit,
            service_users=5000 + index,
            service_days="123456",
            opens_at=time(7, 30),
            closes_at=time(16, 0),
        )
        for index, unit in enumerate(units)
    )
    with connection.cursor() as cursor:
        # Statistics of the small tables (the service hours are looked up by unit); the
        # responses table is left to autovacuum, as in production: statistics taken while it
        # is empty would make every count a sequential scan until autovacuum runs.
        cursor.execute("ANALYZE surveys_serviceprofile, surveys_surveytoken, organizations_unit")
    return list(SurveyToken.objects.values_list("token", flat=True))


def count_rows() -> tuple[int, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM bench_baseline), (SELECT count(*) FROM surveys_response)"
        )
        baseline, responses = cursor.fetchone()
    return int(baseline), int(responses)


def start_server(env: dict[str, str], workers: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "zona.wsgi:application",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            str(workers),
            "--backlog",
            "2048",
            "--pythonpath",
            str(ROOT),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            status, _, _ = asyncio.run(send(get("/healthz")))
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def merged(name: str, phases: list[Phase]) -> Phase:
    """The blocks of one phase as one: their requests, statuses and time added up."""
    whole = Phase(name)
    for phase in phases:
        whole.latencies += phase.latencies
        for status, count in phase.statuses.items():
            whole.statuses[status] = whole.statuses.get(status, 0) + count
        whole.wall += phase.wall
    return whole


def blocks(requests: list[bytes], count: int) -> list[list[bytes]]:
    size = -(-len(requests) // count)
    return [requests[start : start + size] for start in range(0, len(requests), size)]


def interleaved(
    kinds: list[tuple[str, list[bytes]]],
    count: int,
    run: Callable[[list[bytes]], Coroutine[Any, Any, Phase]],
) -> list[Phase]:
    """Each kind's requests in `count` blocks, each block sent by `run`, taken in turn
    (A1 B1 C1 A2 B2 C2 …), so that the machine's drift weighs on every kind alike; one Phase
    per kind."""
    split = [blocks(requests, count) for _, requests in kinds]
    done: list[list[Phase]] = [[] for _ in kinds]
    for index in range(count):
        for kind, parts in enumerate(split):
            if index < len(parts):
                done[kind].append(asyncio.run(run(parts[index])))
    return [merged(name, done[i]) for i, (name, _) in enumerate(kinds)]


def report(phase: Phase) -> str:
    return (
        f"{phase.name:<34} {phase.ok:6d} stored in {phase.wall:6.2f} s "
        f"= {phase.throughput:7.1f}/s   p50 {phase.pct(0.50):6.1f} ms  "
        f"p99 {phase.pct(0.99):6.1f} ms   statuses {phase.statuses}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--requests", type=int, default=4000, help="per phase and round")
    parser.add_argument(
        "--workers", type=int, default=3, help="gunicorn sync workers (zona serve's default)"
    )
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument(
        "--blocks", type=int, default=4, help="blocks per phase and round, run in turn"
    )
    parser.add_argument("--warmup", type=int, default=1000, help="untimed requests of each kind")
    parser.add_argument(
        "--paced-shares",
        type=lambda text: [float(share) for share in text.split(",")],
        default=[0.25, 0.5, 0.75],
        help="open-loop rates as shares of the baseline's measured rate",
    )
    parser.add_argument("--paced-seconds", type=float, default=6.0)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    if not url.startswith("postgres"):
        sys.exit("this benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.bench_survey_site",
        "ZONA_SECRET_KEY": "bench-only",
        "ZONA_CONN_MAX_AGE": "600",  # persistent connections
        "ZONA_VAR_DIR": tempfile.mkdtemp(prefix="zona-bench-survey-"),
        "ZONA_ALLOWED_HOSTS": HOST,
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    prepare_database(url)
    import django

    django.setup()
    tokens = seed()
    server = start_server(env, options.workers)
    rng = random.Random(14)  # noqa: S311 - load, not security
    try:
        # Untimed: every worker's connection prepares its statements and fills its caches.
        warm = asyncio.run(tickets(tokens, options.warmup, rng))
        asyncio.run(closed_loop("warm-up", baseline_requests(options.warmup, rng), 16))
        asyncio.run(closed_loop("warm-up", warm, 16))
        rounds = []
        for number in range(1, options.rounds + 1):
            ready = asyncio.run(tickets(tokens, options.requests, rng))
            before = count_rows()
            base, survey, lean = interleaved(
                [
                    (
                        f"baseline (form + insert), round {number}",
                        baseline_requests(options.requests, rng),
                    ),
                    (f"survey submission, round {number}", ready),
                    (
                        f"baseline, public stack, round {number}",
                        baseline_requests(options.requests, rng, PUBLIC_BASELINE),
                    ),
                ],
                options.blocks,
                lambda part: closed_loop("", part, options.connections),
            )
            after = count_rows()
            print(report(base))
            print(report(survey))
            print(report(lean))
            stored = (after[0] - before[0], after[1] - before[1])
            print(
                f"  sent = stored: baselines {base.ok} + {lean.ok} = {stored[0]}, "
                f"survey {survey.ok} = {stored[1]}"
            )
            rounds.append((base, survey, stored, lean))
        ratio = statistics.median(s.throughput / b.throughput for b, s, _, _ in rounds)
        lean_ratio = statistics.median(s.throughput / n.throughput for _, s, _, n in rounds)
        base_rate = statistics.median(b.throughput for b, _, _, _ in rounds)
        paced = []
        for share in options.paced_shares:
            rate = round(share * base_rate)
            count = int(rate * options.paced_seconds)
            ready = asyncio.run(tickets(tokens, count, rng))
            before = count_rows()
            base, survey = interleaved(
                [
                    (f"baseline at {share:.0%} ({rate}/s)", baseline_requests(count, rng)),
                    (f"survey at {share:.0%} ({rate}/s)", ready),
                ],
                options.blocks,
                lambda part, rate=rate: open_loop("", part, rate, options.connections),
            )
            print(report(base))
            print(report(survey))
            paced.append((share, base, survey, count, count_rows()[1] - before[1]))
        print()
        print(
            f"survey / baseline throughput (median of {len(rounds)} rounds): {ratio:.0%} "
            "(target >= 75 %)"
        )
        print(f"survey / baseline on the public stack (median): {lean_ratio:.0%}")
        exact = all(b.ok + n.ok == st[0] and s.ok == st[1] for b, s, st, n in rounds)
        exact = exact and all(s.ok == sent == kept for _, _, s, sent, kept in paced)
        print(f"sent = stored in every round and every steady run: {'yes' if exact else 'NO'}")
        print(
            f"p99 in a closed loop of {options.connections}: survey "
            f"{max(s.pct(0.99) for _, s, _, _ in rounds):.1f} ms, baseline "
            f"{max(b.pct(0.99) for b, _, _, _ in rounds):.1f} ms"
        )
        for share, base, survey, _, _ in paced:
            print(
                f"p99 at a steady {share:.0%} of the baseline's rate over at most "
                f"{options.connections} connections: survey {survey.pct(0.99):.1f} ms, "
                f"baseline {base.pct(0.99):.1f} ms (target <= 50 ms)"
            )
        print(f"gunicorn sync workers: {options.workers}, CPU cores: {os.cpu_count()}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        if not options.keep:
            drop_database(url)


if __name__ == "__main__":
    main()

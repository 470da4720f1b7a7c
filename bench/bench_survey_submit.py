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
database connections), optionally puts the load generator ahead of the server in the CPU's
queue (--generator-nice; see loadgen.raise_priority), sends --warmup requests of each kind
untimed, then:
  1. --rounds closed-loop rounds: --connections concurrent clients each send the baseline,
     the survey submissions (one survey page fetched per simulated phone first, untimed) and
     the baseline view again behind the public pages' middleware (the survey's stack), each
     split into --blocks blocks run in turn (baseline 1, survey 1, public baseline 1,
     baseline 2, …), so that the machine's drift weighs on all three alike: the saturated
     throughput ratio;
  2. --ladders ladders: open loops over at most --connections connections at rising rates
     (from --ladder-from of the baseline's closed-loop rate, in steps of --ladder-step), the
     two kinds interleaved at every rung, until each has failed two rungs in a row: the
     highest rate each sustains with p99 <= --limit-ms, and their ratio, the target read as
     it is written (throughput with p99 <= 50 ms);
  3. open loops of both at fixed shares (--paced-shares) of the baseline's rate.
In a closed loop of 64 clients every request waits for the 63 before it (latency = 64 /
throughput), so there even the baseline's p99 is above 50 ms on two cores. The load generator
(bench/loadgen.py) is asyncio on raw sockets, against 127.0.0.1 only, bounded in the number of
requests and in time, its garbage collector held off while a phase is measured
(loadgen.measured: its pauses were counted as the server's). Not a test; it prints its figures.

Django's per-request connection health check is off unless --health-checks: the survey's
statements never run it (they reconnect and retry once on a dropped connection instead), so
with it on the baseline alone would pay a SELECT 1 round trip per request.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
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
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadgen import (  # noqa: E402
    HOST,
    PORT,
    Ladder,
    closed_loop,
    get,
    interleaved,
    ladder,
    open_loop,
    post,
    raise_priority,
    random_ip,
    report,
    send,
)

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/zona_bench_survey"
PUBLIC_BASELINE = "/s/bench-baseline/"  # the baseline view behind the public middleware
BASELINE, SURVEY = "baseline", "survey"  # the ladders' kinds
LADDER_TOP = 1.3  # the ladders climb to 130 % of the baseline's closed-loop rate at most
UNITS = 1000  # about the ministry's surveyed units: the load is spread as it would be


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


def server_env(url: str, *, health_checks: bool = False) -> dict[str, str]:
    """The environment of the benchmark's gunicorn (and of the process seeding it)."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.bench_survey_site",
        "ZONA_SECRET_KEY": "bench-only",
        "ZONA_CONN_MAX_AGE": "600",  # persistent connections
        "ZONA_CONN_HEALTH_CHECKS": "1" if health_checks else "0",
        "ZONA_VAR_DIR": tempfile.mkdtemp(prefix="zona-bench-survey-"),
        "ZONA_ALLOWED_HOSTS": HOST,
        "PYTHONPATH": str(ROOT),
    }


def survey_and_baseline(tokens: list[str], rng: random.Random) -> Callable[[str, int], list[bytes]]:
    """The ladder's `prepare`: requests of the baseline or the survey."""

    def prepare(kind: str, count: int) -> list[bytes]:
        if kind == SURVEY:
            return asyncio.run(tickets(tokens, count, rng))
        return baseline_requests(count, rng)

    return prepare


def print_ladder(number: int, result: Ladder) -> None:
    for step in result.steps:
        for phase in step.phases.values():
            phase.name = f"ladder {number}: {phase.name} at {step.rate:.0f}/s"
            print(report(phase))
    print(
        f"  ladder {number}: sustained with p99 <= limit: baseline "
        f"{result.sustained[BASELINE]:.0f}/s, survey {result.sustained[SURVEY]:.0f}/s"
    )


def sustained_ratio(result: Ladder) -> float | None:
    """None when the baseline itself kept its p99 under the limit at no rung: the machine
    faltered through the whole ladder, which then says nothing of the survey."""
    base = result.sustained[BASELINE]
    return result.sustained[SURVEY] / base if base else None


def parse_options() -> argparse.Namespace:
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
        "--generator-nice", type=int, default=0, help="e.g. -10: the load generator first"
    )
    parser.add_argument("--limit-ms", type=float, default=50.0, help="the p99 target")
    parser.add_argument("--ladders", type=int, default=5)
    parser.add_argument("--ladder-from", type=float, default=0.40)
    parser.add_argument("--ladder-step", type=float, default=0.05)
    parser.add_argument("--ladder-seconds", type=float, default=4.0, help="per kind and rung")
    parser.add_argument(
        "--paced-shares",
        type=lambda text: [float(share) for share in text.split(",") if share],
        default=[0.25, 0.5, 0.75],
        help="open-loop rates as shares of the baseline's measured rate",
    )
    parser.add_argument("--paced-seconds", type=float, default=6.0)
    parser.add_argument(
        "--health-checks",
        action="store_true",
        help="Django's per-request connection check on (ZONA_CONN_HEALTH_CHECKS, production's "
        "default): the baseline then pays a SELECT 1 per request that the survey skips",
    )
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    return parser.parse_args()


def main() -> None:
    options = parse_options()
    url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    if not url.startswith("postgres"):
        sys.exit("this benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
    env = server_env(url, health_checks=options.health_checks)
    os.environ.update(env)
    prepare_database(url)
    import django

    django.setup()
    tokens = seed()
    server = start_server(env, options.workers)
    priority = raise_priority(options.generator_nice)  # the server keeps the default
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

        ladders = []
        rungs = [
            base_rate * (options.ladder_from + step * options.ladder_step)
            for step in range(int((LADDER_TOP - options.ladder_from) / options.ladder_step) + 1)
        ]
        for number in range(1, options.ladders + 1):
            before = count_rows()
            result = ladder(
                [BASELINE, SURVEY],
                rungs,
                survey_and_baseline(tokens, rng),
                seconds=options.ladder_seconds,
                block_count=2,
                connections=options.connections,
                limit_ms=options.limit_ms,
            )
            after = count_rows()
            print_ladder(number, result)
            sent = [
                sum(step.phases[kind].ok for step in result.steps if kind in step.phases)
                for kind in (BASELINE, SURVEY)
            ]
            ladders.append((result, sent, (after[0] - before[0], after[1] - before[1])))

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
                functools.partial(open_loop, "", rate=rate, connections=options.connections),
            )
            print(report(base))
            print(report(survey))
            paced.append((share, base, survey, count, count_rows()[1] - before[1]))
        print()
        print(priority)
        print(
            f"survey / baseline throughput, closed loop (median of {len(rounds)} rounds): "
            f"{ratio:.0%} (target >= 75 %)"
        )
        print(f"survey / baseline on the public stack (median): {lean_ratio:.0%}")
        readings = [sustained_ratio(result) for result, _, _ in ladders]
        ratios = [ratio for ratio in readings if ratio is not None]
        if ratios:
            shown = ", ".join("no reading" if r is None else f"{r:.0%}" for r in readings)
            print(
                f"survey / baseline, highest rate sustained with p99 <= {options.limit_ms:g} ms "
                f"(median of {len(ratios)} ladders with a reading): "
                f"{statistics.median(ratios):.0%} (ladders: {shown}; target >= 75 %)"
            )
        exact = all(b.ok + n.ok == st[0] and s.ok == st[1] for b, s, st, n in rounds)
        exact = exact and all(s.ok == sent == kept for _, _, s, sent, kept in paced)
        exact = exact and all(tuple(sent) == stored for _, sent, stored in ladders)
        print(f"sent = stored in every round, ladder and steady run: {'yes' if exact else 'NO'}")
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
        print(
            "Django's connection health checks: "
            f"{'on (the baseline pays a SELECT 1 per request)' if options.health_checks else 'off'}"
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        if not options.keep:
            drop_database(url)


if __name__ == "__main__":
    main()

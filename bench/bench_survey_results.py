"""Result pages over a million survey responses, and `zona survey-rebuild` over them.

    python bench/bench_survey_results.py [--responses 1000000] [--rounds 200]

Target (issue 5): a unit's result page and a Kanwil's results page answer in <= 50 ms at
p95 over 1 M responses, because they read the tallies and never the raw responses.

Creates a fresh PostgreSQL database (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/zona_bench_survey_results; dropped at the end unless
--keep), loads the demo ministry (about 940 units) with the survey of its year open, writes
the responses with one INSERT … SELECT per questionnaire (random answers, 3 % flagged and
waiting), builds the tallies with the rebuild (timed), publishes, then renders the pages
through Django's full stack in process (no network), against /healthz measured in the same
run. Each page is timed as it is read again and again (the figures of unchanged tallies
kept per process, zona.surveys.results) and, alternating with those, as the first view
after every tally changed (`forget_computed` before each request). It also checks that no
page query reads the responses table. Not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/zona_bench_survey_results"


def timed(client, url: str, rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return times


def timed_pair(client, url: str, rounds: int) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    """(warm, cold) times, alternating request by request so that the machine's drift weighs
    on both alike: warm with the figures computed by earlier views kept, cold after
    forgetting them (the first view after every tally changed)."""
    from zona.surveys.results import forget_computed

    warm: list[float] = []
    cold: list[float] = []
    for number in range(2 * rounds):
        if number % 2:
            forget_computed()
        started = time.perf_counter()
        response = client.get(url)
        (cold if number % 2 else warm).append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return warm, cold


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    if not url.startswith("postgres"):
        sys.exit("this benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "zona.settings",
            "ZONA_SECRET_KEY": "bench-only",
            "ZONA_VAR_DIR": tempfile.mkdtemp(prefix="zona-bench-results-"),
            "ZONA_CONN_MAX_AGE": "600",
        }
    )
    from bench.bench_survey_submit import drop_database, prepare_database

    prepare_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from zona.accounts.models import Role, User
    from zona.demo.ministry import load_demo
    from zona.organizations.models import Unit, UnitKind
    from zona.surveys.access import SURVEYED_KINDS
    from zona.surveys.models import PeriodStatus, Response, SurveyPeriod, SurveyToken
    from zona.surveys.services import open_period, shipped_questionnaires
    from zona.surveys.tallies import rebuild

    try:
        call_command("migrate", verbosity=0)
        load_demo()
        year = (
            SurveyPeriod._meta.get_field("assessment_year")
            .related_model.objects.order_by("-year")
            .first()
        )  # type: ignore[union-attr]
        today = timezone.localdate()
        period = SurveyPeriod.objects.filter(assessment_year=year).first() or open_period(
            actor=None,
            assessment_year=year,
            questionnaires=shipped_questionnaires(actor=None),
            service_from="ikm",
            opens_on=today,
            closes_on=today,
        )  # the demo ministry opens its survey already
        surveys = list(period.surveys.select_related("questionnaire"))
        started = time.perf_counter()
        per_survey = options.responses // len(surveys)
        table = Response._meta.db_table
        units: set[int] = set()
        with connection.cursor() as cursor:
            for survey in surveys:
                # every response is its code's (the composite key response_of_its_code)
                codes = list(
                    SurveyToken.objects.filter(survey=survey, revoked_at__isnull=True).values_list(
                        "pk", "unit_id"
                    )
                )
                units.update(unit for _, unit in codes)
                size = len(survey.spec().elements)
                answers = ", ".join(
                    "CASE WHEN random() < 0.04 THEN NULL ELSE 1 + floor(random() * 4)::int END"
                    if i < size
                    else "NULL"
                    for i in range(16)
                )
                columns = ", ".join(f"a{i:02d}" for i in range(1, 17))
                cursor.execute(
                    f"INSERT INTO {table} (survey_id, token_id, unit_id, source, status, flags, "  # noqa: S608 - bench
                    f"{columns}, profile, check_answer, submitted_at, duration_seconds, ip_hash, "
                    "net_hash, pattern, review_reason) "
                    "SELECT %s, (%s::bigint[])[pick.i], (%s::bigint[])[pick.i], 'online', "
                    "CASE WHEN g %% 33 = 0 THEN 'pending' ELSE 'accepted' END, "
                    f"CASE WHEN g %% 33 = 0 THEN 32 ELSE 0 END, {answers}, '{{}}'::jsonb, 'tidak', "
                    "now() - random() * interval '30 days', 120, '', '', "
                    "(random() * 9e18)::bigint, '' FROM generate_series(1, %s) AS g "
                    "CROSS JOIN LATERAL (SELECT 1 + floor(random() * %s + g * 0)::int AS i) pick",
                    [
                        survey.pk,
                        [code for code, _ in codes],
                        [unit for _, unit in codes],
                        per_survey,
                        len(codes),
                    ],
                )
            cursor.execute(f"ANALYZE {table}")
        written = time.perf_counter() - started
        total = Response.objects.count()
        print(f"{total:,} responses written in {written:.1f} s over {len(units)} units")
        started = time.perf_counter()
        report = rebuild(surveys, write=True)
        print(
            f"survey-rebuild: {report.rows:,} tally rows (unit × survey) from {total:,} raw "
            f"responses in {time.perf_counter() - started:.1f} s"
        )
        started = time.perf_counter()
        check = rebuild(surveys, write=False)
        print(
            f"survey-rebuild --check: {len(check.differences)} differences, "
            f"{time.perf_counter() - started:.1f} s"
        )
        SurveyPeriod.objects.filter(pk=period.pk).update(
            status=PeriodStatus.PUBLISHED, published_at=timezone.now()
        )

        kanwil_user = User.objects.filter(memberships__role=Role.TIM_KERJA_KANWIL).first()
        manager = User.objects.filter(memberships__role=Role.TPI_BALITBANG).first()
        assert kanwil_user and manager
        kanwil = kanwil_user.memberships.get(role=Role.TIM_KERJA_KANWIL).unit
        upt = Unit.objects.filter(parent=kanwil, kind=UnitKind.UPT).order_by("pk").first()
        assert upt is not None
        kanwil_units = Unit.objects.subtree_of(kanwil).filter(kind__in=SURVEYED_KINDS).count()
        pages = [
            (
                "unit page (Kanwil team, published)",
                kanwil_user,
                f"/survei/{year.year}/unit/{upt.pk}/",
            ),
            ("unit page (Balitbangkumham)", manager, f"/survei/{year.year}/unit/{upt.pk}/"),
            (
                f"Kanwil results page ({kanwil_units} units)",
                kanwil_user,
                f"/survei/{year.year}/hasil/",
            ),
        ]
        base_client = Client()
        base_client.force_login(kanwil_user)
        base_client.get("/healthz")
        base = timed(base_client, "/healthz", options.rounds)
        for label, user, page_url in pages:
            client = Client()
            client.force_login(user)
            client.get(page_url)
            queries: list[str] = []

            def count(execute, sql, params, many, context, seen=queries):  # type: ignore[no-untyped-def]
                seen.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                client.get(page_url)
            raw = [sql for sql in queries if f'"{table}"' in sql]
            warm, cold = timed_pair(client, page_url, options.rounds)
            print(
                f"{label:<40} median {statistics.median(warm) * 1000:6.2f} ms  "
                f"p95 {p95(warm) * 1000:6.2f} ms  ({len(queries)} queries, "
                f"{len(raw)} on the raw responses)\n"
                f"{'  first view after a change':<40} median "
                f"{statistics.median(cold) * 1000:6.2f} ms  p95 {p95(cold) * 1000:6.2f} ms"
            )
        print(
            f"{'/healthz (baseline)':<40} median {statistics.median(base) * 1000:6.2f} ms  "
            f"p95 {p95(base) * 1000:6.2f} ms"
        )
        print(f"database: {connection.vendor}, rounds: {options.rounds}, target p95 <= 50 ms")
    finally:
        from django.db import connections

        connections.close_all()
        if not options.keep:
            drop_database(url)


if __name__ == "__main__":
    main()

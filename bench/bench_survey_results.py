"""Survey result pages over a million responses, against the site's empty page; and
`zona survey-rebuild` over them.

    python bench/bench_survey_results.py [--responses 1000000] [--rounds 200] [--smoke]

Target: a unit's result page and a Kanwil's results page answer in <= 50 ms at p95, because
they read the tallies and never the raw responses.

Loads the demo ministry (about 940 units, its survey period open) into a scratch PostgreSQL
database (zona_bench_results_<pid>, dropped at the end), writes the responses with one
INSERT … SELECT per questionnaire (random answers, each on one of its unit's codes; 3 %
flagged and already rejected by review), rebuilds the tallies (timed, then checked), accepts
the demo's flagged responses and publishes the period through the survey services, then
renders the pages through Django's full stack in process (no network), each as read again
(the figures of unchanged tallies kept per process) and as the first view after a change
(computed figures forgotten first), taking turns with the empty page request by request. It
also counts the page queries that read the responses table (there should be none).
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import support  # noqa: E402


def write_responses(period: Any, count: int) -> None:
    """`count` responses spread over the period's questionnaires and every unit's codes."""
    from django.db import connection

    from zona.surveys.models import Response, SurveyToken

    table = Response._meta.db_table
    surveys = list(period.surveys.all())
    with connection.cursor() as cursor:
        for survey in surveys:
            codes = list(
                SurveyToken.objects.filter(survey=survey, revoked_at__isnull=True).values_list(
                    "pk", "unit_id"
                )
            )
            size = len(survey.spec().elements)
            answers = ", ".join(
                "CASE WHEN random() < 0.04 THEN NULL ELSE 1 + floor(random() * 4)::int END"
                if i < size
                else "NULL"
                for i in range(16)
            )
            columns = ", ".join(f"a{i:02d}" for i in range(1, 17))
            cursor.execute(
                f"INSERT INTO {table} (survey_id, token_id, unit_id, source, status, flags, "  # noqa: S608 - our own names
                f"{columns}, profile, check_answer, submitted_at, duration_seconds, ip_hash, "
                "net_hash, pattern, reviewed_at, review_reason) "
                "SELECT %s, (%s::bigint[])[pick.i], (%s::bigint[])[pick.i], 'online', "
                "CASE WHEN g %% 33 = 0 THEN 'rejected' ELSE 'accepted' END, "
                f"CASE WHEN g %% 33 = 0 THEN 32 ELSE 0 END, {answers}, '{{}}'::jsonb, 'tidak', "
                "now() - random() * interval '20 days', 120, '', '', "
                "(random() * 9e18)::bigint, CASE WHEN g %% 33 = 0 THEN now() END, "
                "CASE WHEN g %% 33 = 0 THEN 'directed' ELSE '' END "
                "FROM generate_series(1, %s) AS g "
                "CROSS JOIN LATERAL (SELECT 1 + floor(random() * %s + g * 0)::int AS i) pick",
                [
                    survey.pk,
                    [code for code, _ in codes],
                    [unit for _, unit in codes],
                    count // len(surveys),
                    len(codes),
                ],
            )
        cursor.execute(f"ANALYZE {table}")


def timed_command(*args: str) -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())
    return time.perf_counter() - started


def publish(period: Any, manager: Any) -> None:
    """The demo's flagged responses accepted, then the results published."""
    from zona.surveys.models import PeriodStatus, Response, ResponseStatus
    from zona.surveys.services import ACCEPT, review_responses, set_period_status

    waiting = Response.objects.filter(survey__period=period, status=ResponseStatus.PENDING)
    ids = list(waiting.values_list("pk", flat=True))
    review_responses(actor=manager, period=period, ids=ids, decision=ACCEPT, reason="")
    set_period_status(actor=manager, period=period, status=PeriodStatus.PUBLISHED)


def main() -> None:
    options = support.parser(__doc__)
    options.add_argument("--responses", type=int, default=1_000_000)
    options.add_argument("--rounds", type=int, default=200)
    args = options.parse_args()
    responses, rounds = (3000, 3) if args.smoke else (args.responses, args.rounds)

    with support.scratch_postgres("results") as url:
        support.setup_django(url)
        support.load_demo()
        from django.urls import reverse

        from zona.accounts.demo import demo_user
        from zona.accounts.models import Role
        from zona.organizations.models import Unit, UnitKind
        from zona.surveys.models import Response, SurveyPeriod
        from zona.surveys.results import forget_computed

        period = SurveyPeriod.objects.select_related("assessment_year").latest(
            "assessment_year__year"
        )  # the demo's current year
        started = time.perf_counter()
        write_responses(period, responses)
        written = time.perf_counter() - started
        rebuilt = timed_command("survey_rebuild")
        checked = timed_command("survey_rebuild", "--check")
        manager = demo_user(Role.TPI_BALITBANG)
        publish(period, manager)

        verifier = demo_user(Role.TIM_KERJA_KANWIL)
        kanwil = verifier.memberships.get().unit
        upt = Unit.objects.filter(parent=kanwil, kind=UnitKind.UPT).order_by("code").first()
        assert upt is not None
        year = period.assessment_year.year
        unit_url = reverse("surveys:unit", args=[year, upt.pk])
        kanwil_units = Unit.objects.subtree_of(kanwil).count()
        pages = {
            "unit page (Kanwil verifier)": (verifier, unit_url),
            "unit page (Balitbangkumham)": (manager, unit_url),
            f"Kanwil results page ({kanwil_units} units)": (
                verifier,
                reverse("surveys:results", args=[year]),
            ),
        }
        clients = {user.pk: support.logged_in(user) for user in (verifier, manager)}
        table = f'"{Response._meta.db_table}"'
        requests: dict[str, Any] = {
            support.EMPTY: support.page(clients[verifier.pk], support.EMPTY_URL)
        }
        queries, raw = {}, {}
        for label, (user, url) in pages.items():
            client = clients[user.pk]
            seen = support.queries_of(client, url)
            queries[label] = queries[f"{label}, first view after a change"] = len(seen)
            raw[label] = sum(table in sql for sql in seen)
            requests[label] = support.page(client, url)
            view = support.page(client, url)
            requests[f"{label}, first view after a change"] = lambda view=view: (
                forget_computed(),
                view(),
            )
        queries[support.EMPTY] = len(support.queries_of(clients[verifier.pk], support.EMPTY_URL))
        times = support.interleaved(requests, rounds)

        total = Response.objects.count()
        print(f"{total:,} responses written in {written:.1f} s")
        print(f"zona survey-rebuild: {rebuilt:.1f} s; --check: {checked:.1f} s")
        support.report_pages(times, queries)
        worst = max(support.p95(values) for label, values in times.items() if label in pages)
        print(f"queries on the raw responses per page: {raw}; rounds: {rounds}")
        print(f"target: p95 <= 50 ms -> {'met' if worst <= 0.050 else 'NOT met'}")


if __name__ == "__main__":
    main()

"""The dashboards' figures equal the data beneath them, counted here independently, and cost
the same number of queries for few units or many."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import Ministry
from tests.dashboards.conftest import best_answers, paper_answers, year_with_period
from zona.assessments.models import Assessment, AssessmentSummary
from zona.dashboards import figures
from zona.dashboards.views import overview_context
from zona.organizations.models import Unit, UnitKind
from zona.organizations.services import create_unit


def test_each_line_holds_its_lke_scores_and_verdict(ministry: Ministry) -> None:
    year, period = year_with_period(ministry)
    best_answers(ministry, year, "kanim_sby")
    paper_answers(ministry, period, "kanim_sby", value=4, n=3)
    lines = {line.unit.code: line for line in figures.unit_lines(Unit.objects.all(), year)}
    assert "KEMENTERIAN" not in lines  # the ministry itself is not assessed
    assert len(lines) == Unit.objects.exclude(kind=UnitKind.KEMENTERIAN).count()
    best = lines["KANIM_SBY"]
    summary = AssessmentSummary.objects.get(assessment__unit__code="KANIM_SBY")
    spec = year.instrument.spec()
    assert best.leverage == summary.leverage == spec.leverage_weight  # every best option
    assert best.result is not None and Decimal(36) < best.result < spec.result_weight
    assert best.total == spec.leverage_weight + best.result
    assert best.meets == {"WBK": True, "WBBM": True} and best.verdict == "WBBM"
    untouched = lines["LAPAS_DPS"]
    assert (untouched.status, untouched.verdict, untouched.total) == ("not_started", "?", None)


def test_a_low_survey_index_fails_the_result_minimums(ministry: Ministry) -> None:
    year, period = year_with_period(ministry)
    best_answers(ministry, year, "kanim_sby")
    paper_answers(ministry, period, "kanim_sby", value=2, n=3)
    line = next(
        line
        for line in figures.unit_lines(Unit.objects.all(), year)
        if line.unit.code == "KANIM_SBY"
    )
    assert line.result is not None and line.result < Decimal(30)
    assert line.meets == {"WBK": False, "WBBM": False} and line.verdict == ""


def test_the_overview_counts_what_the_database_holds(ministry: Ministry) -> None:
    year, _period = year_with_period(ministry)
    for unit in ("kanim_sby", "lapas_sby", "kanim_dps"):
        best_answers(ministry, year, unit)
    lines = figures.unit_lines(Unit.objects.all(), year)
    context = overview_context(lines, year)
    satker = Unit.objects.exclude(kind=UnitKind.KEMENTERIAN).count()
    started = Assessment.objects.filter(assessment_year=year).count()
    overall = {s.key: s.count for s in context["overall"].segments}  # type: ignore[attr-defined]
    assert overall == {"not_started": satker - started, "filling": started}
    per_eselon = {bar.label: bar.total for bar in context["by_eselon_i"]}  # type: ignore[attr-defined]
    expected = Counter(
        str(unit.pembina or unit)
        for unit in Unit.objects.exclude(kind=UnitKind.KEMENTERIAN).select_related("pembina")
        if unit.pembina or unit.kind == UnitKind.ESELON_I
    )
    assert per_eselon == dict(expected)
    leverage = context["leverage"]
    assert sum(b.count for b in leverage.bins) == started  # type: ignore[attr-defined]


def test_the_overview_costs_the_same_queries_for_few_or_many_units(ministry: Ministry) -> None:
    year, period = year_with_period(ministry)
    best_answers(ministry, year, "kanim_sby")
    paper_answers(ministry, period, "kanim_sby", value=4, n=2)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            overview_context(figures.unit_lines(Unit.objects.all(), year), year)
        return len(captured)

    few = queries()
    kanwil = ministry.units["kanwil_bali"]
    for n in range(12):
        unit = create_unit(
            actor=None, code=f"UPT_X{n}", name=f"UPT Tambahan {n}", kind=UnitKind.UPT,
            parent=kanwil, province=kanwil.province, pembina=ministry.units["djpas"],
        )  # fmt: skip
        if n % 3 == 0:
            from zona.assessments.services import open_assessment

            open_assessment(actor=ministry.users["operator_sby"], unit=unit, assessment_year=year)
    assert queries() == few


def test_overdue_returns_are_counted_by_their_date(ministry: Ministry) -> None:
    year, _period = year_with_period(ministry)
    lke = best_answers(ministry, year, "kanim_sby")
    AssessmentSummary.objects.filter(assessment=lke).update(
        returned_due=["2020-01-01", "2999-01-01", ""]
    )
    line = next(
        line
        for line in figures.unit_lines(Unit.objects.all(), year)
        if line.unit.code == "KANIM_SBY"
    )
    assert (line.returned, line.overdue(timezone.localdate())) == (3, 1)

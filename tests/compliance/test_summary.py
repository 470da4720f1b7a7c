"""The figures other apps read: TLHP %, the TLHP component, wealth-report completeness."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.compliance.conftest import add_employee, add_finding, make_year
from tests.conftest import Ministry
from zona.compliance.models import FindingStatus, Obligation
from zona.compliance.services import compliance_for, compliance_for_units, tlhp_percents
from zona.cycles.models import AssessmentYear
from zona.instruments.spec import load_instrument
from zona.scoring import UnitInput, UnitStanding, evaluate, score_result, score_unit

S = FindingStatus


def test_a_unit_without_findings_counts_as_fully_followed_up(
    ministry: Ministry, year: AssessmentYear
) -> None:
    summary = compliance_for(ministry.units["kanim_sby"], year)
    assert (summary.tlhp_findings, summary.tlhp_followed_up) == (0, 0)
    assert summary.tlhp_percent == Decimal(100)
    assert summary.tlhp_component == Decimal(5)  # 100 % × 5 ÷ 100


@pytest.mark.parametrize(
    ("statuses", "settled", "percent", "component"),
    [
        # 1 of 4 accepted: 25 % → 1.25 points
        ([S.FOLLOWED_UP, S.OPEN, S.SUBMITTED, S.RETURNED], 1, Decimal(25), Decimal("1.25")),
        # accepted + not applicable = 2 of 3 settled: 66.66… % → 3.33… points
        (
            [S.FOLLOWED_UP, S.NOT_APPLICABLE, S.SUBMITTED],
            2,
            Decimal(200) / Decimal(3),
            Decimal(10) / Decimal(3),
        ),
        # every finding settled: 100 % → 5 points
        ([S.FOLLOWED_UP, S.FOLLOWED_UP, S.NOT_APPLICABLE], 3, Decimal(100), Decimal(5)),
        # one finding, awaiting the TPI: 0 % → 0 points
        ([S.SUBMITTED], 0, Decimal(0), Decimal(0)),
    ],
)
def test_tlhp_percent_and_component(
    ministry: Ministry,
    year: AssessmentYear,
    statuses: list[str],
    settled: int,
    percent: Decimal,
    component: Decimal,
) -> None:
    unit = ministry.units["kanim_sby"]
    for n, status in enumerate(statuses):
        add_finding(unit, year, f"1.{n}", status)
    add_finding(ministry.units["kanim_dps"], year, "9.9")  # another unit's finding: not counted
    summary = compliance_for(unit, year)
    assert (summary.tlhp_findings, summary.tlhp_followed_up) == (len(statuses), settled)
    assert summary.tlhp_percent == percent
    assert summary.tlhp_component is not None
    assert abs(summary.tlhp_component - component) < Decimal("1e-20")


def test_the_component_is_the_scoring_engines(ministry: Ministry, year: AssessmentYear) -> None:
    """The same number zona.scoring gives for the result input `tlhp_percent`."""
    unit = ministry.units["kanim_sby"]
    for n, status in enumerate([S.FOLLOWED_UP, S.OPEN, S.OPEN]):
        add_finding(unit, year, f"2.{n}", status)
    summary = compliance_for(unit, year)
    result = score_result(
        load_instrument("permenkumham-29-2019"),
        {
            "anti_corruption_survey": Decimal("3.6"),
            "tlhp_percent": summary.tlhp_percent,
            "service_survey": Decimal("3.2"),
        },
    )
    assert result.components["tlhp"] == summary.tlhp_component


def test_findings_of_another_year_do_not_count(ministry: Ministry, year: AssessmentYear) -> None:
    unit = ministry.units["kanim_sby"]
    other = make_year(ministry.users["tim_kementerian"], 2025)
    add_finding(unit, other, "1.1", S.OPEN)
    assert compliance_for(unit, year).tlhp_findings == 0
    assert compliance_for(unit, other).tlhp_percent == 0


def test_an_instrument_without_tlhp_has_no_component(ministry: Ministry) -> None:
    year_90 = make_year(ministry.users["tim_kementerian"], 2027, "permenpanrb-90-2021")
    summary = compliance_for(ministry.units["kanim_sby"], year_90)
    assert summary.tlhp_percent == 100
    assert summary.tlhp_component is None


def test_wealth_reports_unknown_without_a_list(ministry: Ministry, year: AssessmentYear) -> None:
    summary = compliance_for(ministry.units["kanim_sby"], year)
    assert summary.wealth_reports_complete is None
    assert summary.lhkpn_percent is None and summary.wealth_percent is None


def test_wealth_reports_complete_only_when_every_report_is_filed(
    ministry: Ministry, year: AssessmentYear
) -> None:
    unit = ministry.units["kanim_sby"]
    add_employee(unit, year, 1, Obligation.LHKPN)
    add_employee(unit, year, 2, Obligation.LHKASN)
    add_employee(unit, year, 3, Obligation.LHKASN)
    assert compliance_for(unit, year).wealth_reports_complete is True
    late = add_employee(unit, year, 4, Obligation.LHKASN, filed=False)
    summary = compliance_for(unit, year)
    assert summary.wealth_reports_complete is False
    assert (summary.lhkpn_filed, summary.lhkpn_obliged) == (1, 1)
    assert (summary.lhkasn_filed, summary.lhkasn_obliged) == (2, 3)
    assert summary.lhkpn_percent == 100
    assert summary.lhkasn_percent == Decimal(200) / Decimal(3)
    assert summary.wealth_percent == 75  # 3 of 4
    late.delete()
    late.employee.delete()  # off the roster too
    summary = compliance_for(unit, year)
    assert summary.wealth_reports_complete is True
    assert summary.lhkpn_percent == summary.lhkasn_percent == 100


def test_only_lhkasn_obliged_leaves_lhkpn_unknown(ministry: Ministry, year: AssessmentYear) -> None:
    unit = ministry.units["kanim_sby"]
    add_employee(unit, year, 1, Obligation.LHKASN)
    summary = compliance_for(unit, year)
    assert summary.lhkpn_percent is None
    assert summary.lhkasn_percent == 100
    assert summary.wealth_reports_complete is True


def test_the_summary_feeds_the_predicate_criteria(ministry: Ministry, year: AssessmentYear) -> None:
    unit = ministry.units["kanim_sby"]
    add_finding(unit, year, "1.1", S.FOLLOWED_UP)
    add_finding(unit, year, "1.2", S.OPEN)
    add_employee(unit, year, 1, Obligation.LHKPN, filed=False)
    summary = compliance_for(unit, year)
    instrument = year.instrument.spec()
    score = score_unit(
        instrument,
        UnitInput(
            results={
                "anti_corruption_survey": Decimal(4),
                "tlhp_percent": summary.tlhp_percent,
                "service_survey": Decimal(4),
            },
            answers={},
        ),
    )
    criteria = {
        c.code: c
        for c in evaluate(
            instrument,
            score,
            "WBK",
            UnitStanding(wealth_reports_complete=summary.wealth_reports_complete),
        )
    }
    assert criteria["tlhp"].passed is False and criteria["tlhp"].actual == Decimal("2.5")
    assert criteria["wealth_reports"].passed is False


def test_many_units_in_a_fixed_number_of_queries(ministry: Ministry, year: AssessmentYear) -> None:
    few = [ministry.units["kanim_sby"]]
    many = [u for key, u in ministry.units.items() if key != "kementerian"]
    for n, unit in enumerate(many):
        add_finding(unit, year, "1.1", S.FOLLOWED_UP if n % 2 else S.OPEN)
        add_employee(unit, year, n, filed=bool(n % 3))
    year = AssessmentYear.objects.select_related("instrument").get(pk=year.pk)
    with CaptureQueriesContext(connection) as one:
        compliance_for_units(few, year)
    with CaptureQueriesContext(connection) as all_units:
        summaries = compliance_for_units(many, year)
    assert len(one) == len(all_units) == 2
    assert len(summaries) == len(many)
    assert summaries[many[1].pk].tlhp_percent == 100
    assert summaries[many[0].pk].tlhp_percent == 0
    assert summaries[many[0].pk].wealth_reports_complete is False
    assert summaries[many[1].pk].wealth_reports_complete is True


def test_the_tlhp_percents_alone_agree_with_the_summaries_in_one_query(
    ministry: Ministry, year: AssessmentYear
) -> None:
    units = [u for key, u in ministry.units.items() if key != "kementerian"]
    for n, unit in enumerate(units):
        for m in range(n % 4):  # 0–3 findings, some settled
            add_finding(unit, year, f"{n}.{m}", S.FOLLOWED_UP if (n + m) % 2 else S.OPEN)
    ids = [unit.pk for unit in units]
    with CaptureQueriesContext(connection) as captured:
        percents = tlhp_percents(ids, year)
    assert len(captured) == 1
    summaries = compliance_for_units(ids, year)
    assert percents == {unit_id: summary.tlhp_percent for unit_id, summary in summaries.items()}
    assert percents[units[0].pk] == 100  # no finding: nothing outstanding


def test_scope_counts_agree_with_the_summaries(ministry: Ministry, year: AssessmentYear) -> None:
    from zona.compliance.summary import scope_counts
    from zona.organizations.models import Unit

    units = [u for key, u in ministry.units.items() if key != "kementerian"]
    for n, unit in enumerate(units):
        if n % 3:
            add_finding(unit, year, "1.1", S.FOLLOWED_UP if n % 2 else S.RETURNED)
        if n % 4:
            add_employee(unit, year, n, filed=bool(n % 5))
    scope = Unit.objects.filter(pk__in=[u.pk for u in units])
    summaries = compliance_for_units(scope, year).values()
    with CaptureQueriesContext(connection) as captured:
        counts = scope_counts(scope, year)
    assert len(captured) == 1
    assert counts.units == len(units)
    assert counts.tlhp_complete == sum(1 for s in summaries if s.tlhp_complete)
    assert counts.wealth_complete == sum(1 for s in summaries if s.wealth_reports_complete)
    assert counts.wealth_missing == sum(1 for s in summaries if s.wealth_reports_complete is None)
    assert 0 < counts.tlhp_complete < counts.units
    assert 0 < counts.wealth_complete < counts.units - counts.wealth_missing

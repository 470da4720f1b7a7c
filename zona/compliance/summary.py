"""What other apps read: a unit's compliance figures for a year, and the ministry's grades.

    from zona.compliance.services import compliance_for, compliance_for_units, ministry_standing

    summary = compliance_for(unit, year)
    UnitInput(results={"tlhp_percent": summary.tlhp_percent, ...}, ...)
    UnitStanding(wealth_reports_complete=summary.wealth_reports_complete,
                 ministry=ministry_standing(year))

`compliance_for_units` answers for many units in a fixed number of queries (two for a list
or a page, three for a whole queryset, plus the year's instrument unless it was
`select_related`), so lists and dashboards never query per unit; `tlhp_percents` gives only
the TLHP % (one query), for the survey pre-screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from zona.compliance.models import (
    SETTLED_STATUSES,
    Finding,
    MinistryGrade,
    Obligation,
    ReportStatus,
)
from zona.core.lookups import AnyOf
from zona.cycles.models import AssessmentYear
from zona.employees.models import Employee
from zona.organizations.models import Unit
from zona.scoring import ResultPlan, result_plan

FILED = Q(wealth_report__status=ReportStatus.FILED)  # of an employee on the roster
TLHP_INPUT = "tlhp_percent"  # the result input of the TLHP sub-component in the instruments
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ComplianceSummary:
    unit_id: int
    year: int
    tlhp_findings: int  # every finding counted in the year
    tlhp_followed_up: int  # those settled: followed up, or declared impossible with reason
    tlhp_percent: Decimal  # 0..100 at full precision; 100 when the unit has no finding
    tlhp_component: Decimal | None  # points of the TLHP sub-component; None if not in the LKE
    lhkpn_obliged: int
    lhkpn_filed: int
    lhkasn_obliged: int
    lhkasn_filed: int
    unassigned: int  # on the roster with no obligation recorded yet: counted as not filed
    lhkpn_percent: Decimal | None  # None when nobody of the unit must file it
    lhkasn_percent: Decimal | None
    wealth_percent: Decimal | None  # both reports together; None without an employee list
    wealth_reports_complete: bool | None  # every report filed; None without an employee list

    @property
    def tlhp_outstanding(self) -> int:
        return self.tlhp_findings - self.tlhp_followed_up

    @property
    def employees(self) -> int:
        """On the unit's roster for the year."""
        return self.lhkpn_obliged + self.lhkasn_obliged + self.unassigned

    @property
    def wealth_filed(self) -> int:
        return self.lhkpn_filed + self.lhkasn_filed

    @property
    def tlhp_complete(self) -> bool:
        return self.tlhp_followed_up == self.tlhp_findings


def percent(part: int, whole: int) -> Decimal | None:
    return None if whole == 0 else Decimal(part) * HUNDRED / Decimal(whole)


def tlhp_plan(year: AssessmentYear) -> ResultPlan | None:
    """The scoring engine's plan of the TLHP sub-component of the year's instrument."""
    return result_plan(year.instrument.spec(), TLHP_INPUT)


def tlhp_component(year: AssessmentYear, tlhp_percent: Decimal) -> Decimal | None:
    """Points of the TLHP sub-component, computed by zona.scoring (5 at 100 % in 29/2019)."""
    result = tlhp_plan(year)
    return None if result is None else result.value_of(tlhp_percent)


def compliance_for(unit: Unit, assessment_year: AssessmentYear) -> ComplianceSummary:
    return compliance_for_units([unit], assessment_year)[unit.pk]


def compliance_for_units(
    units: Iterable[Unit | int] | QuerySet[Unit], assessment_year: AssessmentYear
) -> dict[int, ComplianceSummary]:
    """Summaries keyed by unit id, in a fixed number of queries for any number of units."""
    unit_filter: Any
    if isinstance(units, QuerySet) and not units.query.is_sliced:
        # a whole scope: a subquery, not thousands of parameters
        ids = list(units.values_list("pk", flat=True))
        unit_filter = Q(unit_id__in=units.order_by().values("pk"))
    else:
        ids = [unit.pk if isinstance(unit, Unit) else unit for unit in units]
        unit_filter = AnyOf("unit_id", ids)
    if not ids:
        return {}
    findings = _findings(assessment_year, unit_filter)
    # per unit and obligation (None: on the roster without a recorded one): (employees, filed)
    wealth: dict[tuple[int, str | None], tuple[int, int]] = {
        (row["unit_id"], row["wealth_report__obligation"]): (row["total"], row["filed"])
        for row in Employee.objects.filter(
            unit_filter, assessment_year=assessment_year, listed=True
        )
        .values("unit_id", "wealth_report__obligation")
        .annotate(total=Count("pk"), filed=Count("pk", filter=FILED))
        .order_by()
    }
    plan = tlhp_plan(assessment_year)
    return {unit_id: _summary(unit_id, assessment_year, findings, wealth, plan) for unit_id in ids}


def tlhp_percents(unit_ids: Sequence[int], assessment_year: AssessmentYear) -> dict[int, Decimal]:
    """The TLHP % of each unit alone (what the survey pre-screen needs), in one query."""
    findings = _findings(assessment_year, AnyOf("unit_id", unit_ids))
    return {unit_id: _tlhp_percent(*findings.get(unit_id, (0, 0))) for unit_id in unit_ids}


def _findings(year: AssessmentYear, unit_filter: Q | AnyOf) -> dict[int, tuple[int, int]]:
    """(findings, settled) of each unit with findings in the year."""
    return {
        row["unit_id"]: (row["total"], row["settled"])
        for row in Finding.objects.filter(unit_filter, assessment_year=year)
        .values("unit_id")
        .annotate(total=Count("pk"), settled=Count("pk", filter=Q(status__in=SETTLED_STATUSES)))
        .order_by()
    }


def _tlhp_percent(total: int, settled: int) -> Decimal:
    tlhp = percent(settled, total)
    return HUNDRED if tlhp is None else tlhp  # nothing outstanding


def _summary(
    unit_id: int,
    year: AssessmentYear,
    findings: dict[int, tuple[int, int]],
    wealth: dict[tuple[int, str | None], tuple[int, int]],
    plan: ResultPlan | None,
) -> ComplianceSummary:
    total, settled = findings.get(unit_id, (0, 0))
    tlhp_percent = _tlhp_percent(total, settled)
    lhkpn_obliged, lhkpn_filed = wealth.get((unit_id, Obligation.LHKPN), (0, 0))
    lhkasn_obliged, lhkasn_filed = wealth.get((unit_id, Obligation.LHKASN), (0, 0))
    unassigned = wealth.get((unit_id, None), (0, 0))[0]
    employees = lhkpn_obliged + lhkasn_obliged + unassigned
    filed = lhkpn_filed + lhkasn_filed
    return ComplianceSummary(
        unit_id=unit_id,
        year=year.year,
        tlhp_findings=total,
        tlhp_followed_up=settled,
        tlhp_percent=tlhp_percent,
        tlhp_component=None if plan is None else plan.value_of(tlhp_percent),
        lhkpn_obliged=lhkpn_obliged,
        lhkpn_filed=lhkpn_filed,
        lhkasn_obliged=lhkasn_obliged,
        lhkasn_filed=lhkasn_filed,
        unassigned=unassigned,
        lhkpn_percent=percent(lhkpn_filed, lhkpn_obliged),
        lhkasn_percent=percent(lhkasn_filed, lhkasn_obliged),
        wealth_percent=percent(filed, employees),
        wealth_reports_complete=None if employees == 0 else filed == employees,
    )


@dataclass(frozen=True)
class ScopeCounts:
    units: int
    tlhp_complete: int  # units with every finding followed up (or none)
    wealth_complete: int  # units whose every employee filed
    wealth_missing: int  # units without an employee list for the year


def scope_counts(units: QuerySet[Unit], assessment_year: AssessmentYear) -> ScopeCounts:
    """How many units of a scope are complete, in one query (EXISTS per unit, no per-row work)."""
    findings = Finding.objects.filter(unit=OuterRef("pk"), assessment_year=assessment_year)
    outstanding = Exists(findings.exclude(status__in=SETTLED_STATUSES))
    has_list, unfiled = wealth_conditions(assessment_year)
    counts = units.order_by().aggregate(
        units=Count("pk"),
        tlhp_complete=Count("pk", filter=~outstanding),
        wealth_complete=Count("pk", filter=has_list & ~unfiled),
        wealth_missing=Count("pk", filter=~has_list),
    )
    return ScopeCounts(**counts)


def wealth_conditions(assessment_year: AssessmentYear) -> tuple[Exists, Exists]:
    """Conditions on a Unit queryset: it has a roster for the year; someone on it has not
    filed (or has no obligation recorded yet)."""
    roster = Employee.objects.filter(
        unit=OuterRef("pk"), assessment_year=assessment_year, listed=True
    )
    return Exists(roster), Exists(roster.exclude(FILED))


def current_ministry_grades(assessment_year: AssessmentYear) -> dict[str, MinistryGrade]:
    """The newest entry per scale of the year's instrument (one query)."""
    scales = {scale.key for scale in assessment_year.instrument.spec().ministry_scales}
    current: dict[str, MinistryGrade] = {}
    entries = MinistryGrade.objects.filter(assessment_year=assessment_year).select_related(
        "created_by", "document"
    )
    for entry in entries.order_by("-created_at", "-pk"):
        if entry.scale in scales and entry.scale not in current:
            current[entry.scale] = entry
    return current


def ministry_standing(assessment_year: AssessmentYear) -> dict[str, str] | None:
    """The `ministry` mapping of zona.scoring's UnitStanding: the grades entered so far
    ({"bpk_opinion": "WTP", "akip": "BB"}), or None when none is entered. A scale without an
    entry is left out, so the scoring reports that criterion as not assessed."""
    grades = {
        scale: entry.grade for scale, entry in current_ministry_grades(assessment_year).items()
    }
    return grades or None

"""The figures of the dashboards, for any set of units, in a fixed number of queries.

Every figure comes from a summary kept current by the services (an LKE's summary row, the
survey tallies, the compliance counts, the register), never from scoring raw answers here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zona.assessments.models import Assessment, AssessmentSummary
from zona.assessments.summary import summary_of
from zona.assessments.workflow import Status, Tier
from zona.compliance.summary import ComplianceSummary, compliance_for_units
from zona.cycles.models import AssessmentYear, Stage
from zona.instruments.spec import InstrumentSpec
from zona.organizations.models import Unit, UnitKind
from zona.proposals.models import Grant
from zona.surveys.models import SurveyPeriod
from zona.surveys.results import UnitResults, results_for_units

NOT_STARTED = "not_started"
LINE_FIELDS = (
    "name", "short_name", "code", "kind", "upt_type", "province", "parent", "pembina", "path",
)  # fmt: skip
TARGETS = ("WBK", "WBBM")
VERIFIED = {Status.VERIFIED_BY_KANWIL, Status.VERIFIED_BY_ESELON_I, Status.VERIFIED}


def status_choices() -> list[tuple[str, str]]:
    """The LKE statuses in the order of the work, "not started" first."""
    return [(NOT_STARTED, _("Not started")), *((key, str(label)) for key, label in Status.choices)]


# The stages of an LKE, each a group of statuses: what the charts count.
STAGE_OF = {
    NOT_STARTED: "not_started",
    Status.DRAFT: "filling",
    Status.AT_KANWIL: "verifying",
    Status.AT_ESELON_I: "verifying",
    Status.AT_TPI: "verifying",
    Status.RETURNED_BY_KANWIL: "returned",
    Status.RETURNED_BY_ESELON_I: "returned",
    Status.RETURNED_BY_TPI: "returned",
    Status.VERIFIED_BY_KANWIL: "verified",
    Status.VERIFIED_BY_ESELON_I: "verified",
    Status.VERIFIED: "verified",
}


def stage_choices() -> list[tuple[str, str]]:
    return [
        ("not_started", _("Not started")),
        ("filling", _("Being filled in")),
        ("verifying", _("Being verified")),
        ("returned", _("Returned for correction")),
        ("verified", _("Verified")),
    ]


@dataclass
class UnitLine:
    """One unit as every dashboard and the cross-unit LKE list show it."""

    unit: Unit
    assessment: Assessment | None
    summary: AssessmentSummary | None
    results: UnitResults | None
    compliance: ComplianceSummary | None
    result: Decimal | None = None  # result points (surveys and TLHP); None until all known
    total: Decimal | None = None
    meets: dict[str, bool | None] = field(default_factory=dict)  # None: not scored yet
    predicate: str = ""  # the highest predicate the register shows
    heads: dict[int, Unit] = field(default_factory=dict, repr=False)  # Eselon I and Kanwil

    @property
    def status(self) -> str:
        return self.assessment.status if self.assessment else NOT_STARTED

    @property
    def stage(self) -> str:
        return STAGE_OF[self.status]

    @property
    def status_label(self) -> str:
        return str(dict(status_choices())[self.status])

    @property
    def leverage(self) -> Decimal | None:
        return self.summary.leverage if self.summary else None

    @property
    def changed(self) -> datetime | None:
        return self.assessment.updated_at if self.assessment else None

    def overdue(self, today: date) -> int:
        return self.summary.overdue(today) if self.summary else 0

    @property
    def tier_scores(self) -> list[tuple[str, Decimal | None]]:
        """The leverage score per tier (satker, Kanwil, Eselon I, TPI); None where the tier
        has not acted or is not in the unit's chain."""
        scores = self.summary.leverage_by_tier if self.summary else {}
        return [
            (str(label), Decimal(scores[tier]) if tier in scores else None)
            for tier, label in Tier.choices
        ]

    @property
    def returned(self) -> int:
        return self.summary.returned if self.summary else 0

    @property
    def verdict(self) -> str:
        """WBK, WBBM, "" (not met) or None-like "?" (not scored yet), on the scores alone."""
        if self.meets.get("WBBM"):
            return "WBBM"
        if self.meets.get("WBK"):
            return "WBK"
        return "" if self.meets.get("WBK") is False else "?"

    @property
    def samples_met(self) -> tuple[int, int]:
        """(surveys whose Krejcie–Morgan sample is reached, surveys with a sample to reach)."""
        surveys = [
            s for s in (self.results.surveys if self.results else ()) if s.required is not None
        ]
        return sum(1 for s in surveys if s.short_of_sample == 0), len(surveys)

    @property
    def ready_to_propose(self) -> bool:
        """Its LKE verified at some level, and its scores meet WBK."""
        return self.status in VERIFIED and bool(self.meets.get("WBK"))

    @property
    def eselon_i(self) -> Unit | None:
        if self.unit.kind == UnitKind.ESELON_I:
            return self.unit
        return self.heads.get(self.unit.pembina_id or 0)

    @property
    def kanwil(self) -> Unit | None:
        if self.unit.kind == UnitKind.KANWIL:
            return self.unit
        parent = self.heads.get(self.unit.parent_id or 0)
        return parent if parent is not None and parent.kind == UnitKind.KANWIL else None


def unit_lines(units: QuerySet[Unit], year: AssessmentYear) -> list[UnitLine]:
    """Every satker of `units` (the ministry itself is not assessed) with its figures."""
    satker = list(units.exclude(kind=UnitKind.KEMENTERIAN).only(*LINE_FIELDS).order_by("path"))
    # the Eselon I and Kanwil the lines are grouped by, once (a few dozen), not per line
    heads = {
        unit.pk: unit
        for unit in Unit.objects.filter(kind__in=(UnitKind.ESELON_I, UnitKind.KANWIL)).only(
            *LINE_FIELDS
        )
    }
    ids = [unit.pk for unit in satker]
    scope = units.exclude(kind=UnitKind.KEMENTERIAN).order_by().values("pk")
    assessments = {
        lke.unit_id: lke
        for lke in Assessment.objects.filter(assessment_year=year, unit_id__in=scope)
        .select_related("summary")
        .order_by()
    }
    period = SurveyPeriod.objects.filter(assessment_year=year).first()
    results = results_for_units(period, satker) if period is not None and satker else {}
    compliance = compliance_for_units(satker, year) if satker else {}
    held = _predicates(ids)
    spec = year.instrument.spec()
    lines = []
    for unit in satker:
        lke = assessments.get(unit.pk)
        line = UnitLine(
            unit=unit,
            assessment=lke,
            summary=summary_of(lke),
            results=results.get(unit.pk),
            compliance=compliance.get(unit.pk),
            predicate=held.get(unit.pk, ""),
            heads=heads,
        )
        _score(line, spec)
        lines.append(line)
    return lines


def _predicates(unit_ids: Sequence[int]) -> dict[int, str]:
    held: dict[int, str] = {}
    for unit_id, predicate in (
        Grant.objects.filter(unit_id__in=unit_ids).order_by("year").values_list("unit", "predicate")
    ):
        if held.get(unit_id) != "WBBM":
            held[unit_id] = predicate
    return held


def _score(line: UnitLine, spec: InstrumentSpec) -> None:
    """The total and whether the scores meet each predicate's minimums (the leverage part
    from the LKE's summary, the result part from the surveys and TLHP)."""
    groups = dict(line.results.groups) if line.results else {}
    components = dict(line.results.components) if line.results else {}
    if groups and len(groups) == len(spec.result_groups):
        line.result = sum(groups.values(), Decimal(0))
    if line.summary is None or line.result is None:
        line.meets = dict.fromkeys(TARGETS)
        return
    line.total = line.summary.leverage + line.result
    values = {**components, **groups, "total": line.total}
    leverage_met = {
        "WBK": line.summary.leverage_meets_wbk,
        "WBBM": line.summary.leverage_meets_wbbm,
    }
    for target in TARGETS:
        minimums = spec.predicate(target).minimums
        result_met = all(
            values[measure] >= minimum for measure, minimum in minimums if measure in values
        )
        line.meets[target] = leverage_met[target] and result_met


# --- what the charts and tables count ------------------------------------------------------


def stage_counts(lines: Iterable[UnitLine]) -> Counter[str]:
    return Counter(line.stage for line in lines)


def stage_by(lines: Iterable[UnitLine], group: str) -> list[tuple[str, Counter[str]]]:
    """Stage counts per Eselon I (`group="eselon_i"`) or per Kanwil (`"kanwil"`), by name;
    units outside any such group are left out."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        owner = getattr(line, group)
        if owner is not None:
            counts[str(owner)][line.stage] += 1
    return sorted(counts.items())


@dataclass(frozen=True)
class Coverage:
    code: str
    name: str
    sample_met: int  # units whose accepted responses reach the Krejcie–Morgan sample
    answered: int  # units with at least one accepted response
    units: int


def survey_coverage(lines: Sequence[UnitLine]) -> list[Coverage]:
    found: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for line in lines:
        for figures in line.results.surveys if line.results else ():
            code = figures.spec.code
            names[code] = figures.spec.title
            met, answered = found.setdefault(code, [0, 0])
            found[code] = [
                met + (figures.short_of_sample == 0),
                answered + (figures.counters.accepted > 0),
            ]
    return [Coverage(code, names[code], met, n, len(lines)) for code, (met, n) in found.items()]


def prescreen_counts(lines: Iterable[UnitLine]) -> Counter[str]:
    return Counter(
        str(line.results.prescreen)
        for line in lines
        if line.results is not None and line.results.prescreen is not None
    )


@dataclass(frozen=True)
class ComplianceCounts:
    tlhp_complete: int
    with_findings: int
    wealth_complete: int
    with_roster: int
    units: int


def compliance_counts(lines: Sequence[UnitLine]) -> ComplianceCounts:
    known = [line.compliance for line in lines if line.compliance is not None]
    return ComplianceCounts(
        tlhp_complete=sum(1 for c in known if c.tlhp_findings and c.tlhp_complete),
        with_findings=sum(1 for c in known if c.tlhp_findings),
        wealth_complete=sum(1 for c in known if c.wealth_reports_complete),
        with_roster=sum(1 for c in known if c.wealth_reports_complete is not None),
        units=len(lines),
    )


def verdict_counts(lines: Iterable[UnitLine]) -> Counter[str]:
    return Counter(line.verdict for line in lines)


def predicate_by(lines: Iterable[UnitLine], group: str) -> list[tuple[str, Counter[str]]]:
    """Units holding each predicate, per province (`group="province"`) or per Eselon I."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        if not line.predicate:
            continue
        if group == "province":
            name = line.unit.province or "—"
        else:
            owner = line.eselon_i
            name = str(owner) if owner else "—"
        counts[name][line.predicate] += 1
    return sorted(counts.items())


def deadlines(year: AssessmentYear, today: date, ahead: int = 4) -> list[Stage]:
    """The stages still running or to come, soonest end first."""
    return list(year.stages.filter(ends_on__gte=today).order_by("ends_on", "number")[:ahead])

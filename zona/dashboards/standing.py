"""A unit's own dashboard: its six areas against the WBK and WBBM lines, its result
components against their minimums, one verdict with its reasons, and what to fix first."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from zona.assessments.models import Assessment
from zona.assessments.sheet import load_sheet
from zona.assessments.summary import summary_of
from zona.cycles.models import AssessmentYear
from zona.dashboards import charts
from zona.instruments.spec import InstrumentSpec
from zona.organizations.models import Unit
from zona.proposals.verdict import Verdict, held_predicate, verdict_for
from zona.surveys.models import SurveyPeriod
from zona.surveys.results import results_for_unit


@dataclass(frozen=True)
class Measure:
    """A result component or group against a predicate's minimum."""

    name: str
    value: Decimal | None
    weight: Decimal
    minimum: Decimal | None

    @property
    def met(self) -> bool | None:
        if self.value is None or self.minimum is None:
            return None
        return self.value >= self.minimum

    @property
    def percent(self) -> float:
        return 0.0 if self.value is None else float(100 * self.value / self.weight)

    @property
    def minimum_percent(self) -> float | None:
        return None if self.minimum is None else float(100 * self.minimum / self.weight)


def unit_context(unit: Unit, year: AssessmentYear) -> dict[str, object]:
    spec = year.instrument.spec()
    lke = (
        Assessment.objects.filter(unit=unit, assessment_year=year)
        .select_related("unit", "assessment_year__instrument", "summary")
        .first()
    )
    summary = summary_of(lke)
    target = "WBBM" if held_predicate(unit.pk, before_year=year.year) else "WBK"
    context: dict[str, object] = {
        "unit": unit,
        "year": year,
        "lke": lke,
        "summary": summary,
        "target": target,
        "measures": _measures(unit, year, spec, target),
    }
    if lke is None or summary is None:
        return context
    verdict: Verdict = verdict_for(lke, summary.judged_tier, target)
    context |= {
        "radar": charts.radar(
            [(area.name, Decimal(summary.area_percent.get(area.key, "0"))) for area in spec.areas],
            rings=_area_lines(spec),
        ),
        "areas": [
            (area.name, Decimal(summary.area_percent.get(area.key, "0"))) for area in spec.areas
        ],
        "verdict": verdict,
        "gap": load_sheet(lke, target).gap,
    }
    return context


def _area_lines(spec: InstrumentSpec) -> tuple[int, ...]:
    """Each predicate's minimum % per area (60 and 75 in the regulation), and 100 %."""
    lines = {
        int(dict(p.minimums)["area_percent"])
        for p in spec.predicates
        if "area_percent" in dict(p.minimums)
    }
    return (*sorted(lines), 100)


def _measures(unit: Unit, year: AssessmentYear, spec: InstrumentSpec, target: str) -> list[Measure]:
    period = SurveyPeriod.objects.filter(assessment_year=year).first()
    results = results_for_unit(period, unit) if period is not None else None
    values = {**(results.components if results else {}), **(results.groups if results else {})}
    minimums = dict(spec.predicate(target).minimums)
    measures = []
    for group in spec.result_groups:
        measures.append(
            Measure(group.name, values.get(group.key), group.weight, minimums.get(group.key))
        )
        for component in group.components:
            if component.key != group.key:
                measures.append(
                    Measure(
                        f"— {component.name}",
                        values.get(component.key),
                        component.weight,
                        minimums.get(component.key),
                    )
                )
    return measures


EXPORT_COLUMNS = ["bagian", "ukuran", "nilai", "bobot_atau_batas", "terpenuhi"]


def export_rows(context: dict[str, object]) -> list[list[object]]:
    """The dashboard's figures: the verdict's criteria, each area's %, each result component."""
    rows: list[list[object]] = []
    verdict = context.get("verdict")
    if isinstance(verdict, Verdict):
        rows.append(
            ["verdict", f"total ({context['target']})", verdict.total, None, _yes(verdict.eligible)]
        )
        for criterion in verdict.criteria:
            rows.append(
                [
                    "kriteria",
                    criterion.message,
                    _plain(criterion.actual),
                    _plain(criterion.required),
                    _yes(criterion.passed),
                ]
            )
        for name in verdict.missing:
            rows.append(["kriteria", name, None, None, "belum diketahui"])
    for name, percent in context.get("areas", []) or []:  # type: ignore[attr-defined]
        rows.append(["area", name, percent, None, None])
    for measure in context.get("measures", []) or []:  # type: ignore[attr-defined]
        rows.append(
            ["hasil", measure.name.lstrip("— "), measure.value, measure.minimum, _yes(measure.met)]
        )
    return rows


def _yes(value: bool | None) -> str:
    return {True: "ya", False: "tidak", None: "belum diketahui"}[value]


def _plain(value: object) -> object:
    return value if isinstance(value, (int, float, Decimal)) or value is None else str(value)

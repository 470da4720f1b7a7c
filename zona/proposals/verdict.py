"""The verdict on a unit for a predicate, from Zona's own records, as a proposal keeps it.

The inputs are never typed by hand: the answers of the tier that judges (its own where it
recorded one, else the tier's below), the survey indices of the year's survey period, the
unit's TLHP and LHKPN/LHKASN from compliance, the ministry's BPK opinion and AKIP grade, and
the predicate the unit holds from the register. The scoring engine (zona.scoring, pure) does
the rest. `Verdict.snapshot()` is what a proposal stores: later changes never rewrite it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from zona.assessments.models import Answer, Assessment
from zona.assessments.sheet import effective_answers_of
from zona.assessments.workflow import Tier
from zona.compliance.summary import compliance_for, ministry_standing
from zona.instruments.spec import InstrumentSpec
from zona.proposals.models import Grant, Predicate
from zona.scoring import (
    PENETAPAN,
    ScoringInputError,
    UnitInput,
    UnitStanding,
    assess_unit,
    is_condition,
)
from zona.scoring.model import Criterion
from zona.surveys.arithmetic import to_decimal
from zona.surveys.models import SurveyPeriod
from zona.surveys.results import results_for_unit

# The condition that the lines of proposal check with the score minimums (WBBM after WBK).
PREVIOUS = "previous_predicate"


@dataclass(frozen=True)
class Verdict:
    """How a unit stands against a predicate now, and on what."""

    target: str
    tier: str  # whose answers were scored
    instrument: str  # code@SHA-256 (first 12) of the instrument file as loaded
    inputs: dict[str, Any]  # the result inputs and the standing, as plain JSON values
    total: Decimal | None  # None when the unit cannot be scored yet
    criteria: tuple[Criterion, ...]
    missing: tuple[str, ...]  # what is not in the records yet, by name (a survey, the TLHP)

    @property
    def tier_label(self) -> str:
        return str(Tier(self.tier).label)

    @property
    def scored(self) -> bool:
        return self.total is not None

    @property
    def meets_scores(self) -> bool:
        """The score thresholds are met, and the predicate needed before (WBK for WBBM)."""
        return self.scored and all(
            c.passed for c in self.criteria if not is_condition(c) or c.code == PREVIOUS
        )

    @property
    def eligible(self) -> bool:
        """Every criterion met, the ministry's and LHKPN/LHKASN included (none unknown)."""
        return self.scored and all(c.passed for c in self.criteria)

    @property
    def reasons(self) -> list[str]:
        """What stands in the way, in the scoring engine's words."""
        found = [_("%(name)s: no data yet") % {"name": name} for name in self.missing]
        return found + [c.message for c in self.criteria if not c.passed]

    def snapshot(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "tier": self.tier,
            "instrument": self.instrument,
            "inputs": self.inputs,
            "total": None if self.total is None else str(self.total),
            "criteria": [
                {
                    "code": c.code,
                    "passed": c.passed,
                    "actual": _plain(c.actual),
                    "required": _plain(c.required),
                    "message": c.message,
                }
                for c in self.criteria
            ],
            "missing": list(self.missing),
            "meets_scores": self.meets_scores,
            "eligible": self.eligible,
        }


def verdict_for(assessment: Assessment, tier: str, target: str) -> Verdict:
    """The unit of `assessment` judged for `target` on `tier`'s answers, with every condition
    of the predicate (met, not met, or not known yet)."""
    year = assessment.assessment_year
    spec: InstrumentSpec = year.instrument.spec()
    results, missing = _result_inputs(assessment, spec)
    standing = UnitStanding(
        wealth_reports_complete=compliance_for(assessment.unit, year).wealth_reports_complete,
        previous_predicate=held_predicate(assessment.unit_id, before_year=year.year),
        ministry=ministry_standing(year),
    )
    inputs = {
        "results": {name: _plain(value) for name, value in results.items()},
        "wealth_reports_complete": standing.wealth_reports_complete,
        "previous_predicate": standing.previous_predicate,
        "ministry": dict(standing.ministry or {}),
    }
    instrument = f"{spec.code}@{year.instrument.source_sha256[:12]}"
    if missing:
        return Verdict(target, tier, instrument, inputs, None, (), tuple(missing))
    unit_input = UnitInput(results=results, answers=tier_answers(assessment, tier))
    try:
        judged = assess_unit(spec, unit_input, target, standing, stage=PENETAPAN)
    except ScoringInputError as error:
        problems = tuple(problem.path or str(problem) for problem in error.problems)
        return Verdict(target, tier, instrument, inputs, None, (), problems)
    return Verdict(target, tier, instrument, inputs, judged.score.total, judged.criteria, ())


def tier_answers(assessment: Assessment, tier: str) -> dict[str, Any]:
    """The answers `tier` stands behind: its own where it recorded one, else the tier's below."""
    answers = Answer.objects.filter(assessment=assessment).select_related("question")
    return effective_answers_of(assessment.unit, answers)[Tier(tier)]


def held_predicate(unit_id: int, *, before_year: int) -> str | None:
    """The highest predicate the register shows the unit holding before `before_year`."""
    held = set(
        Grant.objects.filter(unit_id=unit_id, year__lt=before_year).values_list(
            "predicate", flat=True
        )
    )
    for predicate in (Predicate.WBBM, Predicate.WBK):
        if predicate in held:
            return str(predicate)
    return None


def _result_inputs(
    assessment: Assessment, spec: InstrumentSpec
) -> tuple[dict[str, Any], list[str]]:
    """The result components' inputs from the surveys and compliance; the missing ones."""
    year = assessment.assessment_year
    period = SurveyPeriod.objects.filter(assessment_year=year).first()
    surveys = results_for_unit(period, assessment.unit) if period is not None else None
    tlhp = compliance_for(assessment.unit, year).tlhp_percent
    found: dict[str, Any] = {}
    missing: list[str] = []
    for component in spec.result_components:
        value: Any = None
        if component.input == "tlhp_percent":
            value = tlhp
        elif surveys is not None:
            figures = next((s for s in surveys.surveys if s.feeds == component.input), None)
            if figures is not None and figures.result.index is not None:
                value = to_decimal(figures.result.index)
        if value is None:
            missing.append(component.name)
        else:
            found[component.input] = value
    return found, missing


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value

"""Gap to a predicate: what fails, and which items to raise first.

For every criterion not met, the shortfall in the criterion's own units (points of the
measure; for an area, points of that area's value). When a leverage criterion fails (the total,
the leverage, a leverage component or an area), the items that could still rise are ranked by
the leverage points each would add if raised to its best answer: weight of its indicator ÷
number of items × (best value − current value). Unanswered items count 0, so they lead.
When the total or the leverage falls short every area's items count; when only some areas
fall short, only theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from zona.instruments.spec import InstrumentSpec
from zona.scoring.model import (
    Criterion,
    Gap,
    ImprovementItem,
    Shortfall,
    UnitInput,
    UnitScore,
)
from zona.scoring.plan import HUNDRED, ZERO, plan_for

AREA_PREFIX = "area."


def gap_to_predicate(
    instrument: InstrumentSpec,
    unit: UnitInput,
    score: UnitScore,
    criteria: Sequence[Criterion],
) -> Gap:
    """The failing criteria of `criteria` (from `evaluate`) and the items worth raising."""
    failing = tuple(_shortfall(score, criterion) for criterion in criteria if not criterion.passed)
    areas = _areas_to_raise(instrument, [shortfall.criterion for shortfall in failing])
    if not areas:
        return Gap(failing, ())
    if unit.answers is None:
        items = _area_items(score, areas)
    else:
        items = _question_items(instrument, unit, score, areas)
    return Gap(failing, tuple(items))


def _shortfall(score: UnitScore, criterion: Criterion) -> Shortfall:
    required, actual = criterion.required, criterion.actual
    if not isinstance(required, Decimal) or not isinstance(actual, Decimal):
        return Shortfall(criterion, None)  # a grade, a fact, or not assessed
    if criterion.code.startswith(AREA_PREFIX):
        area = score.leverage.area(criterion.code.removeprefix(AREA_PREFIX))
        return Shortfall(criterion, area.weight * required / HUNDRED - area.value)
    return Shortfall(criterion, required - actual)


def _areas_to_raise(instrument: InstrumentSpec, failing: list[Criterion]) -> set[str]:
    codes = {criterion.code for criterion in failing if criterion.passed is False}
    if codes & {"total", "leverage"}:
        return {area.key for area in instrument.areas}
    components = codes & {component.key for component in instrument.leverage_components}
    areas = {area.key for area in instrument.areas if area.component in components}
    return areas | {
        code.removeprefix(AREA_PREFIX) for code in codes if code.startswith(AREA_PREFIX)
    }


def _question_items(
    instrument: InstrumentSpec, unit: UnitInput, score: UnitScore, areas: set[str]
) -> list[ImprovementItem]:
    plan = plan_for(instrument)
    answers = unit.answers or {}
    ranked = []
    for area in instrument.areas:
        if area.key not in areas:
            continue
        for indicator in area.indicators:
            for question in indicator.questions:
                step = plan.questions[question.code]
                current = score.item_values.get(question.code, ZERO)
                points = (step.best - current) * step.points_per_value
                if points > 0:
                    item = ImprovementItem(
                        area=area.key,
                        indicator=indicator.code,
                        question=question.code,
                        answer=answers.get(question.code),
                        value=current,
                        points=points,
                    )
                    ranked.append((-points, step.order, item))
    ranked.sort()  # most points first, then the instrument's order (unique: items never compared)
    return [item for _, _, item in ranked]


def _area_items(score: UnitScore, areas: set[str]) -> list[ImprovementItem]:
    items = [
        ImprovementItem(area.key, None, None, None, area.value, area.weight - area.value)
        for area in score.leverage.areas
        if area.key in areas and area.value < area.weight
    ]
    return sorted(items, key=lambda item: -item.points)

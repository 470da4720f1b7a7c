"""The criteria of a predicate (Permenkumham 29/2019 Bab III A.3 and B), read from the instrument.

Every threshold is inclusive (>=). The numbers live in the instrument file; this module only
knows the *kinds* of criterion. The score minimums:

- a minimum on a measure (total, leverage, a leverage or result component, a result group);
- `area_percent`: every leverage area at least that share of its weight;

and the conditions beyond the score:

- the predicate held before (WBBM only after WBK, Bab III A.3.b.4 and A.3.d.2.a);
- 100 % LHKPN/LHKASN (A.3.d.1.e, A.3.d.2.f);
- the ministry's grades (BPK opinion, AKIP: A.3.a), compared on the scale's order.

Every criterion is met (passed True), not met (False) or not yet known (None: the data was
not given, or the wealth reports at the pre-review, before they are due). Both stages report
every criterion: "penetapan" (A.3.d with A.3.a and A.3.b.4, the default) and "pra_reviu"
(A.3.c, the TPI's result before the TPN review, whose score minimums are the same). A unit
is eligible only when every criterion is met; `meets_scores` looks at the score minimums alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache

from zona.instruments.spec import (
    AREA_PERCENT,
    LEVERAGE,
    PERCENT,
    TOTAL,
    InstrumentSpec,
    PredicateSpec,
    ResultComponentSpec,
)
from zona.scoring.messages import DEFAULT_LANGUAGE, format_plain, message
from zona.scoring.model import (
    NOT_GIVEN,
    AreaScore,
    Criterion,
    NotGiven,
    Problem,
    ResultScore,
    ScoringInputError,
    UnitScore,
    UnitStanding,
)
from zona.scoring.plan import HUNDRED

PENETAPAN, PRA_REVIU = "penetapan", "pra_reviu"
STAGES = (PENETAPAN, PRA_REVIU)
# The codes of the conditions beyond the score (a prefix for the ministry's grades).
CONDITION_CODES = ("previous_predicate", "wealth_reports", "ministry.")


def evaluate(
    instrument: InstrumentSpec,
    score: UnitScore,
    target: str,
    standing: UnitStanding | None = None,
    *,
    stage: str = PENETAPAN,
    lang: str = DEFAULT_LANGUAGE,
) -> list[Criterion]:
    """Every criterion of predicate `target` ("WBK", "WBBM") for a scored unit, in order."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; use one of {STAGES}")
    predicate = instrument.predicate(target)
    standing = standing or UnitStanding()
    problems = standing_problems(instrument, standing)
    if problems:
        raise ScoringInputError(problems)
    criteria: list[Criterion] = []
    if required := predicate.requires_predicate:
        held = standing.previous_predicate
        criteria.append(_previous(instrument, predicate, required, held, "previous", lang))
    for measure, minimum in predicate.minimums:
        if measure == AREA_PERCENT:
            criteria.extend(_area(area, minimum, lang) for area in score.leverage.areas)
        else:
            criteria.append(_minimum(instrument, measure, score.measure(measure), minimum, lang))
    if predicate.requires_wealth_reports:
        criteria.append(_wealth_reports(standing.wealth_reports_complete, stage, lang))
    criteria.extend(_ministry(instrument, predicate, standing.ministry, lang))
    return criteria


def evaluate_prescreen(
    instrument: InstrumentSpec, result: ResultScore, *, lang: str = DEFAULT_LANGUAGE
) -> list[Criterion]:
    """The survey pre-screen of Bab III B: proposed up the line, or coached by the level above."""
    if instrument.prescreen is None:
        raise ValueError(f"instrument {instrument.code} has no survey pre-screen")
    values = {**result.components, **result.groups}
    return [
        _minimum(instrument, measure, values[measure], minimum, lang, prefix="prescreen.")
        for measure, minimum in instrument.prescreen.minimums
    ]


def evaluate_kawasan(
    instrument: InstrumentSpec,
    target: str,
    members: Mapping[str, Sequence[Criterion]],
    integration_score: Decimal | None,
    previous_predicate: str | None = None,
    *,
    lang: str = DEFAULT_LANGUAGE,
) -> list[Criterion]:
    """Kawasan criteria (Bab III A.3.d.3-4) from each member unit's own criteria for `target`."""
    if not members:
        raise ValueError("a kawasan needs at least one member unit")
    predicate = instrument.predicate(target)
    minimum = predicate.kawasan_integration_minimum
    if minimum is None:
        raise ValueError(f"instrument {instrument.code} has no kawasan criteria for {target}")
    criteria = []
    if required := predicate.requires_predicate:
        held = previous_predicate
        criteria.append(_previous(instrument, predicate, required, held, "kawasan.previous", lang))
    for unit, unit_criteria in members.items():
        failing = [criterion.code for criterion in unit_criteria if criterion.passed is not True]
        passed: bool | None = not failing
        if failing and all(criterion.passed is not False for criterion in unit_criteria):
            passed = None  # nothing failed, something is not known yet: not assessed
        state = "unknown" if passed is None else ("passed" if passed else "failed")
        text = message(
            f"kawasan.unit.{state}",
            lang,
            unit=unit,
            target=predicate.name,
            codes=", ".join(failing),
        )
        criteria.append(Criterion(f"kawasan.unit.{unit}", passed, passed, True, text))
    criteria.append(_integration(integration_score, minimum, lang))
    return criteria


def standing_problems(instrument: InstrumentSpec, standing: UnitStanding) -> list[Problem]:
    """What is wrong with the facts of a unit: an unknown predicate, scale or grade."""
    problems = []
    predicates = [predicate.code for predicate in instrument.predicates]
    held = standing.previous_predicate
    if isinstance(held, str) and held not in predicates:
        choices = ", ".join(predicates)
        problems.append(Problem("previous_predicate", "one_of", {"choices": choices}))
    scales = {scale.key: scale for scale in instrument.ministry_scales}
    for key, grade in (standing.ministry or {}).items():
        if key not in scales:
            problems.append(Problem(f"ministry.{key}", "unknown_key"))
        elif grade not in scales[key].order:
            choices = ", ".join(scales[key].order)
            problems.append(Problem(f"ministry.{key}", "one_of", {"choices": choices}))
    return problems


def is_eligible(criteria: Iterable[Criterion]) -> bool:
    """True only if every criterion passed; one not yet known (passed None) is not a pass."""
    return all(criterion.passed is True for criterion in criteria)


def is_condition(criterion: Criterion) -> bool:
    """Whether `criterion` is a condition beyond the score (CONDITION_CODES)."""
    return criterion.code.startswith(CONDITION_CODES)


def meets_scores(criteria: Iterable[Criterion]) -> bool:
    """True if every score minimum passed, whatever the conditions beyond the score."""
    return all(criterion.passed is True for criterion in criteria if not is_condition(criterion))


# ---------------------------------------------------------------------------------------


def _minimum(
    instrument: InstrumentSpec,
    measure: str,
    actual: Decimal,
    minimum: Decimal,
    lang: str,
    prefix: str = "",
) -> Criterion:
    passed = actual >= minimum
    text = message(
        "minimum.passed" if passed else "minimum.failed",
        lang,
        name=_measure_name(instrument, measure, lang),
        actual=actual,
        detail=_detail(instrument, measure, actual, minimum, lang),
        required=minimum,
        shortfall=minimum - actual,
    )
    return Criterion(f"{prefix}{measure}", passed, actual, minimum, text)


def _measure_name(instrument: InstrumentSpec, measure: str, lang: str) -> str:
    if measure in (TOTAL, LEVERAGE):
        return message(f"measure.{measure}", lang)
    return _names(instrument)[measure]


@lru_cache(maxsize=32)
def _names(instrument: InstrumentSpec) -> dict[str, str]:
    names = {component.key: component.name for component in instrument.leverage_components}
    names.update({component.key: component.name for component in instrument.result_components})
    names.update({group.key: group.name for group in instrument.result_groups})  # the rule's words
    return names


@lru_cache(maxsize=32)
def _result_components(instrument: InstrumentSpec) -> dict[str, ResultComponentSpec]:
    return {component.key: component for component in instrument.result_components}


def _detail(
    instrument: InstrumentSpec, measure: str, actual: Decimal, minimum: Decimal, lang: str
) -> str:
    """The survey index or percentage behind a result component, as the regulation states it."""
    component = _result_components(instrument).get(measure)
    if component is None:
        return ""
    if component.scale_max is not None:  # only a survey index has a scale
        per_point = component.scale_max / component.weight
        return message(
            "survey.detail",
            lang,
            actual_index=actual * per_point,
            required_index=minimum * per_point,
        )
    if component.kind == PERCENT:
        per_point = HUNDRED / component.weight
        return message(
            "percent.detail",
            lang,
            actual_percent=actual * per_point,
            required_percent=minimum * per_point,
        )
    return ""


def _area(area: AreaScore, minimum_percent: Decimal, lang: str) -> Criterion:
    needed = area.weight * minimum_percent / HUNDRED
    passed = area.value * HUNDRED >= minimum_percent * area.weight  # exact, no division
    text = message(
        "area.passed" if passed else "area.failed",
        lang,
        name=area.name,
        actual=area.percent,
        weight=format_plain(area.weight, lang),
        value=area.value,
        required=minimum_percent,
        needed=needed,
    )
    return Criterion(f"area.{area.key}", passed, area.percent, minimum_percent, text)


def _previous(
    instrument: InstrumentSpec,
    predicate: PredicateSpec,
    required: str,
    held: str | None | NotGiven,
    kind: str,
    lang: str,
) -> Criterion:
    """The predicate `required` before `predicate`, against the predicate `held`."""
    required_name = instrument.predicate(required).name
    if held is NOT_GIVEN:
        text = message(f"{kind}.unknown", lang, required=required_name, target=predicate.name)
        return Criterion(f"{kind}_predicate", None, None, required, text)
    passed = _holds(instrument, held, required)
    state = "passed" if passed else "failed"
    text = message(f"{kind}.{state}", lang, required=required_name, target=predicate.name)
    return Criterion(f"{kind}_predicate", passed, held, required, text)


def _holds(instrument: InstrumentSpec, held: str | None, required: str) -> bool:
    """Whether holding `held` means having reached `required` (WBBM implies WBK)."""
    while held is not None:
        if held == required:
            return True
        held = instrument.predicate(held).requires_predicate
    return False


def _wealth_reports(complete: bool | None, stage: str, lang: str) -> Criterion:
    if complete is None:
        state = "not_due" if stage == PRA_REVIU else "unknown"
    else:
        state = "passed" if complete else "failed"
    return Criterion("wealth_reports", complete, complete, True, message(f"wealth.{state}", lang))


def _ministry(
    instrument: InstrumentSpec,
    predicate: PredicateSpec,
    grades: Mapping[str, str] | None,
    lang: str,
) -> list[Criterion]:
    criteria = []
    for key, required in predicate.ministry_minimums:
        scale = instrument.ministry_scale(key)
        actual = (grades or {}).get(key)
        passed = None if actual is None else scale.at_least(actual, required)
        state = "unknown" if passed is None else ("passed" if passed else "failed")
        text = message(f"ministry.{state}", lang, name=scale.name, actual=actual, required=required)
        criteria.append(Criterion(f"ministry.{key}", passed, actual, required, text))
    return criteria


def _integration(score: Decimal | None, minimum: Decimal, lang: str) -> Criterion:
    passed = None if score is None else score >= minimum
    state = "unknown" if passed is None else ("passed" if passed else "failed")
    text = message(f"kawasan.integration.{state}", lang, actual=score, required=minimum)
    return Criterion("kawasan.integration_score", passed, score, minimum, text)

"""From answers (or area values) and survey results to the unit's score (Bab III A.1-2).

item value      from the option (Ya 1 / Tidak 0, A 1 / B 0.5 / C 0, …) or a ratio ≤ 1
indicator value = indicator weight × mean of its item values (unanswered items count 0)
area value      = Σ indicator values;  area % = area value ÷ area weight × 100
leverage        = Σ area values (per leverage component as well)
result          = Σ result components: survey index ÷ 4 × weight, TLHP % × weight ÷ 100, …
total           = leverage + result
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from zona.instruments.spec import AreaSpec, InstrumentSpec
from zona.scoring.model import (
    Answer,
    AreaScore,
    IndicatorScore,
    LeverageScore,
    Problem,
    ResultScore,
    ScoringInputError,
    UnitInput,
    UnitScore,
)
from zona.scoring.plan import HUNDRED, ONE, ZERO, AnswerProblem, Plan, as_decimal, plan_for


def score_unit(instrument: InstrumentSpec, unit: UnitInput) -> UnitScore:
    """Score one unit; raise ScoringInputError listing every problem of its input."""
    problems: list[Problem] = []
    plan = plan_for(instrument)
    leverage, item_values = _leverage(plan, unit.answers, unit.area_values, problems)
    result = _result(plan, unit.results, problems)
    if problems:
        raise ScoringInputError(problems)
    return UnitScore(
        instrument=instrument.code,
        leverage=leverage,
        result=result,
        total=leverage.total + result.total,
        item_values=item_values,
    )


def score_leverage(
    instrument: InstrumentSpec,
    *,
    answers: Mapping[str, Answer] | None = None,
    area_values: Mapping[str, Decimal | int] | None = None,
) -> LeverageScore:
    """The leverage component alone (exactly one of `answers` or `area_values`)."""
    problems: list[Problem] = []
    leverage, _ = _leverage(plan_for(instrument), answers, area_values, problems)
    if problems:
        raise ScoringInputError(problems)
    return leverage


def score_result(instrument: InstrumentSpec, results: Mapping[str, Answer]) -> ResultScore:
    """The result component alone, e.g. for the survey pre-screen before any LKE answer."""
    problems: list[Problem] = []
    result = _result(plan_for(instrument), results, problems)
    if problems:
        raise ScoringInputError(problems)
    return result


# ---------------------------------------------------------------------------------------


def _leverage(
    plan: Plan,
    answers: Mapping[str, Answer] | None,
    area_values: Mapping[str, Decimal | int] | None,
    problems: list[Problem],
) -> tuple[LeverageScore, dict[str, Decimal]]:
    if (answers is None) == (area_values is None):
        problems.append(Problem("", "areas_or_answers"))
        answers, area_values = None, dict.fromkeys(plan.area_keys, ZERO)  # scored, then dropped
    if answers is not None:
        return _from_answers(plan, answers, problems)
    return _from_area_values(plan, area_values or {}, problems), {}


def _from_answers(
    plan: Plan, answers: Mapping[str, Answer], problems: list[Problem]
) -> tuple[LeverageScore, dict[str, Decimal]]:
    sums = [ZERO] * len(plan.indicators)
    answered = [0] * len(plan.indicators)
    item_values: dict[str, Decimal] = {}
    for code, answer in answers.items():
        question = plan.questions.get(code)
        if question is None:
            problems.append(Problem(f"answers.{code}", "unknown_question"))
            continue
        try:
            value = question.value_of(answer)
        except AnswerProblem as problem:
            problems.append(Problem(f"answers.{code}", problem.key, problem.params))
            continue
        sums[question.indicator] += value
        answered[question.indicator] += 1
        item_values[code] = value

    areas = plan.instrument.areas
    scaled = [ZERO] * len(areas)  # area value × D, exact
    indicator_scores: list[list[IndicatorScore]] = [[] for _ in areas]
    for index, indicator in enumerate(plan.indicators):
        scaled[indicator.area] += sums[index] * indicator.scale
        indicator_scores[indicator.area].append(
            IndicatorScore(
                code=indicator.code,
                name=indicator.name,
                weight=indicator.weight,
                value=sums[index] * indicator.weight / indicator.count,
                answered=answered[index],
                questions=indicator.count,
            )
        )
    area_scores = tuple(
        _area_score(area, scaled[index] / plan.denominator, tuple(indicator_scores[index]))
        for index, area in enumerate(areas)
    )
    return _leverage_score(area_scores, scaled, plan.denominator), item_values


def _from_area_values(
    plan: Plan, values: Mapping[str, Decimal | int], problems: list[Problem]
) -> LeverageScore:
    areas = plan.instrument.areas
    known = set(plan.area_keys)
    problems.extend(Problem(f"areas.{key}", "unknown_key") for key in values if key not in known)
    scores = []
    for area in areas:
        value = ZERO
        if area.key not in values:
            problems.append(Problem(f"areas.{area.key}", "required"))
        else:
            try:
                value = as_decimal(values[area.key])
                if not ZERO <= value <= area.weight:
                    raise AnswerProblem("out_of_range", low=ZERO, high=area.weight)
            except AnswerProblem as problem:
                problems.append(Problem(f"areas.{area.key}", problem.key, problem.params))
                value = ZERO
        scores.append(_area_score(area, value, ()))
    return _leverage_score(tuple(scores), [score.value for score in scores], ONE)


def _area_score(
    area: AreaSpec, value: Decimal, indicators: tuple[IndicatorScore, ...]
) -> AreaScore:
    return AreaScore(
        key=area.key,
        name=area.name,
        component=area.component,
        weight=area.weight,
        value=value,
        percent=value * HUNDRED / area.weight,
        indicators=indicators,
    )


def _leverage_score(
    areas: tuple[AreaScore, ...], numerators: list[Decimal], denominator: Decimal
) -> LeverageScore:
    """Totals as one division of exact numerators, so exact thresholds compare exactly."""
    components: dict[str, Decimal] = {}
    for area, numerator in zip(areas, numerators, strict=True):
        components[area.component] = components.get(area.component, ZERO) + numerator
    return LeverageScore(
        total=sum(numerators, ZERO) / denominator,
        components={key: value / denominator for key, value in components.items()},
        areas=areas,
    )


def _result(plan: Plan, results: Mapping[str, Answer], problems: list[Problem]) -> ResultScore:
    known = {result.input for result in plan.results}
    problems.extend(Problem(name, "unknown_key") for name in results if name not in known)
    components: dict[str, Decimal] = {}
    groups: dict[str, Decimal] = {}
    for result in plan.results:
        value = ZERO
        if result.input not in results:
            problems.append(Problem(result.input, "required"))
        else:
            try:
                value = result.value_of(results[result.input])
            except AnswerProblem as problem:
                problems.append(Problem(result.input, problem.key, problem.params))
        components[result.key] = value
        groups[result.group] = groups.get(result.group, ZERO) + value
    return ResultScore(components=components, groups=groups, total=sum(groups.values(), ZERO))

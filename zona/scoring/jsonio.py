"""The JSON contract of `zona score`: a request object in, an assessment object out.

    read_request(obj)        → (Request, [])  or  (None, [Problem, …])
    assessment_json(…)       → a dict of plain JSON values, numbers rounded to 4 decimals

Request keys (docs/scoring.md has the full contract):
  required  target; exactly one of areas / answers; every result input of the instrument
            (anti_corruption_survey, tlhp_percent, service_survey for 29/2019);
            wealth_reports_complete unless stage is "pra_reviu"
  optional  instrument (default permenkumham-29-2019), stage (default "penetapan"),
            previous_predicate (null: none held; absent: not given, so a condition on it is
            reported as not yet known), ministry (absent: the ministry criteria are reported
            "not assessed"); a condition not known makes the unit not eligible
Input numbers must be parsed as Decimal (`json.loads(text, parse_float=Decimal)`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from zona.instruments.spec import InstrumentSpec, available_instruments, load_instrument
from zona.scoring.compute import score_leverage, score_result
from zona.scoring.criteria import PENETAPAN, STAGES, standing_problems
from zona.scoring.model import (
    NOT_GIVEN,
    Assessment,
    Criterion,
    ImprovementItem,
    NotGiven,
    Problem,
    ScoringInputError,
    Shortfall,
    UnitInput,
    UnitStanding,
)

DEFAULT_INSTRUMENT = "permenkumham-29-2019"
_FIXED_KEYS = (
    "instrument",
    "target",
    "stage",
    "areas",
    "answers",
    "wealth_reports_complete",
    "previous_predicate",
    "ministry",
)
_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Request:
    instrument: InstrumentSpec
    target: str
    stage: str
    unit: UnitInput
    standing: UnitStanding


def read_request(raw: Any) -> tuple[Request | None, list[Problem]]:
    """A request from one decoded JSON object, or the problems that prevent it."""
    if not isinstance(raw, dict):
        return None, [Problem("", "not_object")]
    code = raw.get("instrument", DEFAULT_INSTRUMENT)
    if code not in available_instruments():
        return None, [_one_of("instrument", available_instruments())]
    instrument = load_instrument(code)
    problems: list[Problem] = []
    inputs = [component.input for component in instrument.result_components]
    for key in raw:
        if key not in _FIXED_KEYS and key not in inputs:
            problems.append(Problem(key, "unknown_key"))

    predicates = [predicate.code for predicate in instrument.predicates]
    target = _choice(raw, "target", predicates, problems, required=True)
    stage = _choice(raw, "stage", STAGES, problems, default=PENETAPAN)
    answers = _object(raw, "answers", problems)
    areas = _object(raw, "areas", problems)
    if ("answers" in raw) == ("areas" in raw):
        problems.append(Problem("", "areas_or_answers"))
    results = {name: raw[name] for name in inputs if name in raw}

    standing = UnitStanding(
        wealth_reports_complete=_wealth_reports(raw, stage, problems),
        previous_predicate=_previous_predicate(raw, problems),
        ministry=_ministry(raw, instrument, target, problems),
    )
    problems.extend(standing_problems(instrument, standing))
    if problems or target is None or stage is None:
        problems.extend(_value_problems(instrument, results, answers, areas))
        return None, problems
    unit = UnitInput(results=results, answers=answers, area_values=areas)
    return Request(instrument, target, stage, unit, standing), []


def assessment_json(instrument: InstrumentSpec, assessment: Assessment) -> dict[str, Any]:
    """The output object for one unit: plain JSON values, numbers rounded to 4 decimals."""
    score = assessment.score
    areas = {}
    for area in score.leverage.areas:
        entry: dict[str, Any] = {
            "value": number(area.value),
            "weight": number(area.weight),
            "percent": number(area.percent),
        }
        if area.indicators:
            entry["indicators"] = {
                indicator.code: {
                    "value": number(indicator.value),
                    "weight": number(indicator.weight),
                }
                for indicator in area.indicators
            }
        areas[area.key] = entry
    result: dict[str, Any] = {}
    for group in instrument.result_groups:
        for component in group.components:
            result[component.key] = number(score.result.components[component.key])
        result[group.key] = number(score.result.groups[group.key])
    result["total"] = number(score.result.total)
    return {
        "instrument": instrument.code,
        "target": assessment.target,
        "stage": assessment.stage,
        "leverage": {
            "total": number(score.leverage.total),
            "components": {key: number(value) for key, value in score.leverage.components.items()},
            "areas": areas,
        },
        "result": result,
        "total": number(score.total),
        "eligible": assessment.eligible,
        "meets_scores": assessment.meets_scores,
        "criteria": [criterion_json(criterion) for criterion in assessment.criteria],
        "gap": {
            "failing": [shortfall_json(shortfall) for shortfall in assessment.gap.failing],
            "items": [item_json(item) for item in assessment.gap.items],
        },
    }


def criterion_json(criterion: Criterion) -> dict[str, Any]:
    return {
        "code": criterion.code,
        "passed": criterion.passed,
        "actual": _value(criterion.actual),
        "required": _value(criterion.required),
        "message": criterion.message,
    }


def shortfall_json(shortfall: Shortfall) -> dict[str, Any]:
    criterion = criterion_json(shortfall.criterion)
    points = None if shortfall.points is None else number(shortfall.points)
    return {**criterion, "shortfall": points}


def item_json(item: ImprovementItem) -> dict[str, Any]:
    return {
        "area": item.area,
        "indicator": item.indicator,
        "question": item.question,
        "answer": _value(item.answer),
        "value": number(item.value),
        "points": number(item.points),
    }


def number(value: Decimal) -> float | int:
    """Rounded half up to 4 decimals; a float prints back exactly those digits."""
    rounded = value.quantize(_PLACES, rounding=ROUND_HALF_UP)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def _value(value: object) -> Any:
    return number(value) if isinstance(value, Decimal) else value


# --- reading the request ---------------------------------------------------------------


def _value_problems(
    instrument: InstrumentSpec,
    results: dict[str, Any],
    answers: dict[str, Any] | None,
    areas: dict[str, Any] | None,
) -> list[Problem]:
    """The scoring library's own findings, so that one run reports every problem at once."""
    problems: list[Problem] = []
    try:
        score_result(instrument, results)
    except ScoringInputError as error:
        problems.extend(error.problems)
    if (answers is None) != (areas is None):
        try:
            score_leverage(instrument, answers=answers, area_values=areas)
        except ScoringInputError as error:
            problems.extend(error.problems)
    return problems


def _one_of(field: str, choices: list[str] | tuple[str, ...]) -> Problem:
    return Problem(field, "one_of", {"choices": ", ".join(choices)})


def _choice(
    raw: dict[str, Any],
    key: str,
    choices: list[str] | tuple[str, ...],
    problems: list[Problem],
    required: bool = False,
    default: str | None = None,
) -> str | None:
    if key not in raw:
        if required:
            problems.append(Problem(key, "required"))
        return default
    value = raw[key]
    if value not in choices:
        problems.append(_one_of(key, choices))
        return None
    return str(value)


def _object(raw: dict[str, Any], key: str, problems: list[Problem]) -> dict[str, Any] | None:
    value = raw.get(key)
    if key in raw and not isinstance(value, dict):
        problems.append(Problem(key, "not_object"))
        return None
    return value


def _wealth_reports(raw: dict[str, Any], stage: str | None, problems: list[Problem]) -> bool | None:
    key = "wealth_reports_complete"
    if key not in raw:
        if stage == PENETAPAN:
            problems.append(Problem(key, "required"))
        return None
    if not isinstance(raw[key], bool):
        problems.append(Problem(key, "not_bool"))
        return None
    return bool(raw[key])


def _previous_predicate(raw: dict[str, Any], problems: list[Problem]) -> str | None | NotGiven:
    """A predicate code; None when the request says null (none held); NOT_GIVEN when absent."""
    key = "previous_predicate"
    if key not in raw:
        return NOT_GIVEN
    value = raw[key]
    if value is not None and not isinstance(value, str):
        problems.append(Problem(key, "not_text"))
        return NOT_GIVEN
    return value


def _ministry(
    raw: dict[str, Any], instrument: InstrumentSpec, target: str | None, problems: list[Problem]
) -> dict[str, str] | None:
    if "ministry" not in raw:
        return None
    grades = raw["ministry"]
    if not isinstance(grades, dict):
        problems.append(Problem("ministry", "not_object"))
        return None
    for key, grade in grades.items():
        if not isinstance(grade, str):
            problems.append(Problem(f"ministry.{key}", "not_text"))
    if target is not None:
        needed = [key for key, _ in instrument.predicate(target).ministry_minimums]
        problems.extend(
            Problem(f"ministry.{key}", "required") for key in needed if key not in grades
        )
    return {key: grade for key, grade in grades.items() if isinstance(grade, str)}

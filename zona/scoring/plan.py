"""Per-instrument lookup tables, built once per instrument and reused for every unit.

Exactness: an indicator value is weight × (sum of item values) ÷ n. Item values are short
decimals (1, 0.67, 0.5, …), so their sums are exact; only the division by n can be inexact
(n = 3, 6, …). To keep thresholds exact, every indicator is scaled to a common denominator D
(the least common multiple of the item counts): weight × sum × (D ÷ n) is exact, an area is the
exact sum of its scaled indicators, and one division by D at the end gives its value. A total
that is mathematically 4.8 is therefore exactly Decimal("4.8"), never 4.7999…9.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from zona.instruments.spec import CHOICE, SURVEY_INDEX, InstrumentSpec, QuestionSpec
from zona.scoring.model import Answer

ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)


class AnswerProblem(ValueError):
    """An answer that does not fit its question; `key` and `params` name a problem message."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class QuestionPlan:
    code: str
    order: int  # position in the instrument, for stable ranking
    indicator: int  # index into Plan.indicators
    choices: dict[str, Decimal] | None  # label (as written, casefolded) → value; None: ratio
    labels: str  # "Ya, Tidak", for messages
    best: Decimal  # the value of the best answer
    points_per_value: Decimal  # indicator weight ÷ n: leverage points per unit of item value

    def value_of(self, answer: Answer) -> Decimal:
        """The item value 0..1 of `answer`, or AnswerProblem."""
        if self.choices is not None:
            value = lookup(self.choices, answer)
            if value is None:
                raise AnswerProblem("not_option", value=shown(answer), options=self.labels)
            return value
        number = as_decimal(answer)
        if number < 0:
            raise AnswerProblem("negative")
        return min(number, ONE)


@dataclass(frozen=True)
class IndicatorPlan:
    code: str
    name: str
    weight: Decimal
    count: int
    area: int  # index into Plan.areas
    scale: Decimal  # weight × D ÷ count, exact


@dataclass(frozen=True)
class ResultPlan:
    key: str
    group: str
    input: str
    kind: str
    weight: Decimal
    low: Decimal  # accepted input range (SURVEY_INDEX and PERCENT)
    high: Decimal
    choices: dict[str, Decimal] | None  # CHOICE only
    labels: str

    def value_of(self, answer: Answer) -> Decimal:
        """The points of this result component for its input, or AnswerProblem."""
        if self.choices is not None:
            value = lookup(self.choices, answer)
            if value is None:
                raise AnswerProblem("not_option", value=shown(answer), options=self.labels)
            return value * self.weight
        number = as_decimal(answer)
        if not self.low <= number <= self.high:
            raise AnswerProblem("out_of_range", low=self.low, high=self.high)
        if self.kind == SURVEY_INDEX:
            return number * self.weight / self.high  # index ÷ scale_max × weight
        return number * self.weight / HUNDRED  # PERCENT


@dataclass(frozen=True)
class Plan:
    instrument: InstrumentSpec
    denominator: Decimal  # D
    questions: dict[str, QuestionPlan]
    indicators: tuple[IndicatorPlan, ...]
    area_keys: tuple[str, ...]
    results: tuple[ResultPlan, ...]


def shown(answer: object) -> str:
    """An answer as the user wrote it in JSON: "X", 0.8, true, null."""
    if isinstance(answer, str):
        return f'"{answer}"'
    if isinstance(answer, bool) or answer is None:
        return {True: "true", False: "false", None: "null"}[answer]
    return str(answer)


def as_decimal(answer: object) -> Decimal:
    """A finite Decimal from an int or Decimal (never a float or a bool), or AnswerProblem."""
    if isinstance(answer, bool) or not isinstance(answer, int | Decimal):
        raise AnswerProblem("not_number")
    number = Decimal(answer)
    if not number.is_finite():
        raise AnswerProblem("not_number")
    return number


def lookup(choices: dict[str, Decimal], answer: Answer) -> Decimal | None:
    """The value of an option label, matched without regard to case or surrounding spaces."""
    if not isinstance(answer, str):
        return None
    value = choices.get(answer)  # the label as written: the usual case, and the fast one
    return value if value is not None else choices.get(answer.strip().casefold())


def choice_table(options: tuple[tuple[str, Decimal], ...]) -> dict[str, Decimal]:
    """Option values by label as written and by its casefolded form."""
    return {**{label.casefold(): value for label, value in options}, **dict(options)}


def _question_plan(
    question: QuestionSpec, order: int, indicator: int, points: Decimal
) -> QuestionPlan:
    options = tuple((option.label, option.value) for option in question.options)
    return QuestionPlan(
        code=question.code,
        order=order,
        indicator=indicator,
        choices=choice_table(options) if options else None,
        labels=", ".join(label for label, _ in options),
        best=question.best_value,
        points_per_value=points,
    )


@lru_cache(maxsize=32)
def plan_for(instrument: InstrumentSpec) -> Plan:
    """The lookup tables of `instrument` (cached: instruments compare by identity)."""
    counts = [
        len(indicator.questions) for area in instrument.areas for indicator in area.indicators
    ]
    denominator = Decimal(math.lcm(*counts))
    indicators: list[IndicatorPlan] = []
    questions: dict[str, QuestionPlan] = {}
    for area_index, area in enumerate(instrument.areas):
        for indicator in area.indicators:
            count = len(indicator.questions)
            position = len(indicators)
            indicators.append(
                IndicatorPlan(
                    code=indicator.code,
                    name=indicator.name,
                    weight=indicator.weight,
                    count=count,
                    area=area_index,
                    scale=indicator.weight * denominator / count,
                )
            )
            for question in indicator.questions:
                points = indicator.weight / count
                questions[question.code] = _question_plan(
                    question, len(questions), position, points
                )
    return Plan(
        instrument=instrument,
        denominator=denominator,
        questions=questions,
        indicators=tuple(indicators),
        area_keys=tuple(area.key for area in instrument.areas),
        results=_result_plans(instrument),
    )


def _result_plans(instrument: InstrumentSpec) -> tuple[ResultPlan, ...]:
    plans = []
    for component in instrument.result_components:
        options = tuple((option.label, option.value) for option in component.options)
        low, high = ZERO, HUNDRED
        if component.kind == SURVEY_INDEX:
            low, high = component.scale_min or ZERO, component.scale_max or ONE
        plans.append(
            ResultPlan(
                key=component.key,
                group=component.group,
                input=component.input,
                kind=component.kind,
                weight=component.weight,
                low=low,
                high=high,
                choices=choice_table(options) if component.kind == CHOICE else None,
                labels=", ".join(label for label, _ in options),
            )
        )
    return tuple(plans)


def result_plan(instrument: InstrumentSpec, input_name: str) -> ResultPlan | None:
    """How the result component fed by `input_name` (a survey index, the TLHP %) turns its
    input into points: `.value_of(input)`. None when the instrument has no such component."""
    return next((r for r in plan_for(instrument).results if r.input == input_name), None)

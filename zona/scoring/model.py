"""The plain dataclasses that go into and come out of the scoring functions.

Inputs are keyed the way the Django app stores them: answers by question code, area values by
area key, result inputs by their input name (`anti_corruption_survey`, `tlhp_percent`, …).
Every number is a `Decimal` at full precision; round only to display.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from zona.scoring.messages import DEFAULT_LANGUAGE, message

# An answer: an option label ("Ya", "B") for a choice, a number for a ratio or a survey index.
Answer = str | Decimal | int


@dataclass(frozen=True)
class UnitInput:
    """What a unit brings to be scored: exactly one of `answers` or `area_values`."""

    results: Mapping[str, Answer]  # result input name → value, e.g. "service_survey": 3.41
    answers: Mapping[str, Answer] | None = None  # question code → answer; unanswered counts 0
    area_values: Mapping[str, Decimal | int] | None = None  # area key → value, 0..area weight


class NotGiven(Enum):
    """The type of NOT_GIVEN: a fact nobody stated, as opposed to a stated None."""

    NOT_GIVEN = "not given"

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven.NOT_GIVEN


@dataclass(frozen=True)
class UnitStanding:
    """Facts beyond the score that the conditions need.

    None means "not given" for the wealth reports and the ministry's grades. The predicate held
    has three states: a predicate code, None (stated: the unit holds none) and NOT_GIVEN (nobody
    said; the condition is then reported as not yet known).
    """

    wealth_reports_complete: bool | None = None  # 100 % LHKPN and LHKASN filed
    previous_predicate: str | None | NotGiven = NOT_GIVEN  # the predicate already held
    ministry: Mapping[str, str] | None = None  # scale key → grade, e.g. {"bpk_opinion": "WTP"}


@dataclass(frozen=True)
class IndicatorScore:
    code: str
    name: str
    weight: Decimal
    value: Decimal  # weight × mean of its item values (unanswered items count 0)
    answered: int
    questions: int


@dataclass(frozen=True)
class AreaScore:
    key: str
    name: str
    component: str
    weight: Decimal
    value: Decimal
    percent: Decimal  # value ÷ weight × 100
    indicators: tuple[IndicatorScore, ...] = ()  # empty when area values were given directly


@dataclass(frozen=True)
class LeverageScore:
    total: Decimal
    components: Mapping[str, Decimal]  # leverage component key → value (pemenuhan, reform, …)
    areas: tuple[AreaScore, ...]

    def area(self, key: str) -> AreaScore:
        return next(area for area in self.areas if area.key == key)


@dataclass(frozen=True)
class ResultScore:
    components: Mapping[str, Decimal]  # e.g. anti_corruption, tlhp, service_quality
    groups: Mapping[str, Decimal]  # e.g. clean_government, service_quality
    total: Decimal


@dataclass(frozen=True)
class UnitScore:
    instrument: str
    leverage: LeverageScore
    result: ResultScore
    total: Decimal
    item_values: Mapping[str, Decimal] = field(default_factory=dict)  # answered code → 0..1

    def measure(self, name: str) -> Decimal:
        """The value of a measure a threshold names: total, leverage, a component or group."""
        if name == "total":
            return self.total
        if name == "leverage":
            return self.leverage.total
        for values in (self.leverage.components, self.result.components, self.result.groups):
            if name in values:
                return values[name]
        raise KeyError(name)


@dataclass(frozen=True)
class Criterion:
    """One requirement of a predicate and how the unit stands against it (all thresholds >=)."""

    code: str  # e.g. "total", "area.penataan_tatalaksana", "ministry.bpk_opinion"
    passed: bool | None  # None: not yet known (the data not given, or not due at this stage)
    actual: Decimal | bool | str | None
    required: Decimal | bool | str
    message: str


@dataclass(frozen=True)
class Shortfall:
    """A criterion that is not met, and how much the measured value must still rise."""

    criterion: Criterion
    points: Decimal | None  # None for a criterion that is not a number (a grade, a fact)


@dataclass(frozen=True)
class ImprovementItem:
    """Something to raise, and the leverage points it would add at its maximum."""

    area: str
    indicator: str | None  # None when area values were given instead of answers
    question: str | None
    answer: Answer | None  # the current answer; None if unanswered
    value: Decimal  # current item value 0..1 (or the area value for an area item)
    points: Decimal


@dataclass(frozen=True)
class Gap:
    """What stands between a unit and a predicate, most rewarding item first."""

    failing: tuple[Shortfall, ...]
    items: tuple[ImprovementItem, ...]


@dataclass(frozen=True)
class Assessment:
    """Everything `assess_unit` finds: the score, the criteria, the verdict and the gap."""

    target: str
    stage: str
    score: UnitScore
    criteria: tuple[Criterion, ...]
    eligible: bool  # every criterion met, the conditions included (none unknown)
    meets_scores: bool  # every score minimum met, whatever the conditions
    gap: Gap


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is, and a message key with its parameters."""

    path: str  # where in the input, e.g. "answers.MP.1.a", "service_survey"; "" for the whole
    key: str  # a key of messages.TEMPLATES without the "problem." prefix
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        detail = message(f"problem.{self.key}", lang, plain=True, **self.params)
        return f"{self.path}: {detail}" if self.path else detail


class ScoringInputError(ValueError):
    """The input cannot be scored; `problems` lists every fault found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(problem.text("en") for problem in self.problems))

"""The survey arithmetic: NRR, IKM, grade, the 1–4 index, Krejcie–Morgan. Pure Python.

Everything is exact (`Fraction`): the IKM of PermenPANRB 14/2017 is the mean of the nine NRR
(each element weighs exactly 1/9, never a rounded 0.111) times 25. An element nobody answered
is left out of that mean, as an item that does not apply (a fee for a free service) is left
out in SKM practice; the element's NRR is over the respondents who answered *it*. Values are
rounded only to be shown, half up.

    >>> spec = load_questionnaire("ikm")
    >>> result = survey_result(spec, {"U1": Tally(2, 7), ...}, respondents=2)
    >>> result.ikm, result.grade.grade
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from functools import cached_property, lru_cache
from math import lcm

from zona.instruments.spec import InstrumentSpec
from zona.scoring import result_plan
from zona.surveys.spec import IKM, SCALE, GradeSpec, QuestionnaireSpec

IKM_FACTOR = 25  # IKM = index (1..4) × 25, so 25..100


@dataclass(frozen=True)
class Tally:
    """Answers to one element: how many answered it and the sum of their values."""

    count: int = 0
    total: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.count + other.count, self.total + other.total)


@dataclass(frozen=True)
class ElementResult:
    code: str
    name: str
    count: int
    total: int

    @property
    def nrr(self) -> Fraction | None:
        """total ÷ count; None when nobody answered."""
        return Fraction(self.total, self.count) if self.count else None


@dataclass(frozen=True)
class SurveyResult:
    spec: QuestionnaireSpec
    respondents: int
    sums: tuple[tuple[int, int], ...]  # (count, total) per element, in the spec's order
    index: Fraction | None  # mean NRR of the answered elements, 1..4; None without answers
    ikm: Fraction | None  # index × 25 (every kind; the grade only for an IKM questionnaire)
    grade: GradeSpec | None

    @property
    def code(self) -> str:  # questionnaire code
        return self.spec.code

    @property
    def kind(self) -> str:
        return self.spec.kind

    @cached_property
    def elements(self) -> tuple[ElementResult, ...]:
        """Per element; built only when asked (list pages show the index alone)."""
        return tuple(
            ElementResult(element.code, element.name, count, total)
            for element, (count, total) in zip(self.spec.elements, self.sums, strict=True)
        )

    @property
    def nrr(self) -> dict[str, Fraction | None]:
        return {element.code: element.nrr for element in self.elements}


def nrr(tally: Tally) -> Fraction | None:
    return Fraction(tally.total, tally.count) if tally.count else None


def mean_of_sums(answered: Sequence[tuple[int, int]]) -> Fraction:
    """Σ (total_i ÷ count_i) ÷ k over a common denominator, so that only one fraction is
    ever reduced (pages compute hundreds); every count_i > 0."""
    denominator = lcm(*(count for count, _ in answered))
    numerator = sum(total * (denominator // count) for count, total in answered)
    return Fraction(numerator, denominator * len(answered))


def survey_result(
    spec: QuestionnaireSpec, tallies: Mapping[str, Tally], respondents: int
) -> SurveyResult:
    """The result of one questionnaire from its per-element tallies."""
    empty = Tally()
    sums = []
    for code in spec.element_codes:
        tally = tallies.get(code, empty)
        sums.append((tally.count, tally.total))
    return result_of_sums(spec, sums, respondents)


def result_of_sums(
    spec: QuestionnaireSpec, sums: Sequence[tuple[int, int]], respondents: int
) -> SurveyResult:
    """The result of one questionnaire from (count, total) per element, in the spec's order."""
    if len(sums) != len(spec.elements):
        raise ValueError(f"{len(sums)} tallies for {len(spec.elements)} elements of {spec.code}")
    for position, (count, total) in enumerate(sums):
        if count < 0 or not count <= total <= SCALE * count:
            code = spec.elements[position].code
            raise ValueError(f"impossible tally for {code}: {Tally(count, total)}")
    answered = [pair for pair in sums if pair[0]]
    index = mean_of_sums(answered) if answered else None
    ikm = index * IKM_FACTOR if index is not None else None
    grade = grade_for(spec, ikm) if ikm is not None and spec.kind == IKM else None
    return SurveyResult(spec, respondents, tuple(sums), index, ikm, grade)


def grade_for(spec: QuestionnaireSpec, ikm: Fraction) -> GradeSpec:
    """The grade of an IKM by the official intervals (25.00–64.99 D … 88.31–100 A).

    The intervals are written with two decimals and leave gaps (64.99 | 65.00); the IKM is
    placed by its value rounded half up to two decimals, the figure officials see.
    """
    shown = rounded(ikm, 2)
    for grade in spec.grades:
        if shown >= grade.min_ikm:
            return grade
    return spec.grades[-1]


def tally_rows(
    spec: QuestionnaireSpec, rows: Iterable[Sequence[int | None]]
) -> tuple[int, dict[str, Tally]]:
    """Respondents and per-element tallies of answer rows (values 1..4 or None), in order."""
    counts = [0] * len(spec.elements)
    totals = [0] * len(spec.elements)
    respondents = 0
    for row in rows:
        respondents += 1
        for position, value in enumerate(row):
            if value is not None:
                counts[position] += 1
                totals[position] += value
    tallies = {code: Tally(counts[i], totals[i]) for i, code in enumerate(spec.element_codes)}
    return respondents, tallies


def is_straight_line(answers: Sequence[int | None], minimum: int) -> bool:
    """At least `minimum` answered elements, every one with the same value."""
    given = [value for value in answers if value is not None]
    return len(given) >= minimum and len(set(given)) == 1


# --- sample size --------------------------------------------------------------------------

KM_CHI_SQUARE = Fraction("3.841")  # χ² for 1 degree of freedom at 95 %
KM_P = Fraction(1, 2)  # population proportion (maximum variability)
KM_D = Fraction(5, 100)  # margin of error


@lru_cache(maxsize=4096)  # pages show it for every unit; a pure function of one number
def krejcie_morgan(population: int) -> int:
    """Minimum respondents for a yearly number of service users (Krejcie & Morgan, 1970).

    s = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)), rounded to the nearest whole respondent (half up)
    as the published table does (N = 50 → 44, 100 → 80, 1 000 → 278, 10 000 → 370); never more
    than N.
    """
    if population < 0:
        raise ValueError("the number of service users cannot be negative")
    if population == 0:
        return 0
    spread = KM_CHI_SQUARE * KM_P * (1 - KM_P)
    size = spread * population / (KM_D**2 * (population - 1) + spread)
    return min(population, int(rounded(size, 0)))


# --- conversion into ZI components (through the scoring engine) -------------------------------


def component_points(instrument: InstrumentSpec, feeds: str, index: Fraction) -> Decimal:
    """Points of the result component fed by a survey index: the scoring engine's conversion
    (index ÷ 4 × weight, docs/scoring.md), given the index as a Decimal."""
    plan = result_plan(instrument, feeds)
    if plan is not None:
        return plan.value_of(to_decimal(index))
    raise KeyError(f"instrument {instrument.code} has no result input {feeds!r}")


# --- display ------------------------------------------------------------------------------


def to_decimal(value: Fraction) -> Decimal:
    """A Fraction as a Decimal with 34 significant digits (far beyond any threshold's)."""
    with localcontext() as context:
        context.prec = 34
        return Decimal(value.numerator) / Decimal(value.denominator)


def rounded(value: Fraction | Decimal | int, places: int) -> Decimal:
    """Half-up rounding to `places` decimals (half away from zero), exactly: no float on
    the way, and no Decimal context (whose precision would round long values)."""
    fraction = value if isinstance(value, Fraction) else Fraction(value)
    numerator = fraction.numerator * 10**places
    denominator = fraction.denominator
    whole = (abs(numerator) * 2 + denominator) // (2 * denominator)
    if numerator < 0:
        whole = -whole
    return Decimal(f"{whole}E-{places}")

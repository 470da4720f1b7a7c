"""Everything the LKE page shows, loaded in a fixed number of queries and scored per tier."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from zona.assessments.answers import scoring_value
from zona.assessments.models import Answer, Assessment, Evidence, ItemReview
from zona.assessments.workflow import Tier, chain_of
from zona.instruments.models import Indicator, Question
from zona.instruments.spec import InstrumentSpec
from zona.organizations.models import Unit
from zona.scoring import UnitInput, evaluate, gap_to_predicate, score_leverage, score_unit
from zona.scoring.model import Answer as ScoringAnswer
from zona.scoring.model import Criterion, Gap, LeverageScore

LEVERAGE_CRITERIA = ("leverage", "area.")


@dataclass
class Row:
    question: Question
    answers: dict[str, Answer] = field(default_factory=dict)  # tier -> answer
    reviews: dict[str, ItemReview] = field(default_factory=dict)  # tier -> review
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def satker_answer(self) -> Answer | None:
        return self.answers.get(Tier.SATKER)

    @property
    def is_answered(self) -> bool:
        answer = self.satker_answer
        return bool(answer and answer.value)

    @property
    def tier_cells(self) -> list[tuple[str, Answer | None, ItemReview | None]]:
        return [(t, self.answers.get(t), self.reviews.get(t)) for t in self.tiers]

    tiers: tuple[str, ...] = ()


@dataclass
class IndicatorBlock:
    indicator: Indicator
    rows: list[Row]


@dataclass
class AreaBlock:
    key: str
    name: str
    weight: Decimal
    indicators: list[IndicatorBlock]
    percent_by_tier: dict[str, Decimal]
    value_by_tier: dict[str, Decimal]


@dataclass
class Sheet:
    assessment: Assessment
    tiers: tuple[str, ...]
    areas: list[AreaBlock]
    rows: dict[int, Row]
    leverage_by_tier: dict[str, LeverageScore]
    answered: int
    with_evidence: int
    total: int
    criteria: list[Criterion]
    gap: Gap
    effective: dict[str, dict[str, ScoringAnswer]]
    acted: frozenset[str] = frozenset({Tier.SATKER})  # tiers with a decision or answer of their own

    def row(self, question_id: int) -> Row:
        return self.rows[question_id]

    def returned_ids(self, tier: str) -> set[int]:
        return {
            pk
            for pk, row in self.rows.items()
            if (review := row.reviews.get(tier)) is not None and review.state == "returned"
        }

    def waiting(self, tier: str) -> tuple[int, int]:
        """How many items still wait for this tier's decision, and how many of those have no
        evidence (what "accept every item" would accept unseen)."""
        rows = [
            row
            for row in self.rows.values()
            if (review := row.reviews.get(tier)) is not None and review.state == "pending"
        ]
        return len(rows), sum(1 for row in rows if not row.evidence)

    @property
    def leverage_totals(self) -> dict[str, Decimal]:
        return {tier: score.total for tier, score in self.leverage_by_tier.items()}

    @property
    def code_to_pk(self) -> dict[str, int]:
        return {row.question.code: pk for pk, row in self.rows.items()}


def load_sheet(assessment: Assessment, target: str = "WBK") -> Sheet:
    tiers = (Tier.SATKER, *chain_of(assessment.unit))
    questions = list(
        Question.objects.filter(instrument_id=assessment.assessment_year.instrument_id)
        .select_related("indicator__area")
        .order_by("order")
    )
    rows = {q.pk: Row(question=q, tiers=tiers) for q in questions}
    for answer in Answer.objects.filter(assessment=assessment):
        rows[answer.question_id].answers[answer.tier] = answer
    for review in ItemReview.objects.filter(assessment=assessment):
        rows[review.question_id].reviews[review.tier] = review
    evidence = (
        Evidence.objects.filter(assessment=assessment, withdrawn=False)
        .select_related("current__stored_file")
        .order_by("pk")
        .only(
            "question_id",
            "title",
            "url",
            "current__number",
            "current__stored_file__kind",
            "current__stored_file__sha256",
        )
    )
    for item in evidence:
        rows[item.question_id].evidence.append(item)
    spec = assessment.assessment_year.instrument.spec()
    effective = effective_answers(rows.values(), tiers)
    leverage: dict[str, LeverageScore] = {
        t: score_leverage(spec, answers=effective[t]) for t in tiers
    }
    criteria, gap = _leverage_gap(spec, effective[Tier.SATKER], target)
    acted = {Tier.SATKER.value} | {
        tier
        for row in rows.values()
        for tier in (*row.answers, *(t for t, r in row.reviews.items() if r.state != "pending"))
    }
    return Sheet(
        acted=frozenset(acted),
        assessment=assessment,
        tiers=tiers,
        areas=_areas(questions, rows, leverage),
        rows=rows,
        leverage_by_tier=leverage,
        answered=sum(1 for r in rows.values() if r.is_answered),
        with_evidence=sum(1 for r in rows.values() if r.evidence),
        total=len(rows),
        criteria=criteria,
        gap=gap,
        effective=effective,
    )


def effective_answers(rows, tiers: tuple[str, ...]) -> dict[str, dict[str, ScoringAnswer]]:  # type: ignore[no-untyped-def]
    """Each tier's answers: its own where it recorded one, else the tier below's."""
    result: dict[str, dict[str, ScoringAnswer]] = {}
    below: dict[str, ScoringAnswer] = {}
    for tier in tiers:
        own = dict(below)
        for row in rows:
            answer = row.answers.get(tier)
            value = scoring_value(row.question, answer.value) if answer is not None else None
            if value is not None:
                own[row.question.code] = value
        result[tier] = own
        below = own
    return result


def effective_answers_of(
    unit: Unit, answers: Iterable[Answer]
) -> dict[str, dict[str, ScoringAnswer]]:
    """`effective_answers` from the stored answers alone (each with its question)."""
    rows: dict[int, Row] = {}
    for answer in answers:
        rows.setdefault(answer.question_id, Row(question=answer.question)).answers[answer.tier] = (
            answer
        )
    return effective_answers(rows.values(), (Tier.SATKER, *chain_of(unit)))


def _leverage_gap(
    spec: InstrumentSpec, answers: dict[str, ScoringAnswer], target: str
) -> tuple[list[Criterion], Gap]:
    unit = _leverage_only(spec, answers)
    score = score_unit(spec, unit)
    criteria = [c for c in evaluate(spec, score, target) if c.code.startswith(LEVERAGE_CRITERIA)]
    return criteria, gap_to_predicate(spec, unit, score, criteria)


def leverage_criteria(
    spec: InstrumentSpec, answers: dict[str, ScoringAnswer], target: str
) -> list[Criterion]:
    """The leverage part's criteria for `target` (the total and each area's minimum)."""
    score = score_unit(spec, _leverage_only(spec, answers))
    return [c for c in evaluate(spec, score, target) if c.code.startswith(LEVERAGE_CRITERIA)]


def _leverage_only(spec: InstrumentSpec, answers: dict[str, ScoringAnswer]) -> UnitInput:
    # The LKE judges the leverage part only: the result components come from the surveys and
    # TLHP, so the lowest result inputs stand in and their criteria are left out.
    results: dict[str, ScoringAnswer] = {c.input: _lowest(c) for c in spec.result_components}
    return UnitInput(results=results, answers=answers)


def _lowest(component) -> ScoringAnswer:  # type: ignore[no-untyped-def]
    if component.options:
        return min(component.options, key=lambda option: option.value).label
    return component.scale_min or 0


def _areas(questions, rows, leverage) -> list[AreaBlock]:  # type: ignore[no-untyped-def]
    by_indicator: dict[int, list[Row]] = defaultdict(list)
    indicators: dict[int, Indicator] = {}
    for q in questions:
        by_indicator[q.indicator_id].append(rows[q.pk])
        indicators[q.indicator_id] = q.indicator
    areas: dict[int, AreaBlock] = {}
    for indicator_id, indicator_rows in by_indicator.items():
        indicator = indicators[indicator_id]
        area = indicator.area
        if area.pk not in areas:
            areas[area.pk] = AreaBlock(
                key=area.key,
                name=area.name,
                weight=area.weight,
                indicators=[],
                percent_by_tier={t: s.area(area.key).percent for t, s in leverage.items()},
                value_by_tier={t: s.area(area.key).value for t, s in leverage.items()},
            )
        areas[area.pk].indicators.append(IndicatorBlock(indicator, indicator_rows))
    return list(areas.values())

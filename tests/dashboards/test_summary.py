"""An LKE's summary row moves with every service that changes the LKE, and holds what the
scoring engine computes from the stored answers."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from tests.assessments.conftest import answer_all, lke_of, make_year
from tests.conftest import Ministry
from zona.assessments import summary
from zona.assessments.models import Answer, AssessmentSummary, ItemReview
from zona.assessments.services import finish_review, review_item, save_answer, submit
from zona.assessments.workflow import Tier
from zona.instruments.models import Question
from zona.scoring import score_leverage
from zona.scoring.model import Answer as ScoringAnswer


def satker_leverage(lke) -> Decimal:  # type: ignore[no-untyped-def]
    """Computed here from the stored answers, without the summary's code path."""
    spec = lke.assessment_year.instrument.spec()
    answers: dict[str, ScoringAnswer] = {}
    for answer in Answer.objects.filter(assessment=lke, tier=Tier.SATKER).select_related(
        "question"
    ):
        question = spec.question(answer.question.code)
        answers[question.code] = Decimal(answer.value) if question.is_ratio else answer.value
    return score_leverage(spec, answers=answers).total


def test_opening_an_lke_makes_its_summary(ministry: Ministry) -> None:
    lke = lke_of(ministry, make_year())
    row = AssessmentSummary.objects.get(assessment=lke)
    assert (row.judged_tier, row.answered, row.leverage) == (Tier.SATKER, 0, Decimal(0))
    assert (
        row.questions == Question.objects.filter(instrument=lke.assessment_year.instrument).count()
    )


def test_every_answer_moves_the_summary(ministry: Ministry) -> None:
    lke = lke_of(ministry, make_year())
    answer_all(ministry, lke)
    row = AssessmentSummary.objects.get(assessment=lke)
    assert row.answered == row.questions
    assert row.leverage == satker_leverage(lke)
    assert set(row.area_percent) == {
        area.key for area in lke.assessment_year.instrument.spec().areas
    }
    assert row.leverage_meets_wbk and row.leverage_meets_wbbm  # every best option chosen


def test_the_summary_follows_the_highest_tier_that_acted_and_its_returns(
    ministry: Ministry,
) -> None:
    lke = lke_of(ministry, make_year())
    answer_all(ministry, lke)
    submit(actor=ministry.users["kepala_sby"], assessment=lke, attest=True)
    verifier = ministry.users["verifier_jatim"]
    review = ItemReview.objects.filter(assessment=lke, tier=Tier.KANWIL).select_related("question")[
        0
    ]
    review_item(
        actor=verifier, assessment=lke, question=review.question, tier=Tier.KANWIL,
        accept=False, note="Bukti belum ditandatangani.", expected_version=review.version,
    )  # fmt: skip
    row = AssessmentSummary.objects.get(assessment=lke)
    assert row.judged_tier == Tier.KANWIL  # a decision is the Kanwil acting
    for other in ItemReview.objects.filter(assessment=lke, tier=Tier.KANWIL, state="pending"):
        review_item(
            actor=verifier, assessment=lke, question=other.question, tier=Tier.KANWIL,
            accept=True, note="", expected_version=other.version,
        )  # fmt: skip
    yesterday = timezone.localdate() - timedelta(days=1)
    finish_review(actor=verifier, assessment=lke, tier=Tier.KANWIL, due_on=yesterday)
    row = AssessmentSummary.objects.get(assessment=lke)
    assert row.returned_due == [yesterday.isoformat()]
    assert row.overdue(timezone.localdate()) == 1
    assert row.overdue(yesterday) == 0


def test_a_batch_refreshes_once_at_its_end_inside_the_transaction(ministry: Ministry) -> None:
    lke = lke_of(ministry, make_year())
    question = Question.objects.filter(instrument=lke.assessment_year.instrument).first()
    assert question is not None
    value = question.options[0]["label"] if question.options else "1"
    with summary.batch():
        save_answer(
            actor=ministry.users["operator_sby"], assessment=lke, question=question,
            value=value, note="", expected_version=0,
        )  # fmt: skip
        assert AssessmentSummary.objects.get(assessment=lke).answered == 0  # not yet
    assert AssessmentSummary.objects.get(assessment=lke).answered == 1


def test_refresh_all_rebuilds_a_lost_summary(ministry: Ministry) -> None:
    lke = lke_of(ministry, make_year())
    answer_all(ministry, lke)
    AssessmentSummary.objects.all().delete()
    assert summary.refresh_all() == 1
    assert AssessmentSummary.objects.get(assessment=lke).leverage == satker_leverage(lke)

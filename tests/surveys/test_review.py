"""The review queue: flagged responses change the results only once accepted; audited."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import Ministry
from tests.surveys.conftest import send, token_for
from zona.audit.models import Event
from zona.surveys import intake
from zona.surveys.models import PeriodStatus, Response, ResponseStatus, SurveyPeriod, UnitTally
from zona.surveys.results import results_for_unit
from zona.surveys.services import ACCEPT, REJECT, review_responses, set_period_status


def ikm_of(period: SurveyPeriod, ministry: Ministry) -> Fraction | None:
    result = results_for_unit(period, ministry.units["kanim_sby"]).survey("ikm")
    assert result is not None
    return result.result.ikm


def test_only_accepted_responses_change_the_results(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    actor = ministry.users["tpi_balitbang"]
    target = intake.resolve(token_for(period, ministry.units["kanim_sby"]).token)
    assert target is not None
    send(target, (3,) * 8 + (2,))  # clean: counted at once
    before = ikm_of(period, ministry)
    assert before == Fraction(26, 9) * 25
    directed = send(target, (1, 2, 1, 2, 1, 2, 1, 2, 1), check="ya")
    other = send(target, (4, 3, 4, 3, 4, 3, 4, 3, 4), check="ya")
    assert directed.status == other.status == ResponseStatus.PENDING
    assert ikm_of(period, ministry) == before  # waiting: not counted

    review_responses(
        actor=actor, period=period, ids=[directed.pk], decision=REJECT, reason="Diarahkan"
    )
    assert ikm_of(period, ministry) == before  # rejected: never counted
    review_responses(actor=actor, period=period, ids=[other.pk], decision=ACCEPT, reason="")
    after = ikm_of(period, ministry)
    assert after is not None and after != before
    # (3+4)/2 ×4 elements … computed by hand: NRR = 3.5,3,3.5,3,3.5,3,3.5,3,3 → mean 29/9
    assert after == Fraction(29, 9) * 25

    tally = UnitTally.objects.get(unit=ministry.units["kanim_sby"], survey=target.survey_id)
    assert (tally.received, tally.flagged, tally.pending, tally.accepted, tally.rejected) == (
        3,
        2,
        0,
        2,
        1,
    )
    rejected = Response.objects.get(pk=directed.pk)
    assert rejected.review_reason == "Diarahkan" and rejected.reviewed_by == actor
    events = list(Event.objects.filter(action__startswith="survey_response.").order_by("seq"))
    assert [e.action for e in events] == ["survey_response.rejected", "survey_response.accepted"]
    assert events[0].after == {"status": "rejected", "reason": "Diarahkan"}


def test_decisions_are_final_and_need_a_reason_to_reject(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    actor = ministry.users["tpi_balitbang"]
    target = intake.resolve(token_for(period, ministry.units["kanim_sby"]).token)
    assert target is not None
    flagged = send(target, (4,) * 9)  # straight-lining
    with pytest.raises(ValidationError):
        review_responses(actor=actor, period=period, ids=[flagged.pk], decision=REJECT, reason=" ")
    outcome = review_responses(
        actor=actor, period=period, ids=[flagged.pk], decision=ACCEPT, reason=""
    )
    assert (outcome.decided, outcome.skipped) == (1, 0)
    again = review_responses(
        actor=actor, period=period, ids=[flagged.pk], decision=REJECT, reason="x"
    )
    assert (again.decided, again.skipped) == (0, 1)
    assert Response.objects.get(pk=flagged.pk).status == ResponseStatus.ACCEPTED


def test_publishing_waits_for_the_queue(ministry: Ministry, period: SurveyPeriod) -> None:
    actor = ministry.users["tpi_balitbang"]
    target = intake.resolve(token_for(period, ministry.units["kanim_sby"]).token)
    assert target is not None
    flagged = send(target, (4,) * 9)
    with pytest.raises(ValidationError, match="1"):
        set_period_status(actor=actor, period=period, status=PeriodStatus.PUBLISHED)
    review_responses(actor=actor, period=period, ids=[flagged.pk], decision=ACCEPT, reason="")
    published = set_period_status(actor=actor, period=period, status=PeriodStatus.PUBLISHED)
    assert published.status == PeriodStatus.PUBLISHED and published.published_by == actor
    assert Event.objects.filter(action="survey_period.published").exists()
    with pytest.raises(ValidationError):
        set_period_status(actor=actor, period=period, status=PeriodStatus.OPEN)
    with pytest.raises(ValidationError):
        review_responses(actor=actor, period=period, ids=[flagged.pk], decision=ACCEPT, reason="")

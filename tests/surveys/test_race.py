"""Two posts of one form, or two forms from one phone, at the same time: exactly one response
is stored and counted. On PostgreSQL the second waits for the first; on SQLite it is made blind
to the first, so the one-per-device constraint alone decides."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from tests.conftest import build_ministry
from tests.surveys.conftest import period_with_codes, token_for
from zona.surveys import intake
from zona.surveys.models import Response, UnitTally

ANSWERS = intake.Answers((4, 3, 3, 4, 3, 4, 4, 3, 2), {}, "tidak")


def _waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return bool(cursor.fetchone()[0])


def _race_on_postgresql(first: intake.Submission, second: intake.Submission) -> intake.Outcome:
    """`first` is stored in a transaction held open until `second` waits for it (on the unit's
    tally row): `second` then finds the first response and stores nothing."""
    stored, release = threading.Event(), threading.Event()
    outcomes: dict[str, Any] = {}

    def hold_first() -> None:
        try:
            with transaction.atomic():
                outcomes["first"] = intake.submit(first)
                stored.set()
                release.wait(10)
        finally:
            connection.close()

    def send_second() -> None:
        try:
            outcomes["second"] = intake.submit(second)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_first)
    holder.start()
    assert stored.wait(10)
    sender = threading.Thread(target=send_second)
    sender.start()
    deadline = time.monotonic() + 10
    while not (waited := _waiting_for_a_lock()) and time.monotonic() < deadline:
        time.sleep(0.01)
    release.set()
    holder.join(10)
    sender.join(10)
    assert waited, "the second request never waited on the first one's row"
    assert outcomes["first"] == intake.Outcome.STORED
    return outcomes["second"]


def _race_on_sqlite(
    first: intake.Submission, second: intake.Submission, monkeypatch: pytest.MonkeyPatch
) -> intake.Outcome:
    """SQLite serialises writers: the second request is made blind to the first instead."""
    assert intake.submit(first) == intake.Outcome.STORED

    def blind(*args: Any, **kwargs: Any) -> intake.Recently:
        return intake.Recently(False, False, 0, 0, 0, 0)

    monkeypatch.setattr(intake, "_recently", blind)
    return intake.submit(second)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("again", ["the same form", "another form from the same phone"])
def test_a_race_lost_at_the_database_is_still_one_response(
    again: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ministry = build_ministry()
    period = period_with_codes(ministry)
    target = intake.resolve(token_for(period, ministry.units["kanim_sby"]).token)
    assert target is not None
    ticket = intake.new_ticket(target.basis, timezone.now())
    first = intake.Submission(target.basis, ticket, ANSWERS, "device-one", "10.0.0.1")
    if again == "the same form":
        second, expected = first, intake.Outcome.DUPLICATE
    else:
        other = intake.new_ticket(target.basis, timezone.now())
        second = intake.Submission(target.basis, other, ANSWERS, "device-one", "10.0.0.1")
        expected = intake.Outcome.ALREADY_ANSWERED
    if connection.vendor == "postgresql":
        outcome = _race_on_postgresql(first, second)
    else:
        outcome = _race_on_sqlite(first, second, monkeypatch)
    assert outcome == expected
    assert Response.objects.count() == 1
    assert (
        UnitTally.objects.get(survey=target.basis.survey_id, unit=target.basis.unit_id).received
        == 1
    )

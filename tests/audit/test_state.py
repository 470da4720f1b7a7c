"""The state check: audited records against the trail's last values (`audit-verify --state`)."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.conftest import Ministry
from zona.assessments.models import Answer, Assessment, ItemReview
from zona.audit.drift import ROW_GONE, TRACKED, Drift, find_drift
from zona.audit.models import Event


@pytest.fixture
def worked(ministry: Ministry) -> Ministry:
    """An LKE through a return and a resubmission to VERIFIED, and a predicate entered."""
    from tests.assessments.conftest import make_year
    from tests.assessments.test_chain import test_the_whole_loop_with_one_return
    from zona.proposals.services import record_earlier_grant

    test_the_whole_loop_with_one_return(ministry, make_year())
    record_earlier_grant(
        actor=ministry.users["admin"],
        unit=ministry.units["kanim_sby"],
        predicate="WBK",
        year=2024,
        decree_number="SK/1/2024",
        granted_on=date(2024, 12, 10),
    )
    return ministry


def sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_the_services_leave_no_drift(worked: Ministry) -> None:
    assert find_drift() == []
    for object_type in TRACKED:
        if object_type not in ("surveys.response", "proposals.tpnoutcome"):
            assert Event.objects.filter(object_type=object_type).exists(), object_type
    out = StringIO()
    call_command("audit_verify", state=True, stdout=out)


def test_a_resubmission_records_each_reopened_item(worked: Ministry) -> None:
    reopened = Event.objects.filter(action="lke.item_reopened")
    assert reopened.count() == 1
    event = reopened.get()
    assert event.before == {"state": "returned"}
    assert event.after == {"state": "pending", "question": "MP.1.a"}


def test_rows_changed_behind_the_trail_are_named(worked: Ministry) -> None:
    from zona.proposals.models import Grant

    answer = Answer.objects.filter(value__gt="").order_by("pk").first()
    review = ItemReview.objects.filter(note="").order_by("pk").first()
    grant = Grant.objects.get()
    assert answer is not None and review is not None
    sql("UPDATE assessments_answer SET value = %s WHERE id = %s", ["diubah", answer.pk])
    sql(
        "UPDATE assessments_itemreview SET state = 'returned', note = 'x' WHERE id = %s",
        [review.pk],
    )
    sql("UPDATE proposals_grant SET decree_number = 'SK/palsu' WHERE id = %s", [grant.pk])
    lke = Assessment.objects.get()
    sql("UPDATE assessments_assessment SET status = 'draft' WHERE id = %s", [lke.pk])
    found = find_drift()
    assert sorted(found, key=lambda d: (d.table, d.pk, d.field)) == [
        Drift("assessments_answer", str(answer.pk), "value", answer.value, "diubah"),
        Drift("assessments_assessment", str(lke.pk), "status", "verified", "draft"),
        Drift("assessments_itemreview", str(review.pk), "note", "", "x"),
        Drift("assessments_itemreview", str(review.pk), "state", review.state, "returned"),
        Drift("proposals_grant", str(grant.pk), "decree_number", "SK/1/2024", "SK/palsu"),
    ]
    with pytest.raises(CommandError) as raised:
        call_command("audit_verify", state=True)
    message = str(raised.value)
    assert f"assessments_answer pk {answer.pk}: value" in message
    assert f"proposals_grant pk {grant.pk}: decree_number" in message
    assert message.count("\n") == 4  # one line each


def test_a_deleted_row_is_named(worked: Ministry) -> None:
    from zona.proposals.models import Grant

    grant = Grant.objects.get()
    sql("DELETE FROM proposals_grant WHERE id = %s", [grant.pk])
    [drift] = find_drift()
    assert (drift.table, drift.pk, drift.field, drift.now) == (
        "proposals_grant",
        str(grant.pk),
        ROW_GONE,
        None,
    )
    with pytest.raises(CommandError, match=f"proposals_grant pk {grant.pk}: "):
        call_command("audit_verify", state=True)


def test_one_query_per_model_and_its_events(
    worked: Ministry, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(2 * len(TRACKED)):
        find_drift()
    assert find_drift(chunk=7) == []

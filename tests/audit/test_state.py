"""The state check: audited records against the trail's last values (`audit-verify --state`)."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from tests.conftest import Ministry
from zona.assessments.models import Answer, Assessment, ItemReview
from zona.audit.drift import ROW_GONE, TRACKED, Drift, find_drift
from zona.audit.models import Event
from zona.audit.services import change_of, record


def grant(ministry: Ministry) -> None:
    from zona.proposals.services import record_earlier_grant

    record_earlier_grant(
        actor=ministry.users["admin"],
        unit=ministry.units["kanim_sby"],
        predicate="WBK",
        year=2024,
        decree_number="SK/1/2024",
        granted_on=date(2024, 12, 10),
    )


@pytest.fixture
def worked(ministry: Ministry) -> Ministry:
    """An LKE answered and submitted, one item returned by the Kanwil, a predicate entered."""
    from tests.assessments.conftest import answer_all, lke_of, make_year
    from zona.assessments.services import review_item, submit
    from zona.assessments.workflow import Tier

    lke = lke_of(ministry, make_year())
    answer_all(ministry, lke)
    submit(actor=ministry.users["kepala_sby"], assessment=lke, attest=True)
    review = ItemReview.objects.filter(assessment=lke, tier=Tier.KANWIL).order_by("pk").first()
    assert review is not None
    review_item(
        actor=ministry.users["verifier_jatim"],
        assessment=lke,
        question=review.question,
        tier=Tier.KANWIL,
        accept=False,
        note="Kurang",
        expected_version=review.version,
    )
    grant(ministry)
    return ministry


def sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_the_services_leave_no_drift(
    ministry: Ministry,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    """The whole loop of an LKE with a return and a resubmission, up to VERIFIED."""
    from tests.assessments.conftest import make_year
    from tests.assessments.test_chain import test_the_whole_loop_with_one_return

    test_the_whole_loop_with_one_return(ministry, make_year())
    grant(ministry)
    with django_assert_max_num_queries(2 * len(TRACKED)):
        assert find_drift() == []
    assert find_drift(chunk=7) == []
    for object_type in TRACKED:
        if object_type not in ("surveys.response", "proposals.tpnoutcome"):
            assert Event.objects.filter(object_type=object_type).exists(), object_type
    out = StringIO()
    call_command("audit_verify", state=True, stdout=out)
    assert _("Audited records match the trail's last values.") in out.getvalue()
    # a resubmission records each item it sets back to pending
    event = Event.objects.get(action="lke.item_reopened")
    assert event.before == {"state": "returned"}
    assert event.after == {"state": "pending", "question": "MP.1.a"}


def test_rows_changed_behind_the_trail_are_named(worked: Ministry) -> None:
    from zona.proposals.models import Grant

    answer = Answer.objects.filter(value__gt="").order_by("pk").first()
    review = ItemReview.objects.filter(note="Kurang").first()
    grant = Grant.objects.get()
    assert answer is not None and review is not None
    # events of other actions do not say what the row holds (an evidence file's, say)
    with transaction.atomic():
        record(None, change_of("lke.evidence_added", answer, after={"value": "berkas.pdf"}))
    assert find_drift() == []
    sql("UPDATE assessments_answer SET value = %s WHERE id = %s", ["diubah", answer.pk])
    sql(
        "UPDATE assessments_itemreview SET state = 'accepted', note = 'x' WHERE id = %s",
        [review.pk],
    )
    sql("UPDATE proposals_grant SET decree_number = 'SK/palsu' WHERE id = %s", [grant.pk])
    lke = Assessment.objects.get()
    sql("UPDATE assessments_assessment SET status = 'draft' WHERE id = %s", [lke.pk])
    found = find_drift()
    assert sorted(found, key=lambda d: (d.table, d.pk, d.field)) == [
        Drift("assessments_answer", str(answer.pk), "value", answer.value, "diubah"),
        Drift("assessments_assessment", str(lke.pk), "status", lke.status, "draft"),
        Drift("assessments_itemreview", str(review.pk), "note", "Kurang", "x"),
        Drift("assessments_itemreview", str(review.pk), "state", "returned", "accepted"),
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
    assert drift.trail == {
        "predicate": "WBK",
        "year": 2024,
        "decree": "SK/1/2024",
        "granted_on": "2024-12-10",
    }
    assert (drift.table, drift.pk, drift.field, drift.now) == (
        "proposals_grant",
        str(grant.pk),
        ROW_GONE,
        None,
    )
    with pytest.raises(CommandError, match=f"proposals_grant pk {grant.pk}: "):
        call_command("audit_verify", state=True)

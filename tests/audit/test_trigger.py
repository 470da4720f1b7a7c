"""On PostgreSQL the database refuses to change or delete audit events (migration 0002)."""

import pytest
from django.db import DatabaseError, connection, transaction

from tests.conftest import Ministry
from zona.audit.models import Event

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_event SET action = 'x' WHERE id = %s",
        "UPDATE audit_event SET after = NULL WHERE id = %s",
        "DELETE FROM audit_event WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_an_event(ministry: Ministry, sql: str) -> None:
    event = Event.objects.order_by("-seq").first()
    assert event is not None
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    assert Event.objects.get(pk=event.pk).action == event.action


def test_the_queryset_cannot_bypass_it(ministry: Ministry) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(seq=1).update(action="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(seq=1)._raw_delete(using="default")

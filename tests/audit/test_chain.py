import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from tests.conftest import Ministry
from zona.audit.models import AppendOnlyError, Event
from zona.audit.verify import verify_chain


def tamper(sql: str, params: list) -> None:
    """What a person with database access could do, bypassing the application."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_every_change_of_the_fixture_is_in_an_intact_chain(ministry: Ministry) -> None:
    result = verify_chain()
    assert result.ok
    assert result.checked == Event.objects.count() > 30
    call_command("audit_verify")


def test_an_event_records_actor_object_and_before_after(ministry: Ministry) -> None:
    from zona.organizations.services import update_unit

    unit = ministry.units["lapas_sby"]
    update_unit(actor=ministry.users["admin"], unit=unit, name="Lapas Kelas I Surabaya (Porong)")
    event = Event.objects.order_by("-seq").first()
    assert event is not None
    assert event.action == "unit.updated"
    assert event.actor_id == ministry.users["admin"].pk
    assert event.object_id == str(unit.pk)
    assert event.before == {"name": "Lapas Kelas I Surabaya"}
    assert event.after == {"name": "Lapas Kelas I Surabaya (Porong)"}


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("after", '{"name": "diubah"}'),
        ("action", "unit.deleted"),
        ("actor_id", "ADMIN"),
        ("actor_label", "orang lain"),
        ("object_id", "77"),
        ("occurred_at", "2020-01-01 00:00:00"),
    ],
)
def test_editing_any_field_of_any_row_is_caught_and_named(
    ministry: Ministry, column: str, value: object
) -> None:
    victim = Event.objects.order_by("seq")[5]
    if value == "ADMIN":
        value = ministry.users["admin"].pk
    tamper(f"UPDATE audit_event SET {column} = %s WHERE id = %s", [value, victim.pk])  # noqa: S608
    result = verify_chain()
    assert not result.ok and result.first_break is not None
    assert result.first_break.seq == victim.seq
    with pytest.raises(CommandError, match=f"#{victim.seq} "):
        call_command("audit_verify")


def test_deleting_a_middle_row_is_caught_at_the_gap(ministry: Ministry) -> None:
    victim = Event.objects.order_by("seq")[3]
    tamper("DELETE FROM audit_event WHERE id = %s", [victim.pk])
    result = verify_chain()
    assert result.first_break is not None
    assert result.first_break.seq == victim.seq + 1
    assert f"#{victim.seq}" in result.first_break.reason


def test_deleting_the_newest_row_is_caught_by_the_head(ministry: Ministry) -> None:
    newest = Event.objects.order_by("-seq").first()
    assert newest is not None
    tamper("DELETE FROM audit_event WHERE id = %s", [newest.pk])
    result = verify_chain()
    assert result.first_break is not None
    assert result.first_break.seq == newest.seq


def test_rewriting_a_row_with_a_fresh_hash_breaks_the_next_link(ministry: Ministry) -> None:
    from zona.audit.chain import event_hash

    victim = Event.objects.order_by("seq")[2]
    forged = event_hash(
        seq=victim.seq,
        occurred_at=victim.occurred_at,
        actor_id=victim.actor_id,
        actor_label=victim.actor_label,
        action="unit.forged",
        object_type=victim.object_type,
        object_id=victim.object_id,
        before=victim.before,
        after=victim.after,
        prev_hash=victim.prev_hash,
    )
    tamper(
        "UPDATE audit_event SET action = %s, hash = %s WHERE id = %s",
        ["unit.forged", forged, victim.pk],
    )
    result = verify_chain()
    assert result.first_break is not None
    assert result.first_break.seq == victim.seq + 1


def test_the_application_refuses_to_change_or_delete_events(ministry: Ministry) -> None:
    event = Event.objects.first()
    assert event is not None
    event.action = "x"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_a_failed_change_leaves_no_event(ministry: Ministry) -> None:
    from zona.organizations.services import create_unit

    before = Event.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        create_unit(actor=None, code="KANIM_SBY", name="Duplikat", kind="upt")
    assert Event.objects.count() == before
    assert verify_chain().ok

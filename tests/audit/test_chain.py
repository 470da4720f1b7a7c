import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tests.conftest import Ministry
from zona.audit.models import AppendOnlyError, Event
from zona.audit.verify import verify_chain


def tamper(sql: str, params: list) -> None:
    """What a person with database access could do, bypassing the application. On PostgreSQL
    a superuser first switches off the append-only trigger (migration 0002), as such a person
    could; the test's rollback switches it on again."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
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
        ("object_repr", "Unit lain"),
        ("format", 1),
        ("format", 9),
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
        object_repr=victim.object_repr,
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


def test_an_event_hash_is_pinned() -> None:
    """Writing and verifying share event_hash: a change to it would cancel out, so one
    event's hash is written down here. Changing the recipe breaks every stored chain."""
    from datetime import UTC, datetime

    from zona.audit.chain import canonical_json, event_hash

    assert canonical_json({"b": [1, "é"], "a": None, "c": {"y": 1, "x": 2}}) == (
        '{"a":null,"b":[1,"é"],"c":{"x":2,"y":1}}'
    )
    assert canonical_json({"d": datetime(2026, 1, 2, tzinfo=UTC)}) == (
        '{"d":"2026-01-02 00:00:00+00:00"}'
    )
    pinned = {
        "seq": 7,
        "occurred_at": datetime(2026, 12, 8, 1, 2, 3, 4, tzinfo=UTC),
        "actor_id": 42,
        "actor_label": "Budi Santoso",
        "action": "lke.answer_saved",
        "object_type": "assessments.answer",
        "object_id": "9",
        "before": {"value": "Ya", "note": ""},
        "after": {"value": "Tidak", "note": "SK belum ada — dicatat"},
        "prev_hash": "a" * 64,
        "object_repr": "MP.1.a — Kanim Surabaya",
    }
    assert event_hash(**pinned, version=1) == PINNED_HASH_1
    assert event_hash(**pinned) == event_hash(**pinned, version=2) == PINNED_HASH_2
    assert event_hash(**pinned | {"object_repr": "lain"}, version=1) == PINNED_HASH_1
    assert event_hash(**pinned | {"object_repr": "lain"}) != PINNED_HASH_2
    with pytest.raises(ValueError, match="3"):
        event_hash(**pinned, version=3)


# sha256 of these payloads, written by hand (keys sorted, no spaces, UTF-8 as is). Format 1:
# {"action":"lke.answer_saved","actor":42,"actor_label":"Budi Santoso","after":{"note":"SK
# belum ada — dicatat","value":"Tidak"},"at":"2026-12-08T01:02:03.000004+00:00","before":
# {"note":"","value":"Ya"},"id":"9","prev":"aaa…a","seq":7,"type":"assessments.answer"}
PINNED_HASH_1 = "bb75226efc54102184fac803f6228c62fc49c202d566720f161b994834026d3b"
# Format 2: the same with "repr":"MP.1.a — Kanim Surabaya" after "prev" and "v":2 at the end.
PINNED_HASH_2 = "b01b93c2e26533cbdee6586f873609d6835ff98dacb00dca71289495c7857a79"


@pytest.mark.parametrize(
    ("label", "actor_of"),
    [
        ("Nama Lengkap Operator", lambda m: m.users["operator_sby"]),
        ("sistem", lambda m: None),
    ],
)
def test_the_actor_s_name_is_recorded(ministry: Ministry, label: str, actor_of) -> None:  # type: ignore[no-untyped-def]
    from zona.audit.services import Change, record

    actor = actor_of(ministry)
    if actor is not None:
        actor.full_name = label
    with transaction.atomic():
        event = record(actor, Change("x.y", "t.t", "1"))
    stored = Event.objects.get(pk=event.pk)
    assert stored.actor_label == label
    assert stored.actor_id == (actor.pk if actor else None)


def test_without_a_full_name_the_username_is_recorded(ministry: Ministry) -> None:
    from django.contrib.auth.models import AnonymousUser

    from zona.audit.services import Change, record

    user = ministry.users["operator_sby"]
    user.full_name, user.first_name, user.last_name = "", "", ""
    with transaction.atomic():
        named = record(user, Change("x.y", "t.t", "1"))
        anonymous = record(AnonymousUser(), Change("x.y", "t.t", "2"))
    assert named.actor_label == user.get_username()
    assert (anonymous.actor_label, anonymous.actor_id) == ("sistem", None)
    user.full_name = "N" * 250
    with transaction.atomic():
        long = record(user, Change("x.y", "t.t", "3"))
    assert long.actor_label == "N" * 200
    assert verify_chain().ok


def test_the_head_is_where_the_events_end(ministry: Ministry) -> None:

    from zona.audit.models import ChainHead

    head = ChainHead.objects.get(pk=1)
    newest = Event.objects.order_by("-seq").first()
    assert newest is not None
    assert (head.last_seq, head.last_hash) == (newest.seq, newest.hash)
    assert str(head) == f"#{newest.seq} {newest.hash[:12]}"
    assert verify_chain().checked == newest.seq


def test_a_head_with_the_right_number_but_another_hash_is_caught(ministry: Ministry) -> None:
    from django.utils.translation import gettext as _

    from zona.audit.models import ChainHead

    newest = Event.objects.order_by("-seq").first()
    assert newest is not None
    ChainHead.objects.filter(pk=1).update(last_hash="f" * 64)
    result = verify_chain()
    assert result.checked == newest.seq
    assert result.first_break is not None
    assert result.first_break.seq == newest.seq + 1
    assert result.first_break.event_id is None
    reason = _("the chain ends at #%(seq)d but the head says #%(head)d: newest rows removed")
    assert result.first_break.reason == reason % {"seq": newest.seq, "head": newest.seq}


def test_a_missing_head_row_is_caught(ministry: Ministry) -> None:
    from zona.audit.models import ChainHead

    newest = Event.objects.order_by("-seq").first()
    assert newest is not None
    ChainHead.objects.all().delete()
    result = verify_chain()
    assert result.first_break is not None
    assert result.first_break.seq == newest.seq + 1
    assert f"#{newest.seq} " in result.first_break.reason and "#0:" in result.first_break.reason


def test_each_kind_of_break_is_named(ministry: Ministry) -> None:
    from django.utils.translation import gettext as _

    victim = Event.objects.order_by("seq")[4]
    tamper("UPDATE audit_event SET prev_hash = %s WHERE id = %s", ["e" * 64, victim.pk])
    result = verify_chain()
    assert result.first_break is not None
    assert result.first_break.reason == _(
        "prev_hash does not match the hash of the event before it"
    )
    assert (result.first_break.seq, result.first_break.event_id) == (victim.seq, victim.pk)
    assert result.checked == victim.seq - 1


def test_a_changed_hash_is_named(ministry: Ministry) -> None:
    from django.utils.translation import gettext as _

    victim = Event.objects.order_by("-seq")[0]
    tamper("UPDATE audit_event SET before = %s WHERE id = %s", ['{"x": 1}', victim.pk])
    result = verify_chain()
    assert result.first_break is not None
    assert result.first_break.reason == _("content changed after it was written (hash mismatch)")


def test_a_gap_is_named(ministry: Ministry) -> None:
    from django.utils.translation import gettext as _

    victim = Event.objects.order_by("seq")[0]
    tamper("DELETE FROM audit_event WHERE id = %s", [victim.pk])
    result = verify_chain()
    assert result.first_break is not None
    assert result.first_break.reason == _("event #%(expected)d is missing (deleted?)") % {
        "expected": 1
    }
    with pytest.raises(CommandError) as raised:
        call_command("audit_verify")
    second = Event.objects.get(seq=2)
    assert f"#2 (id {second.pk}): " in str(raised.value)


def test_the_command_reports_an_intact_trail(ministry: Ministry) -> None:
    from io import StringIO

    from django.utils.translation import gettext as _

    out = StringIO()
    call_command("audit_verify", stdout=out)
    count = Event.objects.count()
    assert _("Audit trail intact: %(n)d events checked.") % {"n": count} in out.getvalue()


def test_the_verification_reads_in_batches(ministry: Ministry) -> None:
    count = Event.objects.count()
    assert verify_chain(batch_size=3).checked == count


def test_events_of_format_1_still_verify(ministry: Ministry) -> None:
    """A chain written before the object's name was hashed verifies with recipe 1."""
    from zona.audit.chain import event_hash
    from zona.audit.models import ChainHead

    head = ChainHead.objects.get(pk=1)
    values = {
        "seq": head.last_seq + 1,
        "occurred_at": timezone.now(),
        "actor_id": None,
        "actor_label": "sistem",
        "action": "unit.updated",
        "object_type": "organizations.unit",
        "object_id": "1",
        "before": None,
        "after": {"name": "Lama"},
        "prev_hash": head.last_hash,
    }
    digest = event_hash(**values, object_repr="Kanim", version=1)
    with transaction.atomic():
        Event(**values, object_repr="Kanim", hash=digest, format=1).save()
        ChainHead.objects.filter(pk=1).update(last_seq=values["seq"], last_hash=digest)
    assert verify_chain().ok
    # …and its name stays outside its hash, as it was
    tamper("UPDATE audit_event SET object_repr = 'lain' WHERE hash = %s", [digest])
    assert verify_chain().ok
    tamper("UPDATE audit_event SET format = 2 WHERE hash = %s", [digest])
    assert not verify_chain().ok


def test_an_unknown_hash_format_is_named(ministry: Ministry) -> None:
    from django.utils.translation import gettext as _

    victim = Event.objects.order_by("seq")[1]
    tamper("UPDATE audit_event SET format = 9 WHERE id = %s", [victim.pk])
    result = verify_chain()
    assert result.first_break is not None
    assert result.first_break.seq == victim.seq
    assert result.first_break.reason == _("content changed after it was written (hash mismatch)")

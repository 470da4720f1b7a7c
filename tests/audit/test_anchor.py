"""Anchors: the head signed with ZONA_AUDIT_KEY and kept outside the database catch what the
chain alone cannot: the newest events removed with the head moved back, and a rewritten chain
whose every later hash was recomputed."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils.translation import gettext as _

from tests.conftest import Ministry
from zona.audit.anchor import (
    Anchor,
    AnchorError,
    audit_key,
    check_anchors,
    current_anchor,
    parse,
    read_anchors,
    signature,
)
from zona.audit.chain import event_hash
from zona.audit.models import GENESIS_HASH, ChainHead, Event
from zona.audit.verify import verify_chain

KEY = "kunci-audit-di-luar-basis-data"


@pytest.fixture
def keyed(settings) -> None:  # type: ignore[no-untyped-def]
    settings.AUDIT_KEY = KEY
    settings.AUDIT_ANCHOR_RECIPIENTS = ["inspektorat@example.go.id", "arsip@example.go.id"]


def sql(statement: str, params: list) -> None:
    """A superuser bypassing the application and the append-only trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(statement, params)


def anchor_to(path: Path) -> str:
    out = StringIO()
    call_command("audit_anchor", file=path, stdout=out)
    return out.getvalue().strip()


def verify(path: Path) -> str:
    out = StringIO()
    call_command("audit_verify", anchor=[path], stdout=out)
    return out.getvalue()


def newest() -> Event:
    event = Event.objects.order_by("-seq").first()
    assert event is not None
    return event


def truncate_newest() -> Event:
    """Delete the newest event and move the head back: the chain alone still verifies."""
    gone = newest()
    before = Event.objects.get(seq=gone.seq - 1)
    sql("DELETE FROM audit_event WHERE id = %s", [gone.pk])
    ChainHead.objects.filter(pk=1).update(last_seq=before.seq, last_hash=before.hash)
    return gone


def rewrite_from(seq: int, after: dict) -> None:
    """Change one event's `after` and recompute every later hash and the head."""
    prev = Event.objects.get(seq=seq).prev_hash
    for event in Event.objects.filter(seq__gte=seq).order_by("seq"):
        values = after if event.seq == seq else event.after
        digest = event_hash(
            seq=event.seq,
            occurred_at=event.occurred_at,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            before=event.before,
            after=values,
            prev_hash=prev,
            object_repr=event.object_repr,
            version=event.format,
        )
        sql(
            "UPDATE audit_event SET after = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [json.dumps(values), prev, digest, event.pk],
        )
        prev = digest
    ChainHead.objects.filter(pk=1).update(last_hash=prev)


def rewritten(line: int, seq: int, path: Path) -> str:
    at = json.loads(path.read_text(encoding="utf-8").splitlines()[line - 1])["at"]
    return _(
        "line %(line)d: event #%(seq)d no longer has the hash anchored at %(at)s: "
        "the chain was REWRITTEN up to that event"
    ) % {"line": line, "seq": seq, "at": at}


def forged(line: int, seq: int, at: str) -> str:
    return _(
        "line %(line)d: the anchor of #%(seq)d (%(at)s) is not signed with this "
        "ZONA_AUDIT_KEY: forged or edited"
    ) % {"line": line, "seq": seq, "at": at}


def test_without_the_key_no_anchor_is_made(ministry: Ministry, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.AUDIT_KEY = ""
    with pytest.raises(CommandError, match="ZONA_AUDIT_KEY"):
        call_command("audit_anchor", file=tmp_path / "a.jsonl")
    assert not (tmp_path / "a.jsonl").exists()
    with pytest.raises(CommandError, match="ZONA_AUDIT_KEY"):
        call_command("audit_verify", anchor=[tmp_path / "a.jsonl"])
    settings.AUDIT_KEY = settings.SECRET_KEY
    with pytest.raises(AnchorError):
        audit_key()


def test_an_anchor_is_the_signed_head(ministry: Ministry, keyed: None, tmp_path: Path) -> None:
    path = tmp_path / "anchors.jsonl"
    printed = anchor_to(path)
    head = newest()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert printed == path.read_text(encoding="utf-8").strip()
    assert (data["v"], data["seq"], data["hash"]) == (1, head.seq, head.hash)
    assert set(data) == {"v", "seq", "hash", "at", "sig"}
    message = json.dumps(
        {"at": data["at"], "hash": head.hash, "seq": head.seq, "v": 1}, separators=(",", ":")
    )
    import hashlib
    import hmac

    expected = hmac.new(KEY.encode(), message.encode(), hashlib.sha256).hexdigest()
    assert data["sig"] == expected
    anchor = parse(printed)
    assert anchor == Anchor(head.seq, head.hash, data["at"], expected)
    assert anchor.line() == printed
    assert "kunci" not in printed


def test_anchors_append_and_all_are_checked(
    ministry: Ministry, keyed: None, tmp_path: Path
) -> None:
    from zona.organizations.services import update_unit

    path = tmp_path / "anchors.jsonl"
    anchor_to(path)
    update_unit(actor=None, unit=ministry.units["lapas_sby"], name="Lapas Porong")
    anchor_to(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["seq"] == json.loads(lines[0])["seq"] + 1
    assert _("%(path)s: %(n)d anchors match the chain.") % {"path": path, "n": 2} in verify(path)


def test_truncation_passes_the_chain_but_not_the_anchor(
    ministry: Ministry, keyed: None, tmp_path: Path
) -> None:
    path = tmp_path / "anchors.jsonl"
    anchor_to(path)
    gone = truncate_newest()
    assert verify_chain().ok  # the chain alone is fooled
    with pytest.raises(CommandError) as raised:
        verify(path)
    at = json.loads(path.read_text(encoding="utf-8"))["at"]
    # where the chain ends now is named
    assert str(raised.value) == f"{path}: " + _(
        "line %(line)d: event #%(seq)d, anchored at %(at)s, no longer exists "
        "(the chain now ends at #%(head)d): the chain was TRUNCATED"
    ) % {"line": 1, "seq": gone.seq, "at": at, "head": gone.seq - 1}


def test_a_truncated_and_regrown_chain_is_caught_as_rewritten(
    ministry: Ministry, keyed: None, tmp_path: Path
) -> None:
    from django.db import transaction

    from zona.audit.services import Change, record

    path = tmp_path / "anchors.jsonl"
    anchor_to(path)
    gone = truncate_newest()
    with transaction.atomic():
        record(None, Change("x.y", "t.t", "1"))  # the same seq again, another event
    assert verify_chain().ok
    with pytest.raises(CommandError) as raised:
        verify(path)
    assert str(raised.value) == f"{path}: " + rewritten(1, gone.seq, path)


def test_a_recomputed_chain_is_caught(ministry: Ministry, keyed: None, tmp_path: Path) -> None:
    path = tmp_path / "anchors.jsonl"
    anchor_to(path)
    victim = Event.objects.order_by("seq")[3]
    rewrite_from(victim.seq, {"name": "ditulis ulang"})
    assert verify_chain().ok  # every hash recomputed: the chain alone is fooled
    with pytest.raises(CommandError) as raised:
        verify(path)
    assert str(raised.value) == f"{path}: " + rewritten(1, newest().seq, path)


def test_an_anchor_from_another_key_or_edited_is_refused(
    ministry: Ministry, keyed: None, tmp_path: Path
) -> None:
    head = newest()
    unsigned = Anchor(head.seq - 1, Event.objects.get(seq=head.seq - 1).hash, "2026-12-01")
    fake = Anchor(unsigned.seq, unsigned.hash, unsigned.at, signature(unsigned, "lain"))
    path = tmp_path / "anchors.jsonl"
    path.write_text(fake.line() + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        verify(path)
    assert str(raised.value) == f"{path}: " + forged(1, unsigned.seq, unsigned.at)
    good = Anchor(unsigned.seq, unsigned.hash, unsigned.at, signature(unsigned, KEY))
    path.write_text(good.line() + "\n", encoding="utf-8")
    assert _("%(path)s: %(n)d anchors match the chain.") % {"path": path, "n": 1} in verify(path)
    for field, value in (("at", "2026-12-02"), ("seq", 1), ("hash", "b" * 64)):
        moved = json.loads(good.line()) | {field: value}
        path.write_text(json.dumps(moved) + "\n", encoding="utf-8")
        with pytest.raises(CommandError) as raised:
            verify(path)
        assert str(raised.value) == f"{path}: " + forged(1, moved["seq"], moved["at"])


def test_lines_that_are_not_anchors_are_named(ministry: Ministry, keyed: None) -> None:
    genesis = Anchor(0, GENESIS_HASH, "2026-01-01")
    genesis = Anchor(0, GENESIS_HASH, "2026-01-01", signature(genesis, KEY))
    text = "\n".join(
        [
            "bukan json",
            "",
            json.dumps({"v": 2, "seq": 1, "hash": "a", "at": "b", "sig": "c"}),
            json.dumps({"seq": 1}),
            genesis.line(),
        ]  # fmt: skip
    )
    lines = read_anchors(text)
    assert [n for n, _a in lines] == [1, 3, 4, 5]
    assert isinstance(lines[3][1], Anchor)
    problems = check_anchors(lines, KEY)
    assert len(problems) == 3
    line = _("line %(line)d: %(reason)s")
    assert problems[1] == line % {
        "line": 3,
        "reason": _("unknown anchor version %(v)s") % {"v": 2},
    }
    assert problems[0].startswith(
        line % {"line": 1, "reason": _("not an anchor: %(error)s") % {"error": ""}}
    )
    assert problems[2] == line % {
        "line": 4,
        "reason": _("not an anchor: %(error)s") % {"error": "'hash'"},
    }


def test_a_missing_file_is_named(ministry: Ministry, keyed: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="tidak-ada.jsonl"):
        verify(tmp_path / "tidak-ada.jsonl")


def test_the_anchor_is_mailed_to_the_recipients(ministry: Ministry, keyed: None) -> None:
    out = StringIO()
    call_command("audit_anchor", email=True, stdout=out)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["inspektorat@example.go.id", "arsip@example.go.id"]
    assert out.getvalue().strip() in message.body
    assert f"#{newest().seq}" in message.subject


def test_mail_without_recipients_is_refused(ministry: Ministry, keyed: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.AUDIT_ANCHOR_RECIPIENTS = []
    with pytest.raises(CommandError, match="ZONA_AUDIT_ANCHOR_RECIPIENTS"):
        call_command("audit_anchor", email=True)
    assert not mail.outbox


def test_a_broken_chain_is_not_anchored(ministry: Ministry, keyed: None, tmp_path: Path) -> None:
    victim = Event.objects.order_by("seq")[2]
    sql("UPDATE audit_event SET action = 'x' WHERE id = %s", [victim.pk])
    with pytest.raises(CommandError):
        anchor_to(tmp_path / "a.jsonl")
    assert not (tmp_path / "a.jsonl").exists()


def test_the_current_anchor_without_a_head_is_the_genesis(ministry: Ministry) -> None:
    ChainHead.objects.all().delete()
    anchor = current_anchor(KEY)
    assert (anchor.seq, anchor.hash) == (0, GENESIS_HASH)
    assert check_anchors([(1, anchor)], KEY) == []


def test_the_key_s_problems_are_named(settings) -> None:  # type: ignore[no-untyped-def]
    settings.AUDIT_KEY = ""
    with pytest.raises(AnchorError) as raised:
        audit_key()
    assert str(raised.value) == _(
        "ZONA_AUDIT_KEY is not set: anchors are signed with a key kept outside the database."
    )
    settings.AUDIT_KEY = settings.SECRET_KEY
    with pytest.raises(AnchorError) as raised:
        audit_key()
    assert str(raised.value) == _("ZONA_AUDIT_KEY must not be the secret key.")
    settings.AUDIT_KEY = KEY
    assert audit_key() == KEY


def test_every_anchor_after_the_genesis_is_checked(ministry: Ministry) -> None:
    ChainHead.objects.all().delete()
    genesis = Anchor(0, GENESIS_HASH, "2026-01-01")
    genesis = Anchor(0, GENESIS_HASH, "2026-01-01", signature(genesis, KEY))
    gone = Anchor(10**9, "c" * 64, "2026-01-02")
    gone = Anchor(gone.seq, gone.hash, gone.at, signature(gone, KEY))
    assert check_anchors([(1, genesis), (2, gone)], KEY) == [
        _(
            "line %(line)d: event #%(seq)d, anchored at %(at)s, no longer exists "
            "(the chain now ends at #%(head)d): the chain was TRUNCATED"
        )
        % {"line": 2, "seq": 10**9, "at": "2026-01-02", "head": 0}
    ]

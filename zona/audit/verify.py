"""Checking the audit chain from the first event to the head."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from zona.audit.chain import FORMATS, event_hash
from zona.audit.models import GENESIS_HASH, ChainHead, Event


@dataclass(frozen=True)
class Break:
    seq: int
    event_id: int | None
    reason: str


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    first_break: Break | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def verify_chain(batch_size: int = 2000) -> VerifyResult:
    expected_seq, prev = 1, GENESIS_HASH
    checked = 0
    events = Event.objects.order_by("seq").iterator(chunk_size=batch_size)
    for event in events:
        problem = _problem(event, expected_seq, prev)
        if problem:
            return VerifyResult(checked, Break(event.seq, event.pk, problem))
        checked += 1
        expected_seq, prev = event.seq + 1, event.hash
    head = ChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    if head_seq != expected_seq - 1 or head_hash != prev:
        reason = _("the chain ends at #%(seq)d but the head says #%(head)d: newest rows removed")
        return VerifyResult(
            checked,
            Break(expected_seq, None, reason % {"seq": expected_seq - 1, "head": head_seq}),
        )
    return VerifyResult(checked, None)


def _problem(event: Event, expected_seq: int, prev: str) -> str:
    if event.seq != expected_seq:
        return _("event #%(expected)d is missing (deleted?)") % {"expected": expected_seq}
    if event.prev_hash != prev:
        return _("prev_hash does not match the hash of the event before it")
    if event.format not in FORMATS:  # no recipe makes such a hash: the format was edited
        return _("content changed after it was written (hash mismatch)")
    recomputed = event_hash(
        seq=event.seq,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        before=event.before,
        after=event.after,
        prev_hash=event.prev_hash,
        object_repr=event.object_repr,
        version=event.format,
    )
    if recomputed != event.hash:
        return _("content changed after it was written (hash mismatch)")
    return ""

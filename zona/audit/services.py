"""Writing audit events. Call `record` inside the transaction of the change it describes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from zona.audit.chain import HASH_FORMAT, canonical_json, event_hash
from zona.audit.models import ChainHead, Event

# Who made a change: any user model (the audit trail sits below the accounts app), or None
# for the system (the demo, a management command).
Actor = AbstractBaseUser | AnonymousUser | None


@dataclass(frozen=True)
class Change:
    """One change to one object, as the audit trail keeps it."""

    action: str
    object_type: str
    object_id: str
    object_repr: str = ""
    before: Any = None
    after: Any = None


def change_of(action: str, obj: models.Model, *, before: Any = None, after: Any = None) -> Change:
    return Change(
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=before,
        after=after,
    )


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of an object as plain JSON values (foreign keys by id)."""
    return _plain({name: obj.serializable_value(name) for name in fields})


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict, dict]:
    """Only the keys whose values differ, each side."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(actor: Actor, change: Change) -> Event:
    return record_many(actor, [change])[0]


def record_many(actor: Actor, changes: Iterable[Change]) -> list[Event]:
    """Append events for changes made in the current transaction (which must be open)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit events are written inside the transaction of their change.")
    head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    actor_label = _actor_label(actor) if actor is not None and actor_id else "sistem"
    now = timezone.now()
    events = []
    seq, prev = head.last_seq, head.last_hash
    for change in changes:
        seq += 1
        before, after = _plain(change.before), _plain(change.after)
        digest = event_hash(
            seq=seq,
            occurred_at=now,
            actor_id=actor_id,
            actor_label=actor_label,
            action=change.action,
            object_type=change.object_type,
            object_id=change.object_id,
            before=before,
            after=after,
            prev_hash=prev,
            object_repr=change.object_repr,
            version=HASH_FORMAT,
        )
        events.append(
            Event(
                seq=seq,
                occurred_at=now,
                actor_id=actor_id,
                actor_label=actor_label,
                action=change.action,
                object_type=change.object_type,
                object_id=change.object_id,
                object_repr=change.object_repr,
                before=before,
                after=after,
                prev_hash=prev,
                hash=digest,
                format=HASH_FORMAT,
            )
        )
        prev = digest
    if events:
        Event.objects.bulk_create(events, batch_size=500)
        head.last_seq, head.last_hash = seq, prev
        head.save(update_fields=["last_seq", "last_hash"])
    return events


def _actor_label(actor: AbstractBaseUser | AnonymousUser) -> str:
    name = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return (name or actor.get_username())[:200]


def _plain(value: Any) -> Any:
    """JSON-native form, so what is hashed is exactly what the database gives back."""
    if value is None:
        return None
    return json.loads(canonical_json(value))

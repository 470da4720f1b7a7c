"""Rows changed behind the trail's back: the current state against the trail's last word.

The hash chain proves the trail was not edited; it cannot see a direct `UPDATE` of an answer,
which writes no event at all. For the audited records that carry state, every change through
the services writes the new values in the event's `after`; so the latest value the trail holds
for each field must be the value in the row now. `find_drift()` reads, per model, the events in
order once and the rows once, and names every row and field that differ.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps

from zona.audit.models import Event
from zona.audit.services import _plain

# object type → (the actions that write the row's new values in `after`, or () for every
# action of that type; {key in `after` → field of the row}).
TRACKED: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "assessments.assessment": ((), {"status": "status"}),
    "assessments.answer": (("lke.answer_saved",), {"value": "value", "note": "note"}),
    "assessments.itemreview": (
        ("lke.item_reviewed", "lke.item_reopened"),
        {"state": "state", "note": "note"},
    ),
    "surveys.response": (
        ("survey_response.accepted", "survey_response.rejected"),
        {"status": "status", "reason": "review_reason"},
    ),
    "proposals.grant": (
        ("predicate.granted", "predicate.entered"),
        {
            "predicate": "predicate",
            "year": "year",
            "decree": "decree_number",
            "granted_on": "granted_on",
        },
    ),
    "proposals.tpnoutcome": (
        ("tpn.step_recorded",),
        {"step": "step", "finding": "finding", "on": "on"},
    ),
    "proposals.proposal": (("proposal.made",), {"level": "level", "target": "target"}),
}


ROW_GONE = "*"  # the field of a Drift whose row was deleted


@dataclass(frozen=True)
class Drift:
    table: str
    pk: str
    field: str
    trail: Any
    now: Any


def find_drift(chunk: int = 2000) -> list[Drift]:
    found: list[Drift] = []
    for object_type, (actions, fields) in TRACKED.items():
        found.extend(_drift_of(object_type, actions, fields, chunk))
    return found


def _drift_of(
    object_type: str, actions: tuple[str, ...], fields: dict[str, str], chunk: int
) -> Iterator[Drift]:
    model = apps.get_model(object_type)
    last: dict[str, dict[str, Any]] = {}
    events = Event.objects.filter(object_type=object_type)
    if actions:
        events = events.filter(action__in=actions)
    rows_of_events = (
        events.order_by("seq").values_list("object_id", "after").iterator(chunk_size=chunk)
    )
    for object_id, after in rows_of_events:
        if isinstance(after, dict):
            last.setdefault(object_id, {}).update(
                {key: after[key] for key in fields if key in after}
            )
    if not last:
        return
    rows: dict[str, dict[str, Any]] = {}
    pks = list(last)
    for start in range(0, len(pks), chunk):
        for row in model._default_manager.filter(pk__in=pks[start : start + chunk]).values(
            "pk", *fields.values()
        ):
            rows[str(row.pop("pk"))] = row
    table = model._meta.db_table
    for object_id, values in last.items():
        row = rows.get(object_id)
        if row is None:
            yield Drift(table, object_id, ROW_GONE, values, None)
            continue
        for key, trail in values.items():
            now = _plain(row[fields[key]])
            if now != trail:
                yield Drift(table, object_id, fields[key], trail, now)
